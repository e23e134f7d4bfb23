//! Handling an officer trusts (a test or more per point of the issue that found it):
//! new criticals are seen, popups are popups, the filter matches what is on screen, the
//! selection stays on its item, columns stay columns, space goes where content is,
//! pause and reload tell the truth, and the status line keeps its shape.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::fmt::Write as _;

use common::Env;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use sitrep::app::model::NoticeKind;
use sitrep::app::{Command, FeedEvent, Message, Model, Overlay, Panel, update};
use sitrep::snapshot::buffer_text;

const AT: &str = "2015-11-18T09:10:00+01:00";
const HEAD: &str = "version = 1\ngenerated = 2015-11-18T09:00:00+01:00\n[threat]\nlevel = \"substantieel\"\n";

fn model_with(feed: &str, size: (u16, u16), env: Env) -> Model {
    let mut model = common::empty_model(AT, env, size);
    let event = common::decode_toml(feed, common::time(AT));
    assert!(matches!(event, FeedEvent::Loaded { .. }), "the test feed must be valid: {event:?}");
    common::deliver(&mut model, event);
    model
}

fn arrive(model: &mut Model, feed: &str, at: &str) -> Vec<Command> {
    update(model, Message::Feed(common::decode_toml(feed, common::time(at))))
}

fn press(model: &mut Model, code: KeyCode) -> Vec<Command> {
    update(model, Message::Key(KeyEvent::new(code, KeyModifiers::NONE)))
}

fn screen(model: &Model) -> String {
    buffer_text(&common::render(model, model.size.0, model.size.1))
}

fn incident(id: &str, time: &str, severity: &str, title: &str) -> String {
    format!("[[incidents]]\nid = \"{id}\"\ntime = {time}\ntitle = \"{title}\"\nseverity = \"{severity}\"\n")
}

fn measure(id: &str, location: &str, status: &str, extra: &str) -> String {
    format!(
        "[[measures]]\nid = \"{id}\"\nlocation = \"{location}\"\ncategory = \"station\"\n\
         description = \"Extra toezicht\"\nagency = \"Politie\"\nstatus = \"{status}\"\n{extra}"
    )
}

/// `count` upcoming items, one an hour from 10:00.
fn upcoming(count: usize) -> String {
    let mut out = String::new();
    for i in 0..count {
        let day = 18 + (10 + i) / 24;
        let hour = (10 + i) % 24;
        out += &incident(
            &format!("u{i}"),
            &format!("2015-11-{day:02}T{hour:02}:00:00+01:00"),
            "info",
            &format!("Coming {i}"),
        );
    }
    out
}

fn selected_id(model: &Model) -> String {
    match model.timeline_row(model.timeline_cursor.selected) {
        sitrep::app::model::TimelineRow::Item(i) => model.picture.as_ref().unwrap().incident(i).id.to_string(),
        other => panic!("selection on {other:?}"),
    }
}

// 1. New criticals are seen.

#[test]
fn a_new_critical_gives_a_banner_a_bell_and_a_count() {
    let base = format!("{HEAD}{}", incident("a", "2015-11-18T08:00:00+01:00", "info", "Quiet morning"));
    let mut model = model_with(&base, (120, 40), Env::EN);
    model.settings.bell = true;
    let more = base.clone() + &incident("c", "2015-11-18T09:05:00+01:00", "critical", "Explosion at the station");
    let commands = arrive(&mut model, &more, "2015-11-18T09:06:00+01:00");
    assert!(commands.contains(&Command::Bell), "the bell rings");
    let text = screen(&model);
    assert!(text.contains("‼ NEW CRITICAL 09:05: Explosion at the station · a: acknowledge"), "{text}");
    assert!(text.contains("Timeline (2, 1 new)"), "{text}");
    // A raised one counts too.
    let raised = more.replace("\"info\"", "\"critical\"");
    arrive(&mut model, &raised, "2015-11-18T09:07:00+01:00");
    assert!(screen(&model).contains("(+1)"), "two unacknowledged criticals");
    press(&mut model, KeyCode::Char('a'));
    let text = screen(&model);
    assert!(!text.contains("NEW CRITICAL") && text.contains("Timeline (2)"), "{text}");
}

