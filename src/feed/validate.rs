//! The rules of `FEED.md` that a decoder cannot check alone: version, scales and levels,
//! unique ids and scopes, time order, coordinate pairs; and the warnings. Every problem
//! of a feed is collected, not just the first.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use crate::feed::locate::ItemPath;
use crate::feed::model::{FORMAT_VERSION, FeedDocument, HistoryDocument, MeasureStatus, ScopedLevelDocument};
use crate::feed::problem::Problem;
use crate::feed::scale::{Level, LevelRef, Scales};
use crate::feed::time::Timestamp;
use crate::feed::valid::{Feed, PastLevel, ScopedLevel, Threat};
use crate::item_path;
use crate::zone::Zone;

/// How far `generated` may lie ahead of our clock before it is called clock skew.
pub const CLOCK_SKEW_TOLERANCE: chrono::TimeDelta = chrono::TimeDelta::minutes(5);

/// A problem and the item it belongs to (the decoder turns the path into a position).
pub type Finding = (ItemPath, Problem);

/// What validation makes of a decoded document.
#[derive(Debug)]
pub enum Verdict {
    Valid { feed: Box<Feed>, warnings: Vec<Finding> },
    Invalid { errors: Vec<Finding>, warnings: Vec<Finding> },
}

/// Checks `doc` against every rule; `now` is the clock the warnings are judged by, and
/// plain dates count from the start of their day in `zone`.
#[must_use]
pub fn validate(mut doc: FeedDocument, scales: &Scales, now: DateTime<Utc>, zone: &Zone) -> Verdict {
    resolve_days(&mut doc, zone);
    let mut errors: Vec<Finding> = Vec::new();
    let mut warnings: Vec<Finding> = Vec::new();
    let mut error = |path: ItemPath, message: String| {
        errors.push((path.clone(), Problem::error(message).on(path.to_string())));
    };

    if doc.version != FORMAT_VERSION {
        let message = if doc.version > FORMAT_VERSION {
            format!("feed format version {} needs a newer sitrep: this one reads version {FORMAT_VERSION}", doc.version)
        } else {
            format!("unsupported feed format version {}: the first version is {FORMAT_VERSION}", doc.version)
        };
        error(item_path!["version"], message);
    }

    let scale = match &doc.threat.scale {
        None => Some(scales.default_scale()),
        Some(name) => {
            let found = scales.get(name);
            if found.is_none() {
                error(
                    item_path!["threat", "scale"],
                    format!("unknown scale `{name}`; known scales: {}", scales.names()),
                );
            }
            found
        }
    };
    // Without a known scale no level can be checked; the unknown scale is the error.
    let mut resolve = |path: ItemPath, level: &LevelRef| -> Option<Level> {
        let scale = scale?;
        let resolved = scale.resolve(level);
        if resolved.is_none() {
            error(path, format!("level {level} is not in scale `{}` ({})", scale.name, scale.describe_levels()));
        }
        resolved
    };

    let level = resolve(item_path!["threat", "level"], &doc.threat.level);
    let scoped: Vec<Option<ScopedLevel>> = doc
        .threat
        .scoped
        .iter()
        .enumerate()
        .map(|(i, s)| resolve(item_path!["threat", "scoped", i, "level"], &s.level).map(|level| scoped_level(s, level)))
        .collect();
    let history: Vec<Option<PastLevel>> = doc
        .threat
        .history
        .iter()
        .enumerate()
        .map(|(i, h)| resolve(item_path!["threat", "history", i, "level"], &h.level).map(|level| past_level(h, level)))
        .collect();

    check_order(&mut error, item_path!["threat", "until"], doc.threat.since, doc.threat.until);
    let mut scopes: HashMap<String, usize> = HashMap::new();
    for (i, s) in doc.threat.scoped.iter().enumerate() {
        let path = item_path!["threat", "scoped", i];
        if let Some(first) = scopes.insert(s.scope.to_lowercase(), i) {
            scopes.insert(s.scope.to_lowercase(), first);
            error(path.key("scope"), format!("duplicate scope `{}`: already given in threat.scoped[{first}]", s.scope));
        }
        check_order(&mut error, path.key("until"), s.since, s.until);
    }

    check_unique_ids(&mut error, "measures", "measure", doc.measures.iter().map(|m| m.id.as_str()));
    for (i, m) in doc.measures.iter().enumerate() {
        let path = item_path!["measures", i];
        check_coordinates(&mut error, &path, m.lat, m.lon);
        // An ended measure's review is moot: never overdue.
        if let Some(review) = m.review.filter(|r| r.0 < now && m.status != MeasureStatus::Ended) {
            warnings.push((
                path.key("review"),
                Problem::warning(format!("review of measure `{}` was due {review}: overdue", m.id))
                    .on(path.key("review").to_string()),
            ));
        }
    }

    check_unique_ids(&mut error, "incidents", "incident", doc.incidents.iter().map(|i| i.id.as_str()));
    for (i, inc) in doc.incidents.iter().enumerate() {
        check_coordinates(&mut error, &item_path!["incidents", i], inc.lat, inc.lon);
    }

    if doc.generated.0 > now + CLOCK_SKEW_TOLERANCE {
        warnings.push((
            item_path!["generated"],
            Problem::warning(format!(
                "{} is more than 5 minutes in the future (clock skew between producer and this machine?)",
                doc.generated
            ))
            .on("generated"),
        ));
    }

    // A history entry newer than the level in force contradicts it (or `since` is
    // missing its update): the officer should know.
    if let Some(since) = doc.threat.since {
        for (i, h) in doc.threat.history.iter().enumerate() {
            if h.since > since {
                let path = item_path!["threat", "history", i, "since"];
                warnings.push((
                    path.clone(),
                    Problem::warning(format!(
                        "history entry {} since {} is later than the current level's since {since}",
                        h.level, h.since
                    ))
                    .on(path.to_string()),
                ));
            }
        }
    }

    match (scale, level, errors.is_empty()) {
        (Some(scale), Some(level), true) => {
            let mut history: Vec<PastLevel> = history.into_iter().flatten().collect();
            history.sort_by_key(|h| std::cmp::Reverse(h.since));
            let feed = Feed {
                version: doc.version,
                generated: doc.generated,
                source: doc.source,
                title: doc.title,
                exercise: doc.exercise,
                stale_after: doc.stale_after,
                threat: Threat {
                    scale: scale.clone(),
                    level,
                    since: doc.threat.since,
                    assessed: doc.threat.assessed,
                    reference: doc.threat.reference,
                    summary: doc.threat.summary,
                    until: doc.threat.until,
                    scoped: scoped.into_iter().flatten().collect(),
                    history,
                },
                measures: doc.measures,
                incidents: doc.incidents,
            };
            Verdict::Valid { feed: Box::new(feed), warnings }
        }
        _ => Verdict::Invalid { errors, warnings },
    }
}

