//! `sitrep line` and `sitrep status` as tmux and a monitoring system run them: the real
//! binary, started anew each time, timed from spawn to exit. Targets (median wall time):
//! 10 ms on the demo feed, 20 ms on a 10 000-incident feed.
//!
//! `cargo bench --bench line` (release build). The cache lives in a temporary
//! `$XDG_RUNTIME_DIR`, as on a desktop or a server with systemd-logind.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[path = "common/generate.rs"]
mod generate;

const RUNS: usize = 200;

fn main() {
    let exe = env!("CARGO_BIN_EXE_sitrep");
    let Ok(dir) = tempfile::tempdir() else {
        eprintln!("no temporary folder");
        return;
    };
    let runtime = dir.path().join("run");
    let feed = dir.path().join("large.json");
    if std::fs::create_dir(&runtime).is_err() || std::fs::write(&feed, generate::json_feed(10_000, 500)).is_err() {
        eprintln!("cannot write the feed");
        return;
    }
    // A file changed in the last two seconds is not cached (see src/report/cache.rs).
    std::thread::sleep(Duration::from_millis(2100));
    let feed = feed.to_string_lossy().into_owned();
    let cases: [(&str, Vec<&str>, usize); 6] = [
        ("line, demo feed", vec!["line"], RUNS),
        ("line, 10 000 incidents, cached", vec!["line", "--feed", &feed], RUNS),
        ("line, 10 000 incidents, --no-cache", vec!["line", "--no-cache", "--feed", &feed], RUNS / 4),
        ("status, demo feed", vec!["status"], RUNS),
        ("status, 10 000 incidents, cached", vec!["status", "--feed", &feed], RUNS),
        (
            "status --format prometheus, 10 000 incidents, cached",
            vec!["status", "--format", "prometheus", "--feed", &feed],
            RUNS,
        ),
    ];
    println!("{:<55} {:>9} {:>9} {:>9} {:>12}", "", "median", "p90", "min", "CPU per run");
    for (name, args, runs) in cases {
        // One run to warm the page cache and fill the sitrep cache.
        let _ = run(exe, &args, &runtime);
        let cpu_before = children_cpu();
        let mut times: Vec<Duration> = (0..runs).filter_map(|_| run(exe, &args, &runtime)).collect();
        #[allow(clippy::cast_precision_loss)]
        let cpu = children_cpu()
            .zip(cpu_before)
            .map_or(f64::NAN, |(after, before)| (after - before).as_secs_f64() * 1000.0 / times.len().max(1) as f64);
        times.sort_unstable();
        let at = |q: f64| {
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss, clippy::cast_precision_loss)]
            let index = ((times.len() as f64 - 1.0) * q).round() as usize;
            times.get(index).map_or(f64::NAN, |d| d.as_secs_f64() * 1000.0)
        };
        println!("{name:<55} {:>6.2} ms {:>6.2} ms {:>6.2} ms {cpu:>9.2} ms", at(0.5), at(0.9), at(0.0));
    }
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!("load average (1, 5, 15 min): {}", load.split(' ').take(3).collect::<Vec<_>>().join(", "));
}

/// The user and system time of this process's waited-for children so far, from
/// `/proc/self/stat` (fields 16 and 17, in 1/100 s): on a shared machine the wall time
/// also counts waiting for a core, the CPU time does not.
fn children_cpu() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The command name (field 2) may hold spaces: count fields after its closing `)`.
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks = fields.get(13)?.parse::<u64>().ok()? + fields.get(14)?.parse::<u64>().ok()?;
    Some(Duration::from_millis(ticks * 10))
}

/// One run, timed from spawn to exit; `None` if it could not start.
fn run(exe: &str, args: &[&str], runtime: &Path) -> Option<Duration> {
    let started = Instant::now();
    let status = Command::new(exe)
        .args(args)
        .env("XDG_RUNTIME_DIR", runtime)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .ok()?;
    let elapsed = started.elapsed();
    // Exit 0-2 are answers (a stale demo is 1 for status); anything else is a failure.
    (status.code().is_some_and(|c| c <= 2)).then_some(elapsed)
}
