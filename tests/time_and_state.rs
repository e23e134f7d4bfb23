//! The picture never misstates time or state: levels not yet in force or lapsed, a
//! higher scoped level, clock skew and staleness, ambiguous local times, complete dates,
//! plain dates, ended measures, one order for equal times, the level-change chain, and
//! the small things (one test or more per point of the issue that found them).

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::Env;
use sitrep::app::{Message, Model, Overlay, update};
use sitrep::snapshot::{buffer_text, picture_report};
use sitrep::zone::Zone;

/// A model whose clock reads `at`, after `feed` (TOML) arrived at that moment.
fn model_with(feed: &str, at: &str, env: Env) -> Model {
    let mut model = common::empty_model(at, env, (120, 40));
    let now = common::time(at);
    common::deliver(&mut model, common::decode_toml(feed, now));
    model
}

fn screen(model: &Model, width: u16, height: u16) -> String {
    buffer_text(&common::render(model, width, height))
}

/// Moves a model's clock to `at` as the running clock would.
fn tick(model: &mut Model, at: &str) {
    model.clock_pinned = false;
    update(model, Message::Tick(common::time(at)));
}

const HEAD: &str = "version = 1\ngenerated = 2015-11-18T09:00:00+01:00\n";

// 1. A level that is not yet in force says so, and does not count as current.

const NOT_YET: &str = r#"
[threat]
level = "kritiek"
since = 2015-11-20T05:00:00+01:00
history = [{ level = "substantieel", since = 2013-03-13 }]

[[threat.scoped]]
scope = "Schiphol"
level = "kritiek"
since = 2015-11-19T06:00:00+01:00
"#;

#[test]
fn a_level_still_to_come_is_not_the_current_level() {
    let model = model_with(&format!("{HEAD}{NOT_YET}"), "2015-11-18T09:10:00+01:00", Env::EN);
    for (width, height) in [(120, 40), (80, 24), (40, 12)] {
        let text = screen(&model, width, height);
        assert!(text.contains("SUBSTANTIEEL"), "{width}x{height}: the level in force:\n{text}");
        assert!(text.contains("KRITIEK") && text.contains("from 20 Nov"), "{width}x{height}: to come:\n{text}");
        if width >= 80 {
            assert!(text.contains("KRITIEK 5/5 from 20 Nov 05:00 (in 1d 19h)"), "{width}x{height}:\n{text}");
        }
    }
    // The scoped level to come shows its since.
    let text = screen(&model, 120, 40);
    assert!(text.contains("Schiphol: KRITIEK 5/5 from 2015-11-19 06:00 (in 20h 50m)"), "{text}");
    // The one-line mode and the JSON agree.
    let line = screen(&model, 29, 1);
    assert!(line.starts_with(" SUBSTANTIEEL"), "{line}");
    let report = serde_json::to_value(picture_report(&model)).unwrap();
    let derived = &report["derived"];
    assert_eq!(derived["level"]["name"], "substantieel");
    assert_eq!(derived["level_standing"], "not_yet");
    assert_eq!(derived["declared_level"]["name"], "kritiek");
    assert_eq!(derived["level_from"], "2015-11-20T05:00:00+01:00");
}

#[test]
fn without_history_no_level_is_in_force_yet() {
    let feed = format!("{HEAD}[threat]\nlevel = \"kritiek\"\nsince = 2015-11-20T05:00:00+01:00\n");
    let model = model_with(&feed, "2015-11-18T09:10:00+01:00", Env::EN);
    let text = screen(&model, 120, 40);
    assert!(text.contains("no level in force"), "{text}");
    assert!(!text.contains("▟"), "no big letters for a level not in force:\n{text}");
    let report = serde_json::to_value(picture_report(&model)).unwrap();
    assert!(report["derived"]["level"].is_null());
}

