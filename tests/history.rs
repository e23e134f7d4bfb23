//! The history on real files: versions kept and read back, the picture at moments
//! between versions (a rejected, a stale and a missing interval among them) through the
//! real binary, what changed in words, retention, and time travel through `update`.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test fails loudly on a broken fixture

mod shift;

use std::collections::HashMap;
use std::path::Path;
use std::process::Output;

use chrono::TimeDelta;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use shift::{feed, feed_text, open, time};
use sitrep::app::{Command, Message, Model, Settings, update};
use sitrep::feed::{Format, Problem};
use sitrep::history::timeline::Timeline;
use sitrep::history::{HistoryPlan, Store};
use sitrep::journal::{ContentHash, FeedVersion, Journal, JournalSetting};

const V1_AT: &str = "2026-03-01T10:00:00Z";
const V2_AT: &str = "2026-03-01T11:00:00Z";
const REJECTED_AT: &str = "2026-03-01T11:30:00Z";
const V3_AT: &str = "2026-03-01T12:00:00Z";
const MISSING_AT: &str = "2026-03-01T13:10:00Z";

fn v1() -> String {
    feed_text("2026-03-01T11:00:00+01:00", "substantieel", "")
}

fn v2() -> String {
    feed_text("2026-03-01T12:00:00+01:00", "kritiek", "")
}

fn v3() -> String {
    feed_text(
        "2026-03-01T13:00:00+01:00",
        "kritiek",
        "\n[[incidents]]\nid = \"utrecht\"\ntime = 2026-03-01T12:50:00+01:00\ntitle = \"Suspicious package\"\nlocation = \"Utrecht Centraal\"\nseverity = \"major\"\n",
    )
}

/// Keeps `text` in the store and records it as accepted at `at`, as every recorder does.
fn keep(journal: &Journal, store: &Store, at: &str, text: &str) {
    store.keep(text.as_bytes(), Format::Toml, time(at)).unwrap();
    let parsed = feed(text);
    journal
        .record_feed_accepted(
            time(at),
            FeedVersion { feed: &parsed, bytes: text.as_bytes(), format: Format::Toml, origin: "/srv/feed.toml" },
        )
        .unwrap();
}

/// A journal and store of three versions, a rejected interval between the second and
/// the third, and the feed missing after the third.
fn three_versions(dir: &Path) -> std::path::PathBuf {
    let path = dir.join("journal.jsonl");
    let journal = open(&path, "alice");
    let store = Store::open(&dir.join("history"), 1 << 26, true).unwrap();
    keep(&journal, &store, V1_AT, &v1());
    keep(&journal, &store, V2_AT, &v2());
    let problem = Problem::error("unknown field `lvel`").at(Some(sitrep::feed::Position { line: 5, column: 1 }));
    journal.record_rejected(time(REJECTED_AT), "/srv/feed.toml", &[problem.clone(), problem]).unwrap();
    keep(&journal, &store, V3_AT, &v3());
    journal.record_missing(time(MISSING_AT), "/srv/feed.toml", "/srv/feed.toml: no such file").unwrap();
    path
}

fn sitrep(args: &[&str]) -> Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_sitrep"))
        .env_clear()
        .env("LANG", "C")
        .env("TZ", "Europe/Amsterdam")
        .args(args)
        .output()
        .unwrap()
}

fn show(journal: &Path, at: &str) -> (Option<i32>, String, String) {
    let output = sitrep(&["--journal", journal.to_str().unwrap(), "history", "show", "--at", at, "--width", "120"]);
    (output.status.code(), String::from_utf8(output.stdout).unwrap(), String::from_utf8(output.stderr).unwrap())
}

