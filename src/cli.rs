//! The command line: what a user can ask of sitrep.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::feed::{Format, Timestamp};

/// A terminal situational-awareness dashboard: threat level, measures in force by
/// location and an incident timeline, kept current from a local feed file.
///
/// With no feed configured it shows the built-in demo feed (the situation after the
/// Paris attacks of November 2015, as Kamerstuk 29 754, nr. 327 describes it).
#[derive(Debug, Parser)]
#[command(name = "sitrep", version = crate::version::LONG, about, long_about)]
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
    /// The handover report: what happened in a shift, from the journal, with the
    /// threat level and open items of the feed now.
    Handover(HandoverArgs),
    /// Print the dashboard once, as plain text (exactly what the screen shows, no
    /// escape codes) or as JSON (the validated feed and what sitrep derives from it).
    Snapshot(SnapshotArgs),
    /// Edit the feed in your editor, safely (like visudo): a private copy, checked with
    /// `sitrep check`'s rules before it replaces the feed, atomically, under a lock.
    ///
    /// Exit status: 0 saved or unchanged, 1 not saved, 2 on usage errors.
    Edit(crate::edit::args::EditArgs),
    /// Add an incident or a measure (checked, locked, atomic); prints its id.
    ///
    /// Exit status: 0 written, 1 when the result would be an invalid feed (nothing is
    /// written), 2 on usage errors.
    Add(crate::edit::args::AddArgs),
    /// Set the threat level, or fields of a measure or incident; prints what it touched.
    ///
    /// Exit status: 0 written, 1 when the result would be an invalid feed (nothing is
    /// written), 2 on usage errors.
    Set(crate::edit::args::SetArgs),
    /// Remove a measure or an incident; prints its id.
    ///
    /// Exit status: 0 written, 1 when nothing was written, 2 on usage errors.
    Remove(crate::edit::args::RemoveArgs),
    /// Validate a feed as `check` does, then put it under a NATS key (compare-and-set on
    /// the key's revision: a newer value is never overwritten). Credentials and TLS come
    /// from the config's [nats] table.
    ///
    /// Exit status: 0 published (or already there), 1 invalid, refused, in conflict or
    /// failed, 2 on usage errors.
    Publish(PublishArgs),
    /// One line for a status bar: the level in force, what is wrong, short counts.
    /// For tmux: `set -g status-right '#(sitrep line)'`.
    ///
    /// Exit status: 0 with a good feed, 1 when it is rejected, missing or does not
    /// answer in time, 2 on usage errors.
    Line(crate::report::line::LineArgs),
    /// The feed's health for monitoring (Nagios/Icinga plugin, or Prometheus textfile).
    ///
    /// Exit status: 0 OK, 1 WARNING (stale, overdue reviews, feed warnings),
    /// 2 CRITICAL (rejected, missing, older than -c), 3 UNKNOWN (usage, internal error).
    Status(crate::report::status::StatusArgs),
    /// Check that sitrep can run here: the config, the feed and its folder (permissions,
    /// filesystem, inotify limits), the journal, the terminal, the time zone. One line
    /// each, OK, WARN or FAIL, with the fix in words.
    ///
    /// Exit status: 0 when nothing fails (warnings allowed), 1 when something fails,
    /// 2 on usage errors.
    Doctor(crate::doctor::DoctorArgs),
    /// Print a manual page (roff), or write them all into a folder: sitrep(1) and one
    /// for each subcommand. `sitrep man | man -l -` reads it.
    Man(crate::manual::ManArgs),
    /// Print the shell completion script for bash, zsh, fish, elvish or PowerShell.
    ///
    /// bash: `sitrep completions bash > /etc/bash_completion.d/sitrep`, or
    /// `source <(sitrep completions bash)` in ~/.bashrc.
    Completions(crate::completions::CompletionsArgs),
    /// Print the documented default config (every key, at its default); with
    /// --commented, every key commented out, as the package's /etc/sitrep/config.toml.
    DefaultConfig(crate::etc_config::DefaultConfigArgs),
    /// The feed's history: every version kept, the screen at any moment (--at T), what
    /// changed between two moments.
    History(crate::history::args::HistoryArgs),
    /// Record every version of the feed into the journal and the history, without a
    /// screen (for servers where no viewer runs); runs until signalled.
    Record(crate::history::args::RecordArgs),
    /// Play an exercise scenario into a feed over time: every version checked first and
    /// marked `exercise = true`; Ctrl-C stops it.
    ///
    /// Exit status: 0 played (or checked, with --dry-run), 1 refused or stopped, 2 on
    /// usage errors.
    Replay(crate::replay::args::ReplayArgs),
}

