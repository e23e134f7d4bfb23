//! The handover report of a scripted shift, pinned as golden outputs (text, markdown,
//! JSON, and Dutch), read across rotated journal files, and run as a command.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test fails loudly on a broken fixture

mod shift;

use std::path::Path;

use shift::{accept, feed, feed_text, open, options, time};
use sitrep::config::Language;
use sitrep::feed::{Feed, Position, Problem};
use sitrep::journal::{Acknowledged, Journal, JournalOptions};
use sitrep::report::handover::{Handover, Request, build};
use sitrep::report::handover_print::{markdown, text};

const UTRECHT: &str = r#"
[[incidents]]
id = "utrecht"
time = 2015-11-18T07:20:00+01:00
title = "Suspicious package at Utrecht Centraal"
location = "Utrecht Centraal"
severity = "major"
"#;

fn v1() -> String {
    feed_text("2015-11-18T06:45:00+01:00", "substantieel", "")
}

fn v2() -> String {
    feed_text("2015-11-18T07:25:00+01:00", "kritiek", UTRECHT)
}

fn v3() -> String {
    let extra = UTRECHT.replace("severity = \"major\"", "severity = \"major\"\ncasualties = { injured = 2 }")
        + r#"
[[incidents]]
id = "amsterdam"
time = 2015-11-18T08:15:00+01:00
title = "Shots fired near Dam square | unconfirmed"
location = "Amsterdam"
severity = "critical"

[[incidents]]
id = "crisis-meeting"
time = 2015-11-19T10:00:00+01:00
title = "Ministerial crisis meeting (MCCb)"
severity = "info"

[[measures]]
id = "utrecht-cs"
location = "Utrecht Centraal"
category = "station"
description = "Station closed, area cordoned off"
agency = "Politie"
status = "active"
"#;
    feed_text("2015-11-18T08:20:00+01:00", "kritiek", &extra)
        .replace("status = \"active\"\nsince = 2015-11-14", "status = \"intensified\"\nsince = 2015-11-14")
        .replace("Observation", "Observation, doubled")
}

/// The scripted shift: a level change, two incidents, a rejected episode, notes.
fn scripted_shift(path: &Path) {
    play_shift(&open(path, "alice"), &open(path, "bob"));
}

fn play_shift(alice: &Journal, bob: &Journal) {
    alice.record_session_start(time("2015-11-18T05:50:00Z"), Some("/srv/feed.toml".into())).unwrap();
    accept(alice, "2015-11-18T05:55:00Z", &v1());
    alice.record_note(time("2015-11-18T06:05:00Z"), "Took over from the night shift; radio check done").unwrap();
    accept(alice, "2015-11-18T06:30:00Z", &v2());
    alice.record_ack(time("2015-11-18T06:40:00Z"), Acknowledged::default()).unwrap();
    bob.record_session_start(time("2015-11-18T07:00:00Z"), Some("/srv/feed.toml".into())).unwrap();
    let problems = [Problem::error("unknown field `lvel`").at(Some(Position { line: 5, column: 1 }))];
    bob.record_rejected(time("2015-11-18T07:10:00Z"), "/srv/feed.toml", &problems).unwrap();
    accept(bob, "2015-11-18T07:25:00Z", &v3());
    bob.record_note(time("2015-11-18T08:00:00Z"), "Asked the KMar for the \x1b[31mSchiphol\x1b[0m review").unwrap();
}

fn report(path: &Path, feed_now: Result<&Feed, String>, language: Language, public: bool) -> Handover {
    let amsterdam = sitrep::zone::Zone::named("Europe/Amsterdam").unwrap();
    build(&Request {
        journal: path,
        from: time("2015-11-18T06:00:00Z"),
        to: time("2015-11-18T13:30:00Z"),
        now: time("2015-11-18T13:30:00Z"),
        feed_now,
        feed_name: "/srv/feed.toml",
        demo: false,
        host: "ops1",
        language,
        timezone: &amsterdam,
        public,
    })
    .unwrap()
}

