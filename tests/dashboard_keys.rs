//! What every key does to the model through the pure `update` (focus, selection within
//! bounds, overlays, the filter, ended measures, quitting, reloading), and what resizes,
//! feed events and clock ticks do: the last good picture stays when a feed is rejected,
//! and a pinned clock does not move.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::fmt::Write as _;

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use sitrep::app::layout;
use sitrep::app::lists::MeasureRow;
use sitrep::app::model::Cursor;
use sitrep::app::{Command, FeedEvent, FeedHealth, Message, Model, Overlay, Panel, update};

use common::Env;

/// Pinned ten minutes after the feeds below were generated (not stale: no banners).
const AT: &str = "2015-11-18T09:10:00+01:00";

/// Five measures (one ended, hidden by default) in four categories, and four incidents
/// in a feed order that is not the screen's: two past, two to come.
///
/// Measures on screen: Stations [0], Airports [1] (ended 3 hidden), Borders [2],
/// Government [4]. Timeline: Upcoming (2): 3, 1; Past (2): 2, 0.
const FEED: &str = r#"
version = 1
generated = 2015-11-18T09:00:00+01:00

[threat]
level = "substantieel"

[[measures]]
id = "utrecht"
location = "Utrecht Centraal"
category = "station"
description = "Extra surveillance"
status = "active"

[[measures]]
id = "schiphol"
location = "Schiphol"
category = "airport"
description = "Border checks on flights from Paris"
status = "intensified"

[[measures]]
id = "zuidgrens"
location = "Zuidgrens"
category = "border"
description = "Mobile security checks"
status = "active"

[[measures]]
id = "eindhoven"
location = "Eindhoven Airport"
category = "airport"
description = "Extra checks, ended"
status = "ended"

[[measures]]
id = "binnenhof"
location = "Binnenhof"
category = "government"
description = "Visible police presence"
status = "active"

[[incidents]]
id = "parijs"
time = 2015-11-13T21:20:00+01:00
title = "Attacks in Paris"
severity = "critical"

[[incidents]]
id = "jbz"
time = 2015-11-20T10:00:00+01:00
title = "Extra JHA Council"
severity = "minor"
location = "Brussels"

[[incidents]]
id = "stilte"
time = 2015-11-16T12:00:00+01:00
title = "Minute of silence"
severity = "info"

[[incidents]]
id = "pers"
time = 2015-11-18T12:00:00+01:00
title = "Press conference"
severity = "info"
location = "Schiphol"
"#;

/// Both panels on screen (stacked): 10 measure rows, 16 timeline rows.
const BIG: (u16, u16) = (100, 40);
/// Too short for the measures panel: the timeline alone.
const SHORT: (u16, u16) = (100, 20);

const HEADER: &str = "version = 1\ngenerated = 2015-11-18T09:00:00+01:00\n\n[threat]\nlevel = \"substantieel\"\n";

/// A feed with no measures and no incidents.
fn empty_feed() -> String {
    HEADER.to_owned()
}

/// A feed with `count` past incidents, to page through.
fn long_feed(count: usize) -> String {
    let mut feed = HEADER.to_owned();
    for i in 0..count {
        write!(
            feed,
            "\n[[incidents]]\nid = \"i{i}\"\ntime = 2015-11-{:02}T{:02}:00:00+01:00\ntitle = \"Incident {i}\"\nseverity = \"info\"\n",
            1 + i / 24,
            i % 24
        )
        .unwrap();
    }
    feed
}

fn now() -> chrono::DateTime<chrono::Utc> {
    common::time(AT)
}

/// A model at `size` that has loaded `feed`.
fn model_with(feed: &str, size: (u16, u16)) -> Model {
    let mut model = common::empty_model(AT, Env::EN, size);
    let event = common::decode_toml(feed, now());
    assert!(matches!(event, FeedEvent::Loaded { .. }), "the test feed must be valid: {event:?}");
    common::deliver(&mut model, event);
    model
}