#[derive(Debug, Args)]
pub struct PublishArgs {
    /// The feed file to publish (not `feed`: that names the dashboard's global --feed).
    #[arg(value_name = "FEED")]
    pub file: PathBuf,
    /// The key: nats://HOST:PORT/BUCKET/KEY.
    #[arg(long, value_name = "nats://HOST:PORT/BUCKET/KEY", value_parser = crate::source::nats::NatsAddress::parse)]
    pub to: crate::source::nats::NatsAddress,
    /// Keep running and publish each new valid version of FEED.
    #[arg(long)]
    pub follow: bool,
    /// Create the bucket (history 64, file storage) when the server has none.
    #[arg(long)]
    pub create_bucket: bool,
    /// Read FEED as this format instead of going by its extension.
    #[arg(long, value_name = "toml|json", value_parser = parse_format)]
    pub format: Option<Format>,
}

/// Options of the dashboard (and of `snapshot`).
#[derive(Debug, Args, Clone, Default)]
pub struct RunArgs {
    /// The feed to show: a file, or a NATS key `nats://HOST:PORT/BUCKET/KEY` (else the
    /// config's `feed` or `[[sources]]`, else the built-in demo). Give it several times
    /// for several sources in one picture, each named after its file's stem. NATS
    /// credentials come from the config.
    #[arg(
        long,
        global = true,
        value_name = "FILE|nats://…",
        value_parser = crate::source::location::LocationParser,
        action = clap::ArgAction::Append
    )]
    pub feed: Vec<crate::source::location::FeedLocation>,
    /// Read the feed as this format instead of going by its extension.
    #[arg(long, global = true, value_name = "toml|json", value_parser = parse_format)]
    pub feed_format: Option<Format>,
    /// The config file (else $XDG_CONFIG_HOME/sitrep/config.toml, else
    /// /etc/sitrep/config.toml, else the built-in default).
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Pin the clock to this RFC 3339 time (for exercises, tests and snapshots).
    #[arg(long, global = true, value_name = "TIME", value_parser = parse_time)]
    pub at: Option<Timestamp>,
    /// The journal file (else the config's `journal`, else
    /// $XDG_STATE_HOME/sitrep/journal.jsonl). The built-in demo keeps a journal only here.
    #[arg(long, global = true, value_name = "PATH", conflicts_with = "no_journal")]
    pub journal: Option<PathBuf>,
    /// Keep no journal this run.
    #[arg(long, global = true)]
    pub no_journal: bool,
    /// An unattended wallboard: no keys but Ctrl-C (quit) and Ctrl-L (redraw); lists
    /// page by themselves (also config `wallboard = true`).
    #[arg(long, global = true)]
    pub wallboard: bool,
    /// A public screen: covert measures, and every count or warning that would reveal
    /// them, are left out of every output (the same as config `public_screen = true`).
    #[arg(long, global = true)]
    pub public: bool,
    /// The dashboard's log file (else the config's `log_file`; none by default). The
    /// level comes from SITREP_LOG, in RUST_LOG syntax (default `info`).
    #[arg(long, global = true, value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub log: Option<PathBuf>,
}

/// How `handover` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum HandoverFormat {
    Text,
    Markdown,
    Json,
}

#[derive(Debug, Args)]
pub struct HandoverArgs {
    /// Where the period starts: a span back from now (`8h`, `90m`, `1d`), an RFC 3339
    /// time, or `shift` (the last of the config's `shift_starts`).
    #[arg(long, default_value = "shift", value_name = "8h|DATETIME|shift", value_parser = parse_since)]
    pub since: crate::report::handover::Since,
    /// Where the period ends (RFC 3339; default now).
    #[arg(long, value_name = "TIME", value_parser = parse_time)]
    pub until: Option<Timestamp>,
    #[arg(long, value_enum, default_value_t = HandoverFormat::Text)]
    pub format: HandoverFormat,
}

fn parse_since(text: &str) -> Result<crate::report::handover::Since, String> {
    text.parse()
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
}

/// What a snapshot prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SnapshotFormat {
    Text,
    Json,
}

/// Which screen a text snapshot shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SnapshotView {
    /// The measures and the timeline.
    Dashboard,
    /// The map of the Netherlands (key m).
    Map,
    /// The map of Europe (keys m, z).
    MapEurope,
}

#[derive(Debug, Args)]
pub struct SnapshotArgs {
    #[arg(long, value_enum, default_value_t = SnapshotFormat::Text)]
    pub format: SnapshotFormat,
    /// The screen to print (text only).
    #[arg(long, value_enum, default_value_t = SnapshotView::Dashboard)]
    pub view: SnapshotView,
    /// Width of the text snapshot in columns.
    #[arg(long, default_value_t = 120, value_parser = clap::value_parser!(u16).range(1..=1000))]
    pub width: u16,
    /// Height of the text snapshot in rows.
    #[arg(long, default_value_t = 40, value_parser = clap::value_parser!(u16).range(1..=1000))]
    pub height: u16,
}

fn parse_format(text: &str) -> Result<Format, String> {
    text.parse()
}

fn parse_time(text: &str) -> Result<Timestamp, String> {
    // The clock is a moment: a plain date would silently mean midnight UTC.
    Timestamp::parse_instant(text)
}
