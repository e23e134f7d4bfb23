//! `sitrep doctor`: whether sitrep can run here, one line per check (OK, WARN or FAIL,
//! with the fix in words): the config, each feed and its folder (permissions, the
//! filesystem, the inotify limits), the journal, history and log, the terminal (TERM,
//! colours, size, locale) and the time zone. Facts are gathered at the edge
//! ([`gather`]), judged by pure functions ([`judge`]), and printed cleaned ([`finding`]).

pub mod facts;
pub mod finding;
pub mod gather;
pub mod inotify;
pub mod judge;

use std::io::Write;
use std::process::ExitCode;

use crate::cli::RunArgs;
use crate::doctor::finding::{Verdict, render, worst};

/// `sitrep doctor`.
#[derive(Debug, Default, clap::Args)]
pub struct DoctorArgs {
    /// Do not try to connect to the NATS servers of nats:// feeds.
    #[arg(long)]
    pub offline: bool,
}

/// `sitrep doctor`: exit 0 when nothing fails, 1 when something does.
#[must_use]
pub fn command(run: &RunArgs, args: &DoctorArgs) -> ExitCode {
    let env = |key: &str| std::env::var(key).ok();
    let facts = gather::gather(run, &env, chrono::Utc::now(), !args.offline);
    let findings = judge::judge(&facts);
    let mut stdout = std::io::stdout().lock();
    // A closed pipe (`sitrep doctor | head`) still ends with the verdict's status.
    let _ = stdout.write_all(render(&findings).as_bytes()).and_then(|()| stdout.flush());
    if worst(&findings) == Verdict::Fail { ExitCode::from(1) } else { ExitCode::SUCCESS }
}
