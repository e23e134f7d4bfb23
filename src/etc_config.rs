//! The system-wide config a package installs, `/etc/sitrep/config.toml`: the documented
//! default (`config/default.toml`) with every key commented out, made from it so the two
//! can never drift. Prose stays `# text`; a key or table becomes `#key = value`, so
//! removing that one `#` turns a default back on.

use crate::config::DEFAULT_CONFIG;

/// What the installed file says before the default's own text.
pub const HEADER: &str = "\
# /etc/sitrep/config.toml: sitrep's configuration for every user of this machine
# (a user's own ~/.config/sitrep/config.toml, or --config FILE, is read instead).
#
# Every key below is commented out at its built-in default (`#key = value`):
# remove the `#` before a key and change its value to set it. `sitrep doctor`
# checks the result; `man sitrep` and /usr/share/doc/sitrep/ say more.
#
";

/// The installed file: [`HEADER`], then `default` with every line that is not already a
/// comment commented out.
#[must_use]
pub fn commented(default: &str) -> String {
    let mut out = String::with_capacity(HEADER.len() + default.len() + 256);
    out.push_str(HEADER);
    for line in default.lines() {
        if !line.is_empty() && !line.starts_with('#') {
            out.push('#');
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// The installed file for the built-in default.
#[must_use]
pub fn etc_config() -> String {
    commented(DEFAULT_CONFIG)
}

/// `sitrep default-config`.
#[derive(Debug, clap::Args)]
pub struct DefaultConfigArgs {
    /// Every key commented out, under a header: the file the Debian package installs as
    /// /etc/sitrep/config.toml.
    #[arg(long)]
    pub commented: bool,
}

/// `sitrep default-config`: prints the documented default config.
///
/// # Errors
/// When it cannot be written.
pub fn command(args: &DefaultConfigArgs) -> color_eyre::Result<std::process::ExitCode> {
    use color_eyre::eyre::WrapErr;
    use std::io::Write;
    let text = if args.commented { etc_config() } else { DEFAULT_CONFIG.to_owned() };
    std::io::stdout().lock().write_all(text.as_bytes()).wrap_err("writing the config")?;
    Ok(std::process::ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn it_sets_nothing() {
        let table: toml::Table = toml::from_str(&etc_config()).unwrap();
        assert!(table.is_empty(), "keys left on: {table:?}");
        // So a machine with it behaves exactly as one without it.
        let config = crate::config::Config::from_text(std::path::Path::new("/etc/sitrep/config.toml"), &etc_config());
        assert!(config.is_ok(), "{config:?}");
    }

    #[test]
    fn it_is_the_default_commented_out() {
        // Uncommenting every `#x` line (x not a space) gives the default back, byte for
        // byte: the default has no such line of its own.
        assert!(DEFAULT_CONFIG.lines().all(|l| !l.starts_with('#') || l == "#" || l.starts_with("# ")));
        let installed = etc_config();
        let body = installed.strip_prefix(HEADER).unwrap();
        let uncommented: String = body
            .lines()
            .map(|line| match line.strip_prefix('#') {
                Some(rest) if !rest.is_empty() && !rest.starts_with(' ') => format!("{rest}\n"),
                _ => format!("{line}\n"),
            })
            .collect();
        assert_eq!(uncommented, DEFAULT_CONFIG);
        assert!(HEADER.lines().all(|l| l.starts_with('#')));
    }

    #[test]
    fn every_key_of_the_default_is_there_commented() {
        let default: toml::Table = toml::from_str(DEFAULT_CONFIG).unwrap();
        let installed = etc_config();
        for key in default.keys() {
            let as_key = format!("\n#{key} = ");
            let as_table = format!("\n#[{key}]\n");
            assert!(installed.contains(&as_key) || installed.contains(&as_table), "`{key}` is not in it, commented");
        }
    }
}
