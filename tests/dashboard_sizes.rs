//! The dashboard draws at every terminal size from 0×0 to 300×100 (a sampled grid that
//! takes in every layout boundary) without panicking and without putting a control or
//! bidi character into any cell: for the demo, a near-empty feed, a feed of hostile
//! strings and a rejected feed with no picture yet, with each overlay open, scrolled to
//! the end and with a filter being typed; and whenever a picture is shown without an
//! overlay, its level is on screen.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::fmt::Write as _;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::buffer::Buffer;
use sitrep::app::layout::{MIN_HEIGHT, MIN_WIDTH};
use sitrep::app::{FeedEvent, FeedHealth, Message, Model, Overlay, update};
use sitrep::feed::text::is_unsafe_char;
use sitrep::snapshot::buffer_text;

use common::{DEMO_AT, Env, MINIMAL_AT, MINIMAL_FEED, toml_str};

/// When the hostile feed was written; the clock is pinned three hours later, so that it
/// is stale as well as an exercise (and, after a rejected reread, rejected): three
/// banners competing for rows.
const HOSTILE_GENERATED: &str = "2015-11-18T09:00:00+01:00";
const HOSTILE_AT: &str = "2015-11-18T12:00:00+01:00";

/// Widths: the extremes, both sides of every width the layout and the panels test
/// (`MIN_WIDTH`, 50/60/70/80/90/100/110 columns of list text, the wide side-by-side
/// layout at 150 and its left panel's own steps), and a spread in between.
fn widths() -> Vec<u16> {
    let mut widths: Vec<u16> = vec![0, 1, 2, 3, 5, 8, 10, 15, 19, 20, 21, 25, 45, 55, 65, 75, 85, 95, 130, 140, 180];
    for boundary in [MIN_WIDTH, 40, 52, 62, 72, 80, 82, 92, 100, 112, 116, 150, 160, 205, 250, 300] {
        widths.extend([boundary - 1, boundary]);
    }
    sorted_unique(widths.into_iter().filter(|w| *w <= 300).collect())
}

/// Heights: every height up to 40 (the body's steps at 12, 14, 19, 30 rows shift with
/// up to three banners, so take them all), then a spread up to 100.
fn heights() -> Vec<u16> {
    let mut heights: Vec<u16> = (0..=40).collect();
    heights.extend([MIN_HEIGHT, 45, 50, 60, 75, 99, 100]);
    sorted_unique(heights)
}

fn sorted_unique(mut values: Vec<u16>) -> Vec<u16> {
    values.sort_unstable();
    values.dedup();
    values
}

/// The whole grid, plus the sizes that must be in it whatever the grid becomes.
fn sizes() -> Vec<(u16, u16)> {
    let mut sizes: Vec<(u16, u16)> =
        widths().iter().flat_map(|&w| heights().into_iter().map(move |h| (w, h))).collect();
    sizes.extend([(0, 0), (1, 1), (1, 100), (300, 1), (29, 7), (30, 8), (300, 100)]);
    sizes.sort_unstable();
    sizes.dedup();
    sizes
}

/// Every third width and height of the grid (and the corners): for the states other
/// than the plain screen, to keep the test within seconds on two cores.
fn coarse_sizes() -> Vec<(u16, u16)> {
    let picked =
        |values: Vec<u16>| values.into_iter().enumerate().filter(|(i, _)| i % 3 == 0).map(|(_, v)| v).collect();
    let (widths, heights): (Vec<u16>, Vec<u16>) = (picked(widths()), picked(heights()));
    let mut sizes: Vec<(u16, u16)> = widths.iter().flat_map(|&w| heights.iter().map(move |&h| (w, h))).collect();
    sizes.extend([(0, 0), (1, 1), (1, 100), (300, 1), (29, 7), (30, 8), (30, 12), (300, 100), (80, 24), (120, 40)]);
    sizes.sort_unstable();
    sizes.dedup();
    sizes
}