#[test]
fn a_recent_critical_is_never_pushed_out_of_view_by_upcoming_items() {
    let feed = format!(
        "{HEAD}{}{}",
        incident("crit", "2015-11-18T08:30:00+01:00", "critical", "Explosion at the station"),
        upcoming(40)
    );
    let model = model_with(&feed, (80, 24), Env::EN);
    let text = screen(&model);
    assert!(text.contains("Explosion at the station"), "{text}");
    // Older than keep_critical_in_view (6h): it may scroll away as any item does.
    let old = feed.replace("2015-11-18T08:30:00", "2015-11-18T01:00:00");
    let model = model_with(&old, (80, 24), Env::EN);
    assert!(!screen(&model).contains("Explosion at the station"));
}

// 2. Popups are popups.

#[test]
fn q_and_esc_close_popups_and_their_keys_toggle_them() {
    let mut model = model_with(HEAD, (100, 40), Env::EN);
    press(&mut model, KeyCode::Char('?'));
    assert_eq!(model.overlay, Overlay::Help);
    press(&mut model, KeyCode::Char('?'));
    assert_eq!(model.overlay, Overlay::None, "? toggles the help");
    press(&mut model, KeyCode::Char('w'));
    assert_eq!(model.overlay, Overlay::Problems);
    press(&mut model, KeyCode::Char('?'));
    assert_eq!(model.overlay, Overlay::Help, "? from the problems opens the help");
    press(&mut model, KeyCode::Char('w'));
    press(&mut model, KeyCode::Char('w'));
    assert_eq!(model.overlay, Overlay::None, "w toggles the problems");
    for close in [KeyCode::Char('q'), KeyCode::Esc] {
        press(&mut model, KeyCode::Char('?'));
        press(&mut model, close);
        assert_eq!(model.overlay, Overlay::None);
        assert!(model.running, "{close:?} closes, never quits");
    }
    press(&mut model, KeyCode::Char('q'));
    assert!(!model.running);
}

/// Every line the popup shows while it is scrolled from top to bottom.
fn read_popup_to_the_end(model: &mut Model) -> String {
    let more = format!("{} ↓", sitrep::ui::labels::Labels::of(model.settings.language).more);
    let mut seen = String::new();
    for _ in 0..200 {
        let text = screen(model);
        seen.push_str(&text);
        if !text.contains(&more) {
            return seen;
        }
        press(model, KeyCode::Char('j'));
    }
    panic!("the popup never reached its end:\n{}", screen(model));
}

#[test]
fn the_paris_details_can_be_read_to_the_end_at_80x24() {
    let mut model = common::model_once(None, common::DEMO_AT, Env::EN, (80, 24));
    let paris =
        model.picture.as_ref().unwrap().feed.incidents.iter().position(|i| i.id.as_str() == "parijs-2015-11-13");
    model.overlay = Overlay::Incident(u32::try_from(paris.unwrap()).unwrap());
    assert!(screen(&model).contains("more ↓"), "the details do not fit at 80x24:\n{}", screen(&model));
    let seen = read_popup_to_the_end(&mut model);
    assert!(seen.contains("21.20 uur is openbare bron."), "{seen}");
    // G and g jump, PgUp/PgDn page.
    press(&mut model, KeyCode::Char('g'));
    assert_eq!(model.overlay_scroll, 0);
    press(&mut model, KeyCode::Char('G'));
    assert!(screen(&model).contains("openbare bron") && !screen(&model).contains("more ↓"));
    let end = model.overlay_scroll;
    press(&mut model, KeyCode::PageUp);
    assert!(model.overlay_scroll < end);
    press(&mut model, KeyCode::PageDown);
    assert_eq!(model.overlay_scroll, end);
}

#[test]
fn the_help_is_complete_at_40x12_by_scrolling() {
    for env in [Env::EN, Env::NL] {
        let mut model = model_with(HEAD, (40, 12), env);
        press(&mut model, KeyCode::Char('?'));
        let seen = read_popup_to_the_end(&mut model);
        let labels = sitrep::ui::labels::Labels::of(model.settings.language);
        for (keys, _) in labels.keys {
            assert!(seen.contains(keys.split_whitespace().next().unwrap()), "{keys} never shown:\n{seen}");
        }
        let (_, last) = labels.keys.last().unwrap();
        assert!(seen.contains(last), "the last binding's text: {last}\n{seen}");
    }
}

