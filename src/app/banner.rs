//! Which banners the model calls for, in the order they stand on screen. The layout
//! counts them; `ui::banners` draws them.

use crate::app::model::{FeedHealth, Model};
use crate::source::watch::SourceMode;

/// A banner, in the order they stand on screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Banner {
    Exercise,
    /// Two sources give different threat levels.
    Conflict,
    LevelChange,
    /// A critical incident arrived (or was raised to critical) and nobody acknowledged.
    NewCritical,
    Paused,
    /// The feed was rejected or is missing.
    Health,
    /// The source is not reached yet, or out of reach (a NATS server or its hub).
    Source,
    /// The feed's `generated` lies ahead of this machine's clock.
    ClockSkew,
    Stale,
    /// The journal is kept but cannot be written.
    JournalOff,
}

/// The banners the model calls for; the layout counts them, `render` draws them.
#[must_use]
pub fn active(model: &Model) -> Vec<Banner> {
    [
        (model.picture.as_ref().is_some_and(|p| p.feed.exercise), Banner::Exercise),
        (!model.level_conflicts().is_empty(), Banner::Conflict),
        (model.changes.level.is_some(), Banner::LevelChange),
        (!model.changes.new_critical.is_empty(), Banner::NewCritical),
        (model.paused, Banner::Paused),
        (matches!(model.health, FeedHealth::Rejected { .. } | FeedHealth::Missing { .. }), Banner::Health),
        (matches!(model.source_mode, SourceMode::Connecting { .. } | SourceMode::Unreachable { .. }), Banner::Source),
        (model.clock_skew().is_some(), Banner::ClockSkew),
        (model.staleness().is_some(), Banner::Stale),
        (model.journal.off_reason().is_some(), Banner::JournalOff),
    ]
    .into_iter()
    .filter_map(|(on, banner)| on.then_some(banner))
    .collect()
}