fn press(model: &mut Model, code: KeyCode) -> Vec<Command> {
    update(model, Message::Key(KeyEvent::new(code, KeyModifiers::NONE)))
}

fn press_ctrl(model: &mut Model, c: char) -> Vec<Command> {
    update(model, Message::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)))
}

fn type_text(model: &mut Model, text: &str) {
    for c in text.chars() {
        press(model, KeyCode::Char(c));
    }
}

/// Rows the focused list shows, as `update` and the view compute them.
fn visible_rows(model: &Model) -> usize {
    let plan = layout::plan(model, model.size);
    let area = match model.focus {
        Panel::Measures => plan.measures,
        Panel::Timeline => plan.timeline,
    };
    area.map_or(0, layout::list_height)
}

fn focused_cursor(model: &Model) -> Cursor {
    match model.focus {
        Panel::Measures => model.measures_cursor,
        Panel::Timeline => model.timeline_cursor,
    }
}

/// The selection is a row of the list and lies inside the visible window.
fn assert_selection_in_view(model: &Model, rows: usize) {
    let cursor = focused_cursor(model);
    let height = visible_rows(model);
    assert!(cursor.selected < rows.max(1), "selection {} outside {rows} rows", cursor.selected);
    if height > 0 && rows > 0 {
        assert!(
            cursor.offset <= cursor.selected && cursor.selected < cursor.offset + height,
            "selection {} not in the window {}..{}",
            cursor.selected,
            cursor.offset,
            cursor.offset + height
        );
    }
}

fn measure_items(model: &Model) -> Vec<u32> {
    model
        .lists
        .measure_rows
        .iter()
        .filter_map(|row| match row {
            MeasureRow::Item(index) => Some(*index),
            MeasureRow::Group { .. } => None,
        })
        .collect()
}

#[test]
fn the_first_picture_selects_the_first_item_not_a_heading() {
    let model = model_with(FEED, BIG);
    assert_eq!(model.focus, Panel::Timeline);
    assert_eq!(model.timeline_cursor.selected, 1);
    assert_eq!(model.measures_cursor.selected, 1);
    assert_eq!(model.timeline_rows(), 6, "two headings and four incidents");
    assert_eq!(measure_items(&model), vec![0, 1, 2, 4]);
}

#[test]
fn tab_and_backtab_switch_between_the_panels_on_screen() {
    let mut model = model_with(FEED, BIG);
    press(&mut model, KeyCode::Tab);
    assert_eq!(model.focus, Panel::Measures);
    press(&mut model, KeyCode::Tab);
    assert_eq!(model.focus, Panel::Timeline);
    press(&mut model, KeyCode::BackTab);
    assert_eq!(model.focus, Panel::Measures);
    press(&mut model, KeyCode::BackTab);
    assert_eq!(model.focus, Panel::Timeline);
}

#[test]
fn tab_keeps_the_timeline_when_the_measures_panel_is_not_on_screen() {
    let mut model = model_with(FEED, SHORT);
    assert!(layout::plan(&model, SHORT).measures.is_none(), "precondition: no measures panel at {SHORT:?}");
    press(&mut model, KeyCode::Tab);
    assert_eq!(model.focus, Panel::Timeline);
    press(&mut model, KeyCode::BackTab);
    assert_eq!(model.focus, Panel::Timeline);
}

#[test]
fn up_and_down_move_the_selection_item_by_item_over_headings() {
    let mut model = model_with(FEED, BIG);
    // Rows: 0 Upcoming, 1 pers, 2 jbz, 3 Past, 4 stilte, 5 parijs.
    let selected = |m: &Model| m.timeline_cursor.selected;
    assert_eq!(selected(&model), 1, "the selection starts on the first item");
    press(&mut model, KeyCode::Char('j'));
    assert_eq!(selected(&model), 2);
    press(&mut model, KeyCode::Down);
    assert_eq!(selected(&model), 4, "Down steps over the Past heading");
    press(&mut model, KeyCode::Char('k'));
    assert_eq!(selected(&model), 2, "Up steps over it too");
    press(&mut model, KeyCode::Up);
    assert_eq!(selected(&model), 1);
    press(&mut model, KeyCode::Up);
    assert_eq!(selected(&model), 1, "Up stops at the first item, never on a heading");
    assert_eq!(model.timeline_cursor.offset, 0, "with its heading in view");
    for _ in 0..10 {
        press(&mut model, KeyCode::Down);
    }
    assert_eq!(selected(&model), 5, "Down stops at the last row");
    assert_eq!(model.measures_cursor.selected, 1, "the other panel's selection stays");
}

