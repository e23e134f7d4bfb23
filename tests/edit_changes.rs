//! Every kind of change as a golden diff, on a hand-written TOML feed full of comments
//! and on a JSON feed with its own indentation and key order: what a change touches and,
//! as much, what it leaves alone.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test fails loudly on a broken fixture

use std::path::PathBuf;

use chrono::DateTime;
use sitrep::edit::write::{Settings, Target, prepare, unified_diff};
use sitrep::edit::{Change, EditError, IncidentFields, ItemKind, LevelChange, MeasureFields, When};
use sitrep::feed::{Category, DecodeOptions, Format, MeasureStatus, Severity, Timestamp};

const NOW: &str = "2015-11-18T10:00:00+01:00";

fn settings() -> Settings {
    let now = DateTime::parse_from_rfc3339(NOW).unwrap();
    Settings { decode: DecodeOptions { now: now.to_utc(), ..DecodeOptions::default() }, now }
}

fn fixture(format: Format) -> (Target, String) {
    let name = match format {
        Format::Toml => "commented.toml",
        Format::Json => "spaced.json",
    };
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/feeds/edit").join(name);
    let text = std::fs::read_to_string(&path).unwrap();
    (Target { shown: name.into(), real: path, format }, text)
}

/// The change as a diff, after it passed every check of `sitrep check`.
fn diff(format: Format, change: &Change) -> String {
    let (target, text) = fixture(format);
    let written = prepare(&text, &target, change, &settings()).unwrap_or_else(|e| panic!("{change:?}: {e:?}"));
    unified_diff(&written.before, &written.after, &target.shown.display().to_string())
}

fn at(text: &str) -> When {
    When::At(Timestamp::parse(text).unwrap())
}

fn add_incident() -> Change {
    Change::AddIncident {
        id: None,
        fields: IncidentFields {
            time: Some(at("2015-11-18T09:40:00+01:00")),
            title: Some("Verdachte tas in de stationshal".into()),
            severity: Some(Severity::Major),
            location: Some("Utrecht Centraal".into()),
            tags: Some(vec!["station".into(), "ontruiming".into()]),
            injured: Some(2),
            details: Some("Hal ontruimd.\nEOD ter plaatse.".into()),
            lat: Some(52.0894),
            lon: Some(5.1101),
            ..IncidentFields::default()
        },
    }
}

fn add_measure() -> Change {
    Change::AddMeasure {
        id: Some("schiphol-kmar".into()),
        fields: MeasureFields {
            location: Some("Schiphol".into()),
            category: Some(Category::Airport),
            description: Some("Extra patrouilles KMar".into()),
            agency: Some("KMar".into()),
            since: Some(When::Now),
            ..MeasureFields::default()
        },
    }
}

fn raise_level() -> Change {
    Change::SetLevel(LevelChange {
        level: "KRITIEK".into(),
        summary: Some("Concrete aanwijzingen voor een aanslag.".into()),
        ..LevelChange::default()
    })
}

fn reassess_level() -> Change {
    Change::SetLevel(LevelChange { level: "4".into(), assessed: Some(When::Now), ..LevelChange::default() })
}

fn end_measure() -> Change {
    Change::SetMeasure {
        id: "zuidgrens-mtv".into(),
        fields: MeasureFields {
            status: Some(MeasureStatus::Ended),
            review: Some(When::Now),
            ..MeasureFields::default()
        },
        clear: vec!["agency".into()],
    }
}

fn update_incident(id: &str) -> Change {
    Change::SetIncident {
        id: id.into(),
        fields: IncidentFields { title: Some("Bijgesteld".into()), dead: Some(130), ..IncidentFields::default() },
        clear: if id == "brussel" { vec!["location".into()] } else { Vec::new() },
    }
}

fn remove(kind: ItemKind, id: &str) -> Change {
    Change::Remove { kind, id: id.into() }
}

macro_rules! golden {
    ($($name:ident: $change:expr;)*) => {
        $(
            #[test]
            fn $name() {
                insta::assert_snapshot!(concat!(stringify!($name), "_toml"), diff(Format::Toml, &$change));
                insta::assert_snapshot!(concat!(stringify!($name), "_json"), diff(Format::Json, &$change));
            }
        )*
    };
}