/// Strings a feed producer (or an attacker) could send: terminal escapes, C1 controls,
/// bidi overrides, separators, wide and combining characters.
const HOSTILE: &[&str] = &[
    "\u{1b}[2J\u{1b}[H",                                                         // clear the screen
    "\u{1b}]0;pwned\u{7}",                                                       // OSC 0: retitle the window
    "\u{1b}]52;c;cHduZWQ=\u{7}",                                                 // OSC 52: write the clipboard
    "\u{1b}P1;2|zz\u{1b}\\",                                                     // DCS
    "\u{9b}31m\u{9d}0;x\u{9c}\u{85}",                                            // C1: CSI, OSC, ST, NEL
    "\u{202e}gnissarreV\u{202c}",                                                // bidi override
    "\u{2066}\u{2067}\u{2068}iso\u{2069}\u{200e}\u{200f}\u{61c}",                // isolates and marks
    "\u{2028}\u{2029}\u{feff}",                                                  // separators, BOM
    "\r\u{8}\u{7f}\u{0}\t",                                                      // CR, BS, DEL, NUL, tab
    "東京都庁・大阪城・名古屋駅🚨ＡＢＣ",                                        // wide
    "Z\u{335}\u{321}\u{322}\u{34e}\u{344}\u{310}\u{35d}a\u{301}\u{302}e\u{301}", // combining
];

/// All hostile strings in one, tagged with `n` (ids and scopes must stay unique).
fn hostile(n: usize) -> String {
    format!("{n} {}", HOSTILE.concat())
}

/// Long enough to overflow any line of a 300-column screen many times.
fn hostile_long(n: usize) -> String {
    hostile(n).repeat(40)
}

/// A valid feed whose every string is hostile, long or both; enough items to scroll,
/// past and future incidents, every category, status and severity, covert measures and
/// overdue reviews; the level lapsed and a scoped level.
fn hostile_feed() -> String {
    let mut feed = format!(
        "version = 1\ngenerated = {HOSTILE_GENERATED}\nexercise = true\nsource = {}\ntitle = {}\n\n\
         [threat]\nlevel = \"kritiek\"\nsince = 2015-11-14T00:00:00+01:00\nassessed = 2015-11-15T00:00:00+01:00\n\
         until = 2015-11-18T10:00:00+01:00\nreference = {}\nsummary = {}\n\n\
         [[threat.scoped]]\nscope = {}\nlevel = \"beperkt\"\nuntil = 2015-11-19T10:00:00+01:00\n\n\
         [[threat.history]]\nlevel = \"substantieel\"\nsince = 2013-03-13T00:00:00+01:00\n",
        toml_str(&hostile_long(0)),
        toml_str(&hostile_long(1)),
        toml_str(&hostile(2)),
        toml_str(&hostile_long(3)),
        toml_str(&hostile_long(4)),
    );
    let categories = ["station", "airport", "border", "government", "event", "infrastructure", "other"];
    let statuses = ["planned", "active", "intensified", "scaled_down", "ended"];
    for i in 0..30 {
        write!(
            feed,
            "\n[[measures]]\nid = {}\nlocation = {}\ncategory = \"{}\"\ndescription = {}\nagency = {}\n\
             status = \"{}\"\nvisibility = \"{}\"\nsince = 2015-11-14T06:00:00+01:00\n\
             review = 2015-11-{:02}T12:00:00+01:00\nregion = {}\nnotes = {}\n",
            toml_str(&hostile(100 + i)),
            toml_str(&if i % 2 == 0 { hostile_long(i) } else { hostile(i) }),
            categories[i % categories.len()],
            toml_str(&hostile_long(i)),
            toml_str(&hostile(i)),
            statuses[i % statuses.len()],
            if i % 4 == 0 { "covert" } else { "visible" },
            15 + i % 10,
            toml_str(&hostile(i)),
            toml_str(&format!("{}\n{}\r\n{}", hostile_long(i), hostile(i), hostile(i))),
        )
        .unwrap();
    }
    let severities = ["info", "minor", "major", "critical"];
    for i in 0..40 {
        write!(
            feed,
            "\n[[incidents]]\nid = {}\ntime = 2015-11-{:02}T{:02}:30:00+01:00\ntitle = {}\nseverity = \"{}\"\n\
             location = {}\ntags = [{}, {}]\nclaimed_by = {}\nsource = {}\ndetails = {}\n\
             casualties = {{ dead = {}, injured = {} }}\n",
            toml_str(&hostile(200 + i)),
            10 + i % 15,
            i % 24,
            toml_str(&if i % 3 == 0 { hostile_long(i) } else { hostile(i) }),
            severities[i % severities.len()],
            toml_str(&hostile_long(i)),
            toml_str(&hostile(i)),
            toml_str("\u{202e}tag"),
            toml_str(&hostile(i)),
            toml_str(&hostile(i)),
            toml_str(&format!("{}\n{}", hostile_long(i), hostile(i))),
            i * 1_000_000,
            u32::MAX,
        )
        .unwrap();
    }
    feed
}

