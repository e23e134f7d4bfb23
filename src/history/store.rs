//! The history store: every accepted feed version kept by its content hash (the
//! journal's `sha256:` of the exact bytes), compressed and deduplicated, in one pack
//! file a month, with an index of where each version is.
//!
//! ```text
//! DIR/index               <hex> <pack> <offset> <length> <K|D> <kept, unix seconds>
//! DIR/packs/2026-11.pack  records (see `pack`), appended
//! DIR/lock                writers hold it exclusively (keep, prune)
//! ```
//!
//! Several processes may keep versions at once (viewers, `sitrep record`, writers):
//! each keep takes the lock, looks the hash up, and appends the record (one write) and
//! then its index line (one write). A writer killed mid-way leaves unindexed bytes at a
//! pack's end, never a wrong index line. Readers take no lock.

use std::collections::{HashMap, HashSet};
use std::fs::{File, OpenOptions};
use std::io::Write;
use std::os::unix::fs::{FileExt, MetadataExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Datelike, Utc};

use crate::feed::Format;
use crate::history::pack::{self, DELTA_MAX_BYTES, Meta, Record};
use crate::journal::ContentHash;

/// Mode of new files and folders (the umask may make them stricter): the officers'
/// group may share a store, as it may share a journal.
const FILE_MODE: u32 = 0o660;
const FOLDER_MODE: u32 = 0o770;

/// Why the store cannot do what was asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoreError(pub String);

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&crate::feed::text::clean(&self.0, crate::feed::text::Lines::Single))
    }
}

impl std::error::Error for StoreError {}

fn fail(doing: &str, path: &Path) -> impl FnOnce(std::io::Error) -> StoreError {
    let message = format!("{doing} {}", path.display());
    move |error| StoreError(format!("{message}: {error}"))
}

/// Where one version is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexEntry {
    pub hash: ContentHash,
    /// The pack's name, `2026-11`.
    pub pack: String,
    pub offset: u64,
    pub length: u64,
    pub keyframe: bool,
    /// When it was first kept.
    pub kept: DateTime<Utc>,
}

impl IndexEntry {
    fn line(&self) -> String {
        let hex = self.hash.0.strip_prefix("sha256:").unwrap_or(&self.hash.0);
        let kind = if self.keyframe { 'K' } else { 'D' };
        format!("{hex} {} {} {} {kind} {}\n", self.pack, self.offset, self.length, self.kept.timestamp())
    }

    fn parse(line: &str) -> Option<Self> {
        let mut parts = line.split(' ');
        let hex = parts.next().filter(|h| h.len() == 64 && h.bytes().all(|b| b.is_ascii_hexdigit()))?;
        let pack = parts.next().filter(|p| is_pack_name(p))?.to_owned();
        let offset = parts.next()?.parse().ok()?;
        let length = parts.next()?.parse().ok()?;
        let keyframe = match parts.next()? {
            "K" => true,
            "D" => false,
            _ => return None,
        };
        let kept = DateTime::from_timestamp(parts.next()?.parse().ok()?, 0)?;
        parts.next().is_none().then(|| Self {
            hash: ContentHash(format!("sha256:{hex}")),
            pack,
            offset,
            length,
            keyframe,
            kept,
        })
    }
}

/// `YYYY-MM`: nothing else names a pack (an index line cannot point outside `packs/`).
fn is_pack_name(name: &str) -> bool {
    let bytes = name.as_bytes();
    bytes.len() == 7 && bytes[4] == b'-' && bytes.iter().enumerate().all(|(i, b)| i == 4 || b.is_ascii_digit())
}

/// A version taken out of the store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Version {
    pub bytes: Vec<u8>,
    pub format: Format,
    pub kept: DateTime<Utc>,
}

/// What `keep` did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kept {
    /// Stored now, as a keyframe or a delta, in bytes on disk; `new_pack`: the first of a
    /// month (a good moment for retention).
    Stored { bytes: u64, keyframe: bool, new_pack: bool },
    /// The store had it already.
    Already,
}

/// What retention removed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Pruned {
    pub packs: Vec<String>,
    pub versions: usize,
    pub bytes: u64,
}

