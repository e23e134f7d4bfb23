//! Large, realistic feeds for benchmarks and the measurement harness.

use std::fmt::Write;

/// A JSON feed with `incidents` incidents and `measures` measures, times spread over a
/// year before 2015-11-17 with a few still to come.
#[must_use]
pub fn json_feed(incidents: usize, measures: usize) -> String {
    const CATEGORIES: [&str; 7] = ["station", "airport", "border", "government", "event", "infrastructure", "other"];
    const STATUSES: [&str; 5] = ["planned", "active", "intensified", "scaled_down", "ended"];
    const SEVERITIES: [&str; 4] = ["info", "minor", "major", "critical"];
    let base = chrono::DateTime::parse_from_rfc3339("2015-11-17T18:00:00+01:00").unwrap_or_default();
    let mut out = String::with_capacity(incidents * 400 + measures * 300 + 1024);
    out.push_str(
        r#"{"version": 1, "generated": "2015-11-17T18:00:00+01:00", "source": "benchmark", "title": "Large feed","#,
    );
    out.push_str(r#" "threat": {"level": "substantieel", "scale": "nctv", "since": "2013-03-13T00:00:00+01:00", "summary": "Generated."},"#);
    out.push_str(r#" "measures": ["#);
    for i in 0..measures {
        if i > 0 {
            out.push(',');
        }
        let _ = write!(
            out,
            r#"{{"id": "m-{i}", "location": "Locatie {i}", "category": "{}", "description": "Maatregel nummer {i} met een beschrijving van gemiddelde lengte", "agency": "KMar", "status": "{}", "since": "2015-11-14T06:00:00+01:00", "review": "2015-11-20T12:00:00+01:00", "lat": 52.{i:04}, "lon": 4.{i:04}}}"#,
            CATEGORIES[i % CATEGORIES.len()],
            STATUSES[i % STATUSES.len()],
        );
    }
    out.push_str(r#"], "incidents": ["#);
    for i in 0..incidents {
        if i > 0 {
            out.push(',');
        }
        // Minutes back in time, a few ahead.
        let offset = i64::try_from(i).unwrap_or(0) * 5 - 600;
        let time = (base - chrono::TimeDelta::minutes(offset)).to_rfc3339();
        let _ = write!(
            out,
            r#"{{"id": "i-{i}", "time": "{time}", "title": "Incident {i}: melding van verdachte situatie bij een publiek evenement", "severity": "{}", "location": "Plaats {}", "tags": ["gegenereerd", "test"], "casualties": {{"dead": 0, "injured": {}}}, "source": "meldkamer", "details": "Regel een\nRegel twee"}}"#,
            SEVERITIES[i % SEVERITIES.len()],
            i % 500,
            i % 7
        );
    }
    out.push_str("]}\n");
    out
}