#[test]
fn golden_handover_of_a_scripted_shift() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.jsonl");
    scripted_shift(&path);
    let now = feed(&v3());
    let en = report(&path, Ok(&now), Language::En, false);
    insta::assert_snapshot!("handover_text_en", text(&en));
    insta::assert_snapshot!("handover_markdown_en", markdown(&en));
    insta::assert_snapshot!("handover_json_en", serde_json::to_string_pretty(&en).unwrap());
    let nl = report(&path, Ok(&now), Language::Nl, false);
    insta::assert_snapshot!("handover_text_nl", text(&nl));
}

#[test]
fn the_report_holds_what_the_shift_did() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.jsonl");
    scripted_shift(&path);
    let now = feed(&v3());
    let r = report(&path, Ok(&now), Language::En, false);
    assert_eq!(r.operators, ["alice", "bob"]);
    assert_eq!(r.level_changes.len(), 1);
    let ids: Vec<&str> = r.incidents.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(ids, ["amsterdam", "utrecht", "crisis-meeting"], "most severe first");
    assert_eq!(r.feed_health.len(), 1);
    assert_eq!(r.feed_health[0].seconds, 15 * 60);
    assert_eq!(r.notes.len(), 2);
    assert_eq!(r.open_items.unacknowledged.len(), 1, "the ack covered the level change, not what came after");
    let overdue: Vec<&str> = r.open_items.overdue_reviews.as_ref().unwrap().iter().map(|o| o.id.as_str()).collect();
    assert_eq!(overdue, ["schiphol"]);
    let upcoming: Vec<&str> = r.open_items.upcoming.as_ref().unwrap().iter().map(|u| u.id.as_str()).collect();
    assert_eq!(upcoming, ["tk", "crisis-meeting"]);
    assert!(!r.exercise);
    // No escape sequence from a note reaches the output.
    assert!(!text(&r).contains('\x1b'));
    assert!(text(&r).contains("^[[31mSchiphol^[[0m"));
}

#[test]
fn public_mode_leaves_covert_measures_out() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.jsonl");
    scripted_shift(&path);
    let now = feed(&v3());
    let r = report(&path, Ok(&now), Language::En, true);
    for output in [text(&r), markdown(&r), serde_json::to_string(&r).unwrap()] {
        assert!(!output.contains("Tweede Kamer"), "{output}");
        assert!(!output.contains("Observation"), "{output}");
    }
    assert!(text(&r).contains("PUBLIC"));
}

#[test]
fn without_a_readable_feed_the_level_comes_from_the_journal() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.jsonl");
    scripted_shift(&path);
    let r = report(&path, Err("the feed now is missing: /srv/feed.toml: no such file".into()), Language::En, false);
    let threat = r.threat.as_ref().unwrap();
    assert!(threat.from_journal);
    assert_eq!(threat.level.name, "kritiek");
    assert!(r.open_items.overdue_reviews.is_none());
    let out = text(&r);
    assert!(out.contains("KRITIEK 5/5"), "{out}");
    assert!(out.contains("not known: the feed cannot be read now"), "{out}");
}

#[test]
fn an_exercise_in_the_period_is_said_at_the_very_top() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.jsonl");
    let journal = open(&path, "alice");
    accept(&journal, "2015-11-18T06:30:00Z", &v1());
    accept(&journal, "2015-11-18T07:30:00Z", &v2().replacen("[threat]", "exercise = true\n[threat]", 1));
    accept(&journal, "2015-11-18T08:30:00Z", &v3());
    let now = feed(&v3());
    let en = text(&report(&path, Ok(&now), Language::En, false));
    assert!(en.starts_with("*** EXERCISE EXERCISE EXERCISE ***\n"), "{en}");
    let nl = markdown(&report(&path, Ok(&now), Language::Nl, false));
    assert!(nl.starts_with("> **OEFENING OEFENING OEFENING**"), "{nl}");
}