#[test]
fn first_and_last_keys_jump_to_the_ends_of_the_focused_list() {
    let mut model = model_with(FEED, BIG);
    press(&mut model, KeyCode::Char('G'));
    assert_eq!(model.timeline_cursor.selected, 5);
    press(&mut model, KeyCode::Char('g'));
    assert_eq!(model.timeline_cursor.selected, 1, "the first item, below its heading");
    press(&mut model, KeyCode::End);
    assert_eq!(model.timeline_cursor.selected, 5);
    press(&mut model, KeyCode::Home);
    assert_eq!(model.timeline_cursor.selected, 1);

    press(&mut model, KeyCode::Tab);
    press(&mut model, KeyCode::End);
    assert_eq!(model.measures_cursor.selected, model.lists.measure_rows.len() - 1);
    press(&mut model, KeyCode::Home);
    assert_eq!(model.measures_cursor.selected, 1);
    assert_eq!(model.timeline_cursor.selected, 1, "the timeline keeps its selection");
}

#[test]
fn page_keys_move_by_the_visible_height_and_keep_the_selection_in_view() {
    let mut model = model_with(&long_feed(60), BIG);
    let rows = model.timeline_rows();
    let height = visible_rows(&model);
    assert!(rows > 2 * height + 1, "precondition: {rows} rows are more than two pages of {height}");
    assert_eq!(model.timeline_cursor.selected, 0, "nothing to come: the first row is an item");

    press(&mut model, KeyCode::PageDown);
    assert_eq!(model.timeline_cursor.selected, height);
    assert_selection_in_view(&model, rows);
    press(&mut model, KeyCode::PageDown);
    assert_eq!(model.timeline_cursor.selected, 2 * height);
    assert_selection_in_view(&model, rows);
    press(&mut model, KeyCode::PageUp);
    assert_eq!(model.timeline_cursor.selected, height);
    assert_selection_in_view(&model, rows);
    for _ in 0..10 {
        press(&mut model, KeyCode::PageDown);
    }
    assert_eq!(model.timeline_cursor.selected, rows - 1);
    assert_selection_in_view(&model, rows);
    for _ in 0..10 {
        press(&mut model, KeyCode::PageUp);
    }
    assert_eq!(model.timeline_cursor, Cursor { selected: 0, offset: 0 });
}

#[test]
fn movement_on_empty_lists_stays_on_row_zero() {
    let mut model = model_with(&empty_feed(), BIG);
    for panel in [Panel::Timeline, Panel::Measures] {
        assert_eq!(model.focus, panel);
        for code in [
            KeyCode::Down,
            KeyCode::Char('j'),
            KeyCode::PageDown,
            KeyCode::End,
            KeyCode::Char('G'),
            KeyCode::Up,
            KeyCode::Char('k'),
            KeyCode::PageUp,
            KeyCode::Home,
            KeyCode::Char('g'),
        ] {
            press(&mut model, code);
            assert_eq!(focused_cursor(&model), Cursor { selected: 0, offset: 0 }, "{panel:?} after {code:?}");
        }
        press(&mut model, KeyCode::Enter);
        assert_eq!(model.overlay, Overlay::None, "{panel:?}: Enter on an empty list opens nothing");
        press(&mut model, KeyCode::Tab);
    }
}

