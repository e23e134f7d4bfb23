//! `sitrep status`: the feed's health for monitoring, following the monitoring-plugins
//! guidelines (one line, `SERVICE STATE - text | perfdata`, exit 0 OK, 1 WARNING,
//! 2 CRITICAL, 3 UNKNOWN), or as node_exporter's textfile-collector format. Staleness,
//! levels in force and a public screen are judged as the dashboard judges them: the
//! reading is the dashboard's own model.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::{Args, ValueEnum};

use crate::app::model::{FeedHealth, FeedOrigin};
use crate::cli::RunArgs;
use crate::config::Language;
use crate::feed::FeedDuration;
use crate::feed::in_force::Standing;
use crate::feed::text::{Lines, clean};
use crate::report::reading::{self, Failure, Reading};
use crate::ui::format::span;
use crate::ui::labels::Labels;

/// A plugin's result, as its exit status says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum State {
    Ok = 0,
    Warning = 1,
    Critical = 2,
    Unknown = 3,
}

impl State {
    #[must_use]
    pub fn word(self) -> &'static str {
        match self {
            Self::Ok => "OK",
            Self::Warning => "WARNING",
            Self::Critical => "CRITICAL",
            Self::Unknown => "UNKNOWN",
        }
    }

    #[must_use]
    pub fn exit_code(self) -> ExitCode {
        ExitCode::from(self as u8)
    }
}

/// What `status` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StatusFormat {
    /// One line for Nagios, Icinga and their kin, with performance data.
    Nagios,
    /// node_exporter's textfile-collector format.
    Prometheus,
}

/// How long to wait for the feed, and the state to report when it does not answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeout {
    pub limit: Duration,
    pub state: State,
}

#[derive(Debug, Args)]
pub struct StatusArgs {
    /// WARNING when the feed is older than AGE (`2h`, `90m`, `45s`, or seconds).
    /// Default: its staleness limit (the feed's `stale_after`, else the config's).
    #[arg(short = 'w', long = "warning", value_name = "AGE", value_parser = parse_age)]
    pub warning: Option<FeedDuration>,
    /// CRITICAL when the feed is older than AGE. Default: never for its age alone.
    #[arg(short = 'c', long = "critical", value_name = "AGE", value_parser = parse_age)]
    pub critical: Option<FeedDuration>,
    #[arg(long, value_enum, default_value_t = StatusFormat::Nagios)]
    pub format: StatusFormat,
    /// Write to FILE, through a temporary file in its folder renamed into place
    /// (for node_exporter's textfile collector), instead of to stdout.
    #[arg(short = 'o', long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Give up on a feed that does not answer (a FIFO, a hung network file) after
    /// SECONDS, and report STATE (default CRITICAL).
    #[arg(short = 't', long, value_name = "SECONDS[:STATE]", default_value = "10", value_parser = parse_timeout)]
    pub timeout: Timeout,
    /// Read the feed even when the cache holds an unchanged copy.
    #[arg(long)]
    pub no_cache: bool,
}

/// What the check concludes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    pub state: State,
    /// Why, worst first; then what is fine.
    pub text: String,
    /// Nagios performance data (empty without a picture).
    pub perfdata: String,
}

/// `sitrep status`: exit 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN (also for a bug: a
/// plugin must never end otherwise).
#[must_use]
pub fn command(run: &RunArgs, args: &StatusArgs) -> ExitCode {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| check(run, args))).unwrap_or_else(|_| {
        println!("SITREP UNKNOWN - internal error");
        State::Unknown.exit_code()
    })
}

fn check(run: &RunArgs, args: &StatusArgs) -> ExitCode {
    let request = reading::Request { run: run.clone(), limit: args.timeout.limit, cache: !args.no_cache };
    let result = reading::take(&request);
    let (state, text) = match (&result, args.format) {
        (Ok(reading), StatusFormat::Nagios) => {
            let verdict = judge(reading, args.warning, args.critical);
            (verdict.state, nagios_line(&verdict))
        }
        (Ok(reading), StatusFormat::Prometheus) => {
            (judge(reading, args.warning, args.critical).state, crate::report::prometheus::metrics(Some(reading)))
        }
        (Err(failure), format) => {
            let (state, why) = match failure {
                Failure::NoAnswer(limit) => {
                    (args.timeout.state, format!("no answer from the feed (or the config) within {}", seconds(*limit)))
                }
                Failure::Config(error) => (State::Unknown, error.to_string()),
                Failure::Internal => (State::Unknown, "internal error: the feed reader failed".to_owned()),
                Failure::Nats => {
                    (State::Unknown, "not supported for nats:// feeds (it reads a feed file once)".to_owned())
                }
            };
            let text = match format {
                StatusFormat::Nagios => nagios_line(&Verdict { state, text: why, perfdata: String::new() }),
                StatusFormat::Prometheus => {
                    eprintln!("sitrep status: {why}");
                    crate::report::prometheus::metrics(None)
                }
            };
            (state, text)
        }
    };
    let written = match &args.output {
        Some(path) => crate::report::replace::replace(path, text.as_bytes(), 0o644),
        None => std::io::stdout().lock().write_all(text.as_bytes()),
    };
    match written {
        Ok(()) => state.exit_code(),
        Err(e) => {
            let place = args.output.as_ref().map_or_else(|| "stdout".to_owned(), |p| p.display().to_string());
            println!("SITREP UNKNOWN - cannot write {}: {e}", clean(&place, Lines::Single));
            State::Unknown.exit_code()
        }
    }
}

