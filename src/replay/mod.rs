//! Exercise replay (`sitrep replay`): a scenario's start feed and injects played into a
//! feed file over time, as HSEEP's Master Scenario Events List plays an exercise. Every
//! version is worked out and checked before the first is written, and must be marked
//! `exercise = true`; a scenario that would write anything else is refused whole.

pub mod args;
pub mod play;
pub mod scenario;
pub mod schedule;

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use chrono::{DateTime, FixedOffset, Utc};

use crate::cli::RunArgs;
use crate::config::Config;
use crate::feed::text::{Lines, clean};
use crate::feed::{DecodeOptions, Format};
use crate::history::HistoryPlan;
use crate::journal::Identity;
use crate::replay::args::{ReplayArgs, StartAt};
use crate::replay::play::{Ended, Player};
use crate::replay::scenario::Scenario;
use crate::replay::schedule::{Step, build};
use crate::startup::Startup;

/// `sitrep replay`: 0 played (or, with `--dry-run`, every version good), 1 refused,
/// stopped or failed, 2 on usage errors.
#[must_use]
pub fn command(run: &RunArgs, args: &ReplayArgs, env: impl Fn(&str) -> Option<String>) -> ExitCode {
    let usage = |message: &str| {
        eprintln!("sitrep replay: {}", clean(message, Lines::Single));
        ExitCode::from(2)
    };
    let wall = Utc::now();
    let (startup, config) = match Startup::resolve(run, &env, wall)
        .and_then(|s| Config::load(run.config.as_deref(), &env).map(|c| (s, c)))
    {
        Ok(both) => both,
        Err(e) => return usage(&e.to_string()),
    };
    let scenario = match Scenario::read(&args.scenario) {
        Ok(scenario) => scenario,
        Err(e) => {
            eprintln!("{e}");
            eprintln!("sitrep replay: the scenario is refused; nothing written");
            return ExitCode::from(1);
        }
    };
    let feed_format = run.feed_format.or_else(|| Format::from_path(&args.to));
    if feed_format.is_some_and(|f| f != scenario.format) {
        return usage(&format!(
            "{} is read as {}, and the scenario's feeds are {}: name a .{} file",
            args.to.display(),
            feed_format.map_or_else(String::new, |f| f.to_string()),
            scenario.format,
            scenario.format
        ));
    }
    let zone = &startup.settings.timezone;
    let start: DateTime<FixedOffset> = match (args.start_at, scenario.start) {
        (Some(StartAt::At(at)), _) => at.0,
        (None, Some(start)) => start.0,
        (Some(StartAt::Now) | None, _) => crate::edit::when::trim_to_seconds(wall.with_timezone(zone).fixed_offset()),
    };
    let steps = build(&scenario, start, &startup.read.decode);
    let mut stdout = std::io::stdout().lock();
    let refused = steps.iter().filter(|s| s.check.is_err()).count();
    if args.dry_run || refused > 0 {
        let _ = print_schedule(&mut stdout, &scenario, &steps, args.speed);
    }
    if refused > 0 {
        eprintln!("sitrep replay: {refused} of {} versions refused; nothing written", steps.len());
        return ExitCode::from(1);
    }
    if args.dry_run {
        let _ = writeln!(stdout, "dry run: nothing written");
        return ExitCode::SUCCESS;
    }
    if let Some(why) = live_feed(&args.to, scenario.format, &startup.read.decode) {
        return usage(&why);
    }
    let plan = HistoryPlan::resolve(run, &config, false, &env);
    let journal = match plan.open_journal(&startup.read.decode, Identity::from_environment(&env)) {
        Ok(journal) => Some(journal),
        Err(why) => {
            eprintln!("sitrep replay: not recorded in a journal: {}", clean(&why, Lines::Single));
            None
        }
    };
    let stop = Arc::new(AtomicBool::new(false));
    for signal in [signal_hook::consts::SIGINT, signal_hook::consts::SIGTERM] {
        let _ = signal_hook::flag::register(signal, Arc::clone(&stop));
    }
    let player = Player {
        feed: &args.to,
        format: scenario.format,
        speed: args.speed,
        decode: &startup.read.decode,
        zone,
        record: journal.as_ref().map(|j| (&plan, j)),
        stop: &stop,
    };
    let _ = writeln!(
        stdout,
        "{}: {} versions into {} at {}×",
        clean(&scenario.title, Lines::Single),
        steps.len(),
        clean(&args.to.display().to_string(), Lines::Single),
        args.speed
    );
    let _ = stdout.flush();
    drop(stdout);
    let result = player.play(&steps, |line| {
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "{}", clean(line, Lines::Single));
        let _ = out.flush();
    });
    match result {
        Ok(Ended::Done(n)) => {
            println!("done: {n} versions written");
            ExitCode::SUCCESS
        }
        Ok(Ended::Stopped(n)) => {
            eprintln!("sitrep replay: stopped after {n} of {} versions", steps.len());
            ExitCode::from(1)
        }
        Err(why) => {
            eprintln!("sitrep replay: {}", clean(&why, Lines::Single));
            ExitCode::from(1)
        }
    }
}