#[test]
fn enter_opens_the_selected_incident_by_its_index_in_the_feed() {
    let mut model = model_with(FEED, BIG);
    // Screen rows: 0 Upcoming, 1 pers (3), 2 jbz (1), 3 Past, 4 stilte (2), 5 parijs (0).
    for (row, expected) in [(1, Some(3)), (2, Some(1)), (4, Some(2)), (5, Some(0)), (0, None), (3, None)] {
        model.timeline_cursor.selected = row;
        press(&mut model, KeyCode::Enter);
        let want = expected.map_or(Overlay::None, Overlay::Incident);
        assert_eq!(model.overlay, want, "Enter on timeline row {row}");
        press(&mut model, KeyCode::Esc);
        assert_eq!(model.overlay, Overlay::None);
    }
}

#[test]
fn enter_opens_the_selected_measure_and_nothing_on_a_heading() {
    let mut model = model_with(FEED, BIG);
    press(&mut model, KeyCode::Tab);
    press(&mut model, KeyCode::Enter);
    assert_eq!(model.overlay, Overlay::Measure(0), "row 1: Utrecht Centraal");
    press(&mut model, KeyCode::Esc);
    press(&mut model, KeyCode::Down);
    press(&mut model, KeyCode::Enter);
    assert_eq!(model.overlay, Overlay::Measure(1), "row 3: Schiphol, over the Airports heading");
    press(&mut model, KeyCode::Esc);
    // Keys never land on a heading; were the selection put there, Enter opens nothing.
    model.measures_cursor.selected = 0;
    press(&mut model, KeyCode::Enter);
    assert_eq!(model.overlay, Overlay::None, "row 0 is the Stations heading");
}

#[test]
fn an_open_overlay_takes_the_keys_until_it_is_closed() {
    let mut model = model_with(FEED, BIG);
    for close in [KeyCode::Esc, KeyCode::Enter, KeyCode::Backspace, KeyCode::Char('q')] {
        press(&mut model, KeyCode::Enter);
        assert_eq!(model.overlay, Overlay::Incident(3));
        press(&mut model, KeyCode::Down);
        press(&mut model, KeyCode::Tab);
        assert_eq!((model.timeline_cursor.selected, model.focus), (1, Panel::Timeline), "keys leak past the overlay");
        press(&mut model, close);
        assert_eq!(model.overlay, Overlay::None, "{close:?} closes the overlay");
        assert!(model.running, "{close:?} in a popup never quits");
    }
    press(&mut model, KeyCode::Char('?'));
    press(&mut model, KeyCode::Char('q'));
    assert_eq!(model.overlay, Overlay::None);
    assert!(model.running, "q closes the help, it does not quit");
    press(&mut model, KeyCode::Char('q'));
    assert!(!model.running, "q quits from the main screen");
}

#[test]
fn help_and_problems_open_with_their_keys() {
    let mut model = model_with(FEED, BIG);
    press(&mut model, KeyCode::Char('?'));
    assert_eq!(model.overlay, Overlay::Help);
    press(&mut model, KeyCode::Esc);
    press(&mut model, KeyCode::Char('w'));
    assert_eq!(model.overlay, Overlay::Problems);
    press(&mut model, KeyCode::Char('?'));
    assert_eq!(model.overlay, Overlay::Help, "? switches to the help from another overlay");
}

#[test]
fn slash_starts_a_filter_that_narrows_both_lists_as_it_is_typed() {
    let mut model = model_with(FEED, BIG);
    press(&mut model, KeyCode::Char('/'));
    assert!(model.filter.editing);
    type_text(&mut model, "SCHIP");
    assert_eq!(model.filter.text, "SCHIP");
    assert_eq!(model.lists.incidents, vec![3], "the press conference at Schiphol");
    assert_eq!(measure_items(&model), vec![1], "the Schiphol measure");
    assert!(matches!(model.lists.measure_rows[0], MeasureRow::Group { count: 1, .. }));

    type_text(&mut model, "x");
    assert!(model.lists.incidents.is_empty() && model.lists.measure_rows.is_empty(), "nothing matches `SCHIPx`");
    press(&mut model, KeyCode::Backspace);
    assert_eq!(model.lists.incidents, vec![3]);

    type_text(&mut model, "q");
    assert!(model.running, "while typing, q is a letter of the filter");
    press(&mut model, KeyCode::Backspace);
    for _ in 0..5 {
        press(&mut model, KeyCode::Backspace);
    }
    assert_eq!(model.filter.text, "");
    assert_eq!(model.lists.incidents.len(), 4);
    assert_eq!(measure_items(&model), vec![0, 1, 2, 4]);
}