#[test]
fn popup_snapshots_at_80x24_and_40x12_with_scrolling() {
    for (width, height) in [(80, 24), (40, 12)] {
        let mut model = common::model_once(None, common::DEMO_AT, Env::NL, (width, height));
        press(&mut model, KeyCode::Char('?'));
        insta::assert_snapshot!(format!("help_{width}x{height}_top"), screen(&model));
        press(&mut model, KeyCode::PageDown);
        insta::assert_snapshot!(format!("help_{width}x{height}_page_down"), screen(&model));
        press(&mut model, KeyCode::Esc);
        let paris =
            model.picture.as_ref().unwrap().feed.incidents.iter().position(|i| i.id.as_str() == "parijs-2015-11-13");
        model.overlay = Overlay::Incident(u32::try_from(paris.unwrap()).unwrap());
        model.overlay_scroll = 0;
        insta::assert_snapshot!(format!("paris_{width}x{height}_top"), screen(&model));
        press(&mut model, KeyCode::Char('G'));
        insta::assert_snapshot!(format!("paris_{width}x{height}_end"), screen(&model));
    }
}

// 3. The filter matches what is on screen.

#[test]
fn the_filter_matches_the_words_on_screen_in_the_screens_language() {
    let mut model = common::model_once(None, common::DEMO_AT, Env::EN, (120, 40));
    press(&mut model, KeyCode::Char('/'));
    for c in "crit".chars() {
        press(&mut model, KeyCode::Char(c));
    }
    press(&mut model, KeyCode::Enter);
    let picture = model.picture.as_ref().unwrap();
    let criticals = picture.feed.incidents.iter().filter(|i| i.severity == sitrep::feed::Severity::Critical).count();
    assert_eq!(model.lists.incidents.len(), criticals, "/crit lists every CRIT item");
    let mut model = common::model_once(None, common::DEMO_AT, Env::NL, (120, 40));
    press(&mut model, KeyCode::Char('/'));
    for c in "krit".chars() {
        press(&mut model, KeyCode::Char(c));
    }
    assert_eq!(model.lists.incidents.len(), criticals, "/krit on a Dutch screen");
    // The measures' status word in Dutch.
    model.filter.text = "verscherpt".into();
    model.refresh_lists();
    assert!(model.lists.measure_count() > 0);
}

#[test]
fn a_match_in_hidden_text_is_marked_and_none_says_so() {
    let mut model = common::model_once(None, common::DEMO_AT, Env::EN, (140, 40));
    press(&mut model, KeyCode::Char('/'));
    // "ambassadeur" is only in the Paris details.
    for c in "ambassadeur".chars() {
        press(&mut model, KeyCode::Char(c));
    }
    press(&mut model, KeyCode::Enter);
    let text = screen(&model);
    assert!(text.contains("≈ details") && text.contains("Serie terroristische aanslagen in Parijs"), "{text}");
    model.filter.text = "zzzz".into();
    model.refresh_lists();
    let text = screen(&model);
    assert!(text.contains("0 of 15 match \"zzzz\"") && text.contains("0 of 12 match \"zzzz\""), "{text}");
    assert!(!text.contains("No incidents.") && !text.contains("No measures in force."), "{text}");
}

// 4. The selection stays on its item.

#[test]
fn the_selection_stays_when_an_upcoming_item_becomes_past() {
    let feed = format!(
        "{HEAD}{}{}{}",
        incident("past", "2015-11-18T08:00:00+01:00", "info", "Past"),
        incident("soon", "2015-11-18T09:30:00+01:00", "info", "Soon"),
        incident("later", "2015-11-18T11:00:00+01:00", "info", "Later"),
    );
    let mut model = model_with(&feed, (100, 40), Env::EN);
    press(&mut model, KeyCode::Down);
    assert_eq!(selected_id(&model), "later");
    model.clock_pinned = false;
    update(&mut model, Message::Tick(common::time("2015-11-18T09:31:00+01:00")));
    assert_eq!(selected_id(&model), "later", "soon became past; the selection did not jump");
    press(&mut model, KeyCode::Up);
    assert_eq!(selected_id(&model), "later", "it is the only upcoming item");
    press(&mut model, KeyCode::Down);
    assert_eq!(selected_id(&model), "soon");
    update(&mut model, Message::Tick(common::time("2015-11-18T11:01:00+01:00")));
    assert_eq!(selected_id(&model), "soon");
}