#[test]
fn a_history_entry_after_the_current_since_is_a_warning() {
    let feed = format!(
        "{HEAD}[threat]\nlevel = \"substantieel\"\nsince = 2013-03-13\n\
         history = [{{ level = \"kritiek\", since = 2015-11-14 }}]\n"
    );
    let model = model_with(&feed, "2015-11-18T09:10:00+01:00", Env::EN);
    let warnings = &model.picture.as_ref().unwrap().warnings;
    assert!(warnings.iter().any(|w| w.message.contains("later than the current level's since")), "{warnings:?}");
}

#[test]
fn the_level_comes_into_force_as_the_clock_passes_its_since() {
    let mut model = model_with(&format!("{HEAD}{NOT_YET}"), "2015-11-20T04:59:00+01:00", Env::EN);
    tick(&mut model, "2015-11-20T05:00:30+01:00");
    let text = screen(&model, 120, 40);
    assert!(text.contains("KRITIEK 5/5"), "{text}");
    assert!(text.contains("LEVEL RAISED: SUBSTANTIEEL 4/5 → KRITIEK 5/5 (05:00)"), "{text}");
}

// 2. A lapsed level is unmistakable at every size; a countdown never says "now".

const LAPSING: &str = r#"
[threat]
level = "kritiek"
until = 2015-11-18T22:00:00+01:00
"#;

#[test]
fn a_lapsed_level_says_so_at_every_size() {
    let model = model_with(&format!("{HEAD}{LAPSING}"), "2015-11-18T22:00:00+01:00", Env::NL);
    for (width, height) in [(120, 40), (80, 24), (40, 12), (29, 1), (20, 1)] {
        let text = screen(&model, width, height);
        assert!(text.contains("VERLOPEN"), "{width}x{height}:\n{text}");
        assert!(!text.contains(" KRITIEK 5/5  ■"), "{width}x{height}: shown as in force:\n{text}");
    }
    // The big letters say VERLOPEN, not the level.
    let big = screen(&model, 120, 40);
    assert!(!big.contains("▟▀▙ █ █"), "{big}");
}

#[test]
fn a_countdown_shows_seconds_in_its_last_minute() {
    let model = model_with(&format!("{HEAD}{LAPSING}"), "2015-11-18T21:59:20+01:00", Env::EN);
    let text = screen(&model, 120, 40);
    assert!(text.contains("until 2015-11-18 22:00 (in 40s)"), "{text}");
    assert!(!text.contains("(now)"), "{text}");
}

// 3. A scoped level above the national one stays visible at every size.

#[test]
fn a_higher_scoped_level_is_visible_at_every_size() {
    let feed = format!(
        "{HEAD}[threat]\nlevel = \"substantieel\"\n[[threat.scoped]]\nscope = \"Utrecht\"\nlevel = \"kritiek\"\n"
    );
    let model = model_with(&feed, "2015-11-18T09:10:00+01:00", Env::NL);
    for (width, height) in [(120, 40), (80, 24), (40, 12), (31, 7), (40, 1)] {
        let text = screen(&model, width, height);
        assert!(text.contains("Utrecht KRITIEK"), "{width}x{height}:\n{text}");
        assert!(text.contains("SUBSTANTIEEL"), "{width}x{height}:\n{text}");
    }
    assert_eq!(screen(&model, 29, 1).trim_end(), " SUBSTANTIEEL · Utr… KRITIEK");
    assert_eq!(screen(&model, 60, 1).trim_end(), " SUBSTANTIEEL 4/5  ■■■■□ · Utrecht KRITIEK 5/5");
}

// 4. Clock skew cannot hide staleness.