/// Why the feed must not be replaced by an exercise: it holds a valid feed that is not
/// one (a live picture).
fn live_feed(path: &Path, format: Format, decode: &DecodeOptions) -> Option<String> {
    let bytes = std::fs::read(path).ok()?;
    let accepted = crate::feed::decode(&bytes, format, decode).ok()?;
    (!accepted.feed.exercise).then(|| {
        format!(
            "{} holds a live feed (exercise = false): a replay never overwrites one; write the exercise to another file",
            path.display()
        )
    })
}

/// The schedule: every version with its offset, the scenario's time, when it is written
/// (at the speed), where it comes from, and its check.
fn print_schedule(out: &mut impl Write, scenario: &Scenario, steps: &[Step], speed: f64) -> std::io::Result<()> {
    let safe = |text: &str| clean(text, Lines::Single).into_owned();
    writeln!(out, "scenario: {}", safe(&scenario.title))?;
    let last = steps.last().map_or(chrono::TimeDelta::zero(), |s| s.offset);
    writeln!(
        out,
        "{} versions over {}; at {speed}× written over {}",
        steps.len(),
        span(last.as_seconds_f64()),
        span(last.as_seconds_f64() / speed)
    )?;
    for step in steps {
        let check = match &step.check {
            Ok(c) => format!(
                "✓ valid, exercise, {}, {} measures, {} incidents{}",
                c.level,
                c.measures,
                c.incidents,
                if c.warnings > 0 { format!(", {} warnings", c.warnings) } else { String::new() }
            ),
            Err(problems) => format!("✗ REFUSED: {}", safe(&problems.join("; "))),
        };
        let source = step.source.as_deref().map(|s| format!(" [{}]", safe(s))).unwrap_or_default();
        writeln!(
            out,
            "{:>9}  {}  written after {:>8}  {}{source}\n{:>11}{check}",
            step.at,
            step.moment.format("%Y-%m-%d %H:%M %:z"),
            span(step.offset.as_seconds_f64() / speed),
            safe(&step.title),
            ""
        )?;
    }
    Ok(())
}

/// `1d 2h`, `17m 10s`, `4.5s`.
fn span(seconds: f64) -> String {
    if seconds < 60.0 {
        return format!("{seconds:.1}s");
    }
    // Whole seconds from here on; the cast is of a finite, positive, bounded value.
    let whole = seconds.round().clamp(0.0, 1e12) as u64;
    let (days, hours, minutes, secs) = (whole / 86_400, whole / 3600 % 24, whole / 60 % 60, whole % 60);
    match (days, hours) {
        (0, 0) => format!("{minutes}m {secs}s"),
        (0, h) => format!("{h}h {minutes}m"),
        (d, h) => format!("{d}d {h}h"),
    }
}
