//! The journal file on disk: opened without following symlinks and only if it is a
//! regular file, locked, appended to with one `write(2)` per entry, rotated past its size
//! limit without losing an entry.

use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::os::unix::fs::{FileExt, MetadataExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

/// Mode of a new journal (the umask may make it stricter).
const NEW_FILE_MODE: u32 = 0o640;

/// What can go wrong with the journal file, and what was being done.
#[derive(Debug)]
pub enum Fault {
    /// The path is not a regular file: a symlink, a FIFO, a folder, a device.
    NotRegular(&'static str),
    Io {
        doing: &'static str,
        error: io::Error,
    },
    /// A write that did not take the whole entry (disk full).
    ShortWrite {
        written: usize,
        wanted: usize,
    },
}

impl std::fmt::Display for Fault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::NotRegular(what) => write!(f, "is {what}, not a regular file: refused"),
            Self::Io { doing, error } => write!(f, "{doing}: {error}"),
            Self::ShortWrite { written, wanted } => {
                write!(f, "only {written} of {wanted} bytes written (disk full?)")
            }
        }
    }
}

fn io(doing: &'static str) -> impl FnOnce(io::Error) -> Fault {
    move |error| Fault::Io { doing, error }
}

/// What a path is, in words, when it is not a regular file.
fn kind_of(metadata: &std::fs::Metadata) -> Option<&'static str> {
    use std::os::unix::fs::FileTypeExt;
    let kind = metadata.file_type();
    if kind.is_file() {
        None
    } else if kind.is_symlink() {
        Some("a symbolic link")
    } else if kind.is_dir() {
        Some("a folder")
    } else if kind.is_fifo() {
        Some("a FIFO")
    } else if kind.is_socket() {
        Some("a socket")
    } else {
        Some("a device")
    }
}

/// Opens `path` for reading, and for appending when `write`; creates it (mode 0640 less
/// the umask) when `create`. Never follows a symlink in the last component; never blocks
/// on a FIFO; refuses anything but a regular file.
pub fn open(path: &Path, write: bool, create: bool) -> Result<File, Fault> {
    if let Ok(metadata) = std::fs::symlink_metadata(path)
        && let Some(what) = kind_of(&metadata)
    {
        return Err(Fault::NotRegular(what));
    }
    let flags = rustix::fs::OFlags::NOFOLLOW | rustix::fs::OFlags::NONBLOCK;
    let file = OpenOptions::new()
        .read(true)
        .append(write)
        .create(write && create)
        .mode(NEW_FILE_MODE)
        .custom_flags(flags.bits().cast_signed())
        .open(path)
        .map_err(|error| match error.raw_os_error() {
            // The path became a symlink between the look and the open.
            Some(code) if code == rustix::io::Errno::LOOP.raw_os_error() => Fault::NotRegular("a symbolic link"),
            _ => Fault::Io { doing: "opening", error },
        })?;
    let metadata = file.metadata().map_err(io("reading its metadata"))?;
    if let Some(what) = kind_of(&metadata) {
        return Err(Fault::NotRegular(what));
    }
    Ok(file)
}

