//! The sources of the picture as the model sees them: each one's name, health and
//! staleness, and the updates the merger sends (new statuses, perhaps a new picture,
//! made off the UI thread).

use std::sync::Arc;

use chrono::{DateTime, Utc};

use crate::app::changes::Delta;
use crate::app::filter::ListFilter;
use crate::app::lists::Lists;
use crate::app::model::FeedHealth;
use crate::app::picture::Picture;
use crate::feed::{FeedDuration, Problem, Timestamp};
use crate::source::watch::SourceMode;

/// What a source contributes to the picture.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Provides {
    pub threat: bool,
    pub measures: bool,
    pub incidents: bool,
}

impl Default for Provides {
    fn default() -> Self {
        Self { threat: true, measures: true, incidents: true }
    }
}

/// A source's name must read as a short tag: letters, digits, `-`, `_`, `.`; at most 24.
///
/// # Errors
/// A message saying what is wrong with `name`.
pub fn check_source_name(name: &str) -> Result<(), String> {
    let fine = !name.is_empty()
        && name.chars().count() <= 24
        && name.chars().all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if fine {
        Ok(())
    } else {
        Err(format!(
            "source name `{}` must be 1 to 24 letters, digits, `-`, `_` or `.` (it is shown as a tag)",
            crate::feed::text::clean(name, crate::feed::text::Lines::Single)
        ))
    }
}

/// How one source stands.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceStatus {
    /// Its short name (a tag in the lists when there are several sources).
    pub name: String,
    /// Where it is, as shown (a path or a `nats://` address), cleaned.
    pub location: String,
    pub health: FeedHealth,
    pub mode: SourceMode,
    /// Its last good version's `generated`.
    pub generated: Option<Timestamp>,
    /// When that version first arrived.
    pub received: Option<DateTime<Utc>>,
    /// Its last good version's own staleness limit.
    pub stale_after: Option<FeedDuration>,
    /// The source's configured limit, over the config's (`[[sources]]` `stale_after`).
    pub configured_stale_after: Option<FeedDuration>,
    /// Its last good version's warnings (positions in its own file).
    pub warnings: Vec<Problem>,
    pub provides: Provides,
}

impl SourceStatus {
    #[must_use]
    pub fn new(
        name: String,
        location: String,
        provides: Provides,
        configured_stale_after: Option<FeedDuration>,
    ) -> Self {
        Self {
            name,
            location,
            health: FeedHealth::Waiting,
            mode: SourceMode::Builtin,
            generated: None,
            received: None,
            stale_after: None,
            configured_stale_after,
            warnings: Vec::new(),
            provides,
        }
    }

    /// A good read of a version that first arrived at `received`.
    pub fn took_good(&mut self, feed: &crate::feed::Feed, warnings: &[Problem], received: DateTime<Utc>) {
        self.health = FeedHealth::Good;
        self.generated = Some(feed.generated);
        self.stale_after = feed.stale_after;
        self.received = Some(received);
        self.warnings = warnings.to_vec();
    }

    /// A refused read at `at`; an episode already under way keeps its start.
    pub fn took_rejected(&mut self, problems: Vec<Problem>, at: DateTime<Utc>) {
        let since = match &self.health {
            FeedHealth::Rejected { since, .. } => *since,
            _ => at,
        };
        self.health = FeedHealth::Rejected { since, problems };
    }

    /// A read at `at` that found no feed; an episode already under way keeps its start.
    pub fn took_missing(&mut self, reason: String, at: DateTime<Utc>) {
        let since = match &self.health {
            FeedHealth::Missing { since, .. } => *since,
            _ => at,
        };
        self.health = FeedHealth::Missing { since, reason };
    }

    /// The staleness limit in force: the feed's own, else the source's, else `default`.
    #[must_use]
    pub fn limit(&self, default: FeedDuration) -> FeedDuration {
        self.stale_after.or(self.configured_stale_after).unwrap_or(default)
    }

    /// The moment its age counts from: its `generated`, unless that lies after the
    /// moment it first arrived (a producer's clock running ahead).
    #[must_use]
    pub fn age_base(&self) -> Option<DateTime<Utc>> {
        let generated = self.generated?.utc();
        Some(self.received.map_or(generated, |r| generated.min(r)))
    }

    /// How old its last good version is, when older than its limit (whole seconds).
    #[must_use]
    pub fn staleness(&self, now: DateTime<Utc>, default: FeedDuration) -> Option<chrono::TimeDelta> {
        let age = now - self.age_base()?;
        (age.num_seconds() > self.limit(default).to_chrono().num_seconds()).then_some(age)
    }

    /// When it turns stale, if it is not yet.
    #[must_use]
    pub fn stale_at(&self, default: FeedDuration) -> Option<DateTime<Utc>> {
        Some(self.age_base()? + self.limit(default).to_chrono() + chrono::TimeDelta::seconds(1))
    }
}

/// What the merger sends the loop: every source's status, and a new picture when a good
/// read made one.
#[derive(Debug, Clone)]
pub struct SourcesUpdate {
    pub statuses: Vec<SourceStatus>,
    /// Each read in this update, by source, for the journal (the bytes, not the feed).
    pub reads: Vec<(usize, Read)>,
    pub picture: Option<Box<NewPicture>>,
    /// When the read it comes from happened (`None`: it comes from a change of how a
    /// source is followed, not from a read).
    pub read: Option<DateTime<Utc>>,
}

/// One read of a source, as the journal records it.
#[derive(Debug, Clone)]
pub enum Read {
    Loaded {
        raw: crate::source::RawFeed,
        at: DateTime<Utc>,
        /// The version as decoded from `raw`, shared with the picture (the merger's copy;
        /// `None` where it has none to share, or only a stripped one on a public screen):
        /// the journal then need not decode a large feed a second time.
        feed: Option<Arc<crate::feed::Feed>>,
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

impl Read {
    /// The journal's view of a feed event (its bytes, not its feed).
    #[must_use]
    pub fn of(event: &crate::app::FeedEvent) -> Self {
        match event {
            crate::app::FeedEvent::Loaded { raw, at, .. } => Self::Loaded { raw: raw.clone(), at: *at, feed: None },
            crate::app::FeedEvent::Rejected { problems, at } => Self::Rejected { problems: problems.clone(), at: *at },
            crate::app::FeedEvent::Missing { reason, at } => Self::Missing { reason: reason.clone(), at: *at },
        }
    }
}

/// A picture made off the UI thread, with what the UI would otherwise compute: what
/// changed against the previous picture, and the lists for a screen without a filter.
#[derive(Debug, Clone)]
pub struct NewPicture {
    pub picture: Picture,
    /// `lists` were made for this filter; a screen with another one makes its own.
    pub filter: ListFilter,
    pub lists: Lists,
    /// What changed (`None` for the first picture).
    pub delta: Option<Delta>,
    /// When it arrived.
    pub at: DateTime<Utc>,
    /// The read that made it found the same version as before.
    pub unchanged: bool,
    /// The bytes it was read from, where it is one source's feed as written (for the
    /// journal: an acknowledgement names the version by their hash).
    pub raw: Option<crate::source::RawFeed>,
}
