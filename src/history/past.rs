//! The dashboard's picture at a past moment: the version in force then (and the one
//! before it, so the screen marks what that version changed), the feed's health as the
//! journal recorded it, and the clock at that moment. The bytes are read and decoded
//! here, at the edge ([`load`]); the model is made by the dashboard's own `update`
//! ([`model`]), so the screen is the one the dashboard drew.

use std::path::PathBuf;

use chrono::{DateTime, Utc};

use crate::app::model::{FeedOrigin, Model, Settings};
use crate::app::{FeedEvent, Message, update};
use crate::feed::{DEMO_FEED_NAME, DecodeOptions, Position, Problem, decode};
use std::sync::Arc;

use crate::app::travel::{HistoryJob, HistoryNews};
use crate::feed::text::{Lines, clean};
use crate::history::HistoryPlan;
use crate::history::store::Store;
use crate::history::timeline::{Mark, MarkEvent, StateAt, Timeline};
use crate::journal::ContentHash;

/// What the dashboard needs to show a past moment.
#[derive(Debug, Clone)]
pub struct Past {
    /// The moment shown.
    pub at: DateTime<Utc>,
    pub origin: FeedOrigin,
    /// In order: the version before (if kept), the version in force, then what the
    /// journal recorded about the feed until `at`.
    pub events: Vec<FeedEvent>,
    /// The version in force: its hash and when it took effect.
    pub hash: ContentHash,
    pub took_effect: DateTime<Utc>,
    /// Its number among the versions the timeline knows (1 = the first).
    pub number: usize,
}

/// Why a moment cannot be shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PastError {
    /// No version had taken effect yet.
    NoneYet,
    /// The journal names a version the store does not have (kept elsewhere, or pruned).
    NotKept(ContentHash),
    /// The version cannot be read or decoded: why.
    Unreadable(String),
}

impl std::fmt::Display for PastError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::NoneYet => f.write_str("no version had taken effect yet"),
            Self::NotKept(hash) => write!(f, "version {} is not in the history store", hash.short()),
            Self::Unreadable(why) => f.write_str(why),
        }
    }
}

/// Reads and decodes what `state` needs. `decode` gives the scales and limits (its
/// clock is set to each event's moment).
///
/// # Errors
/// The version in force is not kept or cannot be decoded.
pub fn load(state: &StateAt<'_>, store: &Store, decode: &DecodeOptions) -> Result<Past, PastError> {
    let MarkEvent::Accepted { hash, feed, .. } = &state.current.event else { return Err(PastError::NoneYet) };
    let loaded = |mark: &Mark| -> Result<FeedEvent, PastError> {
        let hash = mark.hash().ok_or(PastError::NoneYet)?;
        let version = store.load(hash).map_err(|e| PastError::Unreadable(e.to_string()))?;
        let version = version.ok_or_else(|| PastError::NotKept(hash.clone()))?;
        let options = DecodeOptions { now: mark.time, ..decode.clone() };
        let accepted = decode_version(&version.bytes, version.format, &options)
            .map_err(|why| PastError::Unreadable(format!("version {} no longer reads: {why}", hash.short())))?;
        let raw = crate::source::RawFeed { bytes: version.bytes.into(), format: version.format, read_at: mark.time };
        Ok(FeedEvent::Loaded { feed: Box::new(accepted.feed), warnings: accepted.warnings, at: mark.time, raw })
    };
    let mut events = Vec::new();
    // The version before only gives the marks of what changed: without it, no marks.
    if let Some(previous) = state.previous
        && let Ok(event) = loaded(previous)
    {
        events.push(event);
    }
    let current = loaded(state.current)?;
    events.push(current.clone());
    for mark in &state.since {
        match &mark.event {
            MarkEvent::Rejected { error, line, column, errors, feed } => {
                events.push(FeedEvent::Rejected {
                    problems: problems(feed, error, *line, *column, *errors),
                    at: mark.time,
                });
            }
            MarkEvent::Missing { reason, .. } => {
                events.push(FeedEvent::Missing { reason: reason.clone(), at: mark.time });
            }
            // Read again and good: the same version, its arrival kept.
            MarkEvent::Fresh => {
                if let FeedEvent::Loaded { feed, warnings, raw, .. } = &current {
                    let (feed, warnings, raw) = (feed.clone(), warnings.clone(), raw.clone());
                    events.push(FeedEvent::Loaded { feed, warnings, at: mark.time, raw });
                }
            }
            // The dashboard tells staleness from the clock, as it did then.
            MarkEvent::Stale | MarkEvent::Accepted { .. } => {}
        }
    }
    Ok(Past {
        at: state.at,
        origin: origin_of(feed),
        events,
        hash: hash.clone(),
        took_effect: state.current.time,
        number: state.number,
    })
}

