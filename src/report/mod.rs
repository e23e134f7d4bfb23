//! Outputs without a terminal: the handover report (`sitrep handover`), the status bar
//! line (`sitrep line`) and feed health for monitoring (`sitrep status`).

pub mod cache;
pub mod handover;
pub mod handover_print;
pub mod line;
pub mod line_json;
pub mod prometheus;
pub mod reading;
pub mod replace;
pub mod status;
pub mod summary;
pub mod tmux;

use std::io::Write;
use std::process::ExitCode;

use chrono::{DateTime, Utc};

use crate::app::FeedEvent;
use crate::app::model::FeedOrigin;
use crate::cli::{HandoverArgs, HandoverFormat, RunArgs};
use crate::config::Config;
use crate::feed::DEMO_FEED_NAME;
use crate::journal::{Identity, JournalSetting};
use crate::startup::Startup;

/// `sitrep handover`: exit 0 with the report; 2 when there is no journal to read or the
/// config or the period is wrong.
///
/// # Errors
/// When the report cannot be written.
pub fn handover_command(
    run: &RunArgs,
    args: &HandoverArgs,
    env: impl Fn(&str) -> Option<String>,
    wall_now: DateTime<Utc>,
    out: &mut impl Write,
) -> std::io::Result<ExitCode> {
    let usage = |message: String| {
        eprintln!("sitrep handover: {message}");
        Ok(ExitCode::from(2))
    };
    let (startup, config) = match Startup::resolve(run, &env, wall_now)
        .and_then(|startup| Config::load(run.config.as_deref(), &env).map(|config| (startup, config)))
    {
        Ok(both) => both,
        Err(e) => return usage(e.to_string()),
    };
    // The report's time is the wall clock (or --at), also for the demo feed.
    let now = run.at.map_or(wall_now, |at| at.0.to_utc());
    let setting =
        JournalSetting::resolve(run.journal.as_deref(), run.no_journal, config.journal.as_deref(), false, &env);
    let journal = match setting {
        JournalSetting::Off(why) => return usage(format!("no journal to read: {why}")),
        JournalSetting::At { path, .. } => path,
    };
    let tz = &startup.settings.timezone;
    let from = args.since.resolve(now, &config.shift_starts, tz);
    let to = args.until.map_or(now, |until| until.0.to_utc());
    if to <= from {
        return usage(format!("the period is empty: {from} is not before {to}"));
    }
    let feed_name = match &startup.origin {
        FeedOrigin::Demo => DEMO_FEED_NAME.to_owned(),
        FeedOrigin::File(path) => {
            crate::feed::text::clean(&path.display().to_string(), crate::feed::text::Lines::Single).into_owned()
        }
        FeedOrigin::Nats(source) => source.to_string(),
    };
    let feed_now = match crate::source::read(&startup.origin, &startup.read, now) {
        FeedEvent::Loaded { feed, .. } => Ok(feed),
        FeedEvent::Rejected { problems, .. } => Err(format!(
            "the feed now is rejected: {}",
            problems.first().map(|p| p.display_in(&feed_name).to_string()).unwrap_or_default()
        )),
        FeedEvent::Missing { reason, .. } => Err(format!("the feed now is missing: {reason}")),
    };
    let host = Identity::from_environment(&env).host;
    let request = handover::Request {
        journal: &journal,
        from,
        to,
        now,
        feed_now: feed_now.as_deref().map_err(Clone::clone),
        feed_name: &feed_name,
        demo: startup.origin == FeedOrigin::Demo,
        host: &host,
        language: startup.settings.language,
        timezone: tz,
        public: startup.settings.public_screen,
    };
    let report = match handover::build(&request) {
        Ok(report) => report,
        Err(fault) => {
            let path =
                crate::feed::text::clean(&journal.display().to_string(), crate::feed::text::Lines::Single).into_owned();
            return usage(format!("{path}: {fault}"));
        }
    };
    match args.format {
        HandoverFormat::Text => write!(out, "{}", handover_print::text(&report))?,
        HandoverFormat::Markdown => write!(out, "{}", handover_print::markdown(&report))?,
        HandoverFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, &report)?;
            writeln!(out)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
