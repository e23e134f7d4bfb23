//! What each command line does: check, schema, snapshot, and the dashboard itself.

use std::io::Write;
use std::process::ExitCode;

use chrono::Utc;
use color_eyre::eyre::{Result, WrapErr};

use crate::cli::{CheckArgs, PublishArgs, RunArgs, SnapshotArgs, SnapshotFormat};
use crate::config::ConfigError;
use crate::startup::Startup;

/// Environment variables, as the process has them.
fn env(key: &str) -> Option<String> {
    std::env::var(key).ok()
}

/// Whether `error` comes from writing to a pipe whose reader has gone.
#[must_use]
pub fn is_broken_pipe(error: &color_eyre::Report) -> bool {
    error.chain().any(|cause| {
        let kind = cause
            .downcast_ref::<std::io::Error>()
            .map(std::io::Error::kind)
            .or_else(|| cause.downcast_ref::<serde_json::Error>().and_then(serde_json::Error::io_error_kind));
        kind == Some(std::io::ErrorKind::BrokenPipe)
    })
}

/// A config that cannot be used ends the run with its message and status 2.
fn config_error(error: &ConfigError) -> ExitCode {
    eprintln!("{error}");
    ExitCode::from(2)
}

/// `sitrep check`.
///
/// # Errors
/// When the report cannot be written.
pub fn check(run: &RunArgs, args: &CheckArgs) -> Result<ExitCode> {
    let startup = match Startup::resolve(run, env, Utc::now()) {
        Ok(startup) => startup,
        Err(e) => return Ok(config_error(&e)),
    };
    let mut options = startup.read.decode.clone();
    if let Some(at) = run.at {
        options.now = at.0.to_utc();
    }
    let mut stdout = std::io::stdout().lock();
    crate::check::run(&args.files, args.format, args.json, &options, startup.settings.language, &mut stdout)
        .wrap_err("writing the report")
}

/// `sitrep handover`.
///
/// # Errors
/// When the report cannot be written.
pub fn handover(run: &RunArgs, args: &crate::cli::HandoverArgs) -> Result<ExitCode> {
    let mut stdout = std::io::stdout().lock();
    crate::report::handover_command(run, args, env, Utc::now(), &mut stdout).wrap_err("writing the report")
}

/// `sitrep schema`.
///
/// # Errors
/// When the schema cannot be written.
pub fn schema() -> Result<ExitCode> {
    writeln!(std::io::stdout().lock(), "{}", crate::feed::schema::json_schema()).wrap_err("writing the schema")?;
    Ok(ExitCode::SUCCESS)
}