/// Judges `reading`: WARNING past `warning` (default: the staleness limit), with overdue
/// reviews or feed warnings; CRITICAL when rejected, missing or past `critical`.
#[must_use]
pub fn judge(reading: &Reading, warning: Option<FeedDuration>, critical: Option<FeedDuration>) -> Verdict {
    let model = &reading.model;
    let labels = Labels::of(Language::En);
    let mut critical_reasons = Vec::new();
    let mut warning_reasons = Vec::new();
    let name = reading.feed_name();
    match &model.health {
        FeedHealth::Rejected { problems, .. } => {
            let errors: Vec<_> = problems.iter().filter(|p| p.is_error()).collect();
            let first = errors.first().map(|p| p.display_in(&name).to_string()).unwrap_or_default();
            let more = match errors.len() {
                0 | 1 => String::new(),
                n => format!(" (and {} more)", n - 1),
            };
            critical_reasons.push(format!("feed rejected: {first}{more}"));
        }
        FeedHealth::Missing { reason, .. } => critical_reasons.push(format!("feed missing: {reason}")),
        FeedHealth::Good | FeedHealth::Waiting => {}
    }
    let Some(picture) = &model.picture else {
        return Verdict { state: State::Critical, text: critical_reasons.join("; "), perfdata: String::new() };
    };
    let feed = &picture.feed;
    let now = model.now;
    let age = now - model.age_base();
    let age_words = span(age, labels);
    let limit = model.stale_after();
    let warn_after = warning.unwrap_or(limit);
    // Past a limit as the dashboard counts it: in whole seconds.
    let past = |limit: FeedDuration| age.num_seconds() > limit.to_chrono().num_seconds();
    // What is fine comes after what is wrong, in this order: exercise, level, a higher
    // scoped level, age, demo.
    let mut fine = Vec::new();
    if feed.exercise {
        fine.push("EXERCISE".to_owned());
    }
    let national = feed.threat.national_at(now);
    let level = |l: &crate::feed::Level| format!("{} {}/{}", l.name.to_uppercase(), l.rank, l.of);
    match (national.standing, national.in_force()) {
        (Standing::Lapsed { at }, _) => {
            warning_reasons.push(format!("no level in force: {} lapsed at {at}", level(national.declared)));
        }
        (Standing::NotYet { from }, None) => {
            warning_reasons.push(format!("no level in force: {} from {from}", level(national.declared)));
        }
        (Standing::NotYet { from }, Some(before)) => {
            fine.push(format!("level {} ({} from {from})", level(before), level(national.declared)));
        }
        (Standing::InForce, _) => fine.push(format!("level {}", level(national.declared))),
    }
    if let Some(scoped) = feed.threat.scoped_above(now) {
        fine.push(format!("{} {}", scoped.scope, level(&scoped.level)));
    }
    if let Some(critical) = critical.filter(|c| past(*c)) {
        critical_reasons.push(format!("feed {age_words} old, past the critical {critical}"));
    } else if (warning.is_none() && model.staleness().is_some()) || (warning.is_some() && past(warn_after)) {
        warning_reasons.push(format!("feed stale: {age_words} old, past {warn_after}"));
    } else {
        fine.push(format!("feed {age_words} old"));
    }
    if model.health != FeedHealth::Good {
        fine.push(format!("showing the last good picture, generated {}", feed.generated));
    }
    if model.origin == FeedOrigin::Demo {
        fine.push("the built-in demo feed (no feed configured)".to_owned());
    }
    match reading.overdue_reviews() {
        0 => {}
        1 => warning_reasons.push("1 overdue review".to_owned()),
        n => warning_reasons.push(format!("{n} overdue reviews")),
    }
    if let Some(skew) = model.clock_skew() {
        warning_reasons.push(format!("clock skew: generated {} ahead of this clock", span(skew, labels)));
    }
    for problem in reading.feed_warnings() {
        warning_reasons.push(format!("feed warning: {}", problem.display_in(&name)));
    }
    let state = if !critical_reasons.is_empty() {
        State::Critical
    } else if !warning_reasons.is_empty() {
        State::Warning
    } else {
        State::Ok
    };
    let text = critical_reasons.into_iter().chain(warning_reasons).chain(fine).collect::<Vec<_>>().join("; ");
    let threshold = |d: Option<FeedDuration>| d.map(|d| d.as_secs().to_string()).unwrap_or_default();
    let rank = national.in_force().map_or(0, |l| l.rank);
    let perfdata = format!(
        "age={}s;{};{};0 level={rank};;;0;{} measures={} incidents={} incidents_24h={} overdue_reviews={}",
        age.num_seconds().max(0),
        warn_after.as_secs(),
        threshold(critical),
        national.declared.of,
        reading.tally.measures_in_force(),
        reading.tally.incidents(),
        reading.incidents_last_day(),
        reading.overdue_reviews(),
    );
    Verdict { state, text, perfdata }
}