#[test]
fn three_versions_give_the_right_picture_between_them_with_the_feeds_health() {
    let dir = tempfile::tempdir().unwrap();
    let journal = three_versions(dir.path());

    let (code, _, err) = show(&journal, "2026-03-01T09:59:00Z");
    assert_eq!(code, Some(1), "before the first version: {err}");
    assert!(err.contains("no version had taken effect"), "{err}");

    let (code, screen, _) = show(&journal, "2026-03-01T10:30:00Z");
    assert_eq!(code, Some(0));
    assert!(screen.contains("SUBSTANTIEEL"), "{screen}");
    assert!(!screen.contains("KRITIEK") && !screen.contains("REJECTED"), "{screen}");
    // The clock at that moment.
    assert!(screen.contains("11:30 CET │ 10:30 UTC"), "{screen}");

    let (_, screen, _) = show(&journal, "2026-03-01T11:15:00Z");
    assert!(screen.contains("KRITIEK") && !screen.contains("REJECTED"), "{screen}");
    assert!(!screen.contains("Suspicious package"), "{screen}");

    // The rejected interval: the second version, under the banner as the screen had it.
    let (_, screen, _) = show(&journal, "2026-03-01T11:45:00Z");
    assert!(screen.contains("KRITIEK"), "{screen}");
    assert!(screen.contains("FEED REJECTED since 12:30"), "{screen}");
    assert!(screen.contains("/srv/feed.toml:5:1: error: unknown field `lvel`"), "{screen}");
    assert!(!screen.contains("Suspicious package"), "{screen}");

    // The third version ends the episode.
    let (_, screen, _) = show(&journal, "2026-03-01T12:10:00Z");
    assert!(screen.contains("Suspicious package") && !screen.contains("REJECTED"), "{screen}");
    assert!(!screen.contains("STALE"), "{screen}");

    // Older than the limit (30 minutes) by the clock at that moment.
    let (_, screen, _) = show(&journal, "2026-03-01T13:00:00Z");
    assert!(screen.contains("STALE"), "{screen}");

    let (_, screen, _) = show(&journal, "2026-03-01T13:20:00Z");
    assert!(screen.contains("FEED MISSING since 14:10"), "{screen}");
    assert!(screen.contains("Suspicious package"), "the last good picture stays: {screen}");

    let output = sitrep(&[
        "--journal",
        journal.to_str().unwrap(),
        "history",
        "show",
        "--at",
        "2026-03-01T11:45:00Z",
        "--format",
        "json",
    ]);
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["health"], "rejected");
    assert_eq!(report["clock"], "2026-03-01T11:45:00Z");
    assert_eq!(report["feed"]["threat"]["level"]["name"], "kritiek");
}

#[test]
fn the_screen_is_the_one_the_dashboard_draws_from_the_same_reads() {
    let dir = tempfile::tempdir().unwrap();
    let journal = three_versions(dir.path());
    let (_, shown, _) = show(&journal, "2026-03-01T11:45:00Z");
    // The live dashboard: the same reads at the same moments, through the same update.
    let settings = Settings { timezone: sitrep::zone::Zone::named("Europe/Amsterdam").unwrap(), ..Settings::default() };
    let mut live = Model::new(settings, sitrep::app::FeedOrigin::File("/srv/feed.toml".into()), time(V1_AT), false);
    live.size = (120, 40);
    live.source_mode = sitrep::source::watch::SourceMode::Watching;
    let loaded = |text: &str, at: &str| {
        let accepted = sitrep::feed::decode(
            text.as_bytes(),
            Format::Toml,
            &sitrep::feed::DecodeOptions { now: time(at), ..Default::default() },
        )
        .unwrap();
        Message::Feed(sitrep::app::FeedEvent::Loaded {
            feed: Box::new(accepted.feed),
            warnings: accepted.warnings,
            at: time(at),
            raw: sitrep::source::RawFeed::new(text.as_bytes().to_vec(), Format::Toml),
        })
    };
    update(&mut live, loaded(&v1(), V1_AT));
    update(&mut live, loaded(&v2(), V2_AT));
    let problems = vec![
        Problem::error("unknown field `lvel`").at(Some(sitrep::feed::Position { line: 5, column: 1 })),
        Problem::error("another error"),
    ];
    update(&mut live, Message::Feed(sitrep::app::FeedEvent::Rejected { problems, at: time(REJECTED_AT) }));
    update(&mut live, Message::Tick(time("2026-03-01T11:45:00Z")));
    assert_eq!(shown, sitrep::snapshot::screen_text(&live, 120, 40));
}

