//! The journal's keys through the pure `update`: `n` opens a one-line note input (Enter
//! asks the journal to write it, Esc drops it), `l` opens this shift's journal in a
//! popup that scrolls like the others; and the popup pinned as insta snapshots.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{Env, MINIMAL_AT, MINIMAL_FEED};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use sitrep::app::journal::{JournalState, JournalStatus};
use sitrep::app::{Command, Message, Model, Overlay, update};
use sitrep::journal::task::{Job, JournalEvent, ShiftLog};
use sitrep::journal::{Entry, MAX_NOTE_CHARS};
use sitrep::snapshot::buffer_text;

fn model(env: Env, size: (u16, u16)) -> Model {
    let mut model = common::model_once(Some(MINIMAL_FEED), MINIMAL_AT, env, size);
    model.journal = JournalState::kept();
    model.journal.status = JournalStatus::On;
    // The picture is in: its marks were read back already.
    model.journal.read_back_asked = true;
    model
}

fn press(model: &mut Model, code: KeyCode) -> Vec<Command> {
    update(model, Message::Key(KeyEvent::from(code)))
}

fn type_text(model: &mut Model, text: &str) {
    for c in text.chars() {
        assert!(press(model, KeyCode::Char(c)).is_empty());
    }
}

fn screen(model: &Model) -> String {
    buffer_text(&common::render(model, model.size.0, model.size.1))
}

fn status_line(model: &Model) -> String {
    screen(model).lines().last().unwrap_or_default().to_owned()
}

#[test]
fn n_opens_a_note_that_enter_writes() {
    let mut model = model(Env::EN, (120, 40));
    assert!(press(&mut model, KeyCode::Char('n')).is_empty());
    assert_eq!(model.journal.note.as_deref(), Some(""));
    // Every key is text now: q does not quit, j does not move.
    let before = model.timeline_cursor;
    type_text(&mut model, "Radio check with KMar, all quiet jq");
    assert!(model.running);
    assert_eq!(model.timeline_cursor, before);
    assert!(status_line(&model).contains("note: Radio check with KMar, all quiet jq█"), "{}", status_line(&model));
    press(&mut model, KeyCode::Backspace);
    press(&mut model, KeyCode::Backspace);
    let commands = press(&mut model, KeyCode::Enter);
    assert_eq!(commands, [Command::Journal(Job::Note("Radio check with KMar, all quiet".into()))]);
    assert_eq!(model.journal.note, None);
    // Written: the status line says so.
    update(&mut model, Message::Journal(JournalEvent::Noted(Some("Radio check with KMar, all quiet".into()))));
    assert!(status_line(&model).contains("note written to the journal"), "{}", status_line(&model));
}

#[test]
fn esc_drops_the_note_and_an_empty_note_is_not_written() {
    let mut model = model(Env::EN, (120, 40));
    press(&mut model, KeyCode::Char('n'));
    type_text(&mut model, "never mind");
    assert!(press(&mut model, KeyCode::Esc).is_empty());
    assert_eq!(model.journal.note, None);
    assert!(!status_line(&model).contains("never mind"));
    press(&mut model, KeyCode::Char('n'));
    type_text(&mut model, "   ");
    assert!(press(&mut model, KeyCode::Enter).is_empty(), "a blank note is not written");
}

#[test]
fn a_note_is_cleaned_and_at_most_1000_characters() {
    let mut model = model(Env::EN, (120, 40));
    press(&mut model, KeyCode::Char('n'));
    // Control characters never enter; Ctrl-U clears the line.
    for c in ['a', '\u{1b}', '\u{7}', 'b', '\u{202e}', 'c'] {
        press(&mut model, KeyCode::Char(c));
    }
    assert_eq!(model.journal.note.as_deref(), Some("abc"));
    update(&mut model, Message::Key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL)));
    assert_eq!(model.journal.note.as_deref(), Some(""));
    type_text(&mut model, &"é".repeat(MAX_NOTE_CHARS + 20));
    assert_eq!(model.journal.note.as_ref().unwrap().chars().count(), MAX_NOTE_CHARS);
    // The end of a long note stays in view, with its count.
    let line = status_line(&model);
    assert!(line.contains("…ééé") && line.contains("1000/1000"), "{line}");
    let commands = press(&mut model, KeyCode::Enter);
    let [Command::Journal(Job::Note(text))] = commands.as_slice() else { panic!("{commands:?}") };
    assert_eq!(text.chars().count(), MAX_NOTE_CHARS);
}

#[test]
fn without_a_journal_n_says_so_and_l_explains() {
    let mut model = common::model_once(Some(MINIMAL_FEED), MINIMAL_AT, Env::EN, (120, 40));
    model.journal.status = JournalStatus::NotKept("--no-journal".into());
    assert!(press(&mut model, KeyCode::Char('n')).is_empty());
    assert_eq!(model.journal.note, None);
    assert!(status_line(&model).contains("no journal is kept"), "{}", status_line(&model));
    assert!(press(&mut model, KeyCode::Char('l')).is_empty());
    assert_eq!(model.overlay, Overlay::Journal);
    assert!(screen(&model).contains("No journal is kept this run: --no-journal."), "{}", screen(&model));
    // `a` works on this screen alone.
    model.changes.incidents.insert("x".into(), model.now);
    assert!(press(&mut model, KeyCode::Esc).is_empty());
    assert!(press(&mut model, KeyCode::Char('a')).is_empty());
    assert!(model.changes.is_empty());
}

