//! The wallboard: in a real pseudo-terminal, a long feed pages by itself and every
//! measure and incident is seen within one cycle; keys are ignored but Ctrl-C and
//! Ctrl-L; a new picture starts again at the first page; marks go after `new_for`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "common/pty.rs"]
mod pty;

mod common;

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::time::{Duration, Instant};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use portable_pty::CommandBuilder;
use pty::{Dashboard, with_test_env};
use sitrep::app::{Command, Message, Panel, update};

const AT: &str = "2015-11-18T09:10:00+01:00";

/// `measures` measures in three categories and `incidents` past incidents.
fn long_feed(measures: usize, incidents: usize) -> String {
    let mut text =
        String::from("version = 1\ngenerated = 2015-11-18T09:00:00+01:00\n[threat]\nlevel = \"substantieel\"\n");
    for i in 0..measures {
        let category = ["station", "airport", "border"][i % 3];
        write!(
            text,
            "[[measures]]\nid = \"m{i}\"\nlocation = \"Post {i:02}\"\ncategory = \"{category}\"\n\
             description = \"Extra toezicht\"\nstatus = \"active\"\n"
        )
        .unwrap();
    }
    for i in 0..incidents {
        write!(
            text,
            "[[incidents]]\nid = \"i{i}\"\ntime = 2015-11-17T{:02}:{:02}:00+01:00\ntitle = \"Melding {i:02}\"\nseverity = \"info\"\n",
            i / 60,
            i % 60
        )
        .unwrap();
    }
    text
}

/// Every `Post NN` and `Melding NN` on the screen.
fn seen_on(screen: &vt100::Screen, seen: &mut BTreeSet<String>) {
    for line in screen.contents().lines() {
        for word in ["Post ", "Melding "] {
            if let Some(at) = line.find(word) {
                let rest = &line[at..];
                let end = rest.char_indices().nth(word.len() + 2).map_or(rest.len(), |(i, _)| i);
                seen.insert(rest[..end].to_owned());
            }
        }
    }
}

#[test]
fn a_long_feed_pages_by_itself_and_every_item_is_seen() {
    let dir = tempfile::tempdir().unwrap();
    let feed = dir.path().join("feed.toml");
    std::fs::write(&feed, long_feed(60, 40)).unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "page_seconds = 1\n").unwrap();
    let mut command = CommandBuilder::new(env!("CARGO_BIN_EXE_sitrep"));
    command.args(["--wallboard", "--at", AT, "--config"]);
    command.arg(&config);
    command.arg("--feed");
    command.arg(&feed);
    with_test_env(&mut command);
    let mut dashboard = Dashboard::start_command(command, 120, 30);
    assert!(dashboard.read_until(Duration::from_secs(10), |s| s.contents().contains("Post 00")));
    assert!(dashboard.terminal.screen().contents().contains("wallboard · Ctrl-C quits"));
    // Keys change nothing on a wall: q does not quit, / opens no filter.
    dashboard.press(b"q/x?");
    let mut seen = BTreeSet::new();
    let deadline = Instant::now() + Duration::from_secs(40);
    while seen.len() < 100 && Instant::now() < deadline {
        dashboard.pump(Duration::from_millis(200));
        seen_on(dashboard.terminal.screen(), &mut seen);
    }
    let missing: Vec<String> = (0..60)
        .map(|i| format!("Post {i:02}"))
        .chain((0..40).map(|i| format!("Melding {i:02}")))
        .filter(|item| !seen.contains(item))
        .collect();
    assert!(missing.is_empty(), "never on screen: {missing:?}\n{}", dashboard.terminal.screen().contents());
    assert!(dashboard.is_running(), "q must not end a wallboard");
    let screen = dashboard.terminal.screen().contents();
    assert!(screen.contains("page ") && !screen.contains("Filter") && !screen.contains("Keys"), "{screen}");
    // Ctrl-C ends it.
    dashboard.press(b"\x03");
    assert!(dashboard.wait_for_exit(Duration::from_secs(5)).is_some());
}

fn wall_model(feed: &str) -> sitrep::app::Model {
    let mut model = common::empty_model(AT, common::Env::EN, (120, 30));
    model.settings.wallboard_mode = true;
    model.wall = Some(sitrep::app::wallboard::WallState::default());
    common::deliver(&mut model, common::decode_toml(feed, common::time(AT)));
    model
}

