//! Every change on every valid feed of the corpus (and the demo): whatever layout a feed
//! has (native or quoted datetimes, inline tables, levels by rank, hostile strings), the
//! result passes every rule of `sitrep check` and shows exactly the change.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test fails loudly on a broken fixture

use std::path::{Path, PathBuf};

use chrono::DateTime;
use sitrep::edit::write::{Settings, Target, prepare};
use sitrep::edit::{Change, EditError, IncidentFields, ItemKind, LevelChange, MeasureFields, When};
use sitrep::feed::{Category, DecodeOptions, Format, MeasureStatus, Severity, decode};

fn settings() -> Settings {
    let now = DateTime::parse_from_rfc3339("2015-11-18T10:00:00+01:00").unwrap();
    Settings { decode: DecodeOptions { now: now.to_utc(), ..DecodeOptions::default() }, now }
}

fn corpus() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<PathBuf> = std::fs::read_dir(root.join("tests/feeds/valid"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| Format::from_path(p).is_some())
        .collect();
    files.push(root.join("assets/demo-feed.toml"));
    files.extend(["commented.toml", "spaced.json"].map(|n| root.join("tests/feeds/edit").join(n)));
    files.sort();
    files
}

fn changes_for(text: &str, format: Format) -> Vec<Change> {
    let feed = decode(text.as_bytes(), format, &settings().decode).unwrap().feed;
    let mut changes = vec![
        Change::AddIncident {
            id: None,
            fields: IncidentFields {
                title: Some("Nieuw \"incident\" met\ttab".into()),
                severity: Some(Severity::Minor),
                tags: Some(vec!["a".into()]),
                dead: Some(1),
                details: Some("twee\nregels".into()),
                ..IncidentFields::default()
            },
        },
        Change::AddMeasure {
            id: None,
            fields: MeasureFields {
                location: Some("Schiphol".into()),
                category: Some(Category::Airport),
                description: Some("Extra".into()),
                since: Some(When::Now),
                ..MeasureFields::default()
            },
        },
        Change::SetLevel(LevelChange { level: "2".into(), ..LevelChange::default() }),
        Change::SetLevel(LevelChange {
            level: feed.threat.level.name.to_uppercase(),
            summary: Some("Herbeoordeeld".into()),
            ..LevelChange::default()
        }),
    ];
    for m in &feed.measures {
        changes.push(Change::SetMeasure {
            id: m.id.to_string(),
            fields: MeasureFields {
                status: Some(MeasureStatus::Ended),
                agency: Some("KMar".into()),
                ..MeasureFields::default()
            },
            clear: vec!["notes".into(), "review".into()],
        });
        changes.push(Change::Remove { kind: ItemKind::Measure, id: m.id.to_string() });
    }
    for i in &feed.incidents {
        changes.push(Change::SetIncident {
            id: i.id.to_string(),
            fields: IncidentFields { injured: Some(3), time: Some(When::Now), ..IncidentFields::default() },
            clear: vec!["dead".into(), "location".into()],
        });
        changes.push(Change::Remove { kind: ItemKind::Incident, id: i.id.to_string() });
    }
    changes
}

#[test]
fn every_change_on_every_feed_gives_a_valid_feed_with_the_change() {
    let mut tried = 0;
    for path in corpus() {
        let format = Format::from_path(&path).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        // Some corpus feeds are valid only at their own time (clock skew is a warning).
        let target = Target { shown: path.clone(), real: path.clone(), format };
        for change in changes_for(&text, format) {
            match prepare(&text, &target, &change, &settings()) {
                // `prepare` checks the result with every rule and that the change took.
                Ok(written) => {
                    assert_ne!(written.after, text, "{}: {change:?} changed nothing", path.display());
                    tried += 1;
                }
                // A lat without lon after a clear is the only refusal expected.
                Err(EditError::Invalid(problems)) if problems.iter().all(|p| p.message.contains("without")) => {}
                Err(e) => panic!("{}: {change:?}: {e:?}", path.display()),
            }
        }
    }
    assert!(tried > 100, "only {tried} changes tried");
}