/// `SITREP WARNING - text | perfdata` and a newline. The text is one clean line without
/// `|` (which would start the performance data).
#[must_use]
pub fn nagios_line(verdict: &Verdict) -> String {
    let text = clean(&verdict.text, Lines::Single).replace('|', "¦");
    let mut line = format!("SITREP {} - {text}", verdict.state.word());
    if !verdict.perfdata.is_empty() {
        line.push_str(" | ");
        line.push_str(&verdict.perfdata);
    }
    line.push('\n');
    line
}

/// `1s`, `2.5s`.
fn seconds(limit: Duration) -> String {
    format!("{}s", limit.as_secs_f64())
}

/// An age: `2h`, `90m`, `45s`, `1d`, or plain seconds (`7200`).
fn parse_age(text: &str) -> Result<FeedDuration, String> {
    match text.parse::<u64>() {
        Ok(0) => Err("an age must be more than 0".to_owned()),
        Ok(seconds) => Ok(FeedDuration::from_secs(seconds)),
        Err(_) => FeedDuration::parse(text),
    }
}

/// `10`, `2.5s`, `10:UNKNOWN`.
fn parse_timeout(text: &str) -> Result<Timeout, String> {
    let (limit, state) = text.split_once(':').unwrap_or((text, "CRITICAL"));
    let state = match state.to_ascii_uppercase().as_str() {
        "OK" => State::Ok,
        "WARNING" => State::Warning,
        "CRITICAL" => State::Critical,
        "UNKNOWN" => State::Unknown,
        other => return Err(format!("unknown state `{other}`: expected OK, WARNING, CRITICAL or UNKNOWN")),
    };
    Ok(Timeout { limit: reading::parse_limit(limit)?, state })
}

/// Reports a command line that clap refused, and gives the exit status: for `status`,
/// UNKNOWN (3) with a plugin's line on stdout, as the monitoring-plugins guidelines ask
/// (clap's own 2 means CRITICAL there); `--help` and `--version` stay 0.
#[must_use]
pub fn usage_error(error: &clap::Error, args: impl IntoIterator<Item = std::ffi::OsString>) -> u8 {
    let _ = error.print();
    let code = u8::try_from(error.exit_code()).unwrap_or(2);
    if code == 0 || !names_status(args) {
        return code;
    }
    let rendered = error.render().to_string();
    let first = rendered.lines().next().unwrap_or_default().trim_start_matches("error: ");
    let verdict = Verdict { state: State::Unknown, text: format!("usage: {first}"), perfdata: String::new() };
    print!("{}", nagios_line(&verdict));
    State::Unknown as u8
}

/// Whether a command line asks for the `status` subcommand: its first word that is not
/// an option or an option's value.
fn names_status(args: impl IntoIterator<Item = std::ffi::OsString>) -> bool {
    use clap::CommandFactory;
    let command = crate::cli::Cli::command();
    let takes_value = |word: &str| {
        command.get_arguments().any(|arg| {
            arg.get_action().takes_values()
                && (arg.get_long().is_some_and(|long| word == format!("--{long}"))
                    || arg.get_short().is_some_and(|short| word == format!("-{short}")))
        })
    };
    let mut words = args.into_iter().skip(1);
    while let Some(word) = words.next() {
        let word = word.to_string_lossy();
        if word == "--" {
            return words.next().is_some_and(|w| w == "status");
        }
        if word.starts_with('-') {
            if takes_value(&word) {
                words.next();
            }
            continue;
        }
        return word == "status";
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::OsString;

    fn words(line: &str) -> Vec<OsString> {
        line.split(' ').map(OsString::from).collect()
    }

    #[test]
    fn the_status_subcommand_is_found_past_global_options() {
        assert!(names_status(words("sitrep status -w 2h")));
        assert!(names_status(words("sitrep --feed status status")));
        assert!(names_status(words("sitrep --public --config c.toml status")));
        assert!(!names_status(words("sitrep --feed status line")));
        assert!(!names_status(words("sitrep snapshot")));
        assert!(!names_status(words("sitrep")));
    }

    #[test]
    fn ages_and_timeouts() {
        assert_eq!(parse_age("7200"), Ok(FeedDuration::from_secs(7200)));
        assert_eq!(parse_age("2h"), Ok(FeedDuration::from_secs(7200)));
        assert!(parse_age("0").is_err() && parse_age("2x").is_err());
        assert_eq!(parse_timeout("10"), Ok(Timeout { limit: Duration::from_secs(10), state: State::Critical }));
        assert_eq!(parse_timeout("2:unknown"), Ok(Timeout { limit: Duration::from_secs(2), state: State::Unknown }));
        assert!(parse_timeout("2:maybe").is_err());
    }
}