#[test]
fn on_a_wall_every_key_is_ignored_but_ctrl_c_and_ctrl_l() {
    let mut model = wall_model(&long_feed(30, 30));
    let before = (model.overlay, model.filter.clone(), model.timeline_cursor, model.focus, model.view, model.paused);
    for code in [
        KeyCode::Char('q'),
        KeyCode::Char('/'),
        KeyCode::Char('?'),
        KeyCode::Char('p'),
        KeyCode::Char('m'),
        KeyCode::Char('z'),
        KeyCode::Down,
        KeyCode::Enter,
        KeyCode::Tab,
        KeyCode::Esc,
    ] {
        let commands = update(&mut model, Message::Key(KeyEvent::new(code, KeyModifiers::NONE)));
        assert!(commands.is_empty() && model.running, "{code:?}");
    }
    assert_eq!(
        before,
        (model.overlay, model.filter.clone(), model.timeline_cursor, model.focus, model.view, model.paused)
    );
    let redraw = update(&mut model, Message::Key(KeyEvent::new(KeyCode::Char('l'), KeyModifiers::CONTROL)));
    assert_eq!(redraw, vec![Command::Redraw]);
    update(&mut model, Message::Key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL)));
    assert!(!model.running);
}

#[test]
fn pages_wrap_round_and_a_new_picture_starts_again_at_page_one() {
    let feed = long_feed(30, 30);
    let mut model = wall_model(&feed);
    let page = |model: &sitrep::app::Model| sitrep::app::wallboard::pages(model, Panel::Timeline).unwrap();
    let (first, count) = page(&model);
    assert_eq!(first, 1);
    assert!(count >= 3, "the timeline overflows: {count} pages");
    for expected in (2..=count).chain([1]) {
        update(&mut model, Message::PageTurn);
        assert_eq!(page(&model).0, expected);
    }
    update(&mut model, Message::PageTurn);
    assert_eq!(page(&model).0, 2);
    let text = sitrep::snapshot::screen_text(&model, 120, 30);
    assert!(text.contains(&format!("page 2/{count}")), "{text}");
    // A new picture: page 1 at once.
    let newer = feed.replace("Melding 05", "Melding 05 (bijgewerkt)");
    common::deliver(&mut model, common::decode_toml(&newer, common::time("2015-11-18T09:11:00+01:00")));
    assert_eq!(page(&model).0, 1);
}

#[test]
fn marks_and_banners_go_after_new_for() {
    let feed = long_feed(3, 3);
    let mut model = wall_model(&feed);
    model.clock_pinned = false;
    let newer = feed.replace("Melding 01", "Melding 01 (bijgewerkt)")
        + "[[incidents]]\nid = \"crit\"\ntime = 2015-11-18T09:05:00+01:00\ntitle = \"Explosie\"\nseverity = \"critical\"\n";
    common::deliver(&mut model, common::decode_toml(&newer, common::time(AT)));
    let text = sitrep::snapshot::screen_text(&model, 120, 30);
    assert!(text.contains("✱") && text.contains("NEW CRITICAL"), "{text}");
    assert_eq!(model.next_deadline(), Some(common::time(AT) + chrono::TimeDelta::minutes(15)));
    update(&mut model, Message::Tick(common::time("2015-11-18T09:24:00+01:00")));
    assert!(sitrep::snapshot::screen_text(&model, 120, 30).contains("✱"), "still new after 14 minutes");
    update(&mut model, Message::Tick(common::time("2015-11-18T09:25:00+01:00")));
    let text = sitrep::snapshot::screen_text(&model, 120, 30);
    assert!(!text.contains("✱") && !text.contains("NEW CRITICAL"), "{text}");
}

#[test]
fn a_wall_rotates_its_views() {
    let mut model = common::empty_model(AT, common::Env::EN, (120, 30));
    model.settings.wallboard_mode = true;
    model.settings.wallboard.rotate = vec![sitrep::app::model::View::Dashboard, sitrep::app::model::View::Map];
    let mut model = sitrep::app::Model::new(model.settings.clone(), model.origin.clone(), model.now, true);
    model.size = (120, 30);
    common::deliver(&mut model, common::decode_toml(&long_feed(3, 3), common::time(AT)));
    assert_eq!(model.view, sitrep::app::model::View::Dashboard);
    update(&mut model, Message::ViewTurn);
    assert_eq!(model.view, sitrep::app::model::View::Map);
    assert!(sitrep::snapshot::screen_text(&model, 120, 30).contains("Map"));
    update(&mut model, Message::ViewTurn);
    assert_eq!(model.view, sitrep::app::model::View::Dashboard);
}