#[test]
fn the_report_reads_across_rotated_files() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.jsonl");
    scripted_shift(&path);
    let whole = report(&path, Ok(&feed(&v3())), Language::En, false);

    let dir = tempfile::tempdir().unwrap();
    let rotated = dir.path().join("journal.jsonl");
    let small = JournalOptions { max_bytes: 1500, ..options("alice") };
    // The same shift written into a journal that rotates every few entries.
    let (alice, bob) = (
        Journal::open(&rotated, small.clone()).unwrap(),
        Journal::open(&rotated, JournalOptions { identity: options("bob").identity, ..small }).unwrap(),
    );
    play_shift(&alice, &bob);
    assert!(dir.path().join("journal.jsonl.3").is_file());
    let across = report(&rotated, Ok(&feed(&v3())), Language::En, false);
    assert_eq!(text(&across), text(&whole));
}

#[test]
fn the_command_prints_the_report_for_a_shift() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.jsonl");
    scripted_shift(&path);
    let feed_path = dir.path().join("feed.toml");
    std::fs::write(&feed_path, v3()).unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "timezone = \"Europe/Amsterdam\"\nlanguage = \"en\"\n").unwrap();
    let run = |args: &[&str]| {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_sitrep"))
            .args(["handover", "--config"])
            .arg(&config)
            .arg("--feed")
            .arg(&feed_path)
            .arg("--journal")
            .arg(&path)
            .args(["--at", "2015-11-18T14:30:00+01:00"])
            .args(args)
            .env_clear()
            .output()
            .unwrap();
        (output.status.code(), String::from_utf8(output.stdout).unwrap(), String::from_utf8(output.stderr).unwrap())
    };
    let (code, out, err) = run(&["--since", "shift", "--format", "markdown"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.starts_with("# Handover · 2015-11-18 07:00 – 2015-11-18 14:30 (Europe/Amsterdam)"), "{out}");
    assert!(out.contains("| 2015-11-18 07:30 | national | SUBSTANTIEEL 4/5 | KRITIEK 5/5 |"), "{out}");
    let (code, out, _) = run(&["--since", "1h", "--format", "json"]);
    assert_eq!(code, Some(0));
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["period"]["from"], "2015-11-18T12:30:00Z");
    assert_eq!(json["notes"].as_array().unwrap().len(), 0);
    let (code, _, err) = run(&["--since", "2015-11-18T15:00:00+01:00"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("the period is empty"), "{err}");
    let (code, _, err) = run(&["--since", "yesterday"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("or a span such as `8h`, or `shift`"), "{err}");
}

#[test]
fn a_measure_changed_twice_is_one_row_with_everything_that_changed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.jsonl");
    scripted_shift(&path);
    let v4 = v3()
        .replace("review = 2015-11-18T08:00:00+01:00", "review = 2015-11-19T08:00:00+01:00")
        .replace("status = \"intensified\"\nsince = 2015-11-14", "status = \"scaled_down\"\nsince = 2015-11-14");
    accept(&open(&path, "bob"), "2015-11-18T09:00:00Z", &v4);
    let r = report(&path, Ok(&feed(&v4)), Language::En, false);
    let schiphol: Vec<_> = r.measures.changed.iter().filter(|m| m.id == "schiphol").collect();
    assert_eq!(schiphol.len(), 1);
    assert_eq!(schiphol[0].previous_status, Some(sitrep::feed::MeasureStatus::Active));
    assert_eq!(schiphol[0].status, sitrep::feed::MeasureStatus::ScaledDown);
    let fields = serde_json::to_string(&schiphol[0].fields).unwrap();
    assert_eq!(fields, r#"["status","review"]"#);
    assert_eq!(schiphol[0].time, time("2015-11-18T09:00:00Z"));
}
