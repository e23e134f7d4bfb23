//! The map draws at every terminal size from 0×0 to 300×100 (a sampled grid that takes
//! in the layout's and the map's own boundaries; a coarser one for the map of Europe and
//! the other feeds), for both regions, without panicking
//! and without putting a control or bidi character into any cell: the demo, and a feed
//! of hostile names at the world's corners, many of them in one place.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::fmt::Write as _;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use sitrep::app::{FeedEvent, Message, Model, update};
use sitrep::feed::text::is_unsafe_char;

use common::{DEMO_AT, Env, toml_str};

const HOSTILE_AT: &str = "2015-11-18T12:00:00+01:00";

fn widths() -> Vec<u16> {
    vec![
        0, 1, 2, 3, 4, 5, 8, 10, 15, 20, 25, 29, 30, 31, 35, 40, 45, 50, 55, 60, 63, 64, 65, 66, 67, 70, 80, 90, 100,
        110, 120, 130, 150, 180, 200, 250, 299, 300,
    ]
}

fn heights() -> Vec<u16> {
    let mut heights: Vec<u16> = (0..=40).collect();
    heights.extend([45, 50, 60, 75, 99, 100]);
    heights
}

/// Strings a producer (or an attacker) could send, as a TOML basic string.
fn hostile(n: usize) -> String {
    toml_str(&format!(
        "{n} \u{1b}[2J\u{1b}]0;x\u{7}\u{9b}31m\u{202e}rev\u{2066}東京都庁🚨ＡＢＣZ\u{335}\u{321}a\u{301}"
    ))
}

/// Items at the world's corners and edges, on the border, stacked in one place, placed
/// by name and unplaced; every name hostile.
fn hostile_feed() -> String {
    let mut feed = format!(
        "version = 1\ngenerated = 2015-11-18T09:00:00+01:00\nexercise = true\ntitle = {}\n\n[threat]\nlevel = \"kritiek\"\n",
        hostile(0)
    );
    let places = [
        (90.0, 180.0),
        (-90.0, -180.0),
        (0.0, 0.0),
        (52.37, 4.89),
        (52.37, 4.89),
        (52.37, 4.89),
        (51.49, 4.746),
        (58.5, 21.0),
        (41.0, -11.0),
        (53.65, 3.2),
        (48.86, 2.35),
    ];
    let categories = ["station", "airport", "border", "government", "event", "infrastructure", "other"];
    let statuses = ["planned", "active", "intensified", "scaled_down", "ended"];
    for i in 0..40 {
        let position = places.get(i % 14).map_or(String::new(), |(lat, lon)| format!("lat = {lat}\nlon = {lon}\n"));
        let location = match i % 5 {
            0 => "\"Zuidgrens\"".to_owned(),
            1 => "\"Grote stations\"".to_owned(),
            _ => hostile(i),
        };
        write!(
            feed,
            "\n[[measures]]\nid = \"m{i}\"\nlocation = {location}\ncategory = \"{}\"\ndescription = {}\nstatus = \"{}\"\nvisibility = \"{}\"\n{position}",
            categories[i % categories.len()],
            hostile(i),
            statuses[i % statuses.len()],
            if i % 4 == 0 { "covert" } else { "visible" },
        )
        .unwrap();
    }
    let severities = ["info", "minor", "major", "critical"];
    for i in 0..40 {
        let position = places.get(i % 13).map_or(String::new(), |(lat, lon)| format!("lat = {lat}\nlon = {lon}\n"));
        write!(
            feed,
            "\n[[incidents]]\nid = \"i{i}\"\ntime = 2015-11-{:02}T10:00:00+01:00\ntitle = {}\nseverity = \"{}\"\nlocation = {}\n{position}",
            10 + i % 15,
            hostile(i),
            severities[i % severities.len()],
            hostile(i + 100),
        )
        .unwrap();
    }
    feed
}

fn press(model: &mut Model, code: KeyCode) {
    update(model, Message::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

/// Every other width and height of the grid, and the corners: for the cases beyond the
/// demo on the map of the Netherlands, to keep the test within seconds on two cores.
fn coarse(values: Vec<u16>) -> Vec<u16> {
    let last = values.last().copied();
    let mut picked: Vec<u16> = values.into_iter().step_by(2).collect();
    picked.extend(last);
    picked.dedup();
    picked
}

fn check_all_sizes(base: &Model, what: &str, fine: bool) {
    let (all_widths, all_heights) = (widths(), heights());
    for europe in [false, true] {
        let fine = fine && !europe;
        let widths = if fine { all_widths.clone() } else { coarse(all_widths.clone()) };
        let heights = if fine { all_heights.clone() } else { coarse(all_heights.clone()) };
        let mut model = base.clone();
        press(&mut model, KeyCode::Char('m'));
        if europe {
            press(&mut model, KeyCode::Char('v'));
        }
        for &width in &widths {
            for &height in &heights {
                let mut sized = model.clone();
                update(&mut sized, Message::Resize { width, height });
                // Walk the selection a little, so that a selected marker is drawn too.
                press(&mut sized, KeyCode::Char('j'));
                let buffer = common::render(&sized, width, height);
                assert_eq!(buffer.area.width * buffer.area.height, width * height);
                for (i, cell) in buffer.content().iter().enumerate() {
                    assert!(
                        !cell.symbol().chars().any(is_unsafe_char),
                        "{what} (europe: {europe}) at {width}x{height}: unsafe `{}` in cell {i}",
                        cell.symbol().escape_unicode()
                    );
                }
            }
        }
    }
}

#[test]
fn the_demo_map_draws_at_every_size() {
    let model = common::model_once(None, DEMO_AT, Env::NL, (80, 24));
    check_all_sizes(&model, "demo", true);
}

#[test]
fn a_hostile_map_draws_at_every_size() {
    let now = common::time(HOSTILE_AT);
    let mut model = common::empty_model(HOSTILE_AT, Env::EN, (80, 24));
    let event = common::decode_toml(&hostile_feed(), now);
    assert!(matches!(event, FeedEvent::Loaded { .. }), "the hostile feed must be valid: {event:?}");
    common::deliver(&mut model, event);
    press(&mut model, KeyCode::Tab);
    check_all_sizes(&model, "hostile", false);
    model.settings.public_screen = true;
    model.refresh_lists();
    check_all_sizes(&model, "hostile, public screen", false);
}

#[test]
fn a_map_without_a_picture_draws_at_every_size() {
    let model = common::empty_model(HOSTILE_AT, Env::EN, (80, 24));
    check_all_sizes(&model, "no picture", false);
}
