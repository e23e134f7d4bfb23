//! The `sitrep` binary: install error hooks, parse the command line, hand over.
#![forbid(unsafe_code)]

use std::process::ExitCode;

use clap::Parser;
use color_eyre::eyre::{Result, WrapErr};
use sitrep::cli::{Cli, Command};
use sitrep::feed::{DecodeOptions, Timestamp};

fn main() -> Result<ExitCode> {
    color_eyre::install()?;
    let cli = Cli::parse();
    let mut stdout = std::io::stdout().lock();
    match cli.command {
        Some(Command::Check(args)) => {
            let options = DecodeOptions {
                now: args.at.map_or_else(chrono::Utc::now, |t: Timestamp| t.0.to_utc()),
                ..DecodeOptions::default()
            };
            sitrep::check::run(&args.files, args.format, args.json, &options, &mut stdout)
                .wrap_err("writing the report")
        }
        Some(Command::Schema) => {
            use std::io::Write;
            writeln!(stdout, "{}", sitrep::feed::schema::json_schema()).wrap_err("writing the schema")?;
            Ok(ExitCode::SUCCESS)
        }
        None => Ok(ExitCode::SUCCESS),
    }
}
