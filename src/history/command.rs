//! `sitrep history list | show | diff | prune`: the history on the command line.

use std::io::Write;
use std::process::ExitCode;

use chrono::{DateTime, Utc};

use crate::cli::{RunArgs, SnapshotFormat};
use crate::config::Config;
use crate::feed::diff::FeedDiff;
use crate::feed::{Feed, Timestamp};
use crate::history::args::{DiffArgs, HistoryArgs, HistoryCommand, ListArgs, ShowArgs};
use crate::history::past::{self, Past};
use crate::history::timeline::Timeline;
use crate::history::{HistoryPlan, Store};
use crate::journal::Entry;
use crate::journal::entry::Event;
use crate::startup::Startup;
use crate::ui::format::Times;
use crate::ui::labels::Labels;

/// What every history command starts from.
struct Setup {
    startup: Startup,
    config: Config,
    plan: HistoryPlan,
}

/// Usage trouble: said on stderr, exit 2.
fn usage(message: &str) -> ExitCode {
    eprintln!("sitrep history: {}", crate::feed::text::clean(message, crate::feed::text::Lines::Single));
    ExitCode::from(2)
}

/// Trouble with what was asked (no version then, not kept): exit 1.
fn failed(message: &str) -> ExitCode {
    eprintln!("sitrep history: {}", crate::feed::text::clean(message, crate::feed::text::Lines::Single));
    ExitCode::from(1)
}

fn setup(run: &RunArgs, env: impl Fn(&str) -> Option<String>, wall_now: DateTime<Utc>) -> Result<Setup, ExitCode> {
    let startup = Startup::resolve(run, &env, wall_now).map_err(|e| usage(&e.to_string()))?;
    let config = Config::load(run.config.as_deref(), &env).map_err(|e| usage(&e.to_string()))?;
    // A reader: the history of whatever journal is named, also beside the demo.
    let plan = HistoryPlan::resolve(run, &config, false, &env);
    Ok(Setup { startup, config, plan })
}

/// `sitrep history …`.
///
/// # Errors
/// When the output cannot be written.
pub fn run(
    run: &RunArgs,
    args: &HistoryArgs,
    env: impl Fn(&str) -> Option<String>,
    wall_now: DateTime<Utc>,
    out: &mut impl Write,
) -> std::io::Result<ExitCode> {
    let setup = match setup(run, env, wall_now) {
        Ok(setup) => setup,
        Err(code) => return Ok(code),
    };
    if let Err(why) = setup.plan.journal_path() {
        return Ok(usage(&why));
    }
    // The report's clock is the wall clock; `--at` names the moment to show.
    let now = wall_now;
    match &args.what {
        HistoryCommand::List(list_args) => list(&setup, list_args, now, out),
        HistoryCommand::Show(show_args) => {
            let at = run.at.map_or(now, |at| at.0.to_utc());
            show(&setup, show_args, at, out)
        }
        HistoryCommand::Diff(diff_args) => diff(&setup, diff_args, now, out),
        HistoryCommand::Prune => match setup.plan.prune(now) {
            Ok(pruned) if pruned.packs.is_empty() => {
                writeln!(out, "nothing to remove: every month holds a version shown within {}", setup.plan.keep)?;
                Ok(ExitCode::SUCCESS)
            }
            Ok(pruned) => {
                writeln!(
                    out,
                    "removed {} versions ({} bytes) in {}",
                    pruned.versions,
                    pruned.bytes,
                    pruned.packs.join(", ")
                )?;
                Ok(ExitCode::SUCCESS)
            }
            Err(why) => Ok(failed(&why)),
        },
    }
}

fn times<'a>(setup: &'a Setup, now: DateTime<Utc>) -> Times<'a> {
    Times::new(&setup.startup.settings.timezone, now, Labels::of(setup.startup.settings.language))
}

fn instant(at: DateTime<Utc>) -> Timestamp {
    Timestamp::instant(at.fixed_offset())
}