#[test]
fn enter_keeps_the_filter_and_esc_clears_it() {
    let mut model = model_with(FEED, BIG);
    press(&mut model, KeyCode::Char('/'));
    type_text(&mut model, "brussels");
    press(&mut model, KeyCode::Enter);
    assert!(!model.filter.editing);
    assert_eq!(model.filter.text, "brussels");
    assert_eq!(model.lists.incidents, vec![1], "kept after Enter");
    assert!(model.lists.measure_rows.is_empty());

    press(&mut model, KeyCode::Esc);
    assert_eq!(model.filter.text, "", "Esc clears a kept filter");
    assert_eq!(model.lists.incidents.len(), 4);
    assert_eq!(measure_items(&model), vec![0, 1, 2, 4]);
    assert_selection_in_view(&model, model.timeline_rows());
}

#[test]
fn esc_while_typing_drops_the_filter() {
    let mut model = model_with(FEED, BIG);
    press(&mut model, KeyCode::Char('/'));
    type_text(&mut model, "paris");
    assert_eq!(model.lists.incidents, vec![0]);
    press(&mut model, KeyCode::Esc);
    assert!(!model.filter.editing);
    assert_eq!(model.filter.text, "");
    assert_eq!(model.lists.incidents.len(), 4);
}

#[test]
fn e_shows_and_hides_ended_measures() {
    let mut model = model_with(FEED, BIG);
    assert_eq!(model.lists.hidden_ended, 1);
    assert!(!measure_items(&model).contains(&3));

    press(&mut model, KeyCode::Char('e'));
    assert!(model.show_ended);
    assert_eq!(model.lists.hidden_ended, 0);
    assert_eq!(measure_items(&model), vec![0, 1, 3, 2, 4], "the ended airport measure comes last among airports");

    press(&mut model, KeyCode::Char('e'));
    assert!(!model.show_ended);
    assert_eq!(model.lists.hidden_ended, 1);
    assert_eq!(measure_items(&model), vec![0, 1, 2, 4]);
}

#[test]
fn q_and_ctrl_c_stop_the_dashboard() {
    let mut model = model_with(FEED, BIG);
    press(&mut model, KeyCode::Char('c'));
    assert!(model.running, "a plain c does nothing");
    press(&mut model, KeyCode::Char('q'));
    assert!(!model.running);

    let mut model = model_with(FEED, BIG);
    press_ctrl(&mut model, 'c');
    assert!(!model.running);

    let mut model = model_with(FEED, BIG);
    press(&mut model, KeyCode::Char('/'));
    press_ctrl(&mut model, 'c');
    assert!(!model.running, "Ctrl-C quits even while typing a filter");
}

#[test]
fn a_key_release_does_nothing() {
    let mut model = model_with(FEED, BIG);
    let release = KeyEvent::new_with_kind(KeyCode::Char('q'), KeyModifiers::NONE, KeyEventKind::Release);
    update(&mut model, Message::Key(release));
    assert!(model.running);
}

#[test]
fn r_asks_for_a_reload_and_other_keys_ask_for_nothing() {
    let mut model = model_with(FEED, BIG);
    assert_eq!(press(&mut model, KeyCode::Char('r')), vec![Command::Reload]);
    assert_eq!(press(&mut model, KeyCode::Char('j')), Vec::new());
    assert_eq!(press(&mut model, KeyCode::Char('?')), Vec::new());
}

