//! What changed between two pictures, or as the clock passed a level's `since` or
//! `until`: new or changed items, and the national level in force.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};

use crate::app::model::{Changes, LevelChange, LevelStep};
use crate::feed::in_force::Standing;
use crate::feed::{Feed, Level, Severity};

/// What a new picture brings, besides itself.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Arrival {
    /// The level in force went up.
    pub level_raised: bool,
    /// Ids of critical incidents that were not there, or not critical, before.
    pub new_critical: Vec<String>,
}

/// Adds to `changes` what differs from `old` in `new`, which arrived at `at` (marks stay
/// until acknowledged).
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
                if i.severity == Severity::Critical && !was_critical {
                    arrival.new_critical.push(i.id.to_string());
                }
            }
        }
    }
    let from = old.threat.level_in_force(at);
    let to = new.threat.level_in_force(at);
    if !same_level(from, to) {
        // The change happened when the level says it took effect, else when it arrived.
        let national = new.threat.national_at(at);
        let when = match (national.standing, new.threat.since) {
            (Standing::InForce, Some(since)) if to.is_some() => since.utc(),
            _ => at,
        };
        arrival.level_raised = rank(to) > rank(from);
        push_step(changes, from, to, when);
    }
    arrival
}

/// Records a change of the level in force that the clock alone brought about, between
/// `before` and `after` (a level coming into force, or lapsing). Returns whether the
/// level went up.
pub fn record_by_time(changes: &mut Changes, feed: &Feed, before: DateTime<Utc>, after: DateTime<Utc>) -> bool {
    let from = feed.threat.level_in_force(before);
    let to = feed.threat.level_in_force(after);
    if same_level(from, to) {
        return false;
    }
    // The boundary that was passed: the earliest `since` or `until` in (before, after].
    let when = feed.threat.changes_after(before).filter(|t| *t <= after).min().unwrap_or(after);
    push_step(changes, from, to, when);
    rank(to) > rank(from)
}

fn push_step(changes: &mut Changes, from: Option<&Level>, to: Option<&Level>, at: DateTime<Utc>) {
    // Keep the whole chain the operator has not acknowledged yet, from the level they
    // last saw; a chain that ends where it began is still news (a raise and its end).
    let change = changes.level.get_or_insert_with(|| LevelChange { from: from.cloned(), steps: Vec::new() });
    change.steps.push(LevelStep { level: to.cloned(), at });
}

fn same_level(a: Option<&Level>, b: Option<&Level>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => a.rank == b.rank && a.name == b.name,
        (None, None) => true,
        _ => false,
    }
}

fn rank(level: Option<&Level>) -> u8 {
    level.map_or(0, |l| l.rank)
}