/// Places every plain date of the document at the start of its day in `zone`.
fn resolve_days(doc: &mut FeedDocument, zone: &Zone) {
    let threat = &mut doc.threat;
    let mut times: Vec<&mut Timestamp> = Vec::new();
    times.extend(threat.since.as_mut());
    times.extend(threat.assessed.as_mut());
    times.extend(threat.until.as_mut());
    for s in &mut threat.scoped {
        times.extend(s.since.as_mut());
        times.extend(s.until.as_mut());
    }
    times.extend(threat.history.iter_mut().map(|h| &mut h.since));
    for m in &mut doc.measures {
        times.extend(m.since.as_mut());
        times.extend(m.review.as_mut());
    }
    times.extend(doc.incidents.iter_mut().map(|i| &mut i.time));
    for time in times {
        time.resolve_day(zone);
    }
}

fn scoped_level(doc: &ScopedLevelDocument, level: Level) -> ScopedLevel {
    ScopedLevel { scope: doc.scope.clone(), level, since: doc.since, until: doc.until, summary: doc.summary.clone() }
}

fn past_level(doc: &HistoryDocument, level: Level) -> PastLevel {
    PastLevel { level, since: doc.since }
}

/// Reports every id of `list` that an earlier item already uses.
fn check_unique_ids<'a>(
    error: &mut impl FnMut(ItemPath, String),
    list: &'static str,
    kind: &str,
    ids: impl ExactSizeIterator<Item = &'a str>,
) {
    let mut first_use: HashMap<&str, usize> = HashMap::with_capacity(ids.len());
    for (i, id) in ids.enumerate() {
        match first_use.get(id) {
            Some(&first) => {
                error(item_path![list, i, "id"], format!("duplicate {kind} id `{id}`: already used by {list}[{first}]"))
            }
            None => {
                first_use.insert(id, i);
            }
        }
    }
}

fn check_order(
    error: &mut impl FnMut(ItemPath, String),
    until_path: ItemPath,
    since: Option<Timestamp>,
    until: Option<Timestamp>,
) {
    if let (Some(since), Some(until)) = (since, until)
        && until < since
    {
        error(until_path, format!("until {until} is before since {since}"));
    }
}

fn check_coordinates(error: &mut impl FnMut(ItemPath, String), item: &ItemPath, lat: Option<f64>, lon: Option<f64>) {
    match (lat, lon) {
        (Some(_), None) => error(item.key("lat"), "lat without lon: give both or neither".into()),
        (None, Some(_)) => error(item.key("lon"), "lon without lat: give both or neither".into()),
        _ => {}
    }
}
