//! Everything that can happen to the dashboard, as one message type, and what the loop
//! is asked to do in return.

use chrono::{DateTime, Utc};
use crossterm::event::KeyEvent;

use crate::feed::{Feed, Problem};

/// One thing that happened.
#[derive(Debug, Clone)]
pub enum Message {
    Key(KeyEvent),
    Resize {
        width: u16,
        height: u16,
    },
    /// The clock moved on (sent when the clock's text changes, not at a fixed rate).
    Tick(DateTime<Utc>),
    /// A one-source dashboard's feed was read (tests and one-shot snapshots; the
    /// running dashboard's reads reach it merged, as `Sources`).
    Feed(FeedEvent),
    /// The merger's news: every source's status, and a new picture made off the UI
    /// thread.
    Sources(crate::app::sources::SourcesUpdate),
    /// How the feed source learns of changes (watching, or polling and why).
    Source(crate::source::watch::SourceMode),
    /// The terminal is gone (its input ended or failed): stop.
    Hangup,
    /// A wallboard's lists turn to their next page.
    PageTurn,
    /// A wallboard turns to the next view of its rotation.
    ViewTurn,
    /// A past picture loaded for time travel (key h).
    History(crate::app::travel::HistoryNews),
    /// What the journal task did or found.
    Journal(crate::journal::task::JournalEvent),
}

/// What the feed source found.
#[derive(Debug, Clone)]
pub enum FeedEvent {
    /// A valid picture, and the bytes it was read from (for the journal).
    Loaded {
        feed: Box<Feed>,
        warnings: Vec<Problem>,
        at: DateTime<Utc>,
        raw: crate::source::RawFeed,
    },
    Rejected {
        problems: Vec<Problem>,
        at: DateTime<Utc>,
    },
    Missing {
        reason: String,
        at: DateTime<Utc>,
    },
}

/// A side effect the update asks the loop to carry out.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// Read the feed again now.
    Reload,
    /// Ring the terminal bell.
    Bell,
    /// Draw the whole screen anew (Ctrl-L): whatever garbled it is painted over.
    Redraw,
    /// Load a past picture for time travel.
    History(crate::app::travel::HistoryJob),
    /// Write to or read from the journal (its task does it, in order).
    Journal(crate::journal::task::Job),
}
