//! Shell completion scripts, made by clap_complete from the same clap definitions as
//! `--help`: `sitrep completions bash` prints the one the Debian package installs.

use std::process::ExitCode;

use clap::CommandFactory;
use clap_complete::Shell;
use color_eyre::eyre::{Result, WrapErr};

/// `sitrep completions`.
#[derive(Debug, clap::Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: Shell,
}

/// The completion script for `shell`.
#[must_use]
pub fn script(shell: Shell) -> Vec<u8> {
    let mut command = crate::cli::Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut command, "sitrep", &mut out);
    out
}

/// `sitrep completions SHELL`.
///
/// # Errors
/// When the script cannot be written.
pub fn command(args: &CompletionsArgs) -> Result<ExitCode> {
    use std::io::Write;
    std::io::stdout().lock().write_all(&script(args.shell)).wrap_err("writing the completion script")?;
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shell_gets_a_script_naming_the_subcommands() {
        for shell in [Shell::Bash, Shell::Zsh, Shell::Fish, Shell::Elvish, Shell::PowerShell] {
            let text = String::from_utf8(script(shell)).unwrap();
            for sub in ["check", "doctor", "snapshot", "completions"] {
                assert!(text.contains(sub), "{shell}: {sub} missing");
            }
        }
    }
}
