//! The shift's memory: an append-only JSON Lines journal of sessions, feed versions and
//! their changes, feed health, acknowledgements and notes (`docs/journal.md`).
//!
//! Every call is a blocking file operation: the dashboard runs them off the UI thread (a
//! task fed by a channel, [`Request`] and [`Journal::apply`]). A journal that cannot be
//! written gives a [`JournalError`] to show as `journal off: <why>`; nothing else stops.
//! Several viewers may share one journal: each decision to write a feed-state entry is
//! taken under an exclusive lock, looking back from the end of the file.

pub mod acks;
pub mod entry;
pub mod file;
pub mod identity;
pub mod location;
pub mod reverse;
pub mod task;

use std::borrow::Cow;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, Utc};

pub use acks::{ACK_LOOKBACK, AckScope, Unacknowledged};
pub use entry::{AcceptedVersion, Acknowledged, ContentHash, Entry, Event, FORMAT_VERSION, RejectedVersion, Session};
pub use identity::Identity;
pub use location::JournalSetting;
pub use reverse::Skipped;

use crate::feed::diff::{FeedDiff, LevelName};
use crate::feed::text::{Lines, clean};
use crate::feed::{DecodeOptions, Feed, FeedDuration, Format, Problem, Timestamp, decode};
use file::{Fault, Locked};

/// How far out of order entries of different writers may be.
pub const CLOCK_SLACK: chrono::TimeDelta = chrono::TimeDelta::minutes(5);

/// The longest note, in characters.
pub const MAX_NOTE_CHARS: usize = 1000;

/// Why the journal cannot be used: the dashboard shows `journal off: <this>`.
#[derive(Debug)]
pub struct JournalError {
    pub path: PathBuf,
    pub fault: Fault,
}

impl std::fmt::Display for JournalError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let path = clean(&self.path.display().to_string(), Lines::Single).into_owned();
        write!(f, "{path}: {}", self.fault)
    }
}

impl std::error::Error for JournalError {}

/// Whether a call wrote an entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recorded {
    Written,
    /// Another viewer (or this one) already recorded it: nothing written.
    AlreadyRecorded,
}

/// Where the feed stands by the journal: the latest accepted version, the latest entry
/// about reading it (accepted, fresh, rejected, missing) and about its age (accepted,
/// fresh, stale). The two overlap: a feed can be missing and stale at once.
#[derive(Debug, Default)]
struct States {
    accepted: Option<AcceptedVersion>,
    /// When the latest accepted version was recorded.
    accepted_at: Option<DateTime<Utc>>,
    read: Option<Event>,
    age: Option<Event>,
}

/// How the journal is kept.
#[derive(Debug, Clone)]
pub struct JournalOptions {
    /// Past this size the journal is rotated (`journal_max_mb`).
    pub max_bytes: u64,
    /// Whose entries these are.
    pub identity: Identity,
    /// How the previous version is read back to compute what changed (scales).
    pub decode: DecodeOptions,
    /// Create the journal's folder (only for the default location under the user's home).
    pub create_folder: bool,
}

impl JournalOptions {
    /// `journal_max_mb` as bytes.
    #[must_use]
    pub fn max_bytes_of_mb(megabytes: u64) -> u64 {
        megabytes.saturating_mul(1024 * 1024)
    }
}

/// A feed version as read: the validated picture and the exact bytes it came from.
#[derive(Debug, Clone, Copy)]
pub struct FeedVersion<'a> {
    pub feed: &'a Feed,
    /// The file exactly as read: its SHA-256 is the version's identity.
    pub bytes: &'a [u8],
    pub format: Format,
    /// The feed's path as shown (or the demo's name).
    pub origin: &'a str,
}

/// A version as a viewer read it.
#[derive(Debug, Clone, Copy)]
struct ReadVersion<'a> {
    bytes: &'a [u8],
    format: Format,
    origin: &'a str,
    read_at: Option<DateTime<Utc>>,
}