/// A feed that is refused, with hostile text in its keys and values (which problems
/// quote).
fn rejected_feed() -> String {
    format!(
        "version = 1\ngenerated = {HOSTILE_GENERATED}\n{} = 1\n[threat]\nlevel = {}\n",
        toml_str(&hostile(0)),
        toml_str(&hostile(1))
    )
}

/// The states of the dashboard the sizes are tried with.
#[derive(Debug, Clone, Copy)]
enum Setup {
    Demo,
    Minimal,
    /// The hostile feed, then a rejected reread: the last good picture with three banners.
    Hostile,
    /// Only a rejected feed: no picture yet.
    RejectedFirst,
}

fn base_model(setup: Setup) -> Model {
    let env = Env::NL;
    match setup {
        Setup::Demo => common::model_once(None, DEMO_AT, env, (80, 24)),
        Setup::Minimal => common::model_once(Some(MINIMAL_FEED), MINIMAL_AT, env, (80, 24)),
        Setup::Hostile => {
            let now = common::time(HOSTILE_AT);
            let mut model = common::empty_model(HOSTILE_AT, env, (80, 24));
            let loaded = common::decode_toml(&hostile_feed(), now);
            assert!(matches!(loaded, FeedEvent::Loaded { .. }), "the hostile feed must be valid: {loaded:?}");
            common::deliver(&mut model, loaded);
            common::deliver(&mut model, rejected(now));
            model
        }
        Setup::RejectedFirst => {
            let now = common::time(HOSTILE_AT);
            let mut model = common::empty_model(HOSTILE_AT, env, (80, 24));
            common::deliver(&mut model, rejected(now));
            assert!(model.picture.is_none());
            model
        }
    }
}

fn rejected(now: chrono::DateTime<chrono::Utc>) -> FeedEvent {
    let event = common::decode_toml(&rejected_feed(), now);
    assert!(matches!(event, FeedEvent::Rejected { .. }), "the rejected feed must be refused: {event:?}");
    event
}

/// What is open or going on when the screen is drawn.
#[derive(Debug, Clone, Copy)]
enum State {
    Plain,
    Help,
    Problems,
    Incident,
    Measure,
    /// Both lists scrolled to their last row.
    ScrolledToEnd,
    /// A filter being typed (wide characters included).
    Filtering,
}

