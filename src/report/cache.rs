//! A small cache of what `line` and `status` read (a [`Summary`]), one file per feed,
//! under `$XDG_RUNTIME_DIR/sitrep` (else `$XDG_CACHE_HOME/sitrep`, else
//! `~/.cache/sitrep`), so that a status bar polling a large feed every few seconds does
//! not decode it every time.
//!
//! An entry counts only while the feed file has the identity it had when it was read
//! (device, inode, size, modification and change times, to the nanosecond) and the read
//! depended on the same things (this build of sitrep, the path, the format, the scales,
//! the size limit, the zone, a public screen). A file changed in the last two seconds
//! does not count as unchanged later (a rewrite of the same size within one timestamp
//! tick would go unseen); its entry only keeps the last good picture, which `line` and
//! `status` show while the feed is rejected or missing, as the dashboard does.
//! Whatever goes wrong (no folder, a write that fails, an entry that does not parse)
//! falls back to reading the feed.

use std::os::unix::fs::{DirBuilderExt, MetadataExt};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::report::summary::Summary;
use crate::startup::Startup;

/// Bump when [`Summary`] changes shape.
const FORMAT: &str = "sitrep line/status cache 2";

/// How recent a change must be for the file not to be cached.
const RACY: Duration = Duration::from_secs(2);

/// The folder the entries live in.
#[derive(Debug, Clone)]
pub struct Cache {
    dir: PathBuf,
}

/// What tells one version of a regular file from another without reading it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileIdentity {
    dev: u64,
    ino: u64,
    size: u64,
    modified: (i64, i64),
    changed: (i64, i64),
}

/// One cached read, and the last good picture before it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Entry {
    fingerprint: String,
    /// The file the summary was read from.
    pub identity: FileIdentity,
    /// The file had not changed for a while when it was read: a file of the same
    /// identity has the same content. (A recent change could hide a same-size rewrite
    /// in the same timestamp tick; such an entry serves only as the last good picture.)
    pub settled: bool,
    pub summary: Summary,
    /// While the feed is rejected or missing: the last good picture read before, which
    /// the dashboard would still show.
    pub last_good: Option<Summary>,
}

impl FileIdentity {
    /// The identity of the regular file at `path` (a FIFO, a device or a folder has
    /// none: reading it is not repeatable).
    #[must_use]
    pub fn of(path: &Path) -> Option<Self> {
        let meta = std::fs::metadata(path).ok()?;
        meta.file_type().is_file().then(|| Self {
            dev: meta.dev(),
            ino: meta.ino(),
            size: meta.size(),
            modified: (meta.mtime(), meta.mtime_nsec()),
            changed: (meta.ctime(), meta.ctime_nsec()),
        })
    }

    /// Whether the file changed less than [`RACY`] before `now` (or after it).
    fn is_recent(&self, now: SystemTime) -> bool {
        let at = |(secs, nanos): (i64, i64)| {
            let since_epoch = Duration::new(secs.max(0).unsigned_abs(), u32::try_from(nanos).unwrap_or(0));
            SystemTime::UNIX_EPOCH + since_epoch
        };
        let latest = at(self.modified).max(at(self.changed));
        now.duration_since(latest).map_or(true, |age| age < RACY)
    }
}

impl Cache {
    /// The cache folder the environment names (it need not exist yet).
    #[must_use]
    pub fn locate(env: impl Fn(&str) -> Option<String>) -> Option<Self> {
        let absolute = |key: &str| env(key).filter(|v| v.starts_with('/')).map(PathBuf::from);
        let dir = absolute("XDG_RUNTIME_DIR")
            .or_else(|| absolute("XDG_CACHE_HOME"))
            .or_else(|| absolute("HOME").map(|home| home.join(".cache")))?;
        Some(Self { dir: dir.join("sitrep") })
    }

    /// A cache in `dir`.
    #[must_use]
    pub fn at(dir: PathBuf) -> Self {
        Self { dir }
    }

    /// The entry kept for `fingerprint`, whatever file it was read from.
    #[must_use]
    pub fn load(&self, fingerprint: &str) -> Option<Entry> {
        let path = self.entry_path(fingerprint);
        // Another user's entry could make the status line lie: only our own counts.
        if !owned_by_us(&self.dir) || !owned_by_us(&path) {
            return None;
        }
        let bytes = std::fs::read(path).ok()?;
        let entry: Entry = serde_json::from_slice(&bytes).ok()?;
        (entry.fingerprint == fingerprint).then_some(entry)
    }

