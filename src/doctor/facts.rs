//! What `sitrep doctor` looks at, as plain data: the facts are gathered at the edge
//! ([`crate::doctor::gather`]) and judged by pure functions ([`crate::doctor::judge`]),
//! so every verdict can be tested with facts made up in a test.

use std::path::PathBuf;

use crate::source::filesystem::Mount;

/// Everything the doctor judges.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Facts {
    pub config: ConfigFacts,
    pub sources: Vec<SourceFacts>,
    /// Only looked at when a source is a file.
    pub inotify: Option<InotifyFacts>,
    /// The journal, the history folder and the log: where sitrep writes.
    pub writes: Vec<WriteFacts>,
    pub terminal: TerminalFacts,
    pub zone: ZoneFacts,
}

/// The config file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfigFacts {
    /// It loads; `None`: no file, the built-in default.
    Loads(Option<PathBuf>),
    /// It does not: the message names the file, line and column.
    Fails(String),
}

/// One source of the picture.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SourceFacts {
    /// No feed configured: the built-in demo.
    Demo,
    File(Box<FileFacts>),
    Nats(NatsFacts),
}

/// A feed file and its folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileFacts {
    /// The source's name (shown when there are several).
    pub name: String,
    pub path: PathBuf,
    pub folder: PathFacts,
    pub file: PathFacts,
    /// The mount the folder is on; `None` when the mount table could not be read.
    pub mount: Option<Mount>,
    /// What a read of it gave, when it could be read.
    pub read: Option<ReadFacts>,
}

/// One path as found on disk, from this process's point of view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathFacts {
    pub path: PathBuf,
    pub kind: PathKind,
    /// Permission bits (`0o644`); 0 when missing.
    pub mode: u32,
    /// For a file: it opened for reading; for a folder: it could be listed.
    pub readable: bool,
    /// The process may write to it (`access(W_OK)`).
    pub writable: bool,
    /// For a folder: the process may enter it (`access(X_OK)`).
    pub searchable: bool,
    /// Why it could not be read, when it could not.
    pub read_error: Option<String>,
}

/// What is at a path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathKind {
    Missing,
    File,
    Folder,
    /// A device, a socket, a FIFO.
    Other,
    /// It could not even be looked at (a folder above it is closed).
    Unknown(String),
}

/// What reading a feed gave, in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadFacts {
    Loaded { level: String, measures: usize, incidents: usize, warnings: Vec<String> },
    Rejected { problems: Vec<String> },
    Missing { reason: String },
}

/// A `nats://` source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NatsFacts {
    pub name: String,
    pub address: String,
    /// A TCP connection to the server: `None` when not tried (`--offline`).
    pub reach: Option<Result<(), String>>,
}

/// The kernel's inotify limits and how much of them this user's processes use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InotifyFacts {
    pub max_user_watches: Result<u64, String>,
    pub max_user_instances: Result<u64, String>,
    /// Counted from the processes this one may look into; `None` when it could not count.
    pub used: Option<InotifyUse>,
    /// The watches and instances sitrep needs: one each per feed folder.
    pub needed: u64,
}

/// Inotify instances and watches open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct InotifyUse {
    pub instances: u64,
    pub watches: u64,
}

/// A place sitrep writes to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WriteFacts {
    /// `journal`, `history`, `log`.
    pub topic: &'static str,
    pub target: WriteTarget,
}

/// Where it writes, or why it does not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WriteTarget {
    /// Not written, and why (`--no-journal`, the demo).
    Off(String),
    /// A file (`folder: false`) or a folder sitrep writes in.
    At {
        path: PathFacts,
        folder: bool,
        /// When the path is missing: the nearest folder above it that exists (sitrep makes
        /// the rest).
        nearest: Option<PathFacts>,
    },
}

/// The terminal the command runs in.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TerminalFacts {
    pub term: Option<String>,
    pub colorterm: Option<String>,
    pub no_color: bool,
    /// The config's `theme` when it fixes the colours (`"16"`, `"none"`); `None`: auto.
    pub fixed_theme: Option<String>,
    /// Whether a terminfo entry for TERM exists; `None` when TERM is unset.
    pub terminfo: Option<bool>,
    /// Columns and rows; `None` when stdout is not a terminal.
    pub size: Option<(u16, u16)>,
    pub lc_all: Option<String>,
    pub lc_ctype: Option<String>,
    pub lang: Option<String>,
}

/// The time zone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ZoneFacts {
    /// The config's `timezone`.
    Configured(String),
    /// From TZ or /etc/localtime: its name (`None`: a zone without a name, a POSIX rule).
    System { tz: Option<String>, name: Option<String> },
    /// Neither TZ nor /etc/localtime tells.
    Unknown,
    /// TZ names no zone: the message says why.
    Bad(String),
}