/// One thing to record, owned, to send down a channel to the journal's task.
#[derive(Debug, Clone, PartialEq)]
pub enum Request {
    SessionStart {
        feed: Option<String>,
    },
    SessionStop {
        feed: Option<String>,
    },
    /// A valid version, by its bytes (see [`Journal::record_version_bytes`]), and as the
    /// viewer decoded them where it can share that (see [`Journal::record_version_shared`]).
    FeedAccepted {
        feed: Option<Arc<Feed>>,
        bytes: Arc<[u8]>,
        format: Format,
        origin: String,
        /// When the viewer read it, by the wall clock (see [`Journal::record_version_read_at`]).
        read_at: Option<DateTime<Utc>>,
    },
    FeedRejected {
        origin: String,
        problems: Vec<Problem>,
    },
    FeedMissing {
        origin: String,
        reason: String,
    },
    FeedStale {
        origin: String,
        generated: Option<Timestamp>,
        stale_after: FeedDuration,
    },
    FeedFresh {
        origin: String,
    },
    Ack(Acknowledged),
    Note(String),
}

/// An open journal. Cheap to clone; every call opens, locks and closes the file, so a
/// rotation or another writer never leaves it behind.
/// A version a viewer shared with the journal: its hash and the feed decoded.
type SharedVersion = (ContentHash, Arc<Feed>);

#[derive(Debug, Clone)]
pub struct Journal {
    path: PathBuf,
    options: JournalOptions,
    /// The last version this journal recorded, as a viewer shared it: the next version
    /// is compared with it without decoding the kept copy (a large feed decoded again
    /// would double the viewer's memory for a moment).
    last_shared: Arc<std::sync::Mutex<Option<SharedVersion>>>,
}

impl Journal {
    /// Opens (creating if needed) the journal at `path` and checks that it can be written.
    ///
    /// # Errors
    /// The path is not a regular file (a symlink, a FIFO), or cannot be created or opened
    /// for writing (a read-only folder, no such folder).
    pub fn open(path: &Path, options: JournalOptions) -> Result<Self, JournalError> {
        let fail = |fault| JournalError { path: path.to_path_buf(), fault };
        if options.create_folder
            && let Some(folder) = path.parent().filter(|p| !p.as_os_str().is_empty())
        {
            use std::os::unix::fs::DirBuilderExt;
            std::fs::DirBuilder::new()
                .recursive(true)
                .mode(0o700)
                .create(folder)
                .map_err(|error| fail(Fault::Io { doing: "creating its folder", error }))?;
        }
        file::open(path, true, true).map_err(fail)?;
        Ok(Self { path: path.to_path_buf(), options, last_shared: Arc::default() })
    }

    #[must_use]
    pub fn path(&self) -> &Path {
        &self.path
    }

    #[must_use]
    pub fn identity(&self) -> &Identity {
        &self.options.identity
    }

    fn fail(&self, fault: Fault) -> JournalError {
        JournalError { path: self.path.clone(), fault }
    }

    /// An entry of this operator and host.
    fn entry(&self, at: DateTime<Utc>, event: Event) -> Entry {
        let id = &self.options.identity;
        Entry {
            v: FORMAT_VERSION,
            time: at,
            operator: id.operator.clone(),
            login: id.login.clone(),
            user: id.user_env.clone(),
            host: id.host.clone(),
            event,
        }
    }

    fn line(entry: &Entry) -> Vec<u8> {
        // Serializing plain data to a Vec cannot fail; an empty line would be skipped.
        let mut line = serde_json::to_vec(entry).unwrap_or_default();
        line.push(b'\n');
        line
    }

    fn append_locked(&self, locked: &mut Locked, entry: &Entry, sync: bool) -> Result<(), JournalError> {
        locked.append(&self.path, &Self::line(entry), self.options.max_bytes, sync).map_err(|f| self.fail(f))
    }

    /// Appends one entry unconditionally (under the lock, for rotation's sake).
    fn write(&self, at: DateTime<Utc>, event: Event, sync: bool) -> Result<(), JournalError> {
        let mut locked = Locked::acquire(&self.path, true, true).map_err(|f| self.fail(f))?;
        self.append_locked(&mut locked, &self.entry(at, event), sync)
    }

