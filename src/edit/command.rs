//! What `add`, `set`, `remove` and `edit` do on the command line: which feed, which
//! clock, what is printed (the id on stdout for scripts, everything else on stderr),
//! and the exit status (0 written, 1 not written, 2 usage).

use std::io::Write;
use std::process::ExitCode;

use chrono::{DateTime, FixedOffset, Utc};

use crate::app::model::FeedOrigin;
use crate::cli::RunArgs;
use crate::edit::args::WriteArgs;
use crate::edit::change::{Change, Effect};
use crate::edit::error::EditError;
use crate::edit::write::{Settings, Target, Written, unified_diff, write};
use crate::feed::text::{Lines, clean};
use crate::startup::Startup;

/// The feed to write and how, from the command line and the config.
///
/// # Errors
/// The exit status, after saying why (a config that cannot be used, the built-in demo,
/// a feed that cannot be found).
pub fn setup(
    run: &RunArgs,
    feed: Option<&std::path::Path>,
    env: impl Fn(&str) -> Option<String>,
) -> Result<(Target, Settings), ExitCode> {
    let wall = Utc::now();
    let mut run = run.clone();
    if let Some(feed) = feed {
        run.feed = vec![crate::source::location::FeedLocation::File(feed.to_path_buf())];
    }
    let startup = Startup::resolve(&run, env, wall).map_err(|e| {
        eprintln!("{e}");
        ExitCode::from(2)
    })?;
    let path = match &startup.origin {
        FeedOrigin::File(path) => path,
        FeedOrigin::Demo => {
            eprintln!(
                "sitrep: the built-in demo feed cannot be edited: name a feed file (--feed FILE, or `feed` in the config)"
            );
            return Err(ExitCode::from(2));
        }
        FeedOrigin::Nats(_) => {
            eprintln!("sitrep: a NATS key is not edited in place: edit a feed file and `sitrep publish` it");
            return Err(ExitCode::from(2));
        }
    };
    let target = Target::resolve(path, startup.read.format).map_err(|e| report_error(&e, &clean_path(path)))?;
    let now: DateTime<FixedOffset> = match run.at {
        Some(at) => at.0,
        None => wall.with_timezone(&startup.settings.timezone).fixed_offset(),
    };
    let mut decode = startup.read.decode;
    decode.now = now.to_utc();
    Ok((target, Settings { decode, now }))
}

/// A path as it may be shown on a terminal.
#[must_use]
pub fn clean_path(path: &std::path::Path) -> String {
    clean(&path.display().to_string(), Lines::Single).into_owned()
}

/// Says why nothing was written; returns the exit status.
pub fn report_error(error: &EditError, feed: &str) -> ExitCode {
    let mut stderr = std::io::stderr().lock();
    match error {
        EditError::Invalid(problems) => {
            let _ = writeln!(stderr, "{feed}: the change would make the feed invalid; nothing written:");
            let shown = format!("{feed} (after the change)");
            for problem in problems {
                let _ = writeln!(stderr, "{}", problem.display_in(&shown));
            }
        }
        EditError::Usage(_) => {
            let _ = writeln!(stderr, "{feed}: error: {}; nothing written", clean(&error.to_string(), Lines::Single));
        }
        _ => {
            let _ = writeln!(stderr, "{feed}: {}; nothing written", clean(&error.to_string(), Lines::Single));
        }
    }
    error.exit_code()
}

/// How many warnings a write shows; the rest are counted (`sitrep check` lists them).
const SHOWN_WARNINGS: usize = 5;

/// The result's warnings, the first few in full: a change to one item should not bury
/// its own message under warnings about all the others.
pub fn report_warnings(warnings: &[crate::feed::Problem], feed: &str) {
    let mut stderr = std::io::stderr().lock();
    for warning in warnings.iter().take(SHOWN_WARNINGS) {
        let _ = writeln!(stderr, "{}", warning.display_in(feed));
    }
    if warnings.len() > SHOWN_WARNINGS {
        let more = warnings.len() - SHOWN_WARNINGS;
        let _ = writeln!(
            stderr,
            "{feed}: and {more} more warning{} (`sitrep check` lists them all)",
            if more == 1 { "" } else { "s" }
        );
    }
}

/// `sitrep add`, `set`, `remove`.
#[must_use]
pub fn change(run: &RunArgs, change: &Change, options: WriteArgs, env: impl Fn(&str) -> Option<String>) -> ExitCode {
    let (target, settings) = match setup(run, None, &env) {
        Ok(found) => found,
        Err(code) => return code,
    };
    let feed = clean_path(&target.shown);
    let waiting = |holder: &str| eprintln!("{feed}: waiting for the lock: being edited by {holder}");
    match write(&target, change, &settings, options.dry_run, waiting) {
        Ok(written) => {
            report_written(&written, &feed, options.dry_run);
            if !options.dry_run {
                let version = crate::journal::FeedVersion {
                    feed: &written.feed,
                    bytes: written.after.as_bytes(),
                    format: target.format,
                    origin: &feed,
                };
                crate::history::record_written(run, &env, &settings.decode, version);
            }
            ExitCode::SUCCESS
        }
        Err(error) => report_error(&error, &feed),
    }
}

fn report_written(written: &Written, feed: &str, dry_run: bool) {
    let mut stderr = std::io::stderr().lock();
    for note in &written.applied.notes {
        let _ = writeln!(stderr, "{feed}: note: {note}");
    }
    report_warnings(&written.warnings, feed);
    let id = clean(&written.applied.id, Lines::Single);
    let what = match &written.applied.effect {
        Effect::Added { kind, .. } => format!("added {} {id}", kind.noun()),
        Effect::Set { kind } => format!("changed {} {id}", kind.noun()),
        Effect::Removed { kind, .. } => format!("removed {} {id}", kind.noun()),
        Effect::Level => format!("set the threat level to {id}"),
    };
    let mut stdout = std::io::stdout().lock();
    if dry_run {
        let _ = write!(stdout, "{}", unified_diff(&written.before, &written.after, feed));
        let _ = writeln!(stderr, "{feed}: dry run, nothing written: would have {what}");
    } else {
        let _ = writeln!(stdout, "{id}");
        let _ = writeln!(stderr, "{feed}: {what}");
    }
}
