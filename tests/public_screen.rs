//! A public screen (`--public`, config `public_screen = true`) never shows a covert
//! measure, nor counts it, on any output: the screen (lists, map, counts, the status
//! line's warnings, the `w` popup, the "new" marks), `snapshot` as text and JSON,
//! `line`, `status` (Nagios and Prometheus), and the handover report. Each check has a
//! control: without `--public` the same output does show the measure.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test fails loudly on a broken fixture

mod common;
#[path = "shift/mod.rs"]
mod shift;

use std::path::Path;
use std::process::Command;

use common::{Env, decode_toml, deliver, render, time};
use sitrep::app::Overlay;
use sitrep::snapshot::buffer_text;

const CONFIG: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/config/default.toml");
const AT: &str = "2015-11-18T09:30:00+01:00";

/// Words only the covert measure carries.
const SECRETS: [&str; 6] = ["geheim-aivd", "Zwanenburg", "GEHEIM-X", "AIVD-Geheim", "NOTITIE", "Noord-Holland"];

/// Three visible measures (one with an overdue review) and a covert one, with a
/// position, an overdue review and notes.
fn feed(covert_status: &str) -> String {
    format!(
        r#"version = 1
generated = 2015-11-18T09:00:00+01:00
stale_after = "2h"

[threat]
level = "substantieel"

[[measures]]
id = "utrecht-cs"
location = "Utrecht Centraal"
category = "station"
description = "Zichtbare surveillance"
status = "active"
review = 2015-11-18T08:00:00+01:00
lat = 52.089
lon = 5.110

[[measures]]
id = "schiphol"
location = "Schiphol"
category = "airport"
description = "Extra patrouilles"
status = "intensified"

[[measures]]
id = "geheim-aivd"
location = "Zwanenburg"
category = "other"
description = "Observatie GEHEIM-X"
agency = "AIVD-Geheim"
status = "{covert_status}"
visibility = "covert"
review = 2015-11-18T07:00:00+01:00
region = "Noord-Holland"
lat = 52.38
lon = 4.74
notes = "NOTITIE"

[[measures]]
id = "zuidgrens"
location = "Zuidgrens"
category = "border"
description = "Mobiel toezicht"
status = "active"

[[incidents]]
id = "utrecht"
time = 2015-11-18T07:20:00+01:00
title = "Verdacht pakket"
severity = "major"
"#
    )
}

fn sitrep(dir: &Path, args: &[&str]) -> (i32, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_sitrep"))
        .args(args)
        .args(["--config", CONFIG, "--at", AT])
        .env_clear()
        .env("LANG", "en_GB.UTF-8")
        .env("TZ", "Europe/Amsterdam")
        .env("XDG_RUNTIME_DIR", dir)
        .current_dir(dir)
        .output()
        .unwrap();
    (output.status.code().unwrap_or(-1), String::from_utf8(output.stdout).unwrap())
}

fn leaks(output: &str) -> Vec<&'static str> {
    SECRETS.iter().copied().filter(|secret| output.contains(secret)).collect()
}

/// Every output of the binary, with `--public` and without.
#[test]
fn no_output_of_the_binary_shows_or_counts_a_covert_measure() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("feed.toml"), feed("active")).unwrap();
    let outputs: Vec<Vec<&str>> = vec![
        vec!["snapshot", "--width", "120", "--height", "40"],
        vec!["snapshot", "--width", "200", "--height", "60"],
        vec!["snapshot", "--width", "80", "--height", "24"],
        vec!["snapshot", "--view", "map", "--width", "160", "--height", "50"],
        vec!["snapshot", "--view", "map-europe", "--width", "160", "--height", "50"],
        vec!["snapshot", "--format", "json"],
        vec!["line"],
        vec!["line", "--format", "plain"],
        vec!["line", "--format", "json"],
        vec!["status"],
        vec!["status", "--format", "prometheus"],
    ];
    for args in outputs {
        let mut full = args.clone();
        full.extend(["--feed", "feed.toml"]);
        let (_, shown) = sitrep(dir.path(), &full);
        let mut public = full.clone();
        public.push("--public");
        let (_, hidden) = sitrep(dir.path(), &public);
        assert!(leaks(&hidden).is_empty(), "{args:?} --public shows {:?}:\n{hidden}", leaks(&hidden));
        // The control: the same output names or counts it without --public.
        let counted = |text: &str, n: usize| {
            [
                format!("Measures ({n})"),
                format!("{n} measures"),
                format!("measures={n}"),
                format!("\"measures\":{n}"),
                format!("\"measures_in_force\": {n}"),
            ]
            .iter()
            .any(|c| text.contains(c.as_str()))
        };
        let named = !leaks(&shown).is_empty();
        let is_map = args.contains(&"--view");
        let is_metrics = args.contains(&"prometheus");
        assert!(named || counted(&shown, 4) || is_map || is_metrics, "{args:?} without --public:\n{shown}");
        if !is_map && !is_metrics {
            assert!(counted(&hidden, 3), "{args:?} --public does not count 3 measures:\n{hidden}");
        }
        if is_metrics {
            assert!(shown.contains("sitrep_measures{category=\"other\",status=\"active\"} 1"), "{shown}");
            assert!(hidden.contains("sitrep_measures{category=\"other\",status=\"active\"} 0"), "{hidden}");
            assert!(shown.contains("sitrep_overdue_reviews 2") && hidden.contains("sitrep_overdue_reviews 1"));
        }
        if args == ["status"] {
            assert!(shown.contains("2 overdue reviews") && hidden.contains("1 overdue review;"), "{hidden}");
        }
        if args.contains(&"json") && args.contains(&"snapshot") {
            assert!(shown.contains("review of measure `geheim-aivd`"), "{shown}");
            assert!(hidden.contains("review of measure `utrecht-cs`"), "{hidden}");
        }
    }
}