    /// Carries out one [`Request`] (for the journal's task).
    ///
    /// # Errors
    /// When the journal cannot be written.
    pub fn apply(&self, at: DateTime<Utc>, request: Request) -> Result<Recorded, JournalError> {
        match request {
            Request::SessionStart { feed } => self.record_session_start(at, feed).map(|()| Recorded::Written),
            Request::SessionStop { feed } => self.record_session_stop(at, feed).map(|()| Recorded::Written),
            Request::FeedAccepted { feed: Some(feed), bytes, format, origin, read_at } => {
                self.record_version_shared(at, &bytes, &feed, format, &origin, read_at)
            }
            Request::FeedAccepted { feed: None, bytes, format, origin, read_at } => {
                self.record_version_bytes(at, &bytes, format, &origin, read_at)
            }
            Request::FeedRejected { origin, problems } => self.record_rejected(at, &origin, &problems),
            Request::FeedMissing { origin, reason } => self.record_missing(at, &origin, &reason),
            Request::FeedStale { origin, generated, stale_after } => {
                self.record_stale(at, &origin, generated, stale_after)
            }
            Request::FeedFresh { origin } => self.record_fresh(at, &origin),
            Request::Ack(what) => self.record_ack(at, what).map(|()| Recorded::Written),
            Request::Note(text) => self.record_note(at, &text).map(|_| Recorded::Written),
        }
    }

    fn session(&self, feed: Option<String>) -> Session {
        let id = &self.options.identity;
        Session { pid: id.pid, tty: id.tty.clone(), ssh_client: id.ssh_client.clone(), feed }
    }

    /// A session began: operator, host, tty, SSH client, the feed it shows.
    ///
    /// # Errors
    /// When the journal cannot be written.
    pub fn record_session_start(&self, at: DateTime<Utc>, feed: Option<String>) -> Result<(), JournalError> {
        self.write(at, Event::SessionStart(self.session(feed)), false)
    }

    /// A session ended.
    ///
    /// # Errors
    /// When the journal cannot be written.
    pub fn record_session_stop(&self, at: DateTime<Utc>, feed: Option<String>) -> Result<(), JournalError> {
        self.write(at, Event::SessionStop(self.session(feed)), true)
    }

    /// Under the exclusive lock, looking back from the end: the latest accepted version
    /// and where the feed stands.
    fn latest_states(&self, locked: &Locked) -> Result<States, JournalError> {
        let mut states = States::default();
        let mut skipped = Vec::new();
        reverse::entries_back(&self.path, Some(&locked.file), &mut skipped, |entry| {
            let event = entry.event;
            if states.read.is_none() && event.is_read_state() {
                states.read = Some(event.clone());
            }
            if states.age.is_none() && event.is_age_state() {
                states.age = Some(event.clone());
            }
            if let Event::FeedAccepted(version) = event {
                states.accepted = Some(*version);
                states.accepted_at = Some(entry.time);
                return ControlFlow::Break(());
            }
            ControlFlow::Continue(())
        })
        .map_err(|f| self.fail(f))?;
        Ok(states)
    }

    /// A valid feed version was read. Written once per version across every viewer of
    /// this journal: only if it differs from the latest accepted entry (so A→B→A records
    /// A again). What changed is computed against the latest accepted version, whoever
    /// recorded it; an `exercise` entry follows when the exercise flag flipped. The same
    /// version read again after a rejected or missing episode writes `feed_fresh`.
    ///
    /// # Errors
    /// When the journal cannot be written.
    pub fn record_feed_accepted(&self, at: DateTime<Utc>, version: FeedVersion<'_>) -> Result<Recorded, JournalError> {
        self.record_version_read_at(at, version, None)
    }

    /// [`Journal::record_feed_accepted`] for a version a viewer read at `read_at` (wall
    /// clock). A viewer that lags behind another (its read of an older version reaches
    /// the journal after the newer one was recorded) must not record the older version as
    /// if the feed had gone back: a version read before the latest accepted entry was
    /// written, and older by its `generated`, is not news. A producer that really goes
    /// back is read after that entry, and recorded.
    ///
    /// # Errors
    /// When the journal cannot be written.
    pub fn record_version_read_at(
        &self,
        at: DateTime<Utc>,
        version: FeedVersion<'_>,
        read_at: Option<DateTime<Utc>>,
    ) -> Result<Recorded, JournalError> {
        let read = ReadVersion { bytes: version.bytes, format: version.format, origin: version.origin, read_at };
        self.record_version(at, read, || Some(Cow::Borrowed(version.feed)))
    }