/// `sitrep snapshot`: exit 0 when the feed is good, 1 when it is rejected or missing.
///
/// # Errors
/// When the snapshot cannot be written.
pub fn snapshot(run: &RunArgs, args: &SnapshotArgs) -> Result<ExitCode> {
    // One reading of the wall clock, so the demo's clock starts exactly at its time.
    let now = Utc::now();
    let startup = match Startup::resolve(run, env, now) {
        Ok(startup) => startup,
        Err(e) => return Ok(config_error(&e)),
    };
    let mut model = crate::snapshot::model_once(&startup, now, (args.width, args.height));
    crate::snapshot::show_view(&mut model, args.view);
    let mut stdout = std::io::stdout().lock();
    match args.format {
        SnapshotFormat::Text => write!(stdout, "{}", crate::snapshot::screen_text(&model, args.width, args.height))?,
        SnapshotFormat::Json => {
            serde_json::to_writer_pretty(&mut stdout, &crate::snapshot::picture_report(&model))?;
            writeln!(stdout)?;
        }
    }
    Ok(if model.health == crate::app::FeedHealth::Good { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

/// `sitrep add`, `set` and `remove`: one change, written safely.
///
/// # Errors
/// Never: every failure is reported and ends in an exit status.
pub fn change(
    run: &RunArgs,
    (change, options): (crate::edit::Change, crate::edit::args::WriteArgs),
) -> Result<ExitCode> {
    Ok(crate::edit::command::change(run, &change, options, env))
}

/// `sitrep edit`: the feed in the user's editor, written safely.
///
/// # Errors
/// Never: every failure is reported and ends in an exit status.
pub fn edit(run: &RunArgs, args: &crate::edit::args::EditArgs) -> Result<ExitCode> {
    Ok(crate::edit::editor::edit(run, args.file.as_deref(), env))
}

/// The dashboard, until the operator quits or the terminal goes away.
///
/// # Errors
/// When the terminal cannot be taken over or drawn on.
pub fn dashboard(run: &RunArgs) -> Result<ExitCode> {
    let startup = match Startup::resolve(run, env, Utc::now()) {
        Ok(startup) => startup,
        Err(e) => return Ok(config_error(&e)),
    };
    // Opened before the terminal is taken: a log that cannot be written is said here,
    // on the plain screen, and never later on the drawn one.
    let _log = match startup.log.as_ref().map(|plan| crate::logging::start(plan, env("SITREP_LOG").as_deref())) {
        Some(Err(e)) => {
            eprintln!("{e}");
            return Ok(ExitCode::from(2));
        }
        Some(Ok(logging)) => Some(logging),
        None => None,
    };
    // One worker beside the loop's thread: signals and the terminal watch keep running
    // even while a draw is stuck writing to a stalled connection.
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .wrap_err("starting the runtime")?;
    let mut guard = crate::terminal::enter()
        .inspect_err(|e| {
            let reason = crate::exit::ExitReason::Error(format!("cannot take over the terminal: {e}"));
            tracing::error!(%reason, "exit");
        })
        .wrap_err("taking over the terminal (is this a terminal?)")?;
    let result = runtime.block_on(crate::runtime::run(startup, &mut guard));
    drop(guard);
    // The key reader thread blocks on the terminal; it must not keep the process alive.
    runtime.shutdown_timeout(std::time::Duration::from_millis(100));
    result.map(|()| ExitCode::SUCCESS)
}

/// `sitrep publish`.
///
/// # Errors
/// When the runtime cannot start or the report cannot be written.
pub fn publish(run: &RunArgs, args: &PublishArgs) -> Result<ExitCode> {
    let startup = match Startup::resolve(run, env, Utc::now()) {
        Ok(startup) => startup,
        Err(e) => return Ok(config_error(&e)),
    };
    let request = crate::publish::Request {
        feed: args.file.clone(),
        to: crate::source::nats::NatsSource { address: args.to.clone(), settings: startup.nats },
        format: args.format,
        follow: args.follow,
        create_bucket: args.create_bucket,
    };
    let runtime =
        tokio::runtime::Builder::new_current_thread().enable_all().build().wrap_err("starting the runtime")?;
    let mut stdout = std::io::stdout();
    runtime.block_on(crate::publish::run(request, startup.read.decode, &mut stdout)).wrap_err("writing the report")
}

/// `sitrep line`.
///
/// # Errors
/// When the line cannot be written.
pub fn line(run: &RunArgs, args: &crate::report::line::LineArgs) -> Result<ExitCode> {
    let mut stdout = std::io::stdout().lock();
    crate::report::line::command(run, args, &mut stdout).wrap_err("writing the line")
}

/// `sitrep history`.
///
/// # Errors
/// When the output cannot be written.
pub fn history(run: &RunArgs, args: &crate::history::args::HistoryArgs) -> Result<ExitCode> {
    let mut stdout = std::io::stdout().lock();
    crate::history::command::run(run, args, env, Utc::now(), &mut stdout).wrap_err("writing the history")
}

/// `sitrep record`.
///
/// # Errors
/// Never: every failure is reported and ends in an exit status.
pub fn record(run: &RunArgs) -> Result<ExitCode> {
    Ok(crate::history::record::command(run, env))
}

/// `sitrep replay`.
///
/// # Errors
/// Never: every failure is reported and ends in an exit status.
pub fn replay(run: &RunArgs, args: &crate::replay::args::ReplayArgs) -> Result<ExitCode> {
    Ok(crate::replay::command(run, args, env))
}
