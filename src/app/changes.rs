//! What changed between two pictures, or as the clock passed a level's `since` or
//! `until`: new or changed items, and the national level in force.
//!
//! Comparing two large feeds is work for the reader task ([`Fingerprints`], [`Delta`]);
//! the model only takes in the result ([`apply`]).

use std::collections::HashMap;
use std::hash::{Hash, Hasher};

use chrono::{DateTime, Utc};

use crate::app::model::{Changes, LevelChange, LevelStep};
use crate::app::picture::Picture;
use crate::feed::in_force::Standing;
use crate::feed::{Feed, Incident, Level, Measure, Severity, Text};

/// What a new picture brings, besides itself.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Arrival {
    /// The level in force went up.
    pub level_raised: bool,
    /// Ids of critical incidents that were not there, or not critical, before.
    pub new_critical: Vec<String>,
}

/// Which items are new or changed in a picture, against the one before.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Delta {
    pub measures: Vec<String>,
    pub incidents: Vec<String>,
    /// Incidents that are critical now and were not (or were not there).
    pub new_critical: Vec<String>,
}

/// A small summary of a picture's items (an id and a hash of each), enough to tell what
/// changed without keeping the whole previous feed.
#[derive(Debug, Clone, Default)]
pub struct Fingerprints {
    measures: HashMap<Text, u64>,
    incidents: HashMap<Text, (u64, Severity)>,
}

impl Fingerprints {
    #[must_use]
    pub fn of(feed: &Feed) -> Self {
        Self {
            measures: feed.measures.iter().map(|m| (m.id.clone(), measure_hash(m))).collect(),
            incidents: feed.incidents.iter().map(|i| (i.id.clone(), (incident_hash(i), i.severity))).collect(),
        }
    }

    /// What is new or changed in `new`.
    #[must_use]
    pub fn delta(&self, new: &Feed) -> Delta {
        let mut delta = Delta::default();
        for m in &new.measures {
            if self.measures.get(&m.id) != Some(&measure_hash(m)) {
                delta.measures.push(m.id.to_string());
            }
        }
        for i in &new.incidents {
            let before = self.incidents.get(&i.id);
            if before.map(|(hash, _)| *hash) != Some(incident_hash(i)) {
                delta.incidents.push(i.id.to_string());
                let was_critical = before.is_some_and(|(_, s)| *s == Severity::Critical);
                if i.severity == Severity::Critical && !was_critical {
                    delta.new_critical.push(i.id.to_string());
                }
            }
        }
        delta
    }
}

/// What changed from `old` to `new` (for callers that hold both).
#[must_use]
pub fn diff(old: &Feed, new: &Feed) -> Delta {
    Fingerprints::of(old).delta(new)
}

/// Every field of a measure, hashed (destructured, so a new field cannot be forgotten).
fn measure_hash(m: &Measure) -> u64 {
    let Measure {
        id,
        location,
        category,
        description,
        agency,
        status,
        visibility,
        since,
        review,
        region,
        lat,
        lon,
        notes,
    } = m;
    let mut h = std::collections::hash_map::DefaultHasher::new();
    (id, location, category, description, agency, status, visibility, since, review, region, notes).hash(&mut h);
    (lat.map(f64::to_bits), lon.map(f64::to_bits)).hash(&mut h);
    h.finish()
}

/// Every field of an incident, hashed.
fn incident_hash(i: &Incident) -> u64 {
    let Incident { id, time, title, severity, location, tags, casualties, claimed_by, source, details, lat, lon } = i;
    let mut h = std::collections::hash_map::DefaultHasher::new();
    (id, time, title, severity, location, tags, claimed_by, source, details).hash(&mut h);
    casualties.map(|c| (c.dead, c.injured)).hash(&mut h);
    (lat.map(f64::to_bits), lon.map(f64::to_bits)).hash(&mut h);
    h.finish()
}

/// Takes a new picture's changes into `changes` (marks stay until acknowledged): prunes
/// marks of items no longer in it, marks what `delta` names, and records a change of the
/// level in force (`old` is the previous picture's feed). Cheap: no scan of the feed.
pub fn apply(changes: &mut Changes, delta: &Delta, old: &Feed, new: &Picture, at: DateTime<Utc>) -> Arrival {
    // Marks of items no longer in the feed go: on a wallboard nobody acknowledges,
    // the marks must not grow for weeks.
    changes.measures.retain(|id, _| new.measure_index(id).is_some());
    changes.incidents.retain(|id, _| new.incident_index(id).is_some());
    for id in &delta.measures {
        changes.measures.insert(id.clone(), at);
    }
    for id in &delta.incidents {
        changes.incidents.insert(id.clone(), at);
    }
    for id in &delta.new_critical {
        if !changes.new_critical.contains(id) {
            changes.new_critical.push(id.clone());
        }
    }
    changes.new_critical.retain(|id| new.incident_index(id).is_some());
    let mut arrival = Arrival { level_raised: false, new_critical: delta.new_critical.clone() };
    let from = old.threat.level_in_force(at);
    let to = new.feed.threat.level_in_force(at);
    if !same_level(from, to) {
        // The change happened when the level says it took effect, else when it arrived.
        let national = new.feed.threat.national_at(at);
        let when = match (national.standing, new.feed.threat.since) {
            (Standing::InForce, Some(since)) if to.is_some() => since.utc(),
            _ => at,
        };
        arrival.level_raised = rank(to) > rank(from);
        push_step(changes, from, to, when, at);
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
    push_step(changes, from, to, when, after);
    rank(to) > rank(from)
}

fn push_step(changes: &mut Changes, from: Option<&Level>, to: Option<&Level>, at: DateTime<Utc>, seen: DateTime<Utc>) {
    // Keep the whole chain the operator has not acknowledged yet, from the level they
    // last saw; a chain that ends where it began is still news (a raise and its end).
    let change = changes.level.get_or_insert_with(|| LevelChange { from: from.cloned(), steps: Vec::new() });
    change.steps.push(LevelStep { level: to.cloned(), at, seen });
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