#[test]
fn the_selection_stays_through_new_items_reloads_and_filters() {
    let feed = format!(
        "{HEAD}{}{}",
        incident("a", "2015-11-18T07:00:00+01:00", "info", "Alpha"),
        incident("b", "2015-11-18T08:00:00+01:00", "minor", "Bravo")
    );
    let mut model = model_with(&feed, (100, 40), Env::EN);
    press(&mut model, KeyCode::Down);
    assert_eq!(selected_id(&model), "a");
    let more = feed.clone() + &incident("c", "2015-11-18T09:00:00+01:00", "info", "Charlie");
    arrive(&mut model, &more, "2015-11-18T09:11:00+01:00");
    assert_eq!(selected_id(&model), "a", "a new item above");
    press(&mut model, KeyCode::Char('r'));
    arrive(&mut model, &more, "2015-11-18T09:12:00+01:00");
    assert_eq!(selected_id(&model), "a", "a reload");
    press(&mut model, KeyCode::Char('/'));
    press(&mut model, KeyCode::Char('a'));
    assert_eq!(selected_id(&model), "a", "a filter that keeps it");
    press(&mut model, KeyCode::Esc);
    assert_eq!(selected_id(&model), "a", "the filter cleared");
}

#[test]
fn a_selection_whose_item_is_gone_goes_to_its_neighbour_and_says_so() {
    let feed = format!(
        "{HEAD}{}{}{}",
        incident("a", "2015-11-18T07:00:00+01:00", "info", "Alpha"),
        incident("b", "2015-11-18T08:00:00+01:00", "info", "Bravo"),
        incident("c", "2015-11-18T09:00:00+01:00", "info", "Charlie")
    );
    let mut model = model_with(&feed, (100, 40), Env::EN);
    press(&mut model, KeyCode::Down);
    assert_eq!(selected_id(&model), "b");
    let without_b = feed.replace(&incident("b", "2015-11-18T08:00:00+01:00", "info", "Bravo"), "");
    arrive(&mut model, &without_b, "2015-11-18T09:11:00+01:00");
    assert_eq!(selected_id(&model), "a", "the neighbour in b's place");
    assert!(matches!(&model.notice, Some(n) if n.kind == NoticeKind::SelectionMoved { title: "Bravo".into() }));
    assert!(screen(&model).contains("selection moved: “Bravo” is no longer listed"), "{}", screen(&model));
}

// 5. Columns stay columns.

#[test]
fn badges_never_push_the_other_columns_aside() {
    let feed = format!(
        "{HEAD}{}{}{}",
        measure("plain", "Utrecht Centraal", "active", ""),
        measure("late", "Amsterdam Centraal", "active", "review = 2015-11-10T12:00:00+01:00\n"),
        measure("hush", "Rotterdam Centraal", "active", "visibility = \"covert\"\n"),
    );
    let model = model_with(&feed, (140, 40), Env::EN);
    let text = screen(&model);
    // Columns on screen are characters, not bytes (⚠ takes three bytes).
    let column = |location: &str, what: &str| {
        let line = text.lines().find(|l| l.contains(location)).unwrap_or_else(|| panic!("{location}:\n{text}"));
        let at = line.find(what).unwrap_or_else(|| panic!("{what} in {line}"));
        line[..at].chars().count()
    };
    let agency = column("Utrecht", "Politie");
    assert_eq!(column("Amsterdam", "Politie"), agency, "{text}");
    assert_eq!(column("Rotterdam", "Politie"), agency, "{text}");
    let description = column("Utrecht", "Extra toezicht");
    assert_eq!(column("Amsterdam", "Extra toezicht"), description, "{text}");
    assert_eq!(column("Rotterdam", "Extra toezicht"), description, "{text}");
    assert!(text.contains("OVERDUE") && text.contains("[covert]"), "{text}");
}

#[test]
fn scroll_counts_count_items_not_headings() {
    let mut feed = HEAD.to_owned();
    for i in 0..12 {
        let category = ["station", "airport", "border"][i % 3];
        write!(
            feed,
            "[[measures]]\nid = \"m{i}\"\nlocation = \"Place {i}\"\ncategory = \"{category}\"\ndescription = \"d\"\nstatus = \"active\"\n"
        )
        .unwrap();
    }
    let model = model_with(&(feed + &upcoming(30)), (100, 30), Env::EN);
    let text = screen(&model);
    let bottom = text.lines().find(|l| l.starts_with('└') && l.contains(" / 12")).unwrap_or_else(|| panic!("{text}"));
    assert!(bottom.contains("1–"), "{bottom}");
    assert!(text.contains("Measures (12)"), "{text}");
}

// 6. Space goes where content is.

