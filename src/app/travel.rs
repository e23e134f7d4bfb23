//! Time travel (key `h`): the dashboard as it was at an earlier moment, drawn under a
//! HISTORY banner, while the live picture goes on arriving underneath (and is counted).
//! `[` `]` step to the previous and next version, `{` `}` move an hour back and forward,
//! Esc returns to live. The list keys work on the past screen; nothing that acts on the
//! live feed (acknowledge, reload, pause) does.
//!
//! Loading is the runtime's: update asks with [`Command::History`] and gets the loaded
//! picture back as [`Message::History`]. The past screen is a model of its own, made by
//! the same `update` from the versions of that moment.

use std::sync::Arc;

use chrono::{DateTime, TimeDelta, Utc};
use crossterm::event::{KeyCode, KeyEvent};

use crate::app::message::Command;
use crate::app::model::{Model, Overlay};
use crate::history::past::Past;
use crate::history::timeline::Timeline;

/// The state of time travel.
#[derive(Debug, Clone)]
pub struct TimeTravel {
    /// The moment shown, or asked for.
    pub at: DateTime<Utc>,
    /// Every version and what the journal recorded between them, once loaded.
    pub timeline: Option<Arc<Timeline>>,
    /// The past screen, once loaded.
    pub past: Option<Box<Model>>,
    /// The version shown: its number, of how many.
    pub number: usize,
    pub count: usize,
    /// An answer is awaited.
    pub loading: bool,
    /// The latest request; an older answer is dropped.
    pub request: u64,
    /// Live pictures that arrived since time travel began.
    pub newer: usize,
    /// Why the moment asked for cannot be shown.
    pub problem: Option<String>,
}

/// What the runtime is asked to load.
#[derive(Debug, Clone, PartialEq)]
pub enum HistoryJob {
    /// Read the whole timeline, then the picture at `at`.
    Open { at: DateTime<Utc>, request: u64 },
    /// The picture at `at`, by the timeline already read.
    Load { at: DateTime<Utc>, request: u64, timeline: Arc<Timeline> },
}

/// What the runtime loaded.
#[derive(Debug, Clone)]
pub struct HistoryNews {
    pub request: u64,
    /// The timeline, when it was read for this request.
    pub timeline: Option<Arc<Timeline>>,
    pub past: Result<Box<Past>, String>,
}

/// One step of the keys.
const HOUR: TimeDelta = TimeDelta::hours(1);

/// `h`: time travel begins at the clock's moment (the version in force now).
pub fn enter(model: &mut Model) -> Vec<Command> {
    let at = model.now;
    model.travel = Some(Box::new(TimeTravel {
        at,
        timeline: None,
        past: None,
        number: 0,
        count: 0,
        loading: true,
        request: 1,
        newer: 0,
        problem: None,
    }));
    vec![Command::History(HistoryJob::Open { at, request: 1 })]
}

/// The size of the past screen: the screen less the banner's row.
#[must_use]
pub fn past_size((width, height): (u16, u16)) -> (u16, u16) {
    (width, height.saturating_sub(1))
}

/// A key while travelling.
pub fn on_key(model: &mut Model, key: KeyEvent) -> Vec<Command> {
    let size = past_size(model.size);
    let live_now = model.now;
    let Some(travel) = model.travel.as_deref_mut() else { return Vec::new() };
    let past_busy = travel
        .past
        .as_deref()
        .is_some_and(|p| p.overlay != Overlay::None || p.filter.editing || p.zoomed || !p.filter.text.is_empty());
    // A popup, a filter or a zoom on the past screen takes its keys first.
    if past_busy && let Some(past) = travel.past.as_deref_mut() {
        let _ = crate::app::update(past, crate::app::Message::Key(key));
        return Vec::new();
    }
    let target = match key.code {
        KeyCode::Esc => {
            model.travel = None;
            return Vec::new();
        }
        KeyCode::Char('q') => {
            model.running = false;
            return Vec::new();
        }
        KeyCode::Char('[') => step_version(travel, -1),
        KeyCode::Char(']') => step_version(travel, 1),
        KeyCode::Char('{') => travel.timeline.as_ref().map(|t| clamp(t, travel.at - HOUR, live_now)),
        KeyCode::Char('}') => travel.timeline.as_ref().map(|t| clamp(t, travel.at + HOUR, live_now)),
        // What acts on the live feed has no place here.
        KeyCode::Char('a' | 'r' | 'p' | 'h' | 'n' | 'l') => None,
        _ => {
            if let Some(past) = travel.past.as_deref_mut() {
                past.size = size;
                let _ = crate::app::update(past, crate::app::Message::Key(key));
            }
            None
        }
    };
    let Some(at) = target.filter(|at| *at != travel.at) else { return Vec::new() };
    let Some(timeline) = travel.timeline.clone() else { return Vec::new() };
    travel.at = at;
    travel.request += 1;
    travel.loading = true;
    vec![Command::History(HistoryJob::Load { at, request: travel.request, timeline })]
}

/// The moment of the version `delta` from the one shown (none past either end).
fn step_version(travel: &TimeTravel, delta: isize) -> Option<DateTime<Utc>> {
    let timeline = travel.timeline.as_ref()?;
    let versions = timeline.versions();
    let shown = timeline.state_at(travel.at).map_or(0, |s| s.number);
    let target = shown.checked_add_signed(delta).filter(|n| (1..=versions.len()).contains(n))?;
    Some(timeline.marks[versions[target - 1]].time)
}

/// `at` kept between the first version and the live clock.
fn clamp(timeline: &Timeline, at: DateTime<Utc>, live_now: DateTime<Utc>) -> DateTime<Utc> {
    let first = timeline.versions().first().map(|&i| timeline.marks[i].time);
    let at = at.min(live_now);
    first.map_or(at, |first| at.max(first))
}

/// The runtime's answer.
pub fn on_loaded(model: &mut Model, news: HistoryNews) {
    let mut settings = model.settings.clone();
    // The past screen takes keys, whatever this one is.
    settings.wallboard_mode = false;
    let size = past_size(model.size);
    let Some(travel) = model.travel.as_deref_mut() else { return };
    if news.request != travel.request {
        return;
    }
    travel.loading = false;
    if let Some(timeline) = news.timeline {
        travel.count = timeline.version_count();
        travel.timeline = Some(timeline);
    }
    match news.past {
        Ok(past) => {
            travel.number = past.number;
            travel.at = past.at;
            travel.past = Some(Box::new(crate::history::past::model(&settings, &past, size)));
            travel.problem = None;
        }
        Err(why) => travel.problem = Some(why),
    }
}

/// The screen changed size: so does the past one.
pub fn on_resize(model: &mut Model) {
    let size = past_size(model.size);
    if let Some(past) = model.travel.as_deref_mut().and_then(|t| t.past.as_deref_mut()) {
        let _ = crate::app::update(past, crate::app::Message::Resize { width: size.0, height: size.1 });
    }
}

/// A live picture arrived while travelling.
pub fn count_newer(model: &mut Model) {
    if let Some(travel) = model.travel.as_deref_mut() {
        travel.newer += 1;
    }
}
