//! `sitrep replay` with the real binary: a three-inject scenario played at high speed
//! writes its versions in order, each an exercise; scenarios that would write anything
//! else are refused whole; the shipped Paris scenario passes `--dry-run`.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test fails loudly on a broken fixture

use std::path::Path;
use std::process::Output;

use sitrep::feed::{DecodeOptions, Format, decode};
use sitrep::journal::{ContentHash, Event, read_since};

fn sitrep(args: &[&str]) -> Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_sitrep"))
        .env_clear()
        .env("LANG", "C")
        .env("TZ", "Europe/Amsterdam")
        .args(args)
        .output()
        .unwrap()
}

const SCENARIO: &str = r#"
title = "Drie injects"
start = 2026-03-01T09:00:00+01:00
feed_text = '''
version = 1
generated = 2026-03-01T09:00:00+01:00
source = "Oefenleiding"
title = "Oefening"
exercise = true

[threat]
level = "beperkt"
scale = "nctv"

[[measures]]
id = "schiphol"
location = "Schiphol"
category = "airport"
description = "Extra patrouilles"
status = "active"
'''

[[injects]]
at = "+00:10"
title = "Melding verdachte tas"
source = "Meldkamer"
changes = [{ do = "add incident", id = "tas", title = "Verdachte tas", severity = "major", time = "+00:08", location = "Utrecht Centraal" }]

[[injects]]
at = "+00:20"
title = "Niveau omhoog"
source = "NCTV"
changes = [{ do = "set level", level = "substantieel", summary = "Oefening: verhoogd." }]

[[injects]]
at = "+00:30"
title = "Schiphol opgeschaald"
source = "KMar"
changes = [{ do = "set measure", id = "schiphol", status = "intensified" }]
"#;

fn exercise_versions(journal: &Path) -> Vec<(ContentHash, bool, String)> {
    let (mut entries, _) = read_since(journal, chrono::DateTime::<chrono::Utc>::MIN_UTC).unwrap();
    entries.reverse();
    entries
        .into_iter()
        .filter_map(|e| match e.event {
            Event::FeedAccepted(v) => Some((v.hash, v.exercise, v.level.name)),
            _ => None,
        })
        .collect()
}

#[test]
fn three_injects_at_high_speed_are_written_in_order_each_an_exercise() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = dir.path().join("scenario.toml");
    std::fs::write(&scenario, SCENARIO).unwrap();
    let feed = dir.path().join("oefening.toml");
    let journal = dir.path().join("journal.jsonl");
    // A reader beside the replay sees only whole versions, in the order written.
    let stop = std::sync::atomic::AtomicBool::new(false);
    let seen = std::thread::scope(|scope| {
        let reader = scope.spawn(|| {
            let mut seen: Vec<Vec<u8>> = Vec::new();
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                if let Ok(bytes) = std::fs::read(&feed)
                    && seen.last() != Some(&bytes)
                {
                    seen.push(bytes);
                }
                std::thread::sleep(std::time::Duration::from_millis(2));
            }
            seen
        });
        let output = sitrep(&[
            "--journal",
            journal.to_str().unwrap(),
            "replay",
            scenario.to_str().unwrap(),
            "--to",
            feed.to_str().unwrap(),
            "--speed",
            "6000",
        ]);
        stop.store(true, std::sync::atomic::Ordering::Relaxed);
        assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
        let stdout = String::from_utf8(output.stdout).unwrap();
        assert!(stdout.contains("done: 4 versions written"), "{stdout}");
        reader.join().unwrap()
    });

    // The journal: the start feed and the three injects, in order, each an exercise.
    let versions = exercise_versions(&journal);
    let levels: Vec<&str> = versions.iter().map(|(_, _, level)| level.as_str()).collect();
    assert_eq!(levels, ["beperkt", "beperkt", "substantieel", "substantieel"]);
    assert!(versions.iter().all(|(_, exercise, _)| *exercise), "{versions:?}");
    // Each version is kept in the history, and each is the one written.
    let store = sitrep::history::Store::open(&dir.path().join("history"), 1 << 26, false).unwrap();
    let mut texts = Vec::new();
    for (hash, _, _) in &versions {
        let version = store.load(hash).unwrap().expect("kept");
        texts.push(String::from_utf8(version.bytes).unwrap());
    }
    assert!(!texts[0].contains("Verdachte tas"));
    assert!(texts[1].contains("Verdachte tas") && texts[1].contains("time = 2026-03-01T09:08:00+01:00"));
    assert!(texts[1].contains("source = \"Meldkamer\""), "an inject's source names the item: {}", texts[1]);
    assert!(texts[2].contains("level = \"substantieel\"") && !texts[2].contains("intensified"));
    assert!(texts[3].contains("status = \"intensified\""));
    assert_eq!(std::fs::read_to_string(&feed).unwrap(), texts[3]);

    // Every version the reader saw was whole and valid, an exercise, in the same order.
    let options = DecodeOptions::default();
    let positions: Vec<usize> = seen
        .iter()
        .map(|bytes| {
            let accepted = decode(bytes, Format::Toml, &options).expect("a whole, valid version");
            assert!(accepted.feed.exercise);
            let text = String::from_utf8(bytes.clone()).unwrap();
            texts.iter().position(|t| *t == text).expect("one of the versions written")
        })
        .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{positions:?}");
}

