//! The log's file, rotated by size: past `max_bytes` it moves to `NAME.1` (the older ones
//! to `.2` … up to `keep`, the oldest dropped) and a new one begins. Opened like the
//! journal (O_APPEND, mode 0640 less the umask, no symlinks, regular files only), so
//! several sitreps may share one log, each line one `write(2)`. A failure is returned to
//! the writer's thread, which drops the line: nothing is ever printed on the terminal.

use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::os::unix::fs::{DirBuilderExt, MetadataExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

/// Mode of a new log (the umask may make it stricter).
const NEW_FILE_MODE: u32 = 0o640;
/// Mode of a log folder sitrep makes.
const NEW_FOLDER_MODE: u32 = 0o750;

/// An append-only file that rotates itself by size.
#[derive(Debug)]
pub struct RotatingFile {
    path: PathBuf,
    max_bytes: u64,
    keep: usize,
    file: Option<File>,
}

impl RotatingFile {
    /// Opens (or creates) `path`, making its folder if missing.
    ///
    /// # Errors
    /// When the folder cannot be made, or the path cannot be opened for appending or is
    /// not a regular file (a symlink is refused).
    pub fn open(path: &Path, max_bytes: u64, keep: usize) -> io::Result<Self> {
        if let Some(folder) = path.parent().filter(|p| !p.as_os_str().is_empty() && !p.exists()) {
            std::fs::DirBuilder::new().recursive(true).mode(NEW_FOLDER_MODE).create(folder)?;
        }
        let file = open_append(path)?;
        Ok(Self { path: path.to_path_buf(), max_bytes: max_bytes.max(1), keep, file: Some(file) })
    }

    /// Moves the full file aside and begins a new one; when another process has already
    /// done so (the path is a new file), just opens that.
    fn rotate(&mut self) -> io::Result<()> {
        let ours = self.file.as_ref().and_then(|f| f.metadata().ok()).map(|m| (m.dev(), m.ino()));
        let current = std::fs::symlink_metadata(&self.path).ok().map(|m| (m.dev(), m.ino()));
        if ours.is_some() && ours == current {
            self.file = None;
            if self.keep == 0 {
                std::fs::remove_file(&self.path)?;
            } else {
                for n in (1..self.keep).rev() {
                    match std::fs::rename(numbered(&self.path, n), numbered(&self.path, n + 1)) {
                        Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
                        _ => {}
                    }
                }
                std::fs::rename(&self.path, numbered(&self.path, 1))?;
            }
        }
        self.file = Some(open_append(&self.path)?);
        Ok(())
    }
}

/// `path` with `.n` after its name.
#[must_use]
pub fn numbered(path: &Path, n: usize) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(format!(".{n}"));
    PathBuf::from(name)
}

fn open_append(path: &Path) -> io::Result<File> {
    let file = OpenOptions::new()
        .append(true)
        .create(true)
        .mode(NEW_FILE_MODE)
        .custom_flags(rustix::fs::OFlags::NOFOLLOW.bits().cast_signed())
        .open(path)?;
    if !file.metadata()?.is_file() {
        return Err(io::Error::new(io::ErrorKind::InvalidInput, "not a regular file"));
    }
    Ok(file)
}

impl Write for RotatingFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let wanted = u64::try_from(buf.len()).unwrap_or(u64::MAX);
        // Others may write to the same log: go by the file's real size, not a count.
        let size = self.file.as_ref().and_then(|f| f.metadata().ok()).map_or(0, |m| m.len());
        if self.file.is_none() || (size > 0 && size.saturating_add(wanted) > self.max_bytes) {
            self.rotate()?;
        }
        let file = self.file.as_mut().ok_or_else(|| io::Error::other("the log is closed"))?;
        // One write per line: appended whole even beside other writers.
        file.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(path: &Path) -> Vec<String> {
        std::fs::read_to_string(path).unwrap_or_default().lines().map(str::to_owned).collect()
    }

    #[test]
    fn rotates_past_the_size_and_keeps_a_few() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("logs/sitrep.log");
        let mut log = RotatingFile::open(&path, 100, 2).unwrap();
        for n in 0..12 {
            // 22 bytes a line: four to a file of at most 100.
            log.write_all(format!("line {n:02} {}\n", "x".repeat(13)).as_bytes()).unwrap();
        }
        let first_of = |path: &Path| lines(path).first().map(|l| l[..7].to_owned()).unwrap_or_default();
        assert_eq!(lines(&path).len(), 4);
        assert_eq!(first_of(&path), "line 08");
        assert_eq!(first_of(&numbered(&path, 1)), "line 04");
        assert_eq!(first_of(&numbered(&path, 2)), "line 00");
        assert!(!numbered(&path, 3).exists(), "only two old files are kept");
        let mode = std::fs::metadata(&path).unwrap().mode() & 0o777;
        assert_eq!(mode & !0o640, 0, "{mode:o}");
    }

    #[test]
    fn a_line_longer_than_the_limit_still_goes_in() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sitrep.log");
        let mut log = RotatingFile::open(&path, 10, 1).unwrap();
        log.write_all(b"a line much longer than ten bytes\n").unwrap();
        log.write_all(b"another\n").unwrap();
        assert_eq!(lines(&path), ["another"]);
        assert_eq!(lines(&numbered(&path, 1)), ["a line much longer than ten bytes"]);
    }

    #[test]
    fn a_rotation_by_another_writer_is_followed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("shared.log");
        let mut first = RotatingFile::open(&path, 60, 3).unwrap();
        let mut second = RotatingFile::open(&path, 60, 3).unwrap();
        first.write_all(b"first: 25 bytes of text.\n").unwrap();
        second.write_all(b"second: 25 bytes of text\n").unwrap();
        first.write_all(b"first rotates: 25 bytes.\n").unwrap();
        // The second sees the path is a new file and writes there, rotating nothing more.
        second.write_all(b"second follows: 25 bytes\n").unwrap();
        assert_eq!(lines(&path), ["first rotates: 25 bytes.", "second follows: 25 bytes"]);
        assert_eq!(lines(&numbered(&path, 1)).len(), 2);
        assert!(!numbered(&path, 2).exists());
    }

    #[test]
    fn a_symlink_or_a_folder_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("elsewhere");
        std::fs::write(&target, "").unwrap();
        let link = dir.path().join("sitrep.log");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        assert!(RotatingFile::open(&link, 100, 1).is_err());
        assert!(RotatingFile::open(dir.path(), 100, 1).is_err());
    }
}
