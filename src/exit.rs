//! Why the dashboard ended (a key, a signal, a hangup, an error), carried from the edge
//! that saw it to the log: the first reason given is the one that counts.

use std::fmt;
use std::sync::{Arc, OnceLock};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// The reason a run ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExitReason {
    /// The operator pressed a key (`q`, `Ctrl-C`).
    Key(String),
    /// A signal, by name (`SIGTERM`).
    Signal(&'static str),
    /// The terminal went away: how that showed.
    Hangup(String),
    /// Drawing or another step of the loop failed.
    Error(String),
    /// Every sender of the loop's queue was gone.
    QueueClosed,
}

impl fmt::Display for ExitReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Key(key) => write!(f, "key {key}"),
            Self::Signal("SIGHUP") => write!(f, "hangup: SIGHUP"),
            Self::Signal(name) => write!(f, "signal {name}"),
            Self::Hangup(how) => write!(f, "hangup: {how}"),
            Self::Error(error) => write!(f, "error: {error}"),
            Self::QueueClosed => write!(f, "the message queue closed"),
        }
    }
}

impl ExitReason {
    /// A key as the operator would name it: `q`, `Ctrl-C`, `Esc`.
    #[must_use]
    pub fn key(key: &KeyEvent) -> Self {
        let name = match key.code {
            KeyCode::Char(c) if key.modifiers.contains(KeyModifiers::CONTROL) => {
                format!("Ctrl-{}", c.to_ascii_uppercase())
            }
            KeyCode::Char(c) => c.to_string(),
            other => format!("{other:?}"),
        };
        Self::Key(name)
    }
}

/// Where the reason is kept until the loop has ended; clones share it.
#[derive(Debug, Clone, Default)]
pub struct ExitCell(Arc<OnceLock<ExitReason>>);

impl ExitCell {
    /// Records `reason` unless one was recorded before.
    pub fn set(&self, reason: ExitReason) {
        let _ = self.0.set(reason);
    }

    /// The reason recorded, if any.
    #[must_use]
    pub fn get(&self) -> Option<ExitReason> {
        self.0.get().cloned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_reason_counts() {
        let cell = ExitCell::default();
        let other = cell.clone();
        assert_eq!(cell.get(), None);
        other.set(ExitReason::Signal("SIGTERM"));
        cell.set(ExitReason::Hangup("the terminal's input ended".into()));
        assert_eq!(cell.get().map(|r| r.to_string()).as_deref(), Some("signal SIGTERM"));
    }

    #[test]
    fn reasons_in_words() {
        let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(ExitReason::key(&ctrl_c).to_string(), "key Ctrl-C");
        assert_eq!(ExitReason::key(&KeyEvent::from(KeyCode::Char('q'))).to_string(), "key q");
        assert_eq!(ExitReason::Signal("SIGHUP").to_string(), "hangup: SIGHUP");
        assert_eq!(ExitReason::Error("drawing: EIO".into()).to_string(), "error: drawing: EIO");
    }
}
