//! The `sitrep` binary: install error hooks, parse the command line, hand over.
#![forbid(unsafe_code)]

use std::process::ExitCode;

use clap::Parser;
use sitrep::cli::{Cli, Command};
use sitrep::commands;

fn main() -> color_eyre::Result<ExitCode> {
    color_eyre::install()?;
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            // `status` is a monitoring plugin: bad usage is UNKNOWN (3), not 2.
            return Ok(ExitCode::from(sitrep::report::status::usage_error(&error, std::env::args_os())));
        }
    };
    let result = match &cli.command {
        Some(Command::Check(args)) => commands::check(&cli.run, args),
        Some(Command::Handover(args)) => commands::handover(&cli.run, args),
        Some(Command::Schema) => commands::schema(),
        Some(Command::Snapshot(args)) => commands::snapshot(&cli.run, args),
        Some(Command::Edit(args)) => commands::edit(&cli.run, args),
        Some(Command::Add(args)) => commands::change(&cli.run, args.change()),
        Some(Command::Set(args)) => commands::change(&cli.run, args.change()),
        Some(Command::Remove(args)) => commands::change(&cli.run, args.change()),
        Some(Command::Publish(args)) => commands::publish(&cli.run, args),
        Some(Command::Line(args)) => commands::line(&cli.run, args),
        Some(Command::Status(args)) => Ok(sitrep::report::status::command(&cli.run, args)),
        Some(Command::Doctor(args)) => Ok(sitrep::doctor::command(&cli.run, args)),
        Some(Command::Man(args)) => sitrep::manual::command(args),
        Some(Command::Completions(args)) => sitrep::completions::command(args),
        Some(Command::DefaultConfig(args)) => sitrep::etc_config::command(args),
        Some(Command::History(args)) => commands::history(&cli.run, args),
        Some(Command::Record(_)) => commands::record(&cli.run),
        Some(Command::Replay(args)) => commands::replay(&cli.run, args),
        None => commands::dashboard(&cli.run),
    };
    match result {
        // `sitrep snapshot | head`: the reader has what it wanted; end quietly, as
        // tools killed by SIGPIPE do.
        Err(error) if commands::is_broken_pipe(&error) => Ok(ExitCode::SUCCESS),
        other => other,
    }
}