    /// [`Journal::record_version_read_at`] for a version given by its bytes alone (valid:
    /// the viewer decoded them). They are decoded again here, under the lock, only when
    /// the version is news: the viewer's screen never pays for a copy of its picture.
    ///
    /// # Errors
    /// When the journal cannot be written.
    pub fn record_version_bytes(
        &self,
        at: DateTime<Utc>,
        bytes: &[u8],
        format: Format,
        origin: &str,
        read_at: Option<DateTime<Utc>>,
    ) -> Result<Recorded, JournalError> {
        let options = DecodeOptions { now: at, ..self.options.decode.clone() };
        let read = ReadVersion { bytes, format, origin, read_at };
        self.record_version(at, read, || decode(bytes, format, &options).ok().map(|accepted| Cow::Owned(accepted.feed)))
    }

    /// [`Journal::record_version_read_at`] for a version a viewer decoded and shares
    /// (`feed` is `bytes` decoded). It is kept for comparing the next version with.
    ///
    /// # Errors
    /// When the journal cannot be written.
    pub fn record_version_shared(
        &self,
        at: DateTime<Utc>,
        bytes: &[u8],
        feed: &Arc<Feed>,
        format: Format,
        origin: &str,
        read_at: Option<DateTime<Utc>>,
    ) -> Result<Recorded, JournalError> {
        let read = ReadVersion { bytes, format, origin, read_at };
        let recorded = self.record_version(at, read, || Some(Cow::Borrowed(&**feed)))?;
        if let Ok(mut last) = self.last_shared.lock() {
            *last = Some((ContentHash::of(bytes), Arc::clone(feed)));
        }
        Ok(recorded)
    }