#[test]
fn history_diff_and_list_say_what_changed() {
    let dir = tempfile::tempdir().unwrap();
    let journal = three_versions(dir.path());
    let j = journal.to_str().unwrap();
    let output = sitrep(&["--journal", j, "history", "diff", "2026-03-01T10:30:00Z", "2026-03-01T12:30:00Z"]);
    let text = String::from_utf8(output.stdout).unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(text.contains("Level: SUBSTANTIEEL 4/5 → KRITIEK 5/5"), "{text}");
    assert!(text.contains("+ added MAJOR 2026-03-01 12:50 Suspicious package — Utrecht Centraal"), "{text}");
    assert!(text.contains("to 2026-03-01 13:30: version"), "{text}");

    let output = sitrep(&["--journal", j, "history", "diff", "2026-03-01T12:10:00Z", "2026-03-01T13:20:00Z"]);
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.contains("No change: the same picture was in force."), "{text}");
    assert!(text.contains("FEED MISSING since 2026-03-01 14:10"), "{text}");

    let output = sitrep(&["--journal", j, "history", "list"]);
    let text = String::from_utf8(output.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    assert!(lines[0].starts_with("2026-03-01 11:00  generated 2026-03-01 11:00  NCTV"), "{text}");
    assert!(lines[0].ends_with("first version"), "{text}");
    assert!(lines[1].contains("level substantieel 4/5 → kritiek 5/5"), "{text}");
    assert!(lines[2].ends_with("incidents: 1 new"), "{text}");
    assert!(!text.contains("not kept"), "{text}");

    let output = sitrep(&["--journal", j, "history", "list", "--since", "2026-03-01T11:30:00Z"]);
    assert_eq!(String::from_utf8(output.stdout).unwrap().lines().count(), 1);
}

#[test]
fn without_a_journal_there_is_no_history() {
    let output = sitrep(&["--no-journal", "history", "show"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("no history"));
}

/// A history plan whose journal is `path`, the store beside it.
fn plan(path: &Path) -> HistoryPlan {
    HistoryPlan {
        journal: JournalSetting::At { path: path.to_path_buf(), default_location: false },
        dir: Some(path.parent().unwrap().join("history")),
        keep: sitrep::feed::FeedDuration::from_secs(400 * 86_400),
        journal_max_bytes: 64 << 20,
        max_feed_bytes: 64 << 20,
    }
}

#[test]
fn retention_keeps_every_version_shown_within_the_period() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.jsonl");
    let journal = open(&path, "alice");
    let store = Store::open(&dir.path().join("history"), 1 << 26, true).unwrap();
    let old = v1();
    let still_shown = v2();
    let current = v3();
    // January 2024: a version replaced long ago. March 2024: a version that stayed in
    // force until two months ago. Now: the version in force.
    keep(&journal, &store, "2024-01-10T10:00:00Z", &old);
    keep(&journal, &store, "2024-03-10T10:00:00Z", &still_shown);
    keep(&journal, &store, "2026-01-01T10:00:00Z", &current);
    let now = time("2026-03-01T10:00:00Z");
    let plan = plan(&path);

    let pruned = plan.prune(now).unwrap();
    assert_eq!(pruned.packs, ["2024-01"], "only the month whose versions all went out of view");
    assert_eq!(pruned.versions, 1);
    assert_eq!(store.load(&ContentHash::of(old.as_bytes())).unwrap(), None);
    assert!(store.load(&ContentHash::of(still_shown.as_bytes())).unwrap().is_some());
    assert!(store.load(&ContentHash::of(current.as_bytes())).unwrap().is_some());
    assert!(!dir.path().join("history/packs/2024-01.pack").exists());

    // A version shown again (A → B → A) lives on in its old month; the one it replaced
    // goes once it has been out of view for the whole period.
    keep(&journal, &store, "2026-02-01T10:00:00Z", &still_shown);
    let later = time("2027-04-01T10:00:00Z");
    let shown = Timeline::load(&path).unwrap().last_shown(later);
    assert_eq!(shown[&ContentHash::of(still_shown.as_bytes())], later);
    assert_eq!(shown[&ContentHash::of(current.as_bytes())], time("2026-02-01T10:00:00Z"));
    let pruned = plan.prune(later).unwrap();
    assert_eq!(pruned.packs, ["2026-01"], "{pruned:?}");
    assert!(store.load(&ContentHash::of(still_shown.as_bytes())).unwrap().is_some());

    // The month being written stays whatever the journal says.
    let nothing = HashMap::new();
    let pruned = store.prune(time("2030-01-01T00:00:00Z"), time("2024-03-20T00:00:00Z"), &nothing).unwrap();
    assert!(pruned.packs.is_empty(), "{pruned:?}");
    let pruned = store.prune(time("2030-01-01T00:00:00Z"), time("2030-01-01T00:00:00Z"), &nothing).unwrap();
    assert_eq!(pruned.packs, ["2024-03"]);
    assert!(store.index().unwrap().is_empty());
}

