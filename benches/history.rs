//! The history over a year (20 000 versions of a demo-sized feed in a 450 000-entry
//! journal): `sitrep history show --at T` in-process and as the command (target 200 ms),
//! reading the whole timeline (what `h` does first), and what a demo version takes on
//! disk (target 4 KB).

use std::path::PathBuf;

use chrono::TimeDelta;
use criterion::{Criterion, criterion_group, criterion_main};
use sitrep::app::Settings;
use sitrep::feed::DecodeOptions;
use sitrep::history::past;
use sitrep::history::{Store, Timeline};

#[path = "common/history_year.rs"]
mod history_year;
#[path = "common/journal_year.rs"]
mod journal_year;

/// The generated year, kept in target/ between runs (it takes a minute to write).
fn year() -> (PathBuf, PathBuf) {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("history-year");
    let journal = dir.join("journal.jsonl");
    let history = dir.join("history");
    let marker = dir.join("complete");
    if !marker.exists() {
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap_or_default();
        let files = history_year::write(&journal, &history, 64 * 1024 * 1024).unwrap_or_default();
        std::fs::write(&marker, files.to_string()).unwrap_or_default();
    }
    (journal, history)
}

fn year_of_history(c: &mut Criterion) {
    let (journal, history) = year();
    let Ok(store) = Store::open(&history, 1 << 26, false) else { return };
    let per_version = store.disk_usage() / history_year::VERSIONS as u64;
    let journal_bytes: u64 = std::fs::read_dir(journal.parent().unwrap_or(&journal))
        .map(|d| {
            d.filter_map(Result::ok).filter_map(|e| e.metadata().ok()).filter(|m| m.is_file()).map(|m| m.len()).sum()
        })
        .unwrap_or(0);
    eprintln!(
        "history year: {} versions, store {} bytes on disk ({per_version} bytes a version), journal files {journal_bytes} bytes",
        history_year::VERSIONS,
        store.disk_usage()
    );
    let settings = Settings::default();
    let decode = DecodeOptions::default();
    let end = history_year::end();
    let moments = [
        ("a_year_ago", end - TimeDelta::days(360)),
        ("half_a_year_ago", end - TimeDelta::days(180)),
        ("an_hour_ago", end - TimeDelta::hours(1)),
        // Within a rejected episode.
        ("rejected", history_year::version_time(7) + history_year::step() / 44),
    ];
    let mut group = c.benchmark_group("history_year");
    group.sample_size(20);
    for (name, at) in moments {
        group.bench_function(format!("show_at_{name}"), |b| {
            b.iter(|| {
                let timeline = Timeline::around(&journal, at).ok()?;
                let state = timeline.state_at(at)?;
                let loaded = past::load(&state, &store, &decode).ok()?;
                let model = past::model(&settings, &loaded, (120, 40));
                Some(sitrep::snapshot::screen_text(&model, 120, 40))
            });
        });
    }
    // The command as a user runs it: process start, config, the same work, the output.
    let at = (end - TimeDelta::days(180)).to_rfc3339();
    let binary = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/release/sitrep");
    if binary.exists() {
        group.bench_function("show_at_command", |b| {
            b.iter(|| {
                std::process::Command::new(&binary)
                    .env_clear()
                    .args(["--journal", &journal.to_string_lossy(), "history", "show", "--at", &at])
                    .output()
                    .map(|o| o.stdout.len())
            });
        });
    }
    group.sample_size(10);
    group.bench_function("time_travel_open_whole_timeline", |b| {
        b.iter(|| Timeline::load(&journal).map(|t| t.marks.len()))
    });
    group.finish();
}

criterion_group!(benches, year_of_history);
criterion_main!(benches);
