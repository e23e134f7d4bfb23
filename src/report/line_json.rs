//! `sitrep line --format json`: the line's `text` and a `class` (`ok`, `warning`,
//! `critical`, as status bars such as waybar read them), and the facts behind them.

use serde::Serialize;

use crate::app::model::{FeedHealth, FeedOrigin};
use crate::feed::in_force::Standing;
use crate::feed::{Level, Timestamp};
use crate::report::reading::Reading;

/// The line as JSON: `text` and `class` (`ok`, `warning`, `critical`) as status bars
/// such as waybar read them, and the facts behind them.
#[derive(Debug, Serialize)]
struct LineJson {
    text: String,
    class: &'static str,
    /// `good`, `rejected` or `missing`.
    health: &'static str,
    /// The national level in force (none while only a level to come is known, or once
    /// it has lapsed).
    level: Option<LevelJson>,
    /// `in_force`, `not_yet` or `lapsed`.
    level_standing: Option<&'static str>,
    /// The level the feed declares, in force or not.
    declared_level: Option<LevelJson>,
    /// When the declared level comes into force, while it is still to come.
    level_from: Option<Timestamp>,
    scoped_above: Option<ScopedJson>,
    /// The feed is rejected or missing, and the facts are those of the last good picture
    /// this user's `line` or `status` read (kept in the cache).
    showing_last_good: bool,
    exercise: bool,
    demo: bool,
    stale: bool,
    clock_skew: bool,
    feed_age_seconds: Option<i64>,
    /// Measures in force (not ended), as the screen counts them.
    measures: Option<u32>,
    /// Incidents of the last 24 hours.
    incidents_24h: Option<usize>,
}

#[derive(Debug, Serialize)]
struct LevelJson {
    scale: String,
    name: String,
    rank: u8,
    of: u8,
    /// `#rrggbb`.
    color: String,
}

#[derive(Debug, Serialize)]
struct ScopedJson {
    scope: String,
    level: LevelJson,
}

#[must_use]
pub fn json(reading: &Reading, text: &str) -> String {
    let model = &reading.model;
    let picture = model.picture.as_ref();
    let threat = picture.map(|p| &p.feed.threat);
    let national = threat.map(|t| t.national_at(model.now));
    let level_json = |level: &Level| LevelJson {
        scale: threat.map(|t| t.scale.name.clone()).unwrap_or_default(),
        name: level.name.clone(),
        rank: level.rank,
        of: level.of,
        color: format!("#{:02x}{:02x}{:02x}", level.color.0, level.color.1, level.color.2),
    };
    let health = match model.health {
        FeedHealth::Good | FeedHealth::Waiting => "good",
        FeedHealth::Rejected { .. } => "rejected",
        FeedHealth::Missing { .. } => "missing",
    };
    let stale = model.staleness().is_some();
    let clock_skew = model.clock_skew().is_some();
    let class = if health != "good" {
        "critical"
    } else if stale || clock_skew || national.is_some_and(|n| n.in_force().is_none()) {
        "warning"
    } else {
        "ok"
    };
    let report = LineJson {
        text: text.to_owned(),
        class,
        health,
        level: national.and_then(|n| n.in_force()).map(level_json),
        level_standing: national.map(|n| match n.standing {
            Standing::InForce => "in_force",
            Standing::NotYet { .. } => "not_yet",
            Standing::Lapsed { .. } => "lapsed",
        }),
        declared_level: national.map(|n| level_json(n.declared)),
        level_from: national.and_then(|n| match n.standing {
            Standing::NotYet { from } => Some(from),
            _ => None,
        }),
        scoped_above: threat
            .and_then(|t| t.scoped_above(model.now))
            .map(|s| ScopedJson { scope: s.scope.to_string(), level: level_json(&s.level) }),
        showing_last_good: picture.is_some() && health != "good",
        exercise: picture.is_some_and(|p| p.feed.exercise),
        demo: model.origin == FeedOrigin::Demo,
        stale,
        clock_skew,
        feed_age_seconds: picture.map(|_| (model.now - model.age_base()).num_seconds()),
        measures: picture.map(|_| reading.tally.measures_in_force()),
        incidents_24h: picture.map(|_| reading.incidents_last_day()),
    };
    // Plain data: serializing it cannot fail.
    serde_json::to_string(&report).unwrap_or_default()
}
