//! The private copy `sitrep edit` hands to the editor: in the temporary folder, mode
//! 0600, created new (never an existing file, never through a symlink), named after the
//! feed so the editor knows its syntax.

use std::fs::{File, OpenOptions};
use std::io::{self, Read, Write};
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

/// A private copy of a feed.
#[derive(Debug)]
pub struct PrivateCopy {
    path: PathBuf,
}

fn nofollow() -> i32 {
    rustix::fs::OFlags::NOFOLLOW.bits() as i32
}

impl PrivateCopy {
    /// Creates the copy of the feed named `name` holding `contents`.
    ///
    /// # Errors
    /// When no copy can be made in the temporary folder.
    pub fn create(name: &str, contents: &[u8]) -> io::Result<Self> {
        let folder = std::env::temp_dir();
        let pid = std::process::id();
        for attempt in 0u32..100 {
            let nanos =
                std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.subsec_nanos());
            let path =
                folder.join(format!("sitrep-edit-{pid}-{:08x}-{name}", nanos ^ attempt.wrapping_mul(0x9e37_79b9)));
            let created =
                OpenOptions::new().write(true).create_new(true).mode(0o600).custom_flags(nofollow()).open(&path);
            match created {
                Ok(mut file) => {
                    file.write_all(contents)?;
                    file.sync_all()?;
                    return Ok(Self { path });
                }
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
                Err(e) => return Err(e),
            }
        }
        Err(io::Error::new(io::ErrorKind::AlreadyExists, "no free name for a private copy"))
    }

    #[must_use]
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// What the copy holds now (the editor may have replaced the file: it is read
    /// without following a symlink, and must be a regular file).
    ///
    /// # Errors
    /// When it cannot be read.
    pub fn read(&self) -> io::Result<Vec<u8>> {
        let mut file = OpenOptions::new().read(true).custom_flags(nofollow()).open(&self.path)?;
        if !file.metadata()?.is_file() {
            return Err(io::Error::new(io::ErrorKind::InvalidData, "not a regular file"));
        }
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes)?;
        Ok(bytes)
    }

    /// Replaces what the copy holds, keeping it private.
    ///
    /// # Errors
    /// When it cannot be written.
    pub fn write(&self, contents: &[u8]) -> io::Result<()> {
        let mut file: File = OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .mode(0o600)
            .custom_flags(nofollow())
            .open(&self.path)?;
        file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
        file.write_all(contents)?;
        file.sync_all()
    }

    /// Removes the copy (its work is saved, or thrown away on purpose).
    pub fn remove(self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

#[cfg(test)]
mod tests {
    use std::os::unix::fs::MetadataExt;

    use super::*;

    #[test]
    fn the_copy_is_private_and_new() {
        let copy = PrivateCopy::create("feed.toml", b"version = 1\n").unwrap();
        assert!(copy.path().to_string_lossy().ends_with("-feed.toml"));
        assert_eq!(std::fs::metadata(copy.path()).unwrap().mode() & 0o777, 0o600);
        assert_eq!(copy.read().unwrap(), b"version = 1\n");
        copy.write(b"changed").unwrap();
        assert_eq!(copy.read().unwrap(), b"changed");
        let path = copy.path().to_path_buf();
        copy.remove();
        assert!(!path.exists());
    }
}
