//! The command line: what a user can ask of sitrep.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::feed::{Format, Timestamp};

/// A terminal situational-awareness dashboard: threat level, measures in force by
/// location and an incident timeline, kept current from a local feed file.
#[derive(Debug, Parser)]
#[command(name = "sitrep", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub run: RunArgs,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check feed files against the format and report every problem.
    ///
    /// Exit status: 0 when every file is valid (warnings are printed), 1 when any is
    /// invalid, 2 on usage errors.
    Check(CheckArgs),
    /// Print the feed's JSON Schema (draft 2020-12).
    Schema,
}

/// Options of the dashboard itself.
#[derive(Debug, Args)]
pub struct RunArgs {
    /// The feed file to show (else the config's `feed`, else the built-in demo).
    #[arg(long, global = true, value_name = "FILE")]
    pub feed: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Feed files to check.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Read every file as this format instead of going by its extension.
    #[arg(long, value_name = "toml|json", value_parser = parse_format)]
    pub format: Option<Format>,
    /// Print the result as JSON for machines.
    #[arg(long)]
    pub json: bool,
    /// Judge time-dependent warnings (clock skew, overdue reviews) at this RFC 3339 time
    /// instead of now.
    #[arg(long, value_name = "TIME", value_parser = parse_time)]
    pub at: Option<Timestamp>,
}

fn parse_format(text: &str) -> Result<Format, String> {
    text.parse()
}

fn parse_time(text: &str) -> Result<Timestamp, String> {
    Timestamp::parse(text)
}