#[test]
fn the_header_says_public() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("feed.toml"), feed("active")).unwrap();
    let (_, screen) = sitrep(dir.path(), &["snapshot", "--feed", "feed.toml", "--public"]);
    assert!(screen.lines().next().unwrap().contains(" PUBLIC "), "{screen}");
    let (_, screen) = sitrep(dir.path(), &["snapshot", "--feed", "feed.toml"]);
    assert!(!screen.lines().next().unwrap().contains("PUBLIC"), "{screen}");
    let dutch = Command::new(env!("CARGO_BIN_EXE_sitrep"))
        .args(["snapshot", "--feed", "feed.toml", "--public", "--config", CONFIG, "--at", AT])
        .env_clear()
        .env("LANG", "nl_NL.UTF-8")
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(String::from_utf8(dutch.stdout).unwrap().lines().next().unwrap().contains(" PUBLIEK "));
}

/// The dashboard's own model: the status line's warning count, the `w` popup, and the
/// "new" count of the measures after a second version in which the covert one changed.
#[test]
fn the_dashboard_neither_counts_nor_names_a_covert_measure() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("feed.toml");
    std::fs::write(&path, feed("active")).unwrap();
    let now = time(AT);
    for public in [false, true] {
        let mut startup = common::startup(Some(path.to_str().unwrap()), AT, Env::EN);
        startup.settings.public_screen = public;
        let mut model = sitrep::snapshot::model_once(&startup, common::wall_now(), (120, 40));
        // The covert measure is intensified in the next version.
        deliver(&mut model, decode_toml(&feed("intensified"), now));
        let screen = buffer_text(&render(&model, 120, 40));
        model.overlay = Overlay::Problems;
        let problems = buffer_text(&render(&model, 120, 40));
        if public {
            assert!(screen.contains("⚠ 1 warning (w)"), "{screen}");
            assert!(screen.contains("Measures (3)") && !screen.contains("new)"), "{screen}");
            assert!(leaks(&screen).is_empty() && leaks(&problems).is_empty(), "{problems}");
            assert!(problems.contains("review of measure `utrecht-cs`"), "{problems}");
        } else {
            assert!(screen.contains("⚠ 2 warnings (w)"), "{screen}");
            assert!(screen.contains("Measures (4, 1 new)"), "{screen}");
            assert!(problems.contains("geheim-aivd"), "{problems}");
        }
    }
}

/// A rejected feed on a public screen: a problem of a measure keeps its position, not
/// its words (the measure may be covert).
#[test]
fn problems_of_measures_in_a_rejected_feed_are_not_quoted() {
    let dir = tempfile::tempdir().unwrap();
    let text = feed("active").replace("id = \"zuidgrens\"", "id = \"geheim-aivd\"");
    std::fs::write(dir.path().join("feed.toml"), text).unwrap();
    let (code, shown) = sitrep(dir.path(), &["status", "--feed", "feed.toml"]);
    assert_eq!(code, 2);
    assert!(shown.contains("duplicate measure id `geheim-aivd`"), "{shown}");
    let (code, hidden) = sitrep(dir.path(), &["status", "--feed", "feed.toml", "--public"]);
    assert_eq!(code, 2);
    assert!(leaks(&hidden).is_empty(), "{hidden}");
    assert!(hidden.contains("measures[3].id: a problem with this measure"), "{hidden}");
    let (_, screen) = sitrep(dir.path(), &["snapshot", "--feed", "feed.toml", "--public"]);
    assert!(leaks(&screen).is_empty(), "{screen}");
}

/// `sitrep handover --public`: the flag reaches the report.
#[test]
fn the_handover_leaves_covert_measures_out() {
    let dir = tempfile::tempdir().unwrap();
    let journal_path = dir.path().join("journal.jsonl");
    let journal = shift::open(&journal_path, "alice");
    let v1 = shift::feed_text("2015-11-18T06:45:00+01:00", "substantieel", "");
    let v2 =
        shift::feed_text("2015-11-18T07:25:00+01:00", "kritiek", "").replace("Observation", "Observation, doubled");
    shift::accept(&journal, "2015-11-18T05:55:00Z", &v1);
    shift::accept(&journal, "2015-11-18T06:30:00Z", &v2);
    std::fs::write(dir.path().join("feed.toml"), &v2).unwrap();
    let report = |public: bool| {
        let mut args = vec!["handover", "--journal", "journal.jsonl", "--feed", "feed.toml"];
        args.extend(["--since", "2015-11-18T06:00:00+01:00", "--until", "2015-11-18T09:00:00+01:00"]);
        if public {
            args.push("--public");
        }
        let (code, text) = sitrep(dir.path(), &args);
        assert_eq!(code, 0, "{text}");
        text
    };
    let full = report(false);
    assert!(full.contains("Tweede Kamer"), "{full}");
    let public = report(true);
    assert!(!public.contains("Tweede Kamer") && !public.contains("Observation"), "{public}");
    assert!(public.contains("PUBLIC"), "{public}");
}