/// A scripted shift's entries, oldest first, as the journal holds them.
const SHIFT: &str = r#"{"v":1,"time":"2015-11-18T06:00:03.000Z","operator":"alice","host":"ops1","kind":"session_start","pid":7,"tty":"/dev/pts/3","ssh_client":"192.0.2.7","feed":"/srv/feed.toml"}
{"v":1,"time":"2015-11-18T06:00:04.000Z","operator":"alice","host":"ops1","kind":"feed_accepted","feed":"/srv/feed.toml","hash":"sha256:9967fb44a2050000000000000000000000000000000000000000000000000000","generated":"2015-11-18T06:55:00+01:00","level":{"scale":"nctv","name":"substantieel","rank":4,"of":5},"measures":2,"incidents":1}
{"v":1,"time":"2015-11-18T06:40:00.000Z","operator":"bob","host":"ops2","kind":"feed_rejected","feed":"/srv/feed.toml","error":"/srv/feed.toml:4:9: error: unknown level `krtiek`","line":4,"column":9,"errors":1}
{"v":1,"time":"2015-11-18T06:45:00.000Z","operator":"bob","host":"ops2","kind":"feed_accepted","feed":"/srv/feed.toml","hash":"sha256:1111111111110000000000000000000000000000000000000000000000000000","previous":"sha256:9967fb44a2050000000000000000000000000000000000000000000000000000","generated":"2015-11-18T07:44:00+01:00","level":{"scale":"nctv","name":"kritiek","rank":5,"of":5},"measures":2,"incidents":2,"diff":{"level":{"from":{"scale":"nctv","name":"substantieel","rank":4,"of":5},"to":{"scale":"nctv","name":"kritiek","rank":5,"of":5}},"incidents":[{"change":"added","id":"utrecht","title":"Suspicious package","severity":"major","time":"2015-11-18T07:30:00+01:00"}]}}
{"v":1,"time":"2015-11-18T06:50:00.000Z","operator":"alice","host":"ops1","kind":"ack","through":"sha256:1111111111110000000000000000000000000000000000000000000000000000","level":{"from":{"scale":"nctv","name":"substantieel","rank":4,"of":5},"to":{"scale":"nctv","name":"kritiek","rank":5,"of":5}},"incidents":["utrecht"]}
{"v":1,"time":"2015-11-18T07:30:00.000Z","operator":"alice","host":"ops1","kind":"feed_stale","feed":"/srv/feed.toml","generated":"2015-11-18T07:44:00+01:00","stale_after":"30m"}
{"v":1,"time":"2015-11-18T07:35:00.000Z","operator":"alice","host":"ops1","kind":"note","text":"Called NCTV duty desk: \u001b[2Jnew feed within the hour"}
{"v":1,"time":"2015-11-18T08:10:00.000Z","operator":"bob","host":"ops2","kind":"session_stop","pid":9}"#;

fn shift_log() -> ShiftLog {
    let mut entries: Vec<Entry> = SHIFT.lines().map(|line| serde_json::from_str(line).unwrap()).collect();
    entries.reverse();
    ShiftLog {
        since: common::time("2015-11-18T06:00:00Z"),
        entries,
        skipped: vec!["journal.jsonl: torn last line (41 bytes), skipped".into()],
        error: None,
    }
}

#[test]
fn l_shows_this_shifts_journal_newest_first_with_time_and_operator() {
    let mut model = model(Env::EN, (120, 40));
    assert_eq!(press(&mut model, KeyCode::Char('l')), [Command::Journal(Job::ReadShift)]);
    assert_eq!(model.overlay, Overlay::Journal);
    assert!(screen(&model).contains("Reading the journal…"));
    update(&mut model, Message::Journal(JournalEvent::Shift(shift_log())));
    let text = screen(&model);
    let rows: Vec<&str> = text.lines().filter(|l| l.contains("  alice  ") || l.contains("  bob  ")).collect();
    assert_eq!(rows.len(), 8, "{text}");
    assert!(rows[0].contains("09:10") && rows[0].contains("bob") && rows[0].contains("session ended"), "{text}");
    assert!(rows[1].contains("08:35") && rows[1].contains("note: Called NCTV duty desk"), "{text}");
    assert!(rows[7].contains("07:00") && rows[7].contains("session started on /dev/pts/3 from 192.0.2.7"), "{text}");
    assert!(text.contains("Journal of this shift, since 07:00"), "{text}");
    // What others wrote is cleaned again before it is shown.
    assert!(!text.contains('\u{1b}'));
    // `q` closes the popup, it does not quit; `l` again closes it too.
    press(&mut model, KeyCode::Char('q'));
    assert!(model.running);
    assert_eq!(model.overlay, Overlay::None);
    press(&mut model, KeyCode::Char('l'));
    update(&mut model, Message::Journal(JournalEvent::Shift(shift_log())));
    assert!(press(&mut model, KeyCode::Char('l')).is_empty());
    assert_eq!(model.overlay, Overlay::None);
}