#[test]
fn a_scenario_that_would_write_anything_but_an_exercise_is_refused_whole() {
    let dir = tempfile::tempdir().unwrap();
    let feed = dir.path().join("oefening.toml");
    let scenario = dir.path().join("scenario.toml");
    let not_exercise = SCENARIO.replacen("exercise = true", "exercise = false", 1);
    std::fs::write(&scenario, &not_exercise).unwrap();
    let output = sitrep(&["replay", scenario.to_str().unwrap(), "--to", feed.to_str().unwrap(), "--speed", "6000"]);
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(stdout.contains("✗ REFUSED") && stdout.contains("exercise = true"), "{stdout}");
    assert!(!feed.exists(), "nothing written");

    // A whole-feed inject that drops the mark is refused too, and so is an invalid change.
    let whole = format!(
        "{SCENARIO}\n[[injects]]\nat = \"+01:00\"\ntitle = \"Echt\"\nsource = \"X\"\nfeed_text = '''\nversion = 1\ngenerated = 2026-03-01T10:00:00+01:00\n[threat]\nlevel = \"beperkt\"\n'''\n"
    );
    std::fs::write(&scenario, whole).unwrap();
    let output = sitrep(&["replay", scenario.to_str().unwrap(), "--to", feed.to_str().unwrap(), "--dry-run"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(!feed.exists());
    let bad_change = SCENARIO.replace("severity = \"major\"", "severity = \"huge\"");
    std::fs::write(&scenario, bad_change).unwrap();
    let output = sitrep(&["replay", scenario.to_str().unwrap(), "--to", feed.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("scenario.toml:") && stderr.contains("unknown variant `huge`"), "{stderr}");
    assert!(!feed.exists());

    // A live feed is never overwritten by an exercise.
    std::fs::write(&scenario, SCENARIO).unwrap();
    std::fs::write(&feed, not_exercise_feed()).unwrap();
    let output = sitrep(&["replay", scenario.to_str().unwrap(), "--to", feed.to_str().unwrap(), "--speed", "6000"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(std::fs::read_to_string(&feed).unwrap(), not_exercise_feed());
}

fn not_exercise_feed() -> String {
    "version = 1\ngenerated = 2026-03-01T09:00:00+01:00\n[threat]\nlevel = \"beperkt\"\n".to_owned()
}

#[test]
fn the_paris_scenario_passes_its_dry_run() {
    let dir = tempfile::tempdir().unwrap();
    let feed = dir.path().join("oefening.toml");
    let output = sitrep(&[
        "replay",
        "assets/scenario-paris-2015.toml",
        "--to",
        feed.to_str().unwrap(),
        "--dry-run",
        "--speed",
        "600",
    ]);
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert_eq!(output.status.code(), Some(0), "{stdout}{}", String::from_utf8_lossy(&output.stderr));
    assert!(!stdout.contains("REFUSED"), "{stdout}");
    assert_eq!(stdout.matches("✓ valid, exercise").count(), 10, "{stdout}");
    assert!(stdout.contains("+00:20  2015-11-13 21:20 +01:00"), "{stdout}");
    assert!(stdout.contains("dry run: nothing written"));
    assert!(!feed.exists());

    // Every inject names its source, and the week ends with the JBZ-Raad of 20 November.
    let scenario = sitrep::replay::scenario::Scenario::read(Path::new("assets/scenario-paris-2015.toml")).unwrap();
    assert!(scenario.injects.iter().all(|i| i.source.contains("Kamerstuk")));
    let last = scenario.injects.last().unwrap();
    assert_eq!(last.at, "+6d12:00");
    // Played elsewhere in time, the offsets move with it.
    let output = sitrep(&[
        "replay",
        "assets/scenario-paris-2015.toml",
        "--to",
        feed.to_str().unwrap(),
        "--dry-run",
        "--start-at",
        "2026-03-06T21:00:00+01:00",
    ]);
    assert!(String::from_utf8(output.stdout).unwrap().contains("+00:20  2026-03-06 21:20 +01:00"));
}
