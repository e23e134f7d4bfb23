//! Replacing a feed atomically: the new text goes to a temporary file in the same
//! folder, is synced, and renamed over the feed, and the folder is synced
//! (`atomic-write-file` does these steps). A reader sees the old feed or the new one,
//! never a part. The feed's mode, owner and group are kept. Just before the rename, the
//! feed is compared with the text the change started from: a writer outside sitrep
//! cannot be locked out, but its work is never silently overwritten.

use std::io::Write;
use std::path::Path;

use atomic_write_file::AtomicWriteFile;
use atomic_write_file::unix::OpenOptionsExt;

/// Why the feed was not replaced (it is then exactly as it was).
#[derive(Debug)]
pub enum ReplaceError {
    /// The feed no longer holds the text the change started from: what it holds now.
    ChangedUnderneath(Vec<u8>),
    Io(String),
}

/// Replaces the file at `path` (a regular file, not a symlink: resolve links first)
/// with `contents`, if it still holds `started_from`.
///
/// # Errors
/// The feed changed underneath, or a step failed (nothing was replaced then).
pub fn replace(path: &Path, contents: &[u8], started_from: &[u8]) -> Result<(), ReplaceError> {
    let io = |what: &str, e: std::io::Error| ReplaceError::Io(format!("{what} {}: {e}", path.display()));
    let mut file = AtomicWriteFile::options()
        .preserve_mode(true)
        // A feed whose owner cannot be kept is not replaced: the next writer (the
        // producer, another officer) might no longer be able to write it.
        .preserve_owner(true)
        .open(path)
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::PermissionDenied => ReplaceError::Io(format!(
                "cannot replace {} keeping its owner and group as this user ({e}): run as its owner or root",
                path.display()
            )),
            _ => io("cannot write beside", e),
        })?;
    file.write_all(contents).map_err(|e| io("cannot write beside", e))?;
    let now = std::fs::read(path).map_err(|e| io("cannot read", e))?;
    if now != started_from {
        // Dropping the file discards the temporary copy.
        return Err(ReplaceError::ChangedUnderneath(now));
    }
    file.commit().map_err(|e| io("cannot replace", e))
}

#[cfg(test)]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use super::*;

    #[test]
    fn replaces_keeping_the_mode_and_refuses_when_changed() {
        let dir = tempfile::tempdir().unwrap();
        let feed = dir.path().join("feed.toml");
        std::fs::write(&feed, "old").unwrap();
        std::fs::set_permissions(&feed, std::fs::Permissions::from_mode(0o640)).unwrap();
        replace(&feed, b"new", b"old").unwrap();
        assert_eq!(std::fs::read(&feed).unwrap(), b"new");
        assert_eq!(std::fs::metadata(&feed).unwrap().permissions().mode() & 0o777, 0o640);
        match replace(&feed, b"newer", b"old") {
            Err(ReplaceError::ChangedUnderneath(now)) => assert_eq!(now, b"new"),
            other => panic!("expected a change underneath, got {other:?}"),
        }
        assert_eq!(std::fs::read(&feed).unwrap(), b"new");
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names.len(), 1, "no temporary file is left behind: {names:?}");
    }
}