#[test]
fn a_fast_producer_clock_shows_and_still_turns_stale() {
    // Generated two hours ahead of the clock; stale after 30 minutes.
    let feed = "version = 1\ngenerated = 2015-11-18T11:00:00+01:00\nstale_after = \"30m\"\n\
                [threat]\nlevel = \"substantieel\"\n";
    let mut model = model_with(feed, "2015-11-18T09:00:00+01:00", Env::EN);
    let text = screen(&model, 120, 40);
    assert!(text.contains("CLOCK SKEW"), "{text}");
    assert!(!text.contains("STALE"), "{text}");
    // The producer dies; 31 minutes after the version arrived it is stale.
    tick(&mut model, "2015-11-18T09:31:00+01:00");
    let text = screen(&model, 120, 40);
    assert!(text.contains("STALE: no new picture for 31m 0s (limit 30m)"), "{text}");
    assert!(model.next_deadline().is_some());
    // Reading the same version again does not reset its age.
    common::deliver(&mut model, common::decode_toml(feed, common::time("2015-11-18T09:32:00+01:00")));
    assert!(model.staleness().is_some());
}

// 5. The system's zone: unit tests in src/zone.rs; here what the header says.

#[test]
fn an_unknown_zone_says_so_in_the_header() {
    let mut model = model_with(&format!("{HEAD}[threat]\nlevel = 4\n"), "2015-11-18T09:10:00+01:00", Env::EN);
    model.settings.timezone = Zone::unknown();
    assert!(screen(&model, 120, 40).lines().next().unwrap().contains("08:10 UTC — zone unknown"));
    assert!(screen(&model, 60, 20).lines().next().unwrap().contains("UTC — zone unknown"));
}

#[test]
fn a_misspelt_tz_is_reported() {
    let args = sitrep::cli::RunArgs {
        feed: vec![sitrep::source::location::FeedLocation::File("feed.toml".into())],
        ..Default::default()
    };
    let env = |key: &str| (key == "TZ").then(|| "Europe/Amsterdm".to_owned());
    let err = sitrep::startup::Startup::resolve(&args, env, common::wall_now()).unwrap_err();
    assert!(err.to_string().contains("TZ=`Europe/Amsterdm` names no time zone"), "{err}");
    let posix = |key: &str| (key == "TZ").then(|| "CET-1CEST,M3.5.0,M10.5.0/3".to_owned());
    let startup = sitrep::startup::Startup::resolve(&args, posix, common::wall_now()).unwrap();
    let summer = common::time("2026-07-01T12:00:00Z").with_timezone(&startup.settings.timezone);
    assert_eq!(summer.format("%H:%M %Z").to_string(), "14:00 CEST");
}

// 6. Times in the repeated hour carry their zone.

#[test]
fn the_repeated_hour_is_never_ambiguous_on_screen() {
    let feed = r#"version = 1
generated = 2026-10-25T02:20:00+02:00
[threat]
level = "substantieel"
[[incidents]]
id = "first"
time = 2026-10-25T02:10:00+02:00
title = "In the first 02:10"
severity = "minor"
[[incidents]]
id = "second"
time = 2026-10-25T02:10:00+01:00
title = "In the second 02:10"
severity = "minor"
[[incidents]]
id = "later"
time = 2026-10-25T12:00:00+01:00
title = "At noon, winter time"
severity = "minor"
"#;
    let model = model_with(feed, "2026-10-25T02:30:00+02:00", Env::EN);
    let text = screen(&model, 120, 40);
    assert!(text.contains("25 Oct 02:30 CEST"), "the header:\n{text}");
    assert!(text.contains("25 Oct 02:10 CEST"), "{text}");
    assert!(text.contains("25 Oct 02:10 CET"), "{text}");
    assert!(text.contains("25 Oct 12:00 CET"), "another abbreviation than the header's:\n{text}");
}

// 7. Dates are complete.

