//! One `sitrep add` to a feed of 1 000 items (target: 50 ms) and to one of 100 000
//! incidents (target: 2 s), TOML and JSON: the whole write as a script sees it (lock,
//! read, change, `generated`, every rule of `sitrep check`, atomic replace with fsync),
//! in-process and as the real command. Run with `cargo bench --bench edit`; prints
//! medians and maxima.

use std::path::Path;
use std::time::{Duration, Instant};

use chrono::Utc;
use sitrep::edit::write::{Settings, Target, write};
use sitrep::edit::{Change, IncidentFields, When};
use sitrep::feed::{DecodeOptions, Format, Severity};

#[path = "common/generate.rs"]
mod generate;

fn feed_text(incidents: usize, measures: usize, format: Format) -> String {
    let json = generate::json_feed(incidents, measures);
    match format {
        Format::Json => json,
        Format::Toml => {
            toml::to_string(&serde_json::from_str::<serde_json::Value>(&json).unwrap_or_default()).unwrap_or_default()
        }
    }
}

fn add(n: usize) -> Change {
    Change::AddIncident {
        id: None,
        fields: IncidentFields {
            time: Some(When::Now),
            title: Some(format!("Benchmark melding {n}")),
            severity: Some(Severity::Minor),
            location: Some("Utrecht".into()),
            tags: Some(vec!["bench".into()]),
            ..IncidentFields::default()
        },
    }
}

fn summary(label: &str, mut times: Vec<Duration>, target: Duration) {
    times.sort();
    let median = times[times.len() / 2];
    let max = times[times.len() - 1];
    let verdict = if median <= target { "ok" } else { "OVER" };
    println!(
        "{label:<46} median {:>8.1} ms  max {:>8.1} ms  ({} runs; target {} ms: {verdict})",
        median.as_secs_f64() * 1000.0,
        max.as_secs_f64() * 1000.0,
        times.len(),
        target.as_millis()
    );
}

fn bench(
    dir: &Path,
    label: &str,
    (incidents, measures): (usize, usize),
    format: Format,
    runs: usize,
    target: Duration,
) {
    let path = dir.join(format!("feed-{incidents}.{format}"));
    if std::fs::write(&path, feed_text(incidents, measures, format)).is_err() {
        return;
    }
    let target_feed = match Target::resolve(&path, Some(format)) {
        Ok(t) => t,
        Err(e) => return eprintln!("{label}: {e}"),
    };
    let mut times = Vec::with_capacity(runs);
    for n in 0..runs {
        let now = Utc::now();
        let settings = Settings { decode: DecodeOptions { now, ..DecodeOptions::default() }, now: now.fixed_offset() };
        let started = Instant::now();
        if let Err(e) = write(&target_feed, &add(n), &settings, false, |_| {}) {
            return eprintln!("{label}: {e}");
        }
        times.push(started.elapsed());
    }
    summary(&format!("{label}, in-process"), times, target);

    let mut times = Vec::with_capacity(runs);
    for n in 0..runs {
        let started = Instant::now();
        let status = std::process::Command::new(env!("CARGO_BIN_EXE_sitrep"))
            .env_clear()
            .args(["--config", concat!(env!("CARGO_MANIFEST_DIR"), "/config/default.toml"), "--feed"])
            .arg(&path)
            .args(["add", "incident", "--severity", "minor", "--title", &format!("Command {n}")])
            .output();
        times.push(started.elapsed());
        if !status.is_ok_and(|o| o.status.success()) {
            return eprintln!("{label}: the command failed");
        }
    }
    summary(&format!("{label}, `sitrep add` command"), times, target);

    // What bounds it: checking the result with every rule of `sitrep check`.
    let Ok(text) = std::fs::read(&path) else { return };
    let options = DecodeOptions::default();
    let times = (0..runs)
        .map(|_| {
            let started = Instant::now();
            let _ = sitrep::feed::decode(&text, format, &options);
            started.elapsed()
        })
        .collect();
    summary(&format!("{label}, of which the check alone"), times, target);
}

fn main() {
    // `cargo bench` passes --bench; `cargo test --benches` passes nothing: run briefly then.
    let quick = !std::env::args().any(|a| a == "--bench");
    let Ok(dir) = tempfile::tempdir() else { return };
    let (small_runs, large_runs, large) = if quick { (2, 1, 2_000) } else { (30, 5, 100_000) };
    for format in [Format::Toml, Format::Json] {
        bench(
            dir.path(),
            &format!("add to 1 000 items, {format}"),
            (900, 100),
            format,
            small_runs,
            Duration::from_millis(50),
        );
        bench(
            dir.path(),
            &format!("add to {large} incidents, {format}"),
            (large, 1_000),
            format,
            large_runs,
            Duration::from_secs(2),
        );
    }
}