fn press(model: &mut Model, code: KeyCode) {
    update(model, Message::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

/// The item with the most text, so that its overlay has the most to wrap.
fn longest_incident(model: &Model) -> u32 {
    let picture = model.picture.as_ref().unwrap();
    let longest =
        picture.feed.incidents.iter().enumerate().max_by_key(|(_, i)| i.details.as_ref().map_or(0, |d| d.len()));
    longest.map_or(0, |(index, _)| u32::try_from(index).unwrap())
}

fn longest_measure(model: &Model) -> u32 {
    let picture = model.picture.as_ref().unwrap();
    let longest = picture.feed.measures.iter().enumerate().max_by_key(|(_, m)| m.notes.as_ref().map_or(0, |n| n.len()));
    longest.map_or(0, |(index, _)| u32::try_from(index).unwrap())
}

/// `base` resized to `size` (through `update`, as the loop does) and put in `state`;
/// `None` when the state cannot arise for this model (no item to open).
fn model_in_state(base: &Model, state: State, size: (u16, u16)) -> Option<Model> {
    let mut model = base.clone();
    update(&mut model, Message::Resize { width: size.0, height: size.1 });
    let has = |kind: fn(&sitrep::feed::Feed) -> bool| model.picture.as_ref().is_some_and(|p| kind(&p.feed));
    match state {
        State::Plain => {}
        State::Help => press(&mut model, KeyCode::Char('?')),
        State::Problems => press(&mut model, KeyCode::Char('w')),
        State::Incident if has(|f| !f.incidents.is_empty()) => {
            model.overlay = Overlay::Incident(longest_incident(&model))
        }
        State::Measure if has(|f| !f.measures.is_empty()) => model.overlay = Overlay::Measure(longest_measure(&model)),
        State::Incident | State::Measure => return None,
        State::ScrolledToEnd => {
            press(&mut model, KeyCode::End);
            press(&mut model, KeyCode::Tab);
            press(&mut model, KeyCode::End);
        }
        State::Filtering => {
            press(&mut model, KeyCode::Char('/'));
            for c in "東 a".chars() {
                press(&mut model, KeyCode::Char(c));
            }
        }
    }
    Some(model)
}

/// Where a cell holds a character that must never reach the terminal.
fn unsafe_cells(buffer: &Buffer) -> Vec<(u16, u16, String)> {
    let area = buffer.area;
    let mut found = Vec::new();
    for y in area.top()..area.bottom() {
        for x in area.left()..area.right() {
            let symbol = buffer[(x, y)].symbol();
            if symbol.chars().any(is_unsafe_char) {
                found.push((x, y, symbol.escape_unicode().to_string()));
            }
        }
    }
    found
}

/// The level in force as the screen writes it (`KRITIEK 5/5`), or the word for a
/// lapsed level (`VERLOPEN`), which must then stand in its place.
fn level_text(model: &Model) -> Option<String> {
    let national = model.picture.as_ref()?.feed.threat.national_at(model.now);
    if matches!(national.standing, sitrep::feed::in_force::Standing::Lapsed { .. }) {
        return Some(sitrep::ui::labels::Labels::of(model.settings.language).lapsed.to_owned());
    }
    let level = national.in_force()?;
    Some(format!("{} {}/{}", level.name.to_uppercase(), level.rank, level.of))
}

/// Draws `model` at `size` and checks what must hold at any size.
fn check(setup: Setup, state: State, model: &Model, (width, height): (u16, u16)) {
    let what = format!("{setup:?} / {state:?} at {width}x{height}");
    let buffer = common::render(model, width, height);
    assert_eq!(buffer.area.width * buffer.area.height, width * height, "{what}: the buffer has the wrong size");
    let unsafe_found = unsafe_cells(&buffer);
    assert!(unsafe_found.is_empty(), "{what}: unsafe characters on screen at {unsafe_found:?}");

    let text = buffer_text(&buffer);
    let plain = model.overlay == Overlay::None;
    if let Some(level) = level_text(model)
        && plain
        && height >= 1
        && usize::from(width) > level.chars().count() + 1
    {
        assert!(text.contains(&level), "{what}: the level `{level}` is not on screen:\n{text}");
    }
    if matches!(model.health, FeedHealth::Rejected { .. }) && plain && height >= 1 && width >= 50 {
        assert!(text.contains("FEED GEWEIGERD"), "{what}: the rejection is not on screen:\n{text}");
    }
}

fn check_all_sizes(setup: Setup, states: &[State], sizes: &[(u16, u16)]) {
    let base = base_model(setup);
    for &state in states {
        for &size in sizes {
            if let Some(model) = model_in_state(&base, state, size) {
                check(setup, state, &model, size);
            }
        }
    }
}

/// The plain screen goes through the whole grid; the other states through the coarser one.
const PLAIN: &[State] = &[State::Plain];
const OTHERS: &[State] =
    &[State::ScrolledToEnd, State::Filtering, State::Help, State::Problems, State::Incident, State::Measure];

#[test]
fn the_size_grid_takes_in_the_corners_and_the_layout_boundaries() {
    let sizes = sizes();
    for size in [(0, 0), (1, 1), (1, 100), (300, 1), (29, 7), (30, 8), (300, 100)] {
        assert!(sizes.contains(&size), "{size:?} is missing");
    }
    for (w, h) in [(MIN_WIDTH - 1, MIN_HEIGHT), (MIN_WIDTH, MIN_HEIGHT - 1), (149, 40), (150, 40), (100, 32), (99, 32)]
    {
        assert!(sizes.contains(&(w, h)), "{w}x{h} is missing");
    }
}

#[test]
fn demo_at_every_size() {
    check_all_sizes(Setup::Demo, PLAIN, &sizes());
}

#[test]
fn demo_with_overlays_filter_and_scrolling() {
    check_all_sizes(Setup::Demo, OTHERS, &coarse_sizes());
}

#[test]
fn minimal_feed_at_every_size() {
    check_all_sizes(Setup::Minimal, PLAIN, &sizes());
    check_all_sizes(Setup::Minimal, OTHERS, &coarse_sizes());
}

#[test]
fn hostile_feed_at_every_size() {
    check_all_sizes(Setup::Hostile, PLAIN, &sizes());
}

#[test]
fn hostile_feed_with_overlays_filter_and_scrolling() {
    check_all_sizes(Setup::Hostile, OTHERS, &coarse_sizes());
}

#[test]
fn rejected_feed_without_a_picture_at_every_size() {
    check_all_sizes(Setup::RejectedFirst, PLAIN, &sizes());
    check_all_sizes(Setup::RejectedFirst, OTHERS, &coarse_sizes());
}

/// The check must be able to fail: a raw escape written straight into a cell is found.
#[test]
fn the_unsafe_cell_check_finds_a_raw_escape() {
    let mut buffer = Buffer::empty(ratatui::layout::Rect::new(0, 0, 4, 2));
    buffer[(3, 1)].set_symbol("a\u{202e}");
    assert_eq!(unsafe_cells(&buffer), vec![(3, 1, "a\u{202e}".escape_unicode().to_string())]);
}

/// A bidi override typed or pasted into the filter is drawn in the panel titles and the
/// status line; `update` keeps out only `char::is_control`, which U+202E is not.
#[test]
fn a_bidi_override_typed_into_the_filter_never_reaches_the_screen() {
    let mut model = base_model(Setup::Demo);
    update(&mut model, Message::Resize { width: 120, height: 40 });
    press(&mut model, KeyCode::Char('/'));
    for c in "\u{202e}a".chars() {
        press(&mut model, KeyCode::Char(c));
    }
    let unsafe_found = unsafe_cells(&common::render(&model, 120, 40));
    assert!(unsafe_found.is_empty(), "unsafe characters on screen at {unsafe_found:?}");
}

/// A measure whose review is overdue and a covert one, each alone in its group.
const WARNINGS_FEED: &str = r#"
version = 1
generated = 2015-11-18T09:00:00+01:00

[threat]
level = "substantieel"

[[measures]]
id = "schiphol"
location = "Schiphol"
category = "airport"
description = "Border checks on flights from Paris"
agency = "KMar"
status = "active"
since = 2015-11-14T06:00:00+01:00
review = 2015-11-17T12:00:00+01:00

[[measures]]
id = "binnenhof"
location = "Binnenhof"
category = "government"
description = "Protection of the parliament"
agency = "AIVD"
status = "active"
visibility = "covert"
since = 2015-11-14T06:00:00+01:00
"#;

/// On a screen at least 80 wide an overdue review and a covert measure say so in their
/// row, whatever optional columns (agency, since, description) the width adds.
#[test]
fn overdue_reviews_and_covert_marks_are_never_cut_off() {
    let at = "2015-11-18T09:10:00+01:00";
    let mut base = common::empty_model(at, Env::EN, (80, 40));
    common::deliver(&mut base, common::decode_toml(WARNINGS_FEED, common::time(at)));
    let mut cut_off = Vec::new();
    for width in 80..=300 {
        let mut model = base.clone();
        update(&mut model, Message::Resize { width, height: 40 });
        let text = buffer_text(&common::render(&model, width, 40));
        let row = |name: &str| text.lines().find(|line| line.contains(name)).unwrap_or_default().to_owned();
        if !row("Schiphol").contains("⚠ review OVERDUE") || !row("Binnenhof").contains("[covert]") {
            cut_off.push(width);
        }
    }
    assert!(cut_off.is_empty(), "a warning is cut off at widths {cut_off:?}");
}