#[test]
fn another_year_keeps_its_time_of_day_and_utc_its_date() {
    let feed = "version = 1\ngenerated = 2026-12-31T23:00:00+01:00\n[threat]\nlevel = 4\n\
                [[incidents]]\nid = \"ny\"\ntime = 2027-01-01T00:30:00+01:00\ntitle = \"New year\"\nseverity = \"info\"\n";
    let model = model_with(feed, "2026-12-31T23:10:00+01:00", Env::EN);
    let text = screen(&model, 120, 40);
    assert!(text.contains(" 1 Jan 2027 00:30"), "{text}");
    // 00:10 local on 1 January is still 31 December in UTC... and the reverse here:
    let model = model_with(feed, "2027-01-01T00:10:00+01:00", Env::EN);
    let header = screen(&model, 120, 40).lines().next().unwrap().to_owned();
    assert!(header.contains("1 Jan 00:10 CET │ 31 Dec 23:10 UTC"), "{header}");
}

// 8. STALE states its limit exactly.

#[test]
fn stale_names_its_limit_exactly() {
    for (limit, at, expected) in [
        ("90s", "2015-11-18T09:01:35+01:00", "STALE: no new picture for 1m 35s (limit 90s)"),
        ("3601s", "2015-11-18T10:00:05+01:00", "STALE: no new picture for 1h 0m 5s (limit 3601s)"),
    ] {
        let feed = format!("{HEAD}stale_after = \"{limit}\"\n[threat]\nlevel = 4\n");
        let model = model_with(&feed, at, Env::EN);
        let text = screen(&model, 120, 40);
        assert!(text.contains(expected), "{limit}:\n{text}");
    }
    // At exactly the limit it is not stale yet.
    let feed = format!("{HEAD}stale_after = \"90s\"\n[threat]\nlevel = 4\n");
    assert!(model_with(&feed, "2015-11-18T09:01:30+01:00", Env::EN).staleness().is_none());
    let zero = format!("{HEAD}stale_after = \"0s\"\n[threat]\nlevel = 4\n");
    let model = model_with(&zero, "2015-11-18T09:01:30+01:00", Env::EN);
    let sitrep::app::FeedHealth::Rejected { problems, .. } = &model.health else { panic!("0s must be refused") };
    assert!(problems[0].message.contains("use a positive duration"), "{problems:?}");
}

// 9. Plain dates are dates.

#[test]
fn plain_dates_show_without_a_time_of_day() {
    let feed = format!(
        "{HEAD}[threat]\nlevel = 4\nsince = 2013-03-13\n\
         [[incidents]]\nid = \"a\"\ntime = 2015-11-16\ntitle = \"Flag at half mast\"\nseverity = \"info\"\n\
         [[incidents]]\nid = \"b\"\ntime = \"2015-11-20\"\ntitle = \"Council\"\nseverity = \"minor\"\n"
    );
    let model = model_with(&feed, "2015-11-18T09:10:00+01:00", Env::EN);
    let text = screen(&model, 120, 40);
    assert!(text.contains("16 Nov 2 days ago"), "{text}");
    assert!(text.contains("20 Nov in 2 days"), "{text}");
    assert!(!text.contains("00:00"), "{text}");
    let report = serde_json::to_value(picture_report(&model)).unwrap();
    assert_eq!(report["feed"]["incidents"][0]["time"], "2015-11-16");
}

// 10. Ended measures are never overdue.

#[test]
fn an_ended_measure_is_never_overdue() {
    let feed = format!(
        "{HEAD}[threat]\nlevel = 4\n[[measures]]\nid = \"m\"\nlocation = \"Schiphol\"\ncategory = \"airport\"\n\
         description = \"d\"\nstatus = \"ended\"\nreview = 2015-11-10T12:00:00+01:00\n"
    );
    let mut model = model_with(&feed, "2015-11-18T09:10:00+01:00", Env::EN);
    assert!(model.picture.as_ref().unwrap().warnings.is_empty());
    let report = serde_json::to_value(picture_report(&model)).unwrap();
    assert!(report["warnings"].as_array().unwrap().is_empty());
    model.overlay = Overlay::Measure(0);
    let text = screen(&model, 120, 40);
    assert!(text.contains("review") && !text.contains("OVERDUE"), "{text}");
}

