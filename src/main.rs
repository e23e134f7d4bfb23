//! The `sitrep` binary: install error hooks, parse the command line, hand over.
#![forbid(unsafe_code)]

use std::io::Write;
use std::process::ExitCode;

use chrono::Utc;
use clap::Parser;
use color_eyre::eyre::{Result, WrapErr};
use sitrep::cli::{Cli, Command, SnapshotFormat};
use sitrep::startup::Startup;

fn main() -> Result<ExitCode> {
    color_eyre::install()?;
    let cli = Cli::parse();
    let env = |key: &str| std::env::var(key).ok();
    let mut stdout = std::io::stdout().lock();
    match cli.command {
        Some(Command::Check(args)) => {
            let startup = match Startup::resolve(&cli.run, env, Utc::now()) {
                Ok(startup) => startup,
                Err(e) => return config_error(&e),
            };
            let mut options = startup.read.decode;
            if let Some(at) = cli.run.at {
                options.now = at.0.to_utc();
            }
            sitrep::check::run(&args.files, args.format, args.json, &options, &mut stdout)
                .wrap_err("writing the report")
        }
        Some(Command::Schema) => {
            writeln!(stdout, "{}", sitrep::feed::schema::json_schema()).wrap_err("writing the schema")?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Snapshot(args)) => {
            let startup = match Startup::resolve(&cli.run, env, Utc::now()) {
                Ok(startup) => startup,
                Err(e) => return config_error(&e),
            };
            let model = sitrep::snapshot::model_once(&startup, Utc::now(), (args.width, args.height));
            match args.format {
                SnapshotFormat::Text => {
                    write!(stdout, "{}", sitrep::snapshot::screen_text(&model, args.width, args.height))?;
                }
                SnapshotFormat::Json => {
                    serde_json::to_writer_pretty(&mut stdout, &sitrep::snapshot::picture_report(&model))?;
                    writeln!(stdout)?;
                }
            }
            Ok(if model.health == sitrep::app::FeedHealth::Good { ExitCode::SUCCESS } else { ExitCode::from(1) })
        }
        None => {
            let startup = match Startup::resolve(&cli.run, env, Utc::now()) {
                Ok(startup) => startup,
                Err(e) => return config_error(&e),
            };
            drop(stdout);
            let runtime =
                tokio::runtime::Builder::new_current_thread().enable_all().build().wrap_err("starting the runtime")?;
            let mut guard = sitrep::terminal::enter().wrap_err("taking over the terminal")?;
            let result = runtime.block_on(sitrep::runtime::run(startup, &mut guard));
            drop(guard);
            // Tasks blocked on terminal input must not keep the process alive.
            runtime.shutdown_timeout(std::time::Duration::from_millis(100));
            result.map(|()| ExitCode::SUCCESS)
        }
    }
}

fn config_error(error: &sitrep::config::ConfigError) -> Result<ExitCode> {
    eprintln!("{error}");
    Ok(ExitCode::from(2))
}