fn decode_version(
    bytes: &[u8],
    format: crate::feed::Format,
    options: &DecodeOptions,
) -> Result<crate::feed::Accepted, String> {
    decode(bytes, format, options).map_err(|rejected| {
        rejected.problems.iter().find(|p| p.is_error()).map_or_else(|| "rejected".to_owned(), |p| p.message.clone())
    })
}

/// The feed as the journal names it.
fn origin_of(feed: &str) -> FeedOrigin {
    if feed == DEMO_FEED_NAME { FeedOrigin::Demo } else { FeedOrigin::File(PathBuf::from(feed)) }
}

/// The problems of a rejected episode as far as the journal keeps them: the first error
/// with its position, and as many others as there were, unnamed.
fn problems(feed: &str, error: &str, line: Option<usize>, column: Option<usize>, errors: usize) -> Vec<Problem> {
    // `FILE:LINE:COLUMN: error: message`: the message is what follows the severity.
    let message = error.split_once(": error: ").map_or(error, |(_, message)| message);
    let message = message.strip_prefix(feed).unwrap_or(message);
    let position = line.zip(column).map(|(line, column)| Position { line, column });
    let mut problems = vec![Problem::error(message).at(position)];
    let others = errors.saturating_sub(1).min(100);
    problems.extend((0..others).map(|_| Problem::error("another error (the journal keeps only the first)")));
    problems
}

/// The dashboard's model at `past.at`, made with its own `update`: the clock pinned at
/// that moment, the events in order.
#[must_use]
pub fn model(settings: &Settings, past: &Past, size: (u16, u16)) -> Model {
    // Not pinned: the header shows the clock as the live screen did (nothing ticks it).
    let mut model = Model::new(settings.clone(), past.origin.clone(), past.at, false);
    model.size = size;
    if matches!(past.origin, FeedOrigin::File(_)) {
        model.source_mode = crate::source::watch::SourceMode::Watching;
    }
    for event in &past.events {
        let _ = update(&mut model, Message::Feed(event.clone()));
    }
    model
}

/// Carries out a time-travel job, at the runtime's edge: reads the timeline (when
/// asked), then the picture in force at the moment asked for.
#[must_use]
pub fn carry_out(plan: &HistoryPlan, decode: &DecodeOptions, job: HistoryJob) -> HistoryNews {
    let (at, request, timeline, read_now) = match job {
        HistoryJob::Open { at, request } => {
            let read = plan.journal_path().and_then(|path| {
                Timeline::load(path)
                    .map_err(|fault| format!("{}: {fault}", clean(&path.display().to_string(), Lines::Single)))
            });
            match read {
                Ok(timeline) => (at, request, Arc::new(timeline), true),
                Err(why) => return HistoryNews { request, timeline: None, past: Err(why) },
            }
        }
        HistoryJob::Load { at, request, timeline } => (at, request, timeline, false),
    };
    let past = plan.store(false).and_then(|store| {
        let state = timeline.state_at(at).ok_or_else(|| PastError::NoneYet.to_string())?;
        load(&state, &store, decode).map(Box::new).map_err(|e| e.to_string())
    });
    HistoryNews { request, timeline: read_now.then_some(timeline), past }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rejected_episode_gives_its_first_error_in_place() {
        let problems = problems("f.toml", "f.toml:5:1: error: unknown field `lvel`", Some(5), Some(1), 3);
        assert_eq!(problems.len(), 3);
        assert_eq!(problems[0].message, "unknown field `lvel`");
        assert_eq!(problems[0].position, Some(Position { line: 5, column: 1 }));
        assert_eq!(problems[0].display_in("f.toml").to_string(), "f.toml:5:1: error: unknown field `lvel`");
    }
}