// 11. One order for equal times; no empty headings.

#[test]
fn equal_times_keep_feed_order_above_and_below_now() {
    let item = |id: &str, time: &str| {
        format!("[[incidents]]\nid = \"{id}\"\ntime = {time}\ntitle = \"Item {id}\"\nseverity = \"info\"\n")
    };
    let feed = format!(
        "{HEAD}[threat]\nlevel = 4\n{}{}{}{}",
        item("p1", "2015-11-18T08:00:00+01:00"),
        item("p2", "2015-11-18T08:00:00+01:00"),
        item("u1", "2015-11-19T08:00:00+01:00"),
        item("u2", "2015-11-19T08:00:00+01:00"),
    );
    let model = model_with(&feed, "2015-11-18T09:10:00+01:00", Env::EN);
    let text = screen(&model, 120, 40);
    let position = |what: &str| text.find(what).unwrap_or_else(|| panic!("{what}:\n{text}"));
    assert!(position("Item u1") < position("Item u2"), "{text}");
    assert!(position("Item p1") < position("Item p2"), "{text}");
}

#[test]
fn an_empty_section_has_no_heading() {
    let feed = format!(
        "{HEAD}[threat]\nlevel = 4\n[[incidents]]\nid = \"u\"\ntime = 2015-11-19T08:00:00+01:00\n\
         title = \"Coming\"\nseverity = \"info\"\n"
    );
    let model = model_with(&feed, "2015-11-18T09:10:00+01:00", Env::EN);
    let text = screen(&model, 120, 40);
    assert!(text.contains("Upcoming (1)") && !text.contains("Past (0)"), "{text}");
}

// 12. The level-change banner: the time of the change and the whole chain.

#[test]
fn the_level_change_banner_keeps_the_chain_and_the_times() {
    let level =
        |name: &str, generated: &str| format!("version = 1\ngenerated = {generated}\n[threat]\nlevel = \"{name}\"\n");
    let mut model = model_with(&level("minimaal", "2015-11-18T09:00:00+01:00"), "2015-11-18T09:10:00+01:00", Env::NL);
    let arrive = |model: &mut Model, text: &str, at: &str| {
        common::deliver(model, common::decode_toml(text, common::time(at)));
    };
    arrive(&mut model, &level("kritiek", "2015-11-18T09:12:00+01:00"), "2015-11-18T09:12:00+01:00");
    arrive(&mut model, &level("substantieel", "2015-11-18T09:40:00+01:00"), "2015-11-18T09:40:00+01:00");
    let text = screen(&model, 160, 40);
    assert!(text.contains("NIVEAU VERHOOGD: MINIMAAL 1/5 → KRITIEK 5/5 (09:12) → SUBSTANTIEEL 4/5 (09:40)"), "{text}");
    // A level with its own since: the banner gives that moment, not the arrival.
    let with_since = "version = 1\ngenerated = 2015-11-18T10:00:00+01:00\n[threat]\nlevel = \"aanzienlijk\"\n\
                      since = 2015-11-18T09:55:00+01:00\n";
    update(&mut model, Message::Key(crossterm::event::KeyEvent::from(crossterm::event::KeyCode::Char('a'))));
    arrive(&mut model, with_since, "2015-11-18T10:01:00+01:00");
    let text = screen(&model, 160, 40);
    assert!(text.contains("SUBSTANTIEEL 4/5 → AANZIENLIJK 3/5 (09:55)"), "{text}");
}

