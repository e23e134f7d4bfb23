//! The command line of `sitrep replay`.

use std::path::PathBuf;

use clap::Args;

use crate::feed::Timestamp;

/// `sitrep replay SCENARIO --to FEED`.
#[derive(Debug, Args)]
pub struct ReplayArgs {
    /// The scenario file (TOML; docs/scenario-format.md).
    #[arg(value_name = "SCENARIO")]
    pub scenario: PathBuf,
    /// The feed file to write the exercise into (created if missing; a live feed,
    /// `exercise = false`, is never overwritten).
    #[arg(long, value_name = "FEED")]
    pub to: PathBuf,
    /// Scenario time runs this many times faster than the clock (600: a week in 17
    /// minutes).
    #[arg(long, default_value_t = 1.0, value_parser = parse_speed)]
    pub speed: f64,
    /// Where the scenario's start is put: RFC 3339, or `now` (default: the scenario's
    /// own `start`, else now). Times written as offsets (`+00:45`) count from here.
    #[arg(long, value_name = "TIME|now", value_parser = parse_start)]
    pub start_at: Option<StartAt>,
    /// Print the schedule, with every version checked, and write nothing.
    #[arg(long)]
    pub dry_run: bool,
}

/// `--start-at`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StartAt {
    Now,
    At(Timestamp),
}

fn parse_start(text: &str) -> Result<StartAt, String> {
    if text.trim().eq_ignore_ascii_case("now") {
        return Ok(StartAt::Now);
    }
    Timestamp::parse_instant(text).map(StartAt::At)
}

fn parse_speed(text: &str) -> Result<f64, String> {
    let speed: f64 = text.trim().parse().map_err(|_| format!("`{text}` is not a number"))?;
    if speed.is_finite() && speed > 0.0 && speed <= 1_000_000.0 {
        Ok(speed)
    } else {
        Err(format!("speed {speed} is out of range: expected more than 0, at most 1000000"))
    }
}