/// Whether `file` is still what `path` names (a rotation may have moved it away).
fn still_at(file: &File, path: &Path) -> bool {
    match (file.metadata(), std::fs::symlink_metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

/// The journal file at `path`, opened and locked: exclusively to write, shared to read.
/// Released when dropped.
pub struct Locked {
    pub file: File,
}

impl Locked {
    /// Opens and locks `path`, retrying when a rotation moved the file away meanwhile.
    pub fn acquire(path: &Path, write: bool, create: bool) -> Result<Self, Fault> {
        for _ in 0..16 {
            let file = open(path, write, create)?;
            if write { file.lock() } else { file.lock_shared() }.map_err(io("locking"))?;
            if still_at(&file, path) {
                return Ok(Self { file });
            }
        }
        Err(Fault::Io { doing: "locking", error: io::Error::other("the journal keeps being rotated away") })
    }

    /// Appends `entry` (one line, ending in `\n`) with a single write. After a torn last
    /// line (a writer killed mid-write) the entry starts on a new line. Rotates first
    /// when the entry would take the file past `max_bytes`. Syncs to disk when `sync`.
    pub fn append(&mut self, path: &Path, entry: &[u8], max_bytes: u64, sync: bool) -> Result<(), Fault> {
        let size = self.file.metadata().map_err(io("reading its size"))?.len();
        let mut size = size;
        if size > 0 && size.saturating_add(entry.len() as u64) > max_bytes {
            self.rotate(path)?;
            size = 0;
        }
        let mut buffer = Vec::with_capacity(entry.len() + 1);
        if size > 0 {
            let mut last = [0u8; 1];
            self.file.read_exact_at(&mut last, size - 1).map_err(io("reading its last byte"))?;
            if last[0] != b'\n' {
                buffer.push(b'\n');
            }
        }
        buffer.extend_from_slice(entry);
        // One write(2) with O_APPEND: the entry lands whole or (disk full, a kill) torn
        // at the end, where readers skip it.
        let written = self.file.write(&buffer).map_err(io("writing"))?;
        if written != buffer.len() {
            return Err(Fault::ShortWrite { written, wanted: buffer.len() });
        }
        if sync {
            self.file.sync_data().map_err(io("syncing to disk"))?;
        }
        Ok(())
    }

    /// Moves `path` to `path.1` (and `.1` to `.2`, ...) and puts a new, locked, empty file
    /// in its place. Renames only: no entry is lost even if this is interrupted.
    fn rotate(&mut self, path: &Path) -> Result<(), Fault> {
        let fresh_path = sibling(path, &format!("new.{}", std::process::id()));
        let fresh = new_file_options()
            .read(true)
            .append(true)
            .create_new(true)
            .open(&fresh_path)
            .map_err(io("creating the next journal file"))?;
        // Locked before it takes the journal's name, so no other writer slips in.
        fresh.lock().map_err(io("locking the next journal file"))?;
        let mut highest = 0;
        while rotated(path, highest + 1).exists() {
            highest += 1;
        }
        for n in (1..=highest).rev() {
            std::fs::rename(rotated(path, n), rotated(path, n + 1)).map_err(io("rotating"))?;
        }
        std::fs::rename(path, rotated(path, 1)).map_err(io("rotating"))?;
        std::fs::rename(&fresh_path, path).map_err(io("rotating"))?;
        sync_folder(path);
        self.file = fresh;
        Ok(())
    }
}

/// Options for a file of the journal's own: mode 0640 (less the umask), no symlinks.
fn new_file_options() -> OpenOptions {
    let mut options = OpenOptions::new();
    options.mode(NEW_FILE_MODE).custom_flags(rustix::fs::OFlags::NOFOLLOW.bits().cast_signed());
    options
}

/// `journal.jsonl.N`: the N-th older file (1 is the newest rotated one).
#[must_use]
pub fn rotated(path: &Path, n: usize) -> PathBuf {
    sibling(path, &n.to_string())
}

/// `path` with `.suffix` added.
#[must_use]
pub fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".");
    name.push(suffix);
    PathBuf::from(name)
}

/// Makes a new directory entry durable (best effort: not every filesystem allows it).
pub fn sync_folder(path: &Path) {
    if let Some(folder) = path.parent().filter(|p| !p.as_os_str().is_empty())
        && let Ok(dir) = File::open(folder)
    {
        let _ = dir.sync_all();
    }
}

/// Writes `bytes` to `path` atomically: a temporary file beside it, synced, renamed over.
pub fn replace(path: &Path, bytes: &[u8]) -> Result<(), Fault> {
    let temporary = sibling(path, &format!("tmp.{}", std::process::id()));
    let write = || -> Result<(), Fault> {
        let mut file = new_file_options()
            .write(true)
            .create(true)
            .truncate(true)
            .open(&temporary)
            .map_err(io("writing the last feed"))?;
        file.write_all(bytes).map_err(io("writing the last feed"))?;
        file.sync_data().map_err(io("syncing the last feed"))?;
        std::fs::rename(&temporary, path).map_err(io("renaming the last feed"))
    };
    let result = write();
    if result.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    result
}