#[test]
fn a_held_change_keeps_its_own_time_after_unpausing() {
    let level =
        |name: &str| format!("version = 1\ngenerated = 2015-11-18T09:00:00+01:00\n[threat]\nlevel = \"{name}\"\n");
    let mut model = model_with(&level("minimaal"), "2015-11-18T09:10:00+01:00", Env::EN);
    let key = |c| Message::Key(crossterm::event::KeyEvent::from(crossterm::event::KeyCode::Char(c)));
    update(&mut model, key('p'));
    common::deliver(&mut model, common::decode_toml(&level("kritiek"), common::time("2015-11-18T09:12:00+01:00")));
    model.now = common::time("2015-11-18T09:30:00+01:00");
    update(&mut model, key('p'));
    let text = screen(&model, 160, 40);
    assert!(text.contains("MINIMAAL 1/5 → KRITIEK 5/5 (09:12)"), "{text}");
}

// 13. The input is read in full: see the unit tests in src/feed/time.rs; here through
// the decoder, in TOML native form and JSON strings.

#[test]
fn datetimes_without_seconds_and_leap_seconds() {
    let feed = "version = 1\ngenerated = 2016-12-31T23:59:60Z\n[threat]\nlevel = 4\nsince = 2015-11-13T21:20+01:00\n";
    let model = model_with(feed, "2017-01-01T00:10:00Z", Env::EN);
    assert_eq!(model.health, sitrep::app::FeedHealth::Good, "{:?}", model.health);
    let bad = "version = 1\ngenerated = 2015-11-18T09:00:60+01:00\n[threat]\nlevel = 4\n";
    let model = model_with(bad, "2015-11-18T09:10:00+01:00", Env::EN);
    let sitrep::app::FeedHealth::Rejected { problems, .. } = &model.health else {
        panic!("a false leap second passed")
    };
    assert!(problems[0].message.contains("leap second"), "{problems:?}");
    assert_eq!(problems[0].position.map(|p| p.line), Some(2));
}

// 14. Small things that cost trust.

#[test]
fn one_warning_is_singular() {
    let feed = format!(
        "{HEAD}[threat]\nlevel = 4\n[[measures]]\nid = \"m\"\nlocation = \"Schiphol\"\ncategory = \"airport\"\n\
         description = \"d\"\nstatus = \"active\"\nreview = 2015-11-10T12:00:00+01:00\n"
    );
    let text = screen(&model_with(&feed, "2015-11-18T09:10:00+01:00", Env::EN), 120, 40);
    assert!(text.contains("⚠ 1 warning (w)"), "{text}");
}

#[test]
fn dutch_screens_give_dutch_errors_and_hints() {
    let mut model = model_with(&format!("{HEAD}[threat]\nlevel = 4\n"), "2015-11-18T09:10:00+01:00", Env::NL);
    let broken = format!("{HEAD}[threat]\nlevel = 4\nlvel = 3\n");
    common::deliver(&mut model, common::decode_toml(&broken, common::time("2015-11-18T09:11:00+01:00")));
    let text = screen(&model, 160, 40);
    assert!(text.contains("fout: onbekend veld `lvel`"), "{text}");
    assert!(screen(&model, 50, 20).contains("?:toetsen"), "the narrow hint");
}

#[test]
fn major_and_intensified_have_their_own_symbols() {
    use sitrep::feed::{MeasureStatus, Severity};
    let major = sitrep::ui::timeline::severity_symbol(Severity::Major);
    let intensified = sitrep::ui::measures::status_symbol(MeasureStatus::Intensified);
    assert_ne!(major, intensified);
}

#[test]
fn snapshot_into_a_closed_pipe_ends_quietly() {
    use std::io::Read;
    use std::process::{Command, Stdio};
    for format in ["text", "json"] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_sitrep"))
            .args(["--config", "config/default.toml", "snapshot", "--format", format, "--height", "200"])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Read one byte, then close the pipe, as `head -c1` does.
        let mut stdout = child.stdout.take().unwrap();
        let mut byte = [0u8; 1];
        stdout.read_exact(&mut byte).unwrap();
        drop(stdout);
        let output = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!stderr.contains("BACKTRACE") && !stderr.contains("Error"), "{format}: {stderr}");
    }
}