#[test]
fn a_small_panel_gives_its_rows_to_the_other_and_zoom_shows_all() {
    let one = format!("{HEAD}{}{}", measure("m", "Utrecht Centraal", "active", ""), upcoming(40));
    let model = model_with(&one, (100, 40), Env::EN);
    let plan = sitrep::app::layout::plan(&model, model.size);
    assert_eq!(plan.measures.unwrap().height, 4, "one group and one item, no more");
    let empty = format!("{HEAD}{}", upcoming(40));
    let model = model_with(&empty, (100, 40), Env::EN);
    let plan = sitrep::app::layout::plan(&model, model.size);
    assert_eq!(plan.measures.unwrap().height, 3, "No measures in force. takes one line");

    let mut many = HEAD.to_owned();
    for i in 0..12 {
        many += &measure(&format!("m{i}"), &format!("Station {i}"), "active", "");
    }
    let mut model = model_with(&(many + &upcoming(10)), (100, 20), Env::EN);
    let text = screen(&model);
    assert!(text.contains("12 measures hidden — z: zoom"), "{text}");
    press(&mut model, KeyCode::Char('z'));
    press(&mut model, KeyCode::Tab);
    assert_eq!(model.focus, Panel::Measures);
    assert!(screen(&model).contains("Station 0"), "zoomed on the measures:\n{}", screen(&model));
    press(&mut model, KeyCode::Esc);
    assert!(!model.zoomed);
    press(&mut model, KeyCode::Char('z'));
    press(&mut model, KeyCode::Char('z'));
    assert!(!model.zoomed, "z returns too");
}

// 7. Pause and reload tell the truth.

#[test]
fn reload_says_what_it_found() {
    let mut model = model_with(HEAD, (120, 40), Env::EN);
    assert_eq!(press(&mut model, KeyCode::Char('r')), vec![Command::Reload]);
    arrive(&mut model, HEAD, "2015-11-18T09:12:00+01:00");
    assert!(screen(&model).contains("read again at 09:12: unchanged"), "{}", screen(&model));
    press(&mut model, KeyCode::Char('r'));
    arrive(&mut model, &HEAD.replace("substantieel", "kritiek"), "2015-11-18T09:13:00+01:00");
    assert!(screen(&model).contains("read again at 09:13: new picture"));
    press(&mut model, KeyCode::Char('r'));
    arrive(&mut model, "version = 1\n", "2015-11-18T09:14:00+01:00");
    assert!(screen(&model).contains("read again at 09:14: refused"));
}

#[test]
fn a_held_level_change_shows_and_a_long_pause_ends_by_itself() {
    let mut model = model_with(&HEAD.replace("substantieel", "kritiek"), (140, 40), Env::EN);
    model.clock_pinned = false;
    press(&mut model, KeyCode::Char('p'));
    arrive(&mut model, &HEAD.replace("substantieel", "minimaal"), "2015-11-18T09:11:00+01:00");
    let text = screen(&model);
    assert!(text.contains("newer data waiting: level KRITIEK 5/5 → MINIMAAL 1/5"), "{text}");
    update(&mut model, Message::Tick(common::time("2015-11-18T09:20:00+01:00")));
    assert!(model.paused, "not yet");
    assert!(model.next_deadline().is_some());
    update(&mut model, Message::Tick(common::time("2015-11-18T09:25:00+01:00")));
    assert!(!model.paused, "max_pause (15m) ended it");
    assert_eq!(model.picture.as_ref().unwrap().feed.threat.level.name, "minimaal", "the held picture arrived");
    assert!(screen(&model).contains("pause ended by itself after 15m"), "{}", screen(&model));
}

// 8. The status line keeps its shape.

#[test]
fn the_status_line_does_not_reflow_as_minutes_pass() {
    let feed = "version = 1\ngenerated = 2015-11-18T09:10:00+01:00\nsource = \"NCTV / Nationaal Crisiscentrum en nog veel meer\"\n\
                [threat]\nlevel = 4\n";
    for width in [80, 100, 120, 160] {
        let mut model = model_with(feed, (width, 30), Env::NL);
        model.clock_pinned = false;
        let status = |model: &Model| screen(model).lines().last().unwrap().to_owned();
        let first = status(&model);
        update(&mut model, Message::Tick(common::time("2015-11-18T09:11:00+01:00")));
        let later = status(&model);
        update(&mut model, Message::Tick(common::time("2015-11-18T11:11:00+01:00")));
        let much_later = status(&model);
        for other in [&later, &much_later] {
            let position = |line: &str, what: &str| line.find(what);
            assert_eq!(position(&first, "gemaakt"), position(other, "gemaakt"), "{width}:\n{first}\n{other}");
            assert_eq!(position(&first, "?:"), position(other, "?:"), "{width}:\n{first}\n{other}");
            assert_eq!(first.chars().count(), other.chars().count(), "{width}:\n{first}\n{other}");
        }
    }
}
