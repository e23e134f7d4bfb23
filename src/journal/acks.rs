//! Acknowledgements read back at start-up: what changed after the last acknowledgement
//! (the operator's own, or anyone's), so that marks cleared before a restart stay cleared.

use std::collections::BTreeSet;
use std::ops::ControlFlow;
use std::path::Path;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::feed::Severity;
use crate::feed::diff::{ItemChange, LevelChange};
use crate::journal::entry::{AcceptedVersion, Event};
use crate::journal::file::Fault;
use crate::journal::reverse::{Skipped, entries_back};

/// How far back start-up looks for changes when the operator has no acknowledgement
/// that recent: marks older than a week are not worth a restart's screen.
pub const ACK_LOOKBACK: chrono::TimeDelta = chrono::TimeDelta::days(7);

/// Whose acknowledgements clear the marks (config `ack_scope`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AckScope {
    /// Each officer's own.
    #[default]
    Operator,
    /// Anyone's clears them for everyone.
    Shared,
}

/// The last acknowledgement that counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LastAck {
    pub time: DateTime<Utc>,
    pub operator: String,
}

/// What changed after the last acknowledgement that counts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Unacknowledged {
    /// `None`: none since the horizon (then everything since the horizon counts).
    pub last_ack: Option<LastAck>,
    /// The level the operator last acknowledged → the latest, if they differ.
    pub level: Option<LevelChange>,
    /// When the level last changed, for the banner.
    pub level_changed_at: Option<DateTime<Utc>>,
    /// Ids of measures added or changed since (and still in the feed as far as the
    /// journal knows).
    pub measures: BTreeSet<String>,
    pub incidents: BTreeSet<String>,
    /// Ids of incidents that came in critical, or were raised to critical, since (oldest
    /// first): the NEW CRITICAL banner's.
    pub new_critical: Vec<String>,
    /// How many versions were accepted since.
    pub versions: usize,
    /// Lines of the journal that could not be read.
    #[serde(skip)]
    pub skipped: Vec<Skipped>,
}

impl Unacknowledged {
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.level.is_none() && self.measures.is_empty() && self.incidents.is_empty()
    }

    /// Adds one accepted version's changes (oldest first).
    fn add(&mut self, time: DateTime<Utc>, version: &AcceptedVersion) {
        self.versions += 1;
        let Some(diff) = &version.diff else { return };
        if let Some(change) = &diff.level {
            // Keep the level the operator last saw as `from`.
            let from = self.level.as_ref().map_or_else(|| change.from.clone(), |level| level.from.clone());
            self.level = (from != change.to).then(|| LevelChange { from, to: change.to.clone() });
            self.level_changed_at = Some(time);
        }
        for measure in &diff.measures {
            if measure.change == ItemChange::Removed {
                self.measures.remove(&measure.id);
            } else {
                self.measures.insert(measure.id.clone());
            }
        }
        for incident in &diff.incidents {
            let critical = incident.severity == Severity::Critical;
            if incident.change == ItemChange::Removed || !critical {
                self.new_critical.retain(|id| *id != incident.id);
            }
            if incident.change == ItemChange::Removed {
                self.incidents.remove(&incident.id);
                continue;
            }
            self.incidents.insert(incident.id.clone());
            let became_critical = critical
                && (incident.change == ItemChange::Added
                    || incident.previous_severity.is_some_and(|before| before != Severity::Critical));
            if became_critical && !self.new_critical.contains(&incident.id) {
                self.new_critical.push(incident.id.clone());
            }
        }
    }
}

/// Reads back from the end of the journal at `path` to the last acknowledgement that
/// counts for `operator` under `scope`, or to `horizon`, and sums up the changes since.
///
/// # Errors
/// When the journal cannot be read.
pub fn unacknowledged(
    path: &Path,
    scope: AckScope,
    operator: &str,
    horizon: DateTime<Utc>,
) -> Result<Unacknowledged, Fault> {
    let mut result = Unacknowledged::default();
    let mut versions = Vec::new();
    entries_back(path, None, &mut result.skipped, |entry| {
        if entry.time < horizon {
            return ControlFlow::Break(());
        }
        match entry.event {
            Event::Ack(_) if scope == AckScope::Shared || entry.operator == operator => {
                result.last_ack = Some(LastAck { time: entry.time, operator: entry.operator });
                ControlFlow::Break(())
            }
            Event::FeedAccepted(version) => {
                versions.push((entry.time, version));
                ControlFlow::Continue(())
            }
            _ => ControlFlow::Continue(()),
        }
    })?;
    for (time, version) in versions.iter().rev() {
        result.add(*time, version);
    }
    Ok(result)
}
