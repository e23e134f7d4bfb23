//! The lock that keeps two writers of one feed apart: `.NAME.lock` beside the feed (the
//! feed itself is replaced by a rename, so it cannot hold a lock), an advisory `flock`
//! that the kernel releases when the holder exits, however it exits. The holder writes
//! who it is into the file, so that the next one can say who is busy.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{self, Read, Write};
use std::os::unix::fs::{MetadataExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

/// A held lock; released when dropped (or when the process ends).
#[derive(Debug)]
pub struct FeedLock {
    file: File,
    path: PathBuf,
}

/// Why the lock was not taken.
#[derive(Debug)]
pub enum LockError {
    /// Someone holds it: who, as they wrote it (cleaned), if they did.
    Busy(String),
    Io(String),
}

impl std::fmt::Display for LockError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Busy(holder) => write!(f, "busy: being edited by {holder}"),
            Self::Io(message) => f.write_str(message),
        }
    }
}

/// The lock file of `feed`: `.NAME.lock` in the same folder.
#[must_use]
pub fn lock_path(feed: &Path) -> PathBuf {
    let name = feed.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    feed.with_file_name(format!(".{name}.lock"))
}

impl FeedLock {
    /// Takes the lock of `feed` if it is free.
    ///
    /// # Errors
    /// [`LockError::Busy`] with the holder, or why the lock file could not be used.
    pub fn try_acquire(feed: &Path) -> Result<Self, LockError> {
        let (file, path) = open(feed)?;
        match file.try_lock() {
            Ok(()) => Ok(Self::held(file, path)),
            Err(TryLockError::WouldBlock) => Err(LockError::Busy(holder(&path))),
            Err(TryLockError::Error(e)) => Err(LockError::Io(format!("cannot lock {}: {e}", path.display()))),
        }
    }

    /// Takes the lock of `feed`, waiting for it if it is held; `waiting` is told who
    /// holds it before the wait begins.
    ///
    /// # Errors
    /// Why the lock file could not be used.
    pub fn acquire(feed: &Path, waiting: impl FnOnce(&str)) -> Result<Self, LockError> {
        let (file, path) = open(feed)?;
        match file.try_lock() {
            Ok(()) => return Ok(Self::held(file, path)),
            Err(TryLockError::WouldBlock) => waiting(&holder(&path)),
            Err(TryLockError::Error(e)) => return Err(LockError::Io(format!("cannot lock {}: {e}", path.display()))),
        }
        file.lock().map_err(|e| LockError::Io(format!("cannot lock {}: {e}", path.display())))?;
        Ok(Self::held(file, path))
    }

    /// Writes who holds the lock into it. A lock file opened read-only (someone else's,
    /// in a shared folder) still locks; it just cannot say who holds it.
    fn held(mut file: File, path: PathBuf) -> Self {
        let line = format!("{}\n", describe_self());
        let _ = file.set_len(0).and_then(|()| file.write_all(line.as_bytes()));
        Self { file, path }
    }

    /// The lock file.
    #[must_use]
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for FeedLock {
    fn drop(&mut self) {
        // The file stays: removing it would let a waiter lock a file nobody else opens.
        let _ = self.file.unlock();
    }
}

/// Opens (creating if needed) the lock file; never follows a symlink planted in its
/// place, never opens anything but a regular file.
fn open(feed: &Path) -> Result<(File, PathBuf), LockError> {
    let path = lock_path(feed);
    let mode = std::fs::metadata(feed).map(|m| m.mode() & 0o666).unwrap_or(0o644);
    let nofollow = rustix::fs::OFlags::NOFOLLOW.bits() as i32;
    let opened = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .mode(mode)
        .custom_flags(nofollow)
        .open(&path)
        .or_else(|e| match e.kind() {
            io::ErrorKind::PermissionDenied => OpenOptions::new().read(true).custom_flags(nofollow).open(&path),
            _ => Err(e),
        });
    let file = opened.map_err(|e| LockError::Io(format!("cannot open the lock file {}: {e}", path.display())))?;
    let is_file = file.metadata().is_ok_and(|m| m.is_file());
    if !is_file {
        return Err(LockError::Io(format!("{} is not a regular file: remove it", path.display())));
    }
    Ok((file, path))
}

/// Who holds the lock, as the holder wrote it.
fn holder(path: &Path) -> String {
    let mut text = String::new();
    let read = File::open(path).and_then(|f| f.take(512).read_to_string(&mut text));
    let line = text.lines().next().unwrap_or("").trim();
    if read.is_err() || line.is_empty() {
        return "another process (it did not say who)".into();
    }
    crate::feed::text::clean(line, crate::feed::text::Lines::Single).into_owned()
}

/// `alice since 2026-11-29 14:02:11 +01:00 (pid 4242)`; under sudo, who ran it.
#[must_use]
pub fn describe_self() -> String {
    let uid = nix::unistd::geteuid();
    let name = nix::unistd::User::from_uid(uid)
        .ok()
        .flatten()
        .map(|u| u.name)
        .or_else(|| std::env::var("USER").ok())
        .unwrap_or_else(|| format!("uid {uid}"));
    let name = match std::env::var("SUDO_USER") {
        Ok(by) if !by.is_empty() && by != name => format!("{name} (sudo by {by})"),
        _ => name,
    };
    let since = chrono::Local::now().format("%Y-%m-%d %H:%M:%S %:z");
    format!("{name} since {since} (pid {})", std::process::id())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_lock_is_refused_with_the_holder() {
        let dir = tempfile::tempdir().unwrap();
        let feed = dir.path().join("feed.toml");
        std::fs::write(&feed, "x").unwrap();
        let held = FeedLock::try_acquire(&feed).unwrap();
        assert_eq!(held.path(), dir.path().join(".feed.toml.lock"));
        match FeedLock::try_acquire(&feed) {
            Err(LockError::Busy(holder)) => {
                assert!(holder.contains(&format!("(pid {})", std::process::id())), "{holder}");
                assert!(holder.contains(" since "), "{holder}");
            }
            other => panic!("expected busy, got {other:?}"),
        }
        drop(held);
        assert!(FeedLock::try_acquire(&feed).is_ok());
    }

    #[test]
    fn a_symlink_in_place_of_the_lock_file_is_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let feed = dir.path().join("feed.toml");
        let victim = dir.path().join("victim");
        std::fs::write(&feed, "x").unwrap();
        std::fs::write(&victim, "precious").unwrap();
        std::os::unix::fs::symlink(&victim, lock_path(&feed)).unwrap();
        assert!(FeedLock::try_acquire(&feed).is_err());
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
    }
}