    /// Keeps `summary` (and the last good one before it) for `fingerprint` and a file of
    /// `identity`, read at wall clock `now`. Best effort.
    pub fn store(
        &self,
        fingerprint: &str,
        identity: FileIdentity,
        summary: Summary,
        last_good: Option<Summary>,
        now: SystemTime,
    ) {
        let settled = !identity.is_recent(now);
        let entry = Entry { fingerprint: fingerprint.to_owned(), identity, settled, summary, last_good };
        let Ok(bytes) = serde_json::to_vec(&entry) else { return };
        // Only the user may read the folder and the entry.
        if std::fs::DirBuilder::new().recursive(true).mode(0o700).create(&self.dir).is_ok() {
            let _ = crate::report::replace::replace(&self.entry_path(fingerprint), &bytes, 0o600);
        }
    }

    /// The summary of the file of `identity`, if this entry can stand for it.
    #[must_use]
    pub fn summary_of(entry: &Entry, identity: FileIdentity) -> Option<&Summary> {
        (entry.settled && entry.identity == identity).then_some(&entry.summary)
    }

    fn entry_path(&self, fingerprint: &str) -> PathBuf {
        let digest = Sha256::digest(fingerprint.as_bytes());
        let name: String = digest.iter().take(16).map(|b| format!("{b:02x}")).collect();
        self.dir.join(format!("{name}.json"))
    }
}

/// Whether `path` belongs to this user and nobody else may write it.
fn owned_by_us(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.uid() == nix::unistd::geteuid().as_raw() && m.mode() & 0o022 == 0)
}

/// Everything besides the file's bytes that a read of `path` under `startup` depends on.
#[must_use]
pub fn fingerprint(startup: &Startup, path: &Path) -> String {
    use std::os::unix::ffi::OsStrExt;
    let build = std::env::current_exe()
        .and_then(std::fs::metadata)
        .map(|m| format!("{} {}.{}", m.size(), m.mtime(), m.mtime_nsec()))
        .unwrap_or_default();
    let read = &startup.read;
    let zone = &read.decode.zone;
    // A zone without a name (a POSIX rule, a copied zone file) is told by its offsets:
    // the start of the first day of each month over two years.
    let offsets: String = (0..24)
        .filter_map(|month| chrono::NaiveDate::from_ymd_opt(2024 + month / 12, u32::try_from(month % 12 + 1).ok()?, 1))
        .map(|day| zone.start_of_day(day).offset().local_minus_utc().to_string())
        .collect::<Vec<_>>()
        .join(",");
    format!(
        "{FORMAT}\n{} {build}\n{:?}\n{:?} {}\n{:?}\n{:?} {offsets}\npublic {}",
        env!("CARGO_PKG_VERSION"),
        path.as_os_str().as_bytes(),
        read.format,
        read.decode.max_bytes,
        read.decode.scales,
        zone,
        startup.settings.public_screen,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entry_counts_only_for_the_same_file_and_fingerprint() {
        let dir = tempfile::tempdir().unwrap();
        let feed = dir.path().join("feed.toml");
        std::fs::write(&feed, "x").unwrap();
        let cache = Cache::at(dir.path().join("cache"));
        let identity = FileIdentity::of(&feed).unwrap();
        let summary = Summary::Missing { reason: "test".to_owned() };
        let later = SystemTime::now() + Duration::from_secs(60);
        cache.store("one", identity, summary.clone(), None, later);
        let kept = cache.load("one").unwrap();
        assert_eq!(Cache::summary_of(&kept, identity), Some(&summary));
        assert!(cache.load("two").is_none());
        std::fs::write(&feed, "y").unwrap();
        let changed = FileIdentity::of(&feed).unwrap();
        assert_ne!(changed, identity);
        assert_eq!(Cache::summary_of(&kept, changed), None);
        // A file changed just now is kept, but does not stand for the file.
        cache.store("three", changed, summary, None, SystemTime::now());
        assert_eq!(Cache::summary_of(&cache.load("three").unwrap(), changed), None);
        let mode = std::fs::metadata(dir.path().join("cache")).unwrap().mode();
        assert_eq!(mode & 0o777, 0o700);
    }

    #[test]
    fn only_regular_files_have_an_identity() {
        let dir = tempfile::tempdir().unwrap();
        assert!(FileIdentity::of(dir.path()).is_none());
        assert!(FileIdentity::of(&dir.path().join("absent")).is_none());
    }
}