#[test]
fn a_demo_version_takes_less_than_a_block() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path(), 1 << 26, true).unwrap();
    let mut text = sitrep::feed::DEMO_FEED.to_owned();
    let at = time("2026-03-01T10:00:00Z");
    for n in 0..50 {
        text = text.replacen("generated = 2015-11-17T18:00:00+01:00", "generated = 2015-11-17T18:01:00+01:00", 1);
        text.push_str(&format!(
            "\n[[incidents]]\nid = \"extra-{n}\"\ntime = 2015-11-17\ntitle = \"Extra melding {n}\"\nseverity = \"info\"\n"
        ));
        store.keep(text.as_bytes(), Format::Toml, at).unwrap();
    }
    let per_version = store.disk_usage() / 50;
    assert!(per_version <= 4096, "{per_version} bytes a version");
    assert_eq!(store.load(&ContentHash::of(text.as_bytes())).unwrap().unwrap().bytes, text.as_bytes());
}

fn key(code: KeyCode) -> Message {
    Message::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

/// Carries out what `update` asked of the history, as the runtime does.
fn carry_out(model: &mut Model, plan: &HistoryPlan, commands: Vec<Command>) {
    for command in commands {
        if let Command::History(job) = command {
            let news = sitrep::history::past::carry_out(plan, &Default::default(), job);
            update(model, Message::History(news));
        }
    }
}

#[test]
fn time_travel_steps_through_versions_while_live_ones_are_counted() {
    let dir = tempfile::tempdir().unwrap();
    let journal = three_versions(dir.path());
    let plan = plan(&journal);
    let origin = sitrep::app::FeedOrigin::File("/srv/feed.toml".into());
    let now = time("2026-03-01T12:30:00Z");
    let mut model = Model::new(Settings::default(), origin, now, true);
    model.size = (100, 30);
    let live = |at: DateTime| {
        let raw = sitrep::source::RawFeed::new(v3().into_bytes(), Format::Toml);
        Message::Feed(sitrep::app::FeedEvent::Loaded { feed: Box::new(feed(&v3())), warnings: vec![], at, raw })
    };
    type DateTime = chrono::DateTime<chrono::Utc>;
    update(&mut model, live(now));

    let commands = update(&mut model, key(KeyCode::Char('h')));
    assert!(matches!(commands.as_slice(), [Command::History(_)]), "{commands:?}");
    carry_out(&mut model, &plan, commands);
    let screen = sitrep::snapshot::screen_text(&model, 100, 30);
    assert!(
        screen.starts_with(" HISTORY · the picture as of 2026-03-01 12:30 (version 3 of 3) · Esc returns to live"),
        "{screen}"
    );

    let commands = update(&mut model, key(KeyCode::Char('[')));
    carry_out(&mut model, &plan, commands);
    let screen = sitrep::snapshot::screen_text(&model, 100, 30);
    assert!(screen.contains("(version 2 of 3)") && screen.contains("KRITIEK"), "{screen}");
    assert!(!screen.contains("Suspicious package"), "{screen}");

    // An hour back from the second version: the first.
    let commands = update(&mut model, key(KeyCode::Char('{')));
    carry_out(&mut model, &plan, commands);
    let screen = sitrep::snapshot::screen_text(&model, 100, 30);
    assert!(screen.contains("(version 1 of 3)") && screen.contains("SUBSTANTIEEL"), "{screen}");

    // Live versions go on arriving underneath, counted, never shown.
    update(&mut model, live(now + TimeDelta::minutes(5)));
    let mut newer = sitrep::feed::decode(v2().as_bytes(), Format::Toml, &Default::default()).unwrap().feed;
    newer.title = Some(sitrep::feed::Text::new("Live title"));
    update(
        &mut model,
        Message::Feed(sitrep::app::FeedEvent::Loaded {
            feed: Box::new(newer),
            warnings: vec![],
            at: now,
            raw: sitrep::source::RawFeed::new(format!("{}# live", v2()).into_bytes(), Format::Toml),
        }),
    );
    let screen = sitrep::snapshot::screen_text(&model, 100, 30);
    assert!(screen.contains("1 newer version"), "{screen}");
    assert!(!screen.contains("Live title"), "{screen}");

    // Nothing that acts on the live feed works here.
    assert!(update(&mut model, key(KeyCode::Char('r'))).is_empty());
    assert!(update(&mut model, key(KeyCode::Char('a'))).is_empty());
    // The list keys work on the past screen.
    update(&mut model, key(KeyCode::Char('?')));
    assert_eq!(model.travel.as_ref().unwrap().past.as_ref().unwrap().overlay, sitrep::app::Overlay::Help);
    update(&mut model, key(KeyCode::Esc));
    assert!(model.travel.is_some(), "Esc closes the past screen's popup first");

    update(&mut model, key(KeyCode::Esc));
    assert!(model.travel.is_none());
    let screen = sitrep::snapshot::screen_text(&model, 100, 30);
    assert!(!screen.contains("HISTORY") && screen.contains("Live title"), "{screen}");
}

#[test]
fn a_wallboard_does_not_travel() {
    let settings = Settings { wallboard_mode: true, ..Settings::default() };
    let mut model = Model::new(settings, sitrep::app::FeedOrigin::Demo, time(V1_AT), true);
    assert!(update(&mut model, key(KeyCode::Char('h'))).is_empty());
    assert!(model.travel.is_none());
}

#[test]
fn the_history_banner_is_on_every_size_of_screen() {
    let dir = tempfile::tempdir().unwrap();
    let journal = three_versions(dir.path());
    let plan = plan(&journal);
    let mut model = Model::new(Settings::default(), sitrep::app::FeedOrigin::Demo, time("2026-03-01T11:45:00Z"), true);
    model.size = (120, 40);
    let commands = update(&mut model, key(KeyCode::Char('h')));
    carry_out(&mut model, &plan, commands);
    assert!(model.travel.as_ref().unwrap().past.is_some());
    let widths = (0..=300).step_by(13).chain([1, 2, 7, 8, 29, 30, 31, 59, 60, 80, 120, 300]);
    let heights: Vec<u16> = (0..=100).step_by(9).chain([1, 2, 3, 7, 8, 9, 24, 40, 100]).collect();
    for width in widths {
        for &height in &heights {
            update(&mut model, Message::Resize { width, height });
            let screen = sitrep::snapshot::screen_text(&model, width, height);
            if width == 0 || height == 0 {
                continue;
            }
            let top = screen.lines().next().unwrap_or_default();
            let expected = &"HISTORY"[..usize::from(width).min(7)];
            assert!(top.contains(expected), "{width}×{height}: {top:?}");
            // Nowhere below does the live screen show through: the past one has its
            // rejected banner.
            if height >= 10 && width >= 40 {
                assert!(screen.contains("REJECTED"), "{width}×{height}:\n{screen}");
            }
        }
    }
}

#[test]
fn the_dashboards_journal_task_keeps_each_version_it_accepts() {
    use sitrep::journal::Request;
    use sitrep::journal::task::{Job, JournalPlan, spawn};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.jsonl");
    let plan = JournalPlan {
        setting: JournalSetting::At { path: path.clone(), default_location: false },
        max_bytes: 64 << 20,
        ack_scope: sitrep::journal::AckScope::Operator,
        shift_starts: vec![chrono::NaiveTime::from_hms_opt(7, 0, 0).unwrap()],
        timezone: sitrep::zone::Zone::utc(),
        decode: Default::default(),
        feed: "/srv/feed.toml".to_owned(),
        identity: Some(sitrep::journal::Identity::fixed("alice", "ops1")),
        history_dir: Some(dir.path().join("history")),
    };
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().unwrap();
    let task = {
        let _entered = runtime.enter();
        spawn(plan, |_| true)
    };
    for text in [v1(), v2()] {
        let request = Request::FeedAccepted {
            bytes: text.into_bytes().into(),
            format: Format::Toml,
            origin: "/srv/feed.toml".to_owned(),
            read_at: None,
        };
        task.jobs.send(Job::Record(request)).unwrap();
    }
    runtime.block_on(task.stop(std::time::Duration::from_secs(10)));
    let store = Store::open(&dir.path().join("history"), 1 << 26, false).unwrap();
    for text in [v1(), v2()] {
        assert_eq!(store.load(&ContentHash::of(text.as_bytes())).unwrap().unwrap().bytes, text.as_bytes());
    }
    let timeline = Timeline::load(&path).unwrap();
    assert_eq!(timeline.version_count(), 2);
}
