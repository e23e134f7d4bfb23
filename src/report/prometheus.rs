//! `sitrep status --format prometheus`: the feed's health in node_exporter's
//! textfile-collector format. Timestamps rather than ages; every metric written, 0
//! where nothing is known (every category × status, every severity); HELP and TYPE
//! lines; label values escaped.

use std::fmt::Write as _;

use crate::app::model::FeedHealth;
use crate::feed::{Category, MeasureStatus, Severity};
use crate::report::reading::Reading;

/// The metrics in node_exporter's textfile-collector format. Every metric is written,
/// 0 where nothing is known (no reading: the feed did not answer).
#[must_use]
pub fn metrics(reading: Option<&Reading>) -> String {
    let model = reading.map(|r| &r.model);
    let picture = model.and_then(|m| m.picture.as_ref());
    let mut out = String::new();
    let mut family = |name: &str, help: &str, samples: &[(String, String)]| {
        let _ = writeln!(out, "# HELP {name} {}", help.replace('\\', "\\\\").replace('\n', "\\n"));
        let _ = writeln!(out, "# TYPE {name} gauge");
        for (labels, value) in samples {
            let _ = writeln!(out, "{name}{labels} {value}");
        }
    };
    let one = |value: String| [(String::new(), value)];
    let flag = |on: bool| u8::from(on).to_string();
    let valid = model.is_some_and(|m| m.health == FeedHealth::Good);
    family(
        "sitrep_feed_valid",
        "1 when the feed was read and accepted; 0 when it is rejected, missing or did not answer.",
        &one(flag(valid)),
    );
    family(
        "sitrep_feed_stale",
        "1 when the feed is older than its staleness limit, as the dashboard judges it (0 without a valid feed).",
        &one(flag(model.is_some_and(|m| m.staleness().is_some()))),
    );
    family(
        "sitrep_feed_generated_timestamp_seconds",
        "When the producer wrote the feed (its generated), in Unix seconds; 0 without a valid feed.",
        &one(picture.map_or(0, |p| p.feed.generated.utc().timestamp()).to_string()),
    );
    family(
        "sitrep_feed_stale_after_seconds",
        "The staleness limit in force: the feed's stale_after, else the config's (0 without a valid feed).",
        &one(model.filter(|_| picture.is_some()).map_or(0, |m| m.stale_after().as_secs()).to_string()),
    );
    family(
        "sitrep_feed_clock_skew",
        "1 when the feed's generated lies more than 5 minutes ahead of this machine's clock.",
        &one(flag(model.is_some_and(|m| m.clock_skew().is_some()))),
    );
    family(
        "sitrep_feed_warnings",
        "Warnings of the feed besides overdue reviews and clock skew.",
        &one(reading.map_or(0, |r| r.feed_warnings().len()).to_string()),
    );
    let (scale, level, rank) = match (model, picture) {
        (Some(m), Some(p)) => {
            let in_force = p.feed.threat.level_in_force(m.now);
            (
                p.feed.threat.scale.name.clone(),
                in_force.map(|l| l.name.clone()).unwrap_or_default(),
                in_force.map_or(0, |l| l.rank),
            )
        }
        _ => (String::new(), String::new(), 0),
    };
    family(
        "sitrep_threat_level",
        "The rank of the national threat level in force (1 = lowest); 0 when none is in force (still to come, lapsed) or without a valid feed.",
        &[(labels(&[("scale", &scale), ("level", &level)]), rank.to_string())],
    );
    family(
        "sitrep_exercise",
        "1 when the feed is an exercise (every screen says EXERCISE).",
        &one(flag(picture.is_some_and(|p| p.feed.exercise))),
    );
    let tally = reading.map(|r| &r.tally);
    let measures: Vec<(String, String)> = Category::ALL
        .iter()
        .flat_map(|&category| MeasureStatus::ALL.iter().map(move |&status| (category, status)))
        .map(|(category, status)| {
            let count = tally.map_or(0, |t| t.measures_in(category, status));
            (labels(&[("category", category.as_str()), ("status", status.as_str())]), count.to_string())
        })
        .collect();
    family(
        "sitrep_measures",
        "Measures in the feed by category and status (covert ones left out on a public screen).",
        &measures,
    );
    family(
        "sitrep_overdue_reviews",
        "Measures in force whose review date has passed.",
        &one(reading.map_or(0, Reading::overdue_reviews).to_string()),
    );
    let incidents: Vec<(String, String)> = Severity::ALL
        .iter()
        .map(|&severity| {
            (labels(&[("severity", severity.as_str())]), tally.map_or(0, |t| t.incidents_of(severity)).to_string())
        })
        .collect();
    family("sitrep_incidents", "Incidents in the feed by severity.", &incidents);
    out
}

/// `{a="x",b="y"}`, values escaped as the exposition format asks (`\`, `"`, newline).
fn labels(pairs: &[(&str, &str)]) -> String {
    let escape = |value: &str| value.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n");
    let inner: Vec<String> = pairs.iter().map(|(name, value)| format!("{name}=\"{}\"", escape(value))).collect();
    format!("{{{}}}", inner.join(","))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn label_values_are_escaped() {
        assert_eq!(labels(&[("level", "a\"b\\c\nd")]), r#"{level="a\"b\\c\nd"}"#);
    }
}