#[test]
fn resize_takes_the_new_size_and_keeps_the_selection_in_view() {
    let mut model = model_with(&long_feed(60), BIG);
    press(&mut model, KeyCode::End);
    let last = model.timeline_rows() - 1;
    assert_eq!(model.timeline_cursor.selected, last);

    for size in [SHORT, (40, 10), (200, 60), (0, 0), BIG] {
        update(&mut model, Message::Resize { width: size.0, height: size.1 });
        assert_eq!(model.size, size);
        assert_eq!(model.timeline_cursor.selected, last, "the selection stays at {size:?}");
        assert_selection_in_view(&model, model.timeline_rows());
    }
}

#[test]
fn resize_moves_the_focus_off_a_panel_that_is_no_longer_shown() {
    let mut model = model_with(FEED, BIG);
    press(&mut model, KeyCode::Tab);
    assert_eq!(model.focus, Panel::Measures);
    update(&mut model, Message::Resize { width: SHORT.0, height: SHORT.1 });
    assert_eq!(model.focus, Panel::Timeline);
}

#[test]
fn a_rejected_feed_keeps_the_last_good_picture_and_says_since_when() {
    let mut model = model_with(FEED, BIG);
    let generated = model.picture.as_ref().unwrap().feed.generated;
    let first = now() + chrono::TimeDelta::minutes(1);
    let FeedEvent::Rejected { problems, .. } = common::decode_toml("version = 1\n", first) else {
        panic!("a feed without a threat must be rejected");
    };
    let rejected = |at| Message::Feed(FeedEvent::Rejected { problems: problems.clone(), at });

    update(&mut model, rejected(first));
    let picture = model.picture.as_ref().expect("the last good picture stays");
    assert_eq!(picture.feed.generated, generated);
    assert_eq!(model.lists.incidents.len(), 4);
    assert_eq!(model.health, FeedHealth::Rejected { since: first, problems: problems.clone() });

    update(&mut model, rejected(first + chrono::TimeDelta::minutes(5)));
    assert_eq!(model.health, FeedHealth::Rejected { since: first, problems: problems.clone() }, "since the first");

    common::deliver(&mut model, common::decode_toml(FEED, first + chrono::TimeDelta::minutes(6)));
    assert_eq!(model.health, FeedHealth::Good);
}

#[test]
fn ticks_move_the_clock_unless_it_is_pinned() {
    let later = now() + chrono::TimeDelta::minutes(3);
    let mut pinned = model_with(FEED, BIG);
    assert!(pinned.clock_pinned);
    update(&mut pinned, Message::Tick(later));
    assert_eq!(pinned.now, now());

    let args = sitrep::cli::RunArgs {
        feed: vec![sitrep::source::location::FeedLocation::File("test-feed.toml".into())],
        config: Some("config/default.toml".into()),
        ..Default::default()
    };
    let startup = sitrep::startup::Startup::resolve(&args, |key| Env::EN.get(key), common::wall_now()).unwrap();
    let mut running = startup.model(common::wall_now(), BIG);
    assert!(!running.clock_pinned);
    update(&mut running, Message::Tick(later));
    assert_eq!(running.now, later);
}

/// After the first picture the selection starts on the first item, never on a heading;
/// a changed filter should do the same, so that Enter opens something.
#[test]
fn a_changed_filter_selects_the_first_item_not_a_heading() {
    let mut model = model_with(FEED, BIG);
    press(&mut model, KeyCode::Char('/'));
    type_text(&mut model, "s");
    press(&mut model, KeyCode::Enter);
    assert_eq!(model.timeline_cursor.selected, 1, "row 0 is the Upcoming heading");
    assert_eq!(model.measures_cursor.selected, 1, "row 0 is a category heading");
    press(&mut model, KeyCode::Enter);
    assert!(matches!(model.overlay, Overlay::Incident(_)), "Enter opens the first item");
}
