//! What changed between two pictures: new or changed items, and the national level.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};

use crate::app::model::{Changes, LevelChange};
use crate::feed::{Feed, Severity};

/// What a new picture brings, besides itself.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Arrival {
    /// The level went up.
    pub level_raised: bool,
    /// A critical incident that was not there before.
    pub new_critical: bool,
}

/// Adds to `changes` what differs from `old` in `new` (marks stay until acknowledged).
pub fn record(changes: &mut Changes, old: &Feed, new: &Feed, at: DateTime<Utc>) -> Arrival {
    let mut arrival = Arrival::default();
    // Marks of items no longer in the feed go: on a wallboard nobody acknowledges,
    // the marks must not grow for weeks.
    if !changes.measures.is_empty() {
        let ids: HashSet<&str> = new.measures.iter().map(|m| m.id.as_str()).collect();
        changes.measures.retain(|id| ids.contains(id.as_str()));
    }
    if !changes.incidents.is_empty() {
        let ids: HashSet<&str> = new.incidents.iter().map(|i| i.id.as_str()).collect();
        changes.incidents.retain(|id| ids.contains(id.as_str()));
    }
    let old_measures: HashMap<&str, _> = old.measures.iter().map(|m| (m.id.as_str(), m)).collect();
    for m in &new.measures {
        if old_measures.get(m.id.as_str()) != Some(&m) {
            changes.measures.insert(m.id.to_string());
        }
    }
    let old_incidents: HashMap<&str, _> = old.incidents.iter().map(|i| (i.id.as_str(), i)).collect();
    for i in &new.incidents {
        match old_incidents.get(i.id.as_str()) {
            Some(previous) if *previous == i => {}
            previous => {
                changes.incidents.insert(i.id.to_string());
                let was_critical = previous.is_some_and(|p| p.severity == Severity::Critical);
                arrival.new_critical |= i.severity == Severity::Critical && !was_critical;
            }
        }
    }
    let (from, to) = (&old.threat.level, &new.threat.level);
    if from.rank != to.rank || from.name != to.name {
        arrival.level_raised = to.rank > from.rank;
        // Keep the level the operator last saw as `from` while unacknowledged.
        let from = changes.level.as_ref().map_or_else(|| from.clone(), |c| c.from.clone());
        changes.level = (from != *to).then(|| LevelChange { from, to: to.clone(), at });
    }
    arrival
}