/// `history list`: each version, oldest first.
fn list(setup: &Setup, args: &ListArgs, now: DateTime<Utc>, out: &mut impl Write) -> std::io::Result<ExitCode> {
    let Ok(journal) = setup.plan.journal_path() else { return Ok(usage("no journal")) };
    let tz = &setup.startup.settings.timezone;
    let since = args.since.map_or(DateTime::<Utc>::MIN_UTC, |s| s.resolve(now, &setup.config.shift_starts, tz));
    let (mut entries, skipped) = match crate::journal::read_since(journal, since) {
        Ok(read) => read,
        Err(fault) => return Ok(failed(&format!("{}: {fault}", journal.display()))),
    };
    for line in &skipped {
        eprintln!("sitrep history: {line}");
    }
    entries.reverse();
    let kept = setup.plan.store(false).and_then(|s| s.hashes().map_err(|e| e.to_string())).unwrap_or_default();
    let times = times(setup, now);
    let language = setup.startup.settings.language;
    let public = setup.startup.settings.public_screen;
    let mut count = 0;
    for Entry { time, event, .. } in entries {
        let Event::FeedAccepted(version) = event else { continue };
        count += 1;
        let summary = version.diff.as_ref().map_or_else(
            || if language == crate::config::Language::Nl { "eerste versie" } else { "first version" }.to_owned(),
            |diff| if public { diff.without_covert().summary(language) } else { diff.summary(language) },
        );
        let source = version.source.as_deref().unwrap_or("-");
        let mark = if kept.contains(&version.hash) { "" } else { " (not kept)" };
        writeln!(
            out,
            "{}  {} {}  {}  {}{mark}  {}",
            times.full(instant(time)),
            times.labels.generated,
            times.full(version.generated),
            crate::feed::text::clean(source, crate::feed::text::Lines::Single),
            version.hash.short(),
            summary
        )?;
    }
    if count == 0 {
        writeln!(out, "no versions recorded{}", args.since.map_or("", |_| " in that period"))?;
    }
    Ok(ExitCode::SUCCESS)
}

/// The picture in force at `at`, loaded, or the exit status after saying why not.
fn past_at(setup: &Setup, at: DateTime<Utc>) -> Result<(Past, Store), ExitCode> {
    let journal = setup.plan.journal_path().map_err(|why| usage(&why))?;
    let store = setup.plan.store(false).map_err(|why| failed(&why))?;
    let timeline = Timeline::around(journal, at).map_err(|fault| failed(&format!("{}: {fault}", journal.display())))?;
    let shown = times(setup, at).full_utc(at);
    let state = timeline.state_at(at).ok_or_else(|| failed(&format!("no version had taken effect by {shown}")))?;
    let past = past::load(&state, &store, &setup.startup.read.decode).map_err(|e| failed(&format!("{shown}: {e}")))?;
    Ok((past, store))
}

/// `history show --at T`.
fn show(setup: &Setup, args: &ShowArgs, at: DateTime<Utc>, out: &mut impl Write) -> std::io::Result<ExitCode> {
    let past = match past_at(setup, at) {
        Ok((past, _)) => past,
        Err(code) => return Ok(code),
    };
    let model = past::model(&setup.startup.settings, &past, (args.width, args.height));
    match args.format {
        SnapshotFormat::Text => write!(out, "{}", crate::snapshot::screen_text(&model, args.width, args.height))?,
        SnapshotFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, &crate::snapshot::picture_report(&model))?;
            writeln!(out)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The feed of the version in force in `past` (the last good one of its events).
fn feed_of(past: &Past) -> Option<&Feed> {
    past.events.iter().rev().find_map(|event| match event {
        crate::app::FeedEvent::Loaded { feed, .. } => Some(&**feed),
        _ => None,
    })
}

/// `history diff T1 T2`.
fn diff(setup: &Setup, args: &DiffArgs, now: DateTime<Utc>, out: &mut impl Write) -> std::io::Result<ExitCode> {
    let (from, to) = (args.from.utc(), args.to.utc());
    let (before, after) = match (past_at(setup, from), past_at(setup, to)) {
        (Ok((before, _)), Ok((after, _))) => (before, after),
        (Err(code), _) | (_, Err(code)) => return Ok(code),
    };
    let times = times(setup, now);
    for (word, past) in [("from", &before), ("to", &after)] {
        writeln!(
            out,
            "{word} {}: version {} (took effect {}){}",
            times.full(instant(past.at)),
            past.hash.short(),
            times.full(instant(past.took_effect)),
            health_note(past, &times),
        )?;
    }
    let (Some(old), Some(new)) = (feed_of(&before), feed_of(&after)) else { return Ok(failed("no picture")) };
    let diff = FeedDiff::between(old, new);
    for line in crate::history::words::describe(&diff, &times, setup.startup.settings.public_screen) {
        writeln!(out, "{line}")?;
    }
    Ok(ExitCode::SUCCESS)
}

/// `; the feed was rejected then (since …)` when the moment's health was not good.
fn health_note(past: &Past, times: &Times<'_>) -> String {
    let labels = times.labels;
    match past.events.last() {
        Some(crate::app::FeedEvent::Rejected { at, .. }) => {
            format!("; {} {} {}", labels.rejected, labels.since, times.full(instant(*at)))
        }
        Some(crate::app::FeedEvent::Missing { at, .. }) => {
            format!("; {} {} {}", labels.missing, labels.since, times.full(instant(*at)))
        }
        _ => String::new(),
    }
}
