//! The map view as a duty officer uses it: `m` puts the map in the lists' place and
//! back, `z` switches between the Netherlands and Europe, the lists' selection is
//! highlighted and named on the map, markers stand where their items are, and what the
//! map cannot show is counted and named.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{DEMO_AT, Env};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::buffer::Buffer;
use ratatui::style::Modifier;
use sitrep::app::layout;
use sitrep::app::{Message, Model, Panel, View, update};
use sitrep::geo::gazetteer::SOUTHERN_CROSSINGS;
use sitrep::geo::{LonLat, MapRegion};
use sitrep::snapshot::buffer_text;
use sitrep::ui::map::geometry;

const SIZE: (u16, u16) = (120, 40);

fn press(model: &mut Model, code: KeyCode) {
    update(model, Message::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

fn demo_map() -> Model {
    let mut model = common::model_once(None, DEMO_AT, Env::EN, SIZE);
    press(&mut model, KeyCode::Char('m'));
    model
}

fn screen(model: &Model) -> (Buffer, String) {
    let buffer = common::render(model, SIZE.0, SIZE.1);
    let text = buffer_text(&buffer);
    (buffer, text)
}

/// The screen cell where the map draws `point`, if it is in view.
fn cell_of(model: &Model, point: LonLat) -> Option<(u16, u16)> {
    let area = layout::plan(model, SIZE).map?;
    let geometry = geometry(model, area);
    let (x, y) = geometry.fit.cell(point)?;
    Some((geometry.canvas.x + x, geometry.canvas.y + y))
}

/// The map's bottom border: the corners with what is off the map and unplaced.
fn bottom_border(text: &str) -> &str {
    text.lines().rev().nth(1).unwrap()
}

#[test]
fn m_puts_the_map_in_the_lists_place_and_takes_it_away_again() {
    let mut model = common::model_once(None, DEMO_AT, Env::EN, SIZE);
    let (_, dashboard) = screen(&model);
    assert!(dashboard.contains("Timeline (") && dashboard.contains("Measures ("));
    press(&mut model, KeyCode::Char('m'));
    assert_eq!(model.view, View::Map);
    let (_, map) = screen(&model);
    assert!(map.contains("Map · Netherlands"), "{map}");
    assert!(!map.contains("Timeline (") && !map.contains("Measures ("), "{map}");
    // Header, threat and status stay.
    for kept in ["SITREP", "SUBSTANTIEEL 4/5", "feed: demo-feed.toml"] {
        assert!(map.contains(kept), "`{kept}` is gone:\n{map}");
    }
    press(&mut model, KeyCode::Char('m'));
    assert_eq!(screen(&model).1, dashboard);
}

#[test]
fn paris_is_off_the_map_of_the_netherlands_and_on_the_map_of_europe() {
    let mut model = demo_map();
    let paris = LonLat::new(48.86, 2.35);
    let (_, text) = screen(&model);
    let corners = bottom_border(&text);
    assert!(corners.contains("6 off the map: Parijs, Beiroet, Sinaï, Wenen"), "{corners}");
    assert!(corners.contains("15 without a position"), "{corners}");
    assert_eq!(cell_of(&model, paris), None);

    press(&mut model, KeyCode::Char('v'));
    assert_eq!(model.map_region, MapRegion::Europe);
    let (buffer, text) = screen(&model);
    assert!(text.contains("Map · Europe"));
    let corners = bottom_border(&text);
    assert!(corners.contains("2 off the map: Beiroet, Sinaï"), "{corners}");
    let (x, y) = cell_of(&model, paris).expect("Paris is in the Europe view");
    assert_eq!(buffer[(x, y)].symbol(), "‼", "the critical Paris attacks at Paris:\n{text}");
    assert!(text.contains("◦Paris") || text.contains("Paris◦"), "{text}");

    press(&mut model, KeyCode::Char('v'));
    assert_eq!(model.map_region, MapRegion::Netherlands);
}

#[test]
fn z_changes_nothing_on_the_dashboard() {
    let mut model = common::model_once(None, DEMO_AT, Env::EN, SIZE);
    press(&mut model, KeyCode::Char('v'));
    assert_eq!(model.map_region, MapRegion::Netherlands);
}

/// Tab to the measures, then down to the southern border measure, as a user would.
fn select_zuidgrens(model: &mut Model) {
    if model.focus != Panel::Measures {
        press(model, KeyCode::Tab);
    }
    for _ in 0..20 {
        let (_, text) = screen(model);
        if text.contains("▶ ╪▲ Zuidgrens") {
            return;
        }
        press(model, KeyCode::Char('j'));
    }
    panic!("the Zuidgrens measure cannot be selected:\n{}", screen(model).1);
}

#[test]
fn the_southern_border_measure_sits_on_the_crossings_with_belgium() {
    let mut model = demo_map();
    select_zuidgrens(&mut model);
    let (buffer, text) = screen(&model);
    for &crossing in SOUTHERN_CROSSINGS {
        let (x, y) = cell_of(&model, crossing).unwrap();
        let cell = &buffer[(x, y)];
        assert_eq!(cell.symbol(), "╪", "{crossing:?} at ({x}, {y}):\n{text}");
        assert!(cell.modifier.contains(Modifier::REVERSED), "the selected measure is highlighted");
        assert_eq!(buffer[(x - 1, y)].symbol(), "~", "placed by name: marked approximate");
    }
    assert!(text.contains(" Zuidgrens "), "named beside its marker:\n{text}");
    assert!(text.contains("~ 6 places, approximate"), "{text}");
}

#[test]
fn the_selection_walks_items_and_is_the_lists_selection() {
    let mut model = demo_map();
    select_zuidgrens(&mut model);
    // Headings are skipped: every step lands on an item.
    for _ in 0..12 {
        press(&mut model, KeyCode::Char('j'));
        assert!(model.selected_item().is_some());
    }
    press(&mut model, KeyCode::Char('g'));
    let first = model.selected_item().unwrap();
    press(&mut model, KeyCode::Char('k'));
    assert_eq!(model.selected_item().unwrap(), first, "the first item stays selected");
    select_zuidgrens(&mut model);
    // Back on the dashboard, the list has the same measure selected.
    press(&mut model, KeyCode::Char('m'));
    let (_, text) = screen(&model);
    let row = text.lines().find(|l| l.contains('▶')).unwrap();
    assert!(row.contains("Zuidgrens"), "{row}");
    // And Enter opens it, on the map too.
    press(&mut model, KeyCode::Char('m'));
    press(&mut model, KeyCode::Enter);
    assert!(matches!(model.overlay, sitrep::app::Overlay::Measure(_)));
}

const FEED: &str = r#"
version = 1
generated = 2015-11-18T09:00:00+01:00

[threat]
level = "substantieel"

[[measures]]
id = "schiphol"
location = "Schiphol"
category = "airport"
description = "Border checks on flights from Paris"
status = "active"

[[measures]]
id = "binnenhof"
location = "Binnenhof"
category = "government"
description = "Protection of the parliament"
status = "intensified"
visibility = "covert"
lat = 52.0795
lon = 4.3133

[[measures]]
id = "landelijk"
location = "Landelijk"
category = "other"
description = "Everywhere"
status = "active"

[[incidents]]
id = "amsterdam"
time = 2015-11-18T08:00:00+01:00
title = "Suspicious package at the Dam"
severity = "major"
location = "Amsterdam"
lat = 52.3731
lon = 4.8922

[[incidents]]
id = "paris"
time = 2015-11-13T21:20:00+01:00
title = "Attacks in Paris"
severity = "critical"
location = "Paris, FR"
lat = 48.8566
lon = 2.3522
"#;

const FEED_AT: &str = "2015-11-18T09:10:00+01:00";

fn feed_map(public_screen: bool) -> Model {
    let mut model = common::empty_model(FEED_AT, Env::EN, SIZE);
    model.settings.public_screen = public_screen;
    common::deliver(&mut model, common::decode_toml(FEED, common::time(FEED_AT)));
    press(&mut model, KeyCode::Char('m'));
    model
}

#[test]
fn markers_stand_where_their_items_are() {
    let model = feed_map(false);
    let (buffer, text) = screen(&model);
    let at = |lat, lon| {
        let (x, y) = cell_of(&model, LonLat::new(lat, lon)).unwrap();
        buffer[(x, y)].symbol().to_owned()
    };
    assert_eq!(at(52.3731, 4.8922), "!", "a major incident in Amsterdam:\n{text}");
    assert_eq!(at(52.0795, 4.3133), "⌂", "a government measure at the Binnenhof:\n{text}");
    // Schiphol by the gazetteer: the airport symbol, marked approximate.
    let (x, y) = cell_of(&model, LonLat::new(52.3086, 4.7639)).unwrap();
    assert_eq!(buffer[(x, y)].symbol(), "✈");
    assert_eq!(buffer[(x - 1, y)].symbol(), "~");
    let corners = bottom_border(&text);
    assert!(corners.contains("1 off the map: Paris") && corners.contains("1 without a position"), "{corners}");
}

#[test]
fn covert_measures_are_not_on_the_map_of_a_public_screen() {
    let (_, text) = screen(&feed_map(true));
    assert!(!text.contains('⌂'), "{text}");
    let corners = bottom_border(&text);
    assert!(corners.contains("1 without a position"), "{corners}");
    let (_, private) = screen(&feed_map(false));
    assert!(private.contains('⌂'));
}

#[test]
fn the_filter_applies_to_the_map() {
    let mut model = feed_map(false);
    press(&mut model, KeyCode::Char('/'));
    for c in "dam".chars() {
        press(&mut model, KeyCode::Char(c));
    }
    press(&mut model, KeyCode::Enter);
    let (_, text) = screen(&model);
    assert!(text.contains("filter: dam"), "{text}");
    assert!(!text.contains("off the map"), "Paris is filtered out:\n{text}");
    assert!(text.contains('!') && !text.contains('✈'), "{text}");
}

#[test]
fn the_map_works_without_colour() {
    let mut model = common::model_once(None, DEMO_AT, Env { no_color: true, ..Env::NL }, SIZE);
    press(&mut model, KeyCode::Char('m'));
    let (buffer, text) = screen(&model);
    assert!(text.contains("Kaart · Nederland") && text.contains("buiten de kaart"), "{text}");
    assert!(buffer.content().iter().all(|c| c.fg == ratatui::style::Color::Reset));
    // Coast solid, borders dashed; the legend shows both in Braille.
    assert!(text.contains("⠤⠤⠤⠤ kust") && text.contains("⠤ ⠤  landgrens"), "{text}");
}
