//! The command line of `sitrep history` and `sitrep record`.

use clap::{Args, Subcommand};

use crate::cli::SnapshotFormat;
use crate::feed::Timestamp;

/// `sitrep history`.
#[derive(Debug, Args)]
pub struct HistoryArgs {
    #[command(subcommand)]
    pub what: HistoryCommand,
}

#[derive(Debug, Subcommand)]
pub enum HistoryCommand {
    /// Every version: when it took effect, its `generated`, its source and what it
    /// changed.
    List(ListArgs),
    /// Exactly the screen the dashboard showed at --at T (default now): the version in
    /// force then, the clock then, the feed's health then.
    ///
    /// Exit status: 0 shown, 1 when no version was in force or it is not kept, 2 on
    /// usage errors (no journal).
    Show(ShowArgs),
    /// What changed between the pictures in force at two moments, in words.
    Diff(DiffArgs),
    /// Retention now: remove the months whose versions were all last shown before
    /// `history_keep` ago (`sitrep record` does this daily).
    Prune,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// From when: a span back from now (`8h`, `7d`), an RFC 3339 time, or `shift`.
    #[arg(long, value_name = "8h|DATETIME|shift", value_parser = parse_since)]
    pub since: Option<crate::report::handover::Since>,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    #[arg(long, value_enum, default_value_t = SnapshotFormat::Text)]
    pub format: SnapshotFormat,
    /// Width of the screen in columns.
    #[arg(long, default_value_t = 120, value_parser = clap::value_parser!(u16).range(1..=1000))]
    pub width: u16,
    /// Height of the screen in rows.
    #[arg(long, default_value_t = 40, value_parser = clap::value_parser!(u16).range(1..=1000))]
    pub height: u16,
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The earlier moment (RFC 3339).
    #[arg(value_name = "T1", value_parser = parse_moment)]
    pub from: Timestamp,
    /// The later moment (RFC 3339).
    #[arg(value_name = "T2", value_parser = parse_moment)]
    pub to: Timestamp,
}

/// `sitrep record`.
#[derive(Debug, Args)]
pub struct RecordArgs {}

fn parse_since(text: &str) -> Result<crate::report::handover::Since, String> {
    text.parse()
}

fn parse_moment(text: &str) -> Result<Timestamp, String> {
    Timestamp::parse_instant(text)
}