/// An open history store.
#[derive(Debug, Clone)]
pub struct Store {
    dir: PathBuf,
    /// The largest version it will read back (config `max_feed_bytes`).
    max_bytes: u64,
}

impl Store {
    /// The store in `dir`, created when `create` (a reader does not create one).
    ///
    /// # Errors
    /// The folder is missing (and not created) or cannot be made.
    pub fn open(dir: &Path, max_bytes: u64, create: bool) -> Result<Self, StoreError> {
        if create {
            use std::os::unix::fs::DirBuilderExt;
            std::fs::DirBuilder::new()
                .recursive(true)
                .mode(FOLDER_MODE)
                .create(dir.join("packs"))
                .map_err(fail("cannot create", dir))?;
        } else if !dir.is_dir() {
            return Err(StoreError(format!("{}: no history kept here (no such folder)", dir.display())));
        }
        Ok(Self { dir: dir.to_path_buf(), max_bytes })
    }

    #[must_use]
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn index_path(&self) -> PathBuf {
        self.dir.join("index")
    }

    fn pack_path(&self, pack: &str) -> PathBuf {
        self.dir.join("packs").join(format!("{pack}.pack"))
    }

    /// Every indexed version, oldest first (a missing index is an empty store).
    ///
    /// # Errors
    /// When the index cannot be read.
    pub fn index(&self) -> Result<Vec<IndexEntry>, StoreError> {
        let path = self.index_path();
        let text = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(fail("cannot read", &path)(e)),
        };
        // Only whole lines count: a torn last one (a writer killed) is skipped.
        let whole = memchr::memrchr(b'\n', &text).map_or(&[][..], |end| &text[..end]);
        Ok(whole.split(|&b| b == b'\n').filter_map(|line| IndexEntry::parse(std::str::from_utf8(line).ok()?)).collect())
    }

    /// The hashes the store has.
    ///
    /// # Errors
    /// When the index cannot be read.
    pub fn hashes(&self) -> Result<HashSet<ContentHash>, StoreError> {
        Ok(self.index()?.into_iter().map(|e| e.hash).collect())
    }

    /// Keeps `bytes` (a version accepted at `at`), unless the store has it.
    ///
    /// # Errors
    /// When the store cannot be written.
    pub fn keep(&self, bytes: &[u8], format: Format, at: DateTime<Utc>) -> Result<Kept, StoreError> {
        let mut kept = self.keep_all([(bytes, format, at)])?;
        Ok(kept.pop().unwrap_or(Kept::Already))
    }

    /// Keeps many versions, oldest first, under one lock and one sync (an import, or the
    /// benchmark's year). Each is a delta against its month's latest keyframe where that
    /// is less than half the keyframe's size, else a new keyframe.
    ///
    /// # Errors
    /// When the store cannot be written (versions written before stay kept).
    pub fn keep_all<'b>(
        &self,
        versions: impl IntoIterator<Item = (&'b [u8], Format, DateTime<Utc>)>,
    ) -> Result<Vec<Kept>, StoreError> {
        let _lock = self.lock()?;
        let mut index = self.index()?;
        let mut known: HashSet<ContentHash> = index.iter().map(|e| e.hash.clone()).collect();
        let mut packs: HashMap<String, File> = HashMap::new();
        let mut compressor: Option<(ContentHash, zstd::bulk::Compressor<'static>)> = None;
        let first_new = index.len();
        let mut results = Vec::new();
        for (bytes, format, at) in versions {
            let hash = ContentHash::of(bytes);
            if !known.insert(hash.clone()) {
                results.push(Kept::Already);
                continue;
            }
            let pack = format!("{:04}-{:02}", at.year(), at.month());
            let new_pack = !index.iter().any(|e| e.pack == pack);
            let base = index.iter().rev().find(|e| e.pack == pack && e.keyframe).cloned();
            let delta = match &base {
                Some(base) if bytes.len() <= DELTA_MAX_BYTES => self.delta(bytes, base, &index, &mut compressor),
                _ => None,
            };
            let (base, data) = match (base, delta) {
                (Some(base), Some(delta)) if (delta.len() as u64) * 2 < base.length => (Some(base.hash), delta),
                _ => (None, pack::compress_whole(bytes).map_err(|e| StoreError(format!("compressing: {e}")))?),
            };
            let keyframe = base.is_none();
            let record =
                Record { meta: Meta { hash: hash.clone(), format, size: bytes.len() as u64, base, kept: at }, data };
            let encoded = record.encode();
            let pack_path = self.pack_path(&pack);
            let file = match packs.entry(pack.clone()) {
                std::collections::hash_map::Entry::Occupied(open) => open.into_mut(),
                std::collections::hash_map::Entry::Vacant(slot) => slot.insert(append_file(&pack_path)?),
            };
            let offset = file.metadata().map_err(fail("cannot read", &pack_path))?.len();
            file.write_all(&encoded).map_err(fail("cannot write", &pack_path))?;
            index.push(IndexEntry { hash, pack, offset, length: encoded.len() as u64, keyframe, kept: at });
            results.push(Kept::Stored { bytes: encoded.len() as u64, keyframe, new_pack });
        }
        // The records are on disk before the index names them.
        for (pack, file) in &packs {
            file.sync_data().map_err(fail("cannot sync", &self.pack_path(pack)))?;
        }
        let lines: String = index[first_new..].iter().map(IndexEntry::line).collect();
        if !lines.is_empty() {
            self.append_index(&lines)?;
        }
        Ok(results)
    }

    /// `bytes` compressed against the keyframe `base` (its compressor kept for the next).
    fn delta(
        &self,
        bytes: &[u8],
        base: &IndexEntry,
        index: &[IndexEntry],
        compressor: &mut Option<(ContentHash, zstd::bulk::Compressor<'static>)>,
    ) -> Option<Vec<u8>> {
        if compressor.as_ref().is_none_or(|(hash, _)| *hash != base.hash) {
            let base_bytes = self.read_version(base, index).ok()?.bytes;
            *compressor = Some((base.hash.clone(), pack::delta_compressor(&base_bytes).ok()?));
        }
        compressor.as_mut().and_then(|(_, c)| c.compress(bytes).ok())
    }

    /// Version `hash`, if the store has it.
    ///
    /// # Errors
    /// When the store cannot be read or the version is damaged.
    pub fn load(&self, hash: &ContentHash) -> Result<Option<Version>, StoreError> {
        let index = self.index()?;
        match index.iter().rev().find(|e| e.hash == *hash) {
            Some(entry) => self.read_version(entry, &index).map(Some),
            None => Ok(None),
        }
    }

    /// Reads, decompresses and checks one version (and its keyframe, for a delta).
    fn read_version(&self, entry: &IndexEntry, index: &[IndexEntry]) -> Result<Version, StoreError> {
        let record = self.read_record(entry)?;
        let base = match &record.meta.base {
            Some(base_hash) => {
                let base = index
                    .iter()
                    .rev()
                    .find(|e| e.hash == *base_hash && e.keyframe)
                    .ok_or_else(|| StoreError(format!("the keyframe of {} is missing", entry.hash.short())))?;
                let base_record = self.read_record(base)?;
                Some(self.unpack(&base_record, None)?)
            }
            None => None,
        };
        let bytes = self.unpack(&record, base.as_deref())?;
        if ContentHash::of(&bytes) != entry.hash {
            return Err(StoreError(format!("version {} is damaged (its hash does not match)", entry.hash.short())));
        }
        Ok(Version { bytes, format: record.meta.format, kept: record.meta.kept })
    }

    fn unpack(&self, record: &Record, base: Option<&[u8]>) -> Result<Vec<u8>, StoreError> {
        if record.meta.size > self.max_bytes {
            return Err(StoreError(format!(
                "version {} is {} bytes, over the limit of {} (max_feed_bytes)",
                record.meta.hash.short(),
                record.meta.size,
                self.max_bytes
            )));
        }
        let size = usize::try_from(record.meta.size).unwrap_or(usize::MAX);
        pack::decompress(&record.data, size, base)
            .map_err(|e| StoreError(format!("version {} cannot be read: {e}", record.meta.hash.short())))
    }

    fn read_record(&self, entry: &IndexEntry) -> Result<Record, StoreError> {
        let path = self.pack_path(&entry.pack);
        let file = File::open(&path).map_err(fail("cannot open", &path))?;
        let length = usize::try_from(entry.length).unwrap_or(usize::MAX);
        if entry.length > self.max_bytes.saturating_mul(2).saturating_add(4096) {
            return Err(StoreError(format!("{}: an index entry past any feed's size", path.display())));
        }
        let mut bytes = vec![0u8; length];
        file.read_exact_at(&mut bytes, entry.offset).map_err(fail("cannot read", &path))?;
        let record = Record::decode(&bytes).map_err(|why| StoreError(format!("{}: {why}", path.display())))?;
        if record.meta.hash != entry.hash {
            return Err(StoreError(format!("{}: the index points at another version", path.display())));
        }
        Ok(record)
    }

    fn append_index(&self, lines: &str) -> Result<(), StoreError> {
        let path = self.index_path();
        let mut file = append_file(&path)?;
        let size = file.metadata().map_err(fail("cannot read", &path))?.len();
        let mut line = Vec::new();
        if size > 0 {
            // After a torn line (a writer killed mid-write) the entry starts a new line.
            let mut last = [0u8; 1];
            file.read_exact_at(&mut last, size - 1).map_err(fail("cannot read", &path))?;
            if last[0] != b'\n' {
                line.push(b'\n');
            }
        }
        line.extend_from_slice(lines.as_bytes());
        file.write_all(&line).map_err(fail("cannot write", &path))?;
        file.sync_data().map_err(fail("cannot sync", &path))
    }

    /// The store's lock, held exclusively until dropped.
    fn lock(&self) -> Result<File, StoreError> {
        let path = self.dir.join("lock");
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .mode(FILE_MODE)
            .custom_flags(rustix::fs::OFlags::NOFOLLOW.bits().cast_signed())
            .open(&path)
            .map_err(fail("cannot open", &path))?;
        file.lock().map_err(fail("cannot lock", &path))?;
        Ok(file)
    }

    /// Retention: removes every pack (but this month's, as of `now`) all of whose
    /// versions were last shown before `keep_from`. `last_shown` says when each version
    /// was last in force by the journal; a version the journal does not name counts as
    /// shown when it was kept. So no version shown since `keep_from` is ever removed.
    ///
    /// # Errors
    /// When the store cannot be read or written.
    pub fn prune(
        &self,
        keep_from: DateTime<Utc>,
        now: DateTime<Utc>,
        last_shown: &HashMap<ContentHash, DateTime<Utc>>,
    ) -> Result<Pruned, StoreError> {
        let _lock = self.lock()?;
        let index = self.index()?;
        let current = format!("{:04}-{:02}", now.year(), now.month());
        let mut needed: HashMap<&str, bool> = HashMap::new();
        for entry in &index {
            let shown = last_shown.get(&entry.hash).copied().unwrap_or(entry.kept).max(entry.kept);
            let keep = entry.pack >= current || shown >= keep_from;
            *needed.entry(entry.pack.as_str()).or_default() |= keep;
        }
        let gone: HashSet<&str> = needed.iter().filter(|(_, keep)| !**keep).map(|(pack, _)| *pack).collect();
        let mut pruned = Pruned::default();
        if gone.is_empty() {
            return Ok(pruned);
        }
        let kept: String =
            index.iter().filter(|e| !gone.contains(e.pack.as_str())).map(IndexEntry::line).collect::<String>();
        pruned.versions = index.iter().filter(|e| gone.contains(e.pack.as_str())).count();
        // The index first (atomically): a pack no line points at is only dead bytes.
        let temporary = self.dir.join(format!("index.tmp.{}", std::process::id()));
        std::fs::write(&temporary, kept).map_err(fail("cannot write", &temporary))?;
        std::fs::rename(&temporary, self.index_path()).map_err(fail("cannot replace", &self.index_path()))?;
        let mut packs: Vec<String> = gone.into_iter().map(str::to_owned).collect();
        packs.sort();
        for pack in &packs {
            let path = self.pack_path(pack);
            pruned.bytes += std::fs::metadata(&path).map_or(0, |m| m.blocks() * 512);
            std::fs::remove_file(&path).map_err(fail("cannot remove", &path))?;
        }
        pruned.packs = packs;
        Ok(pruned)
    }

    /// The bytes the store takes on disk (its packs and index, in blocks allocated).
    #[must_use]
    pub fn disk_usage(&self) -> u64 {
        let blocks = |path: &Path| std::fs::metadata(path).map_or(0, |m| m.blocks() * 512);
        let packs = std::fs::read_dir(self.dir.join("packs"))
            .map(|dir| dir.filter_map(Result::ok).map(|e| blocks(&e.path())).sum())
            .unwrap_or(0);
        packs + blocks(&self.index_path())
    }
}

/// A file of the store, opened to append (created if needed), never through a symlink.
fn append_file(path: &Path) -> Result<File, StoreError> {
    OpenOptions::new()
        .read(true)
        .append(true)
        .create(true)
        .mode(FILE_MODE)
        .custom_flags(rustix::fs::OFlags::NOFOLLOW.bits().cast_signed())
        .open(path)
        .map_err(fail("cannot open", path))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text).unwrap().to_utc()
    }

    #[test]
    fn versions_are_kept_once_and_read_back_exactly() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("history"), 1 << 26, true).unwrap();
        let first = crate::feed::DEMO_FEED.as_bytes();
        let second = crate::feed::DEMO_FEED.replace("substantieel", "kritiek");
        let t = at("2026-11-28T06:00:00Z");
        assert!(matches!(
            store.keep(first, Format::Toml, t).unwrap(),
            Kept::Stored { keyframe: true, new_pack: true, .. }
        ));
        assert_eq!(store.keep(first, Format::Toml, t).unwrap(), Kept::Already);
        let Kept::Stored { keyframe, bytes, new_pack } = store.keep(second.as_bytes(), Format::Toml, t).unwrap() else {
            panic!("not stored")
        };
        assert!(!keyframe && !new_pack && bytes < 1000, "{bytes}");
        let back = store.load(&ContentHash::of(second.as_bytes())).unwrap().unwrap();
        assert_eq!(back.bytes, second.as_bytes());
        assert_eq!(store.load(&ContentHash::of(first)).unwrap().unwrap().bytes, first);
        assert_eq!(store.load(&ContentHash::of(b"other")).unwrap(), None);
        assert_eq!(store.index().unwrap().len(), 2);
    }

    #[test]
    fn a_torn_index_line_is_skipped_and_the_next_one_starts_anew() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path(), 1 << 26, true).unwrap();
        std::fs::write(dir.path().join("index"), "0123 torn").unwrap();
        assert!(store.index().unwrap().is_empty());
        store.keep(b"version = 1\n", Format::Toml, at("2026-11-28T06:00:00Z")).unwrap();
        assert_eq!(store.index().unwrap().len(), 1);
        assert!(store.load(&ContentHash::of(b"version = 1\n")).unwrap().is_some());
    }

    #[test]
    fn a_damaged_pack_is_an_error_not_a_wrong_version() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path(), 1 << 26, true).unwrap();
        store.keep(crate::feed::DEMO_FEED.as_bytes(), Format::Toml, at("2026-11-28T06:00:00Z")).unwrap();
        let pack = dir.path().join("packs/2026-11.pack");
        let mut bytes = std::fs::read(&pack).unwrap();
        let last = bytes.len() - 10;
        bytes[last] ^= 0xff;
        std::fs::write(&pack, bytes).unwrap();
        assert!(store.load(&ContentHash::of(crate::feed::DEMO_FEED.as_bytes())).is_err());
    }

    #[test]
    fn index_lines_name_only_packs() {
        let hex = "a".repeat(64);
        assert!(IndexEntry::parse(&format!("{hex} 2026-11 0 10 K 0")).is_some());
        assert!(IndexEntry::parse(&format!("{hex} ../../etc 0 10 K 0")).is_none());
        assert!(IndexEntry::parse(&format!("{hex} 2026-11 0 10 X 0")).is_none());
    }
}
