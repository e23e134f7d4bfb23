//! The log file: what the dashboard did and why it ended, in a file of its own, never on
//! the terminal being drawn. Off unless `--log FILE` or the config's `log_file` asks for
//! it; the level comes from `SITREP_LOG` in `RUST_LOG` syntax (`info` when unset). Lines
//! go through tracing-appender's non-blocking writer (a stalled disk drops lines, it never
//! holds up the screen) into a file rotated by size (see [`rotate`]).

pub mod rotate;

use std::path::PathBuf;
use std::sync::Mutex;

use tracing_appender::non_blocking::{NonBlockingBuilder, WorkerGuard};
use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt::format::Writer;
use tracing_subscriber::fmt::time::FormatTime;

use crate::logging::rotate::RotatingFile;

/// How many rotated files are kept beside the log (`.1` … `.5`).
pub const KEEP: usize = 5;
/// The level when `SITREP_LOG` is unset or empty.
pub const DEFAULT_FILTER: &str = "info";

/// Where the log goes and when it rotates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogPlan {
    pub path: PathBuf,
    /// Past this size the file is rotated.
    pub max_bytes: u64,
    /// Rotated files kept.
    pub keep: usize,
}

impl LogPlan {
    /// A log at `path` rotated past `max_mb` MiB, keeping [`KEEP`] old files.
    #[must_use]
    pub fn new(path: PathBuf, max_mb: u64) -> Self {
        Self { path, max_bytes: max_mb.saturating_mul(1024 * 1024), keep: KEEP }
    }
}

/// The log file could not be opened.
#[derive(Debug)]
pub struct LogError {
    pub path: PathBuf,
    pub error: std::io::Error,
}

impl std::fmt::Display for LogError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let path = self.path.display().to_string();
        let path = crate::feed::text::clean(&path, crate::feed::text::Lines::Single);
        write!(f, "{path}: cannot open the log file: {}", self.error)
    }
}

impl std::error::Error for LogError {}

/// The filter `SITREP_LOG` asks for, and the problem with it when it is not one
/// (the default filter is used then).
#[must_use]
pub fn filter(text: Option<&str>) -> (EnvFilter, Option<String>) {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        None => (EnvFilter::new(DEFAULT_FILTER), None),
        Some(text) => match EnvFilter::try_new(text) {
            Ok(filter) => (filter, None),
            Err(e) => (EnvFilter::new(DEFAULT_FILTER), Some(format!("SITREP_LOG=`{text}` is not a filter ({e})"))),
        },
    }
}

/// The writer's guard: lines still queued are written when it goes.
static WORKER: Mutex<Option<WorkerGuard>> = Mutex::new(None);

/// The log is on while this lives; dropping it writes what is queued.
#[derive(Debug)]
#[must_use = "the log stops when this is dropped"]
pub struct Logging(());

impl Drop for Logging {
    fn drop(&mut self) {
        finish();
    }
}

/// Writes what is queued and closes the log, for a process about to end without
/// unwinding (`std::process::exit`). Later lines are not written.
pub fn finish() {
    let guard = WORKER.lock().map(|mut worker| worker.take()).unwrap_or_else(|poisoned| poisoned.into_inner().take());
    drop(guard);
}

/// Starts logging to `plan`'s file at the level `filter_text` (`SITREP_LOG`) asks for.
/// Where a global subscriber is already set (tests in one process) nothing changes.
///
/// # Errors
/// When the file cannot be opened (or its folder made).
pub fn start(plan: &LogPlan, filter_text: Option<&str>) -> Result<Logging, LogError> {
    let file = RotatingFile::open(&plan.path, plan.max_bytes, plan.keep)
        .map_err(|error| LogError { path: plan.path.clone(), error })?;
    let (writer, guard) = NonBlockingBuilder::default().lossy(true).thread_name("sitrep-log").finish(file);
    let (filter, problem) = filter(filter_text);
    let subscriber = tracing_subscriber::fmt()
        .with_writer(writer)
        .with_timer(Stamp { pid: std::process::id() })
        .with_env_filter(filter)
        .finish();
    if tracing::subscriber::set_global_default(subscriber).is_err() {
        return Ok(Logging(()));
    }
    if let Ok(mut worker) = WORKER.lock() {
        *worker = Some(guard);
    }
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        tracing::error!(target: "sitrep::panic", "{info}");
        previous(info);
    }));
    if let Some(problem) = problem {
        tracing::warn!("{problem}: logging at `{DEFAULT_FILTER}`");
    }
    Ok(Logging(()))
}

/// The start of each line: the time (UTC, milliseconds) and the process id, so the lines
/// of several sitreps sharing one log can be told apart.
struct Stamp {
    pid: u32,
}

impl FormatTime for Stamp {
    fn format_time(&self, w: &mut Writer<'_>) -> std::fmt::Result {
        let now = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
        write!(w, "{now} [{}]", self.pid)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sitrep_log_is_read_as_rust_log() {
        assert_eq!(filter(None).0.to_string(), "info");
        assert_eq!(filter(Some("  ")).0.to_string(), "info");
        assert_eq!(filter(Some("debug")).0.to_string(), "debug");
        let (chosen, problem) = filter(Some("sitrep=debug,warn"));
        assert!(problem.is_none());
        assert!(chosen.to_string().contains("sitrep=debug"), "{chosen}");
        let (fallback, problem) = filter(Some("sitrep=loud"));
        assert_eq!(fallback.to_string(), "info");
        assert!(problem.unwrap().starts_with("SITREP_LOG=`sitrep=loud` is not a filter"));
    }

    #[test]
    fn max_mb_in_bytes() {
        let plan = LogPlan::new(PathBuf::from("/var/log/sitrep.log"), 10);
        assert_eq!(plan.max_bytes, 10 * 1024 * 1024);
        assert_eq!(plan.keep, KEEP);
    }
}