golden! {
    add_an_incident: add_incident();
    add_a_measure: add_measure();
    raise_the_level: raise_level();
    reassess_the_level: reassess_level();
    end_a_measure: end_measure();
    update_an_incident_with_inline_casualties: update_incident("parijs");
    update_an_incident_with_a_casualties_table: update_incident("brussel");
    remove_the_first_measure: remove(ItemKind::Measure, "zuidgrens-mtv");
    remove_the_last_incident: remove(ItemKind::Incident, "brussel");
}

#[test]
fn every_comment_stays_where_it_was_unless_its_item_goes() {
    let (target, text) = fixture(Format::Toml);
    // The fixture has no `#` inside strings: every `#` starts a comment.
    let comments =
        |text: &str| -> Vec<String> { text.lines().filter_map(|l| Some(l[l.find('#')?..].to_owned())).collect() };
    let before = comments(&text);
    for change in
        [add_incident(), add_measure(), raise_level(), reassess_level(), end_measure(), update_incident("brussel")]
    {
        let written = prepare(&text, &target, &change, &settings()).unwrap();
        assert_eq!(comments(&written.after), before, "{change:?} moved or lost comments:\n{}", written.after);
    }
}

#[test]
fn ids_made_for_new_items_are_readable_and_unique() {
    let (target, text) = fixture(Format::Json);
    let first = prepare(&text, &target, &add_incident(), &settings()).unwrap();
    assert!(first.applied.id.starts_with("i-20151118-0940-"), "{}", first.applied.id);
    // The same incident again gets another id.
    let second = prepare(&first.after, &target, &add_incident(), &settings()).unwrap();
    assert_ne!(first.applied.id, second.applied.id);
    assert!(second.applied.id.starts_with("i-20151118-0940-"));
}

#[test]
fn an_edit_that_is_not_valid_is_refused_with_the_problems() {
    let (target, text) = fixture(Format::Toml);
    let clear_lat = Change::SetMeasure {
        id: "zuidgrens-mtv".into(),
        fields: MeasureFields { lat: Some(51.0), ..MeasureFields::default() },
        clear: Vec::new(),
    };
    match prepare(&text, &target, &clear_lat, &settings()) {
        Err(EditError::Invalid(problems)) => {
            assert!(problems.iter().any(|p| p.message.contains("lat without lon")), "{problems:?}");
        }
        other => panic!("expected an invalid result, got {other:?}"),
    }
    let duplicate = Change::AddIncident {
        id: Some("parijs".into()),
        fields: IncidentFields { title: Some("x".into()), severity: Some(Severity::Info), ..IncidentFields::default() },
    };
    assert!(matches!(prepare(&text, &target, &duplicate, &settings()), Err(EditError::Duplicate { .. })));
}

#[test]
fn lists_written_inline_are_changed_in_place_too() {
    let text = "version = 1\ngenerated = \"2015-11-18T09:00:00+01:00\"\nthreat = { level = 4, since = \"2013-03-13T00:00:00+01:00\" }\nincidents = [\n  { id = \"a\", time = \"2015-11-13T21:20:00+01:00\", title = \"A\", severity = \"info\" },\n]\n";
    let target = Target { shown: "inline.toml".into(), real: "inline.toml".into(), format: Format::Toml };
    let added = prepare(text, &target, &add_incident(), &settings()).unwrap();
    insta::assert_snapshot!("inline_lists_toml", unified_diff(text, &added.after, "inline.toml"));
    let raised = prepare(text, &target, &raise_level(), &settings()).unwrap();
    insta::assert_snapshot!("inline_threat_toml", unified_diff(text, &raised.after, "inline.toml"));
    let removed = prepare(&added.after, &target, &remove(ItemKind::Incident, "a"), &settings()).unwrap();
    assert!(!removed.after.contains("id = \"a\""), "{}", removed.after);
}

#[test]
fn plain_dates_are_written_as_dates_and_generated_never_is() {
    let review = When::parse("2015-11-20").unwrap();
    let change = Change::SetMeasure {
        id: "zuidgrens-mtv".into(),
        fields: MeasureFields { review: Some(review), ..MeasureFields::default() },
        clear: Vec::new(),
    };
    for (format, written) in [(Format::Toml, "review = 2015-11-20\n"), (Format::Json, "\"review\": \"2015-11-20\"")] {
        let (target, text) = fixture(format);
        let after = prepare(&text, &target, &change, &settings()).unwrap().after;
        assert!(after.contains(written), "{after}");
        assert!(after.contains(NOW), "generated is a full datetime: {after}");
    }
}
