//! Where the journal is: `--journal PATH`, `--no-journal`, config `journal`, else
//! `$XDG_STATE_HOME/sitrep/journal.jsonl`. The built-in demo writes into no journal unless
//! `--journal` names one: a demo must never end up in an officer's real record.

use std::path::{Path, PathBuf};

/// The journal a run uses, or why none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JournalSetting {
    Off(&'static str),
    At {
        path: PathBuf,
        /// The default location under the user's home: its folder may be created.
        default_location: bool,
    },
}

impl JournalSetting {
    /// Resolves the setting. `demo`: the run shows the built-in demo feed (for writers;
    /// a reader such as `handover` passes `false`).
    #[must_use]
    pub fn resolve(
        explicit: Option<&Path>,
        no_journal: bool,
        configured: Option<&Path>,
        demo: bool,
        env: impl Fn(&str) -> Option<String>,
    ) -> Self {
        if no_journal {
            return Self::Off("--no-journal");
        }
        if let Some(path) = explicit {
            return Self::At { path: path.to_path_buf(), default_location: false };
        }
        if demo {
            return Self::Off("the built-in demo keeps no journal (--journal PATH gives it one)");
        }
        if let Some(path) = configured {
            return Self::At { path: path.to_path_buf(), default_location: false };
        }
        match default_path(env) {
            Some(path) => Self::At { path, default_location: true },
            None => Self::Off("no $XDG_STATE_HOME or $HOME to keep it in"),
        }
    }

    #[must_use]
    pub fn path(&self) -> Option<&Path> {
        match self {
            Self::Off(_) => None,
            Self::At { path, .. } => Some(path),
        }
    }
}

/// `$XDG_STATE_HOME/sitrep/journal.jsonl`, else `~/.local/state/sitrep/journal.jsonl`.
#[must_use]
pub fn default_path(env: impl Fn(&str) -> Option<String>) -> Option<PathBuf> {
    // The XDG spec says a relative value is invalid and to be ignored.
    let absolute = |value: String| Some(PathBuf::from(value)).filter(|p| p.is_absolute());
    env("XDG_STATE_HOME")
        .and_then(absolute)
        .or_else(|| env("HOME").and_then(absolute).map(|home| home.join(".local/state")))
        .map(|state| state.join("sitrep/journal.jsonl"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |key| pairs.iter().find(|(k, _)| *k == key).map(|(_, v)| (*v).to_owned())
    }

    #[test]
    fn the_command_line_wins_then_the_config_then_the_default() {
        let home = env(&[("HOME", "/home/alice")]);
        let at = |p: &str, default_location| JournalSetting::At { path: PathBuf::from(p), default_location };
        assert_eq!(
            JournalSetting::resolve(None, false, None, false, &home),
            at("/home/alice/.local/state/sitrep/journal.jsonl", true)
        );
        let xdg = env(&[("HOME", "/home/alice"), ("XDG_STATE_HOME", "/var/state")]);
        assert_eq!(
            JournalSetting::resolve(None, false, None, false, &xdg),
            at("/var/state/sitrep/journal.jsonl", true)
        );
        let relative = env(&[("HOME", "/home/alice"), ("XDG_STATE_HOME", "state")]);
        assert_eq!(
            JournalSetting::resolve(None, false, None, false, &relative),
            at("/home/alice/.local/state/sitrep/journal.jsonl", true)
        );
        let shared = Path::new("/var/lib/sitrep/journal.jsonl");
        assert_eq!(
            JournalSetting::resolve(None, false, Some(shared), false, &home),
            at("/var/lib/sitrep/journal.jsonl", false)
        );
        assert_eq!(JournalSetting::resolve(Some(Path::new("j")), false, Some(shared), false, &home), at("j", false));
        assert!(matches!(
            JournalSetting::resolve(Some(Path::new("j")), true, None, false, &home),
            JournalSetting::Off(_)
        ));
        assert!(matches!(JournalSetting::resolve(None, false, None, false, env(&[])), JournalSetting::Off(_)));
    }

    #[test]
    fn the_demo_keeps_no_journal_unless_one_is_named() {
        let home = env(&[("HOME", "/home/alice")]);
        let shared = Path::new("/var/lib/sitrep/journal.jsonl");
        assert!(matches!(JournalSetting::resolve(None, false, Some(shared), true, &home), JournalSetting::Off(_)));
        assert_eq!(
            JournalSetting::resolve(Some(Path::new("/tmp/demo.jsonl")), false, Some(shared), true, &home).path(),
            Some(Path::new("/tmp/demo.jsonl"))
        );
    }
}