#[test]
fn the_journal_popup_scrolls_like_the_others() {
    let mut model = model(Env::EN, (80, 16));
    press(&mut model, KeyCode::Char('l'));
    update(&mut model, Message::Journal(JournalEvent::Shift(shift_log())));
    let lines = sitrep::ui::overlay::line_count(&model);
    let visible = sitrep::ui::overlay::visible_lines(&model);
    assert!(lines > visible, "{lines} lines in {visible}: the test needs a popup that scrolls");
    press(&mut model, KeyCode::Char('j'));
    assert_eq!(model.overlay_scroll, 1);
    press(&mut model, KeyCode::Char('G'));
    assert_eq!(model.overlay_scroll, lines - visible);
    assert!(screen(&model).contains("session started"), "{}", screen(&model));
    press(&mut model, KeyCode::Char('k'));
    assert_eq!(model.overlay_scroll, lines - visible - 1);
    press(&mut model, KeyCode::Char('g'));
    assert_eq!(model.overlay_scroll, 0);
    assert!(screen(&model).contains("session ended"));
}

#[test]
fn the_help_lists_n_and_l() {
    for env in [Env::EN, Env::NL] {
        let mut model = model(env, (120, 40));
        press(&mut model, KeyCode::Char('?'));
        let text = screen(&model);
        let (note, log) = if env.lang.starts_with("nl") {
            ("notitie", "journaal van deze dienst")
        } else {
            ("note", "this shift's journal")
        };
        assert!(text.lines().any(|l| l.contains("│n ") && l.contains(note)), "{text}");
        assert!(text.lines().any(|l| l.contains("│l ") && l.contains(log)), "{text}");
    }
}

#[test]
fn the_journal_popup_snapshots() {
    for (name, env) in [("journal_popup_120x40_en", Env::EN), ("journal_popup_120x40_nl", Env::NL)] {
        let mut model = model(env, (120, 40));
        press(&mut model, KeyCode::Char('l'));
        update(&mut model, Message::Journal(JournalEvent::Shift(shift_log())));
        insta::assert_snapshot!(name, screen(&model));
    }
    // The banner of a journal that cannot be written, over the same popup.
    let mut model = model(Env::EN, (120, 40));
    update(
        &mut model,
        Message::Journal(JournalEvent::Off(
            "/var/lib/sitrep/journal.jsonl: opening: Permission denied (os error 13)".into(),
        )),
    );
    press(&mut model, KeyCode::Char('l'));
    update(&mut model, Message::Journal(JournalEvent::Shift(shift_log())));
    insta::assert_snapshot!("journal_popup_120x40_en_journal_off", screen(&model));
}

/// A feed at 09:00 with `level` and the incidents given as (id, title, severity).
fn feed(level: &str, incidents: &[(&str, &str, &str)]) -> Message {
    let mut text = format!("version = 1\ngenerated = 2015-11-18T09:00:00+01:00\n[threat]\nlevel = \"{level}\"\n");
    for (id, title, severity) in incidents {
        text.push_str(&format!(
            "[[incidents]]\nid = \"{id}\"\ntime = 2015-11-18T08:30:00+01:00\ntitle = \"{title}\"\nseverity = \"{severity}\"\n"
        ));
    }
    Message::Feed(common::decode_toml(&text, common::time("2015-11-18T08:20:00Z")))
}

#[test]
fn what_changes_while_an_acknowledgement_is_on_its_way_stays_marked() {
    let mut model = common::empty_model(MINIMAL_AT, Env::EN, (120, 40));
    model.journal = JournalState::kept();
    update(&mut model, feed("substantieel", &[("a", "Package", "major")]));
    update(&mut model, feed("kritiek", &[("a", "Package", "major"), ("b", "Shots", "minor")]));
    assert_eq!(model.changes.incidents.len(), 1);
    let commands = press(&mut model, KeyCode::Char('a'));
    let [Command::Journal(Job::Acknowledge { what, .. })] = commands.as_slice() else { panic!("{commands:?}") };
    assert_eq!(what.incidents, ["b"]);
    // Before the journal confirms: `b` changes again, and `c` comes in critical.
    update(
        &mut model,
        feed("kritiek", &[("a", "Package", "major"), ("b", "Shots fired", "minor"), ("c", "Explosion", "critical")]),
    );
    update(&mut model, Message::Journal(JournalEvent::Acknowledged { written: true }));
    let mut marked: Vec<&String> = model.changes.incidents.keys().collect();
    marked.sort();
    assert_eq!(marked, ["b", "c"]);
    assert_eq!(model.changes.new_critical, ["c"]);
    assert_eq!(model.changes.level, None, "the level change was acknowledged");
    // A second `a` acknowledges the rest.
    press(&mut model, KeyCode::Char('a'));
    update(&mut model, Message::Journal(JournalEvent::Acknowledged { written: true }));
    assert!(model.changes.is_empty());
}