    /// Records `read` unless the journal has it already; `feed` gives its picture when
    /// it is needed (`None`: it cannot be decoded, and is not recorded).
    fn record_version<'f>(
        &self,
        at: DateTime<Utc>,
        read: ReadVersion<'_>,
        feed: impl FnOnce() -> Option<Cow<'f, Feed>>,
    ) -> Result<Recorded, JournalError> {
        let hash = ContentHash::of(read.bytes);
        let mut locked = Locked::acquire(&self.path, true, true).map_err(|f| self.fail(f))?;
        let States { accepted: latest, accepted_at, read: read_state, .. } = self.latest_states(&locked)?;
        if latest.as_ref().is_some_and(|latest| latest.hash == hash) {
            return if matches!(read_state, Some(Event::FeedRejected(_) | Event::FeedMissing { .. })) {
                let event = Event::FeedFresh { feed: read.origin.to_owned(), hash: Some(hash) };
                self.append_locked(&mut locked, &self.entry(at, event), false).map(|()| Recorded::Written)
            } else {
                Ok(Recorded::AlreadyRecorded)
            };
        }
        let Some(feed) = feed() else { return Ok(Recorded::AlreadyRecorded) };
        let lagging =
            latest.as_ref().zip(accepted_at).zip(read.read_at).is_some_and(|((latest, recorded), read)| {
                read < recorded && feed.generated.utc() < latest.generated.utc()
            });
        if lagging {
            return Ok(Recorded::AlreadyRecorded);
        }
        let previous = latest.as_ref().and_then(|latest| self.previous_feed(&latest.hash));
        let accepted = AcceptedVersion {
            feed: read.origin.to_owned(),
            hash: hash.clone(),
            previous: previous.as_ref().and(latest.as_ref()).map(|latest| latest.hash.clone()),
            generated: feed.generated,
            source: feed.source.as_ref().map(ToString::to_string),
            title: feed.title.as_ref().map(ToString::to_string),
            exercise: feed.exercise,
            level: LevelName::new(&feed.threat.scale.name, &feed.threat.level),
            since: feed.threat.since,
            assessed: feed.threat.assessed,
            measures: feed.measures.len(),
            incidents: feed.incidents.len(),
            diff: previous.as_ref().map(|old| FeedDiff::between(old, &feed)),
        };
        let was_exercise = latest.as_ref().is_some_and(|l| l.exercise);
        self.append_locked(&mut locked, &self.entry(at, Event::FeedAccepted(Box::new(accepted))), false)?;
        if feed.exercise != was_exercise {
            let event = Event::Exercise { on: feed.exercise, hash: hash.clone() };
            self.append_locked(&mut locked, &self.entry(at, event), false)?;
        }
        // The copy that the next version is compared with. Losing it only costs the next
        // entry its diff, so a failure here does not fail the record.
        let _ = self.keep_last_feed(&hash, read.bytes, read.format);
        Ok(Recorded::Written)
    }

    /// Where the latest accepted version is kept, to compute the next one's changes.
    fn last_feed_path(&self) -> PathBuf {
        file::sibling(&self.path, "last-feed.json")
    }

    fn keep_last_feed(&self, hash: &ContentHash, bytes: &[u8], format: Format) -> Result<(), Fault> {
        #[derive(serde::Serialize)]
        struct Copy<'a> {
            hash: &'a ContentHash,
            format: Format,
            text: &'a str,
        }
        // Serialized straight from the bytes: a large feed is not copied twice more.
        let text = String::from_utf8_lossy(bytes);
        let copy = serde_json::to_vec(&Copy { hash, format, text: &text }).unwrap_or_default();
        file::replace(&self.last_feed_path(), &copy)
    }

    /// Version `hash`: the one a viewer shared last when it is that one (no copy), else
    /// the kept copy decoded.
    fn previous_feed(&self, hash: &ContentHash) -> Option<Arc<Feed>> {
        let shared = self.last_shared.lock().ok().and_then(|mut last| match last.take() {
            Some((kept, feed)) if kept == *hash => Some(feed),
            _ => None,
        });
        shared.or_else(|| self.last_feed(hash).map(Arc::new))
    }

    /// The kept copy of version `hash`, decoded, if it is that version.
    fn last_feed(&self, hash: &ContentHash) -> Option<Feed> {
        #[derive(serde::Deserialize)]
        struct Copy {
            hash: ContentHash,
            format: Format,
            text: String,
        }
        let file = file::open(&self.last_feed_path(), false, false).ok()?;
        let limit = self.options.decode.max_bytes.saturating_mul(2);
        let copy: Copy = serde_json::from_reader(std::io::Read::take(std::io::BufReader::new(file), limit)).ok()?;
        if copy.hash != *hash {
            return None;
        }
        decode(copy.text.as_bytes(), copy.format, &self.options.decode).ok().map(|accepted| accepted.feed)
    }

    /// Writes the event `make` builds unless `redundant` says the feed already stands so.
    fn record_state(
        &self,
        at: DateTime<Utc>,
        redundant: impl FnOnce(&States) -> bool,
        make: impl FnOnce(States) -> Event,
    ) -> Result<Recorded, JournalError> {
        let mut locked = Locked::acquire(&self.path, true, true).map_err(|f| self.fail(f))?;
        let states = self.latest_states(&locked)?;
        if redundant(&states) {
            return Ok(Recorded::AlreadyRecorded);
        }
        self.append_locked(&mut locked, &self.entry(at, make(states)), false).map(|()| Recorded::Written)
    }

    /// The feed was refused: its first error with position, and how many errors. Once per
    /// episode (the same first error again is not written again).
    ///
    /// # Errors
    /// When the journal cannot be written.
    pub fn record_rejected(
        &self,
        at: DateTime<Utc>,
        origin: &str,
        problems: &[Problem],
    ) -> Result<Recorded, JournalError> {
        let errors: Vec<&Problem> = problems.iter().filter(|p| p.is_error()).collect();
        let first = errors.first().copied().or(problems.first());
        let rejected = RejectedVersion {
            feed: origin.to_owned(),
            error: first.map_or_else(|| "rejected".to_owned(), |p| p.display_in(origin).to_string()),
            line: first.and_then(|p| p.position.map(|pos| pos.line)),
            column: first.and_then(|p| p.position.map(|pos| pos.column)),
            errors: errors.len().max(1),
        };
        self.record_state(
            at,
            |states| matches!(&states.read, Some(Event::FeedRejected(r)) if r.error == rejected.error && r.errors == rejected.errors),
            |_| Event::FeedRejected(rejected.clone()),
        )
    }

    /// The feed file is not there (or cannot be opened). Once per episode.
    ///
    /// # Errors
    /// When the journal cannot be written.
    pub fn record_missing(&self, at: DateTime<Utc>, origin: &str, reason: &str) -> Result<Recorded, JournalError> {
        self.record_state(
            at,
            |states| matches!(states.read, Some(Event::FeedMissing { .. })),
            |_| Event::FeedMissing { feed: origin.to_owned(), reason: clean(reason, Lines::Single).into_owned() },
        )
    }

    /// No new version for longer than `stale_after`. Once per episode.
    ///
    /// # Errors
    /// When the journal cannot be written.
    pub fn record_stale(
        &self,
        at: DateTime<Utc>,
        origin: &str,
        generated: Option<Timestamp>,
        stale_after: FeedDuration,
    ) -> Result<Recorded, JournalError> {
        self.record_state(
            at,
            |states| matches!(states.age, Some(Event::FeedStale { .. })),
            |states| Event::FeedStale {
                feed: origin.to_owned(),
                hash: states.accepted.map(|l| l.hash),
                generated,
                stale_after,
            },
        )
    }

    /// The feed is good again without a new version. Written only to end a rejected,
    /// missing or stale episode.
    ///
    /// # Errors
    /// When the journal cannot be written.
    pub fn record_fresh(&self, at: DateTime<Utc>, origin: &str) -> Result<Recorded, JournalError> {
        self.record_state(
            at,
            |states| {
                !matches!(states.read, Some(Event::FeedRejected(_) | Event::FeedMissing { .. }))
                    && !matches!(states.age, Some(Event::FeedStale { .. }))
            },
            |states| Event::FeedFresh { feed: origin.to_owned(), hash: states.accepted.map(|l| l.hash) },
        )
    }

    /// An acknowledgement: written and synced to disk before this returns, so the screen
    /// may show it as done only after `Ok`.
    ///
    /// # Errors
    /// When the journal cannot be written or synced.
    pub fn record_ack(&self, at: DateTime<Utc>, what: Acknowledged) -> Result<(), JournalError> {
        self.write(at, Event::Ack(what), true)
    }

    /// An operator's note, cleaned like feed text (one line) and cut to 1000 characters.
    /// Returns the text as written; an empty note is not written.
    ///
    /// # Errors
    /// When the journal cannot be written.
    pub fn record_note(&self, at: DateTime<Utc>, text: &str) -> Result<Option<String>, JournalError> {
        let text = clean_note(text);
        if text.is_empty() {
            return Ok(None);
        }
        self.write(at, Event::Note { text: text.clone() }, true)?;
        Ok(Some(text))
    }

    /// What changed since the last acknowledgement (this operator's, or anyone's with
    /// [`AckScope::Shared`]), looking back no further than `horizon`.
    ///
    /// # Errors
    /// When the journal cannot be read.
    pub fn unacknowledged(&self, scope: AckScope, horizon: DateTime<Utc>) -> Result<Unacknowledged, JournalError> {
        acks::unacknowledged(&self.path, scope, &self.options.identity.operator, horizon).map_err(|f| self.fail(f))
    }

    /// Every entry from `since` on, newest first (the `l` overlay), and the lines skipped.
    ///
    /// # Errors
    /// When the journal cannot be read.
    pub fn entries_since(&self, since: DateTime<Utc>) -> Result<(Vec<Entry>, Vec<Skipped>), JournalError> {
        read_since(&self.path, since).map_err(|f| self.fail(f))
    }
}

/// A note as it is written: one cleaned line, trimmed, at most [`MAX_NOTE_CHARS`].
#[must_use]
pub fn clean_note(text: &str) -> String {
    clean(text.trim(), Lines::Single).chars().take(MAX_NOTE_CHARS).collect::<String>().trim_end().to_owned()
}

/// Every entry of the journal at `path` from `since` on, newest first, and the lines
/// skipped. Reads from the end and stops at the first entry older than `since` by more
/// than [`CLOCK_SLACK`] (writers on other hosts may be a little behind).
///
/// # Errors
/// When the journal cannot be read (a journal that does not exist has no entries).
pub fn read_since(path: &Path, since: DateTime<Utc>) -> Result<(Vec<Entry>, Vec<Skipped>), Fault> {
    let mut entries = Vec::new();
    let mut skipped = Vec::new();
    let floor = since.checked_sub_signed(CLOCK_SLACK).unwrap_or(since);
    reverse::entries_back(path, None, &mut skipped, |entry| {
        if entry.time < floor {
            return ControlFlow::Break(());
        }
        if entry.time >= since {
            entries.push(entry);
        }
        ControlFlow::Continue(())
    })?;
    Ok((entries, skipped))
}
