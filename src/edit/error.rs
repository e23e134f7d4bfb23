//! What can go wrong when writing a feed, and the exit status each case ends with.

use std::fmt;
use std::process::ExitCode;

use crate::feed::Problem;

/// Why a change or an edit was not written. Nothing is ever written when one of these
/// is returned: the feed stays byte for byte as it was.
#[derive(Debug, Clone, PartialEq)]
pub enum EditError {
    /// The command line asks for something that cannot be: an unknown level, field or
    /// value (exit 2).
    Usage(String),
    /// The feed has no item with this id.
    NotFound { kind: &'static str, id: String },
    /// An item with this id exists already.
    Duplicate { kind: &'static str, id: String },
    /// The feed's text cannot be edited: it does not parse, or its layout is one the
    /// editor does not handle.
    Document(String),
    /// The result would be an invalid feed: every problem, positioned in the result.
    Invalid(Vec<Problem>),
    /// Reading, locking or writing failed.
    Io(String),
}

impl EditError {
    /// The exit status: 2 for usage errors, 1 for everything else.
    #[must_use]
    pub fn exit_code(&self) -> ExitCode {
        match self {
            Self::Usage(_) => ExitCode::from(2),
            _ => ExitCode::from(1),
        }
    }
}

impl fmt::Display for EditError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Usage(message) | Self::Document(message) | Self::Io(message) => f.write_str(message),
            Self::NotFound { kind, id } => write!(f, "no {kind} with id `{id}` in the feed"),
            Self::Duplicate { kind, id } => {
                let article = if kind.starts_with(['a', 'e', 'i', 'o', 'u']) { "an" } else { "a" };
                write!(f, "the feed has {article} {kind} with id `{id}` already")
            }
            Self::Invalid(problems) => {
                write!(f, "the result would be an invalid feed ({} problem", problems.len())?;
                f.write_str(if problems.len() == 1 { ")" } else { "s)" })
            }
        }
    }
}

impl std::error::Error for EditError {}
