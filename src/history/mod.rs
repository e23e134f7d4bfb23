//! The feed's history: every accepted version kept by its hash ([`store`]), when each
//! took effect and how the feed stood between them, from the journal ([`timeline`]),
//! the dashboard's picture at any moment ([`past`]), what changed in words ([`words`]),
//! and the commands (`sitrep history`, `sitrep record`).
//!
//! Who keeps versions: every writer through sitrep ([`record_version`]), the headless
//! recorder, and the dashboard that accepts a version (its journal task calls
//! [`Store::keep`] beside the journal's `feed_accepted` entry).

pub mod args;
pub mod command;
pub mod pack;
pub mod past;
pub mod record;
pub mod store;
pub mod timeline;
pub mod words;

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use crate::feed::{DecodeOptions, FeedDuration, Format};
use crate::journal::{FeedVersion, Identity, Journal, JournalOptions, JournalSetting, Recorded};
pub use store::{Kept, Store, StoreError};
pub use timeline::{Mark, MarkEvent, StateAt, Timeline};

/// Where a run's history is, or why it keeps none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryPlan {
    /// The journal, which says when each version took effect.
    pub journal: JournalSetting,
    /// The store's folder (`None` when no journal is kept).
    pub dir: Option<PathBuf>,
    /// Retention (`history_keep`).
    pub keep: FeedDuration,
    /// `journal_max_mb`, in bytes.
    pub journal_max_bytes: u64,
    /// The largest version read back (`max_feed_bytes`).
    pub max_feed_bytes: u64,
}

impl HistoryPlan {
    /// The plan from the command line and the config: the store is the config's
    /// `history_dir`, else `history/` beside the journal. `demo`: the run shows the
    /// built-in demo (which keeps no journal unless one is named).
    #[must_use]
    pub fn resolve(
        run: &crate::cli::RunArgs,
        config: &crate::config::Config,
        demo: bool,
        env: impl Fn(&str) -> Option<String>,
    ) -> Self {
        let journal =
            JournalSetting::resolve(run.journal.as_deref(), run.no_journal, config.journal.as_deref(), demo, env);
        let dir = journal.path().map(|path| {
            config.history_dir.clone().unwrap_or_else(|| {
                path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new(".")).join("history")
            })
        });
        Self {
            journal,
            dir,
            keep: config.history_keep,
            journal_max_bytes: JournalOptions::max_bytes_of_mb(config.journal_max_mb),
            max_feed_bytes: config.max_feed_bytes,
        }
    }

    /// The journal's path, or why there is none.
    ///
    /// # Errors
    /// No journal is kept: why.
    pub fn journal_path(&self) -> Result<&Path, String> {
        match &self.journal {
            JournalSetting::Off(why) => Err(format!("no history: {why}")),
            JournalSetting::At { path, .. } => Ok(path),
        }
    }

    /// The store, opened to read (`create`: to write, made if needed).
    ///
    /// # Errors
    /// No journal is kept, or the store cannot be opened.
    pub fn store(&self, create: bool) -> Result<Store, String> {
        self.journal_path()?;
        let dir = self.dir.as_deref().ok_or("no history folder")?;
        Store::open(dir, self.max_feed_bytes, create).map_err(|e| e.to_string())
    }

    /// The journal, opened to write (its folder made when it is the default one).
    ///
    /// # Errors
    /// No journal is kept, or it cannot be opened.
    pub fn open_journal(&self, decode: &DecodeOptions, identity: Identity) -> Result<Journal, String> {
        let JournalSetting::At { path, default_location } = &self.journal else {
            return Err(self.journal_path().err().unwrap_or_default());
        };
        let options = JournalOptions {
            max_bytes: self.journal_max_bytes,
            identity,
            decode: decode.clone(),
            create_folder: *default_location,
        };
        Journal::open(path, options).map_err(|e| e.to_string())
    }

    /// Retention now: removes the months whose versions were all last shown before
    /// `history_keep` ago.
    ///
    /// # Errors
    /// When the journal or the store cannot be read, or the store written.
    pub fn prune(&self, now: DateTime<Utc>) -> Result<store::Pruned, String> {
        let store = self.store(false)?;
        let timeline = Timeline::load(self.journal_path()?).map_err(|e| e.to_string())?;
        let keep_from = now.checked_sub_signed(self.keep.to_chrono()).unwrap_or(DateTime::<Utc>::MIN_UTC);
        store.prune(keep_from, now, &timeline.last_shown(now)).map_err(|e| e.to_string())
    }
}

/// Keeps `version` in the store and records it in the journal as accepted at `at` (once
/// across every viewer of the journal). The store comes first, so that a version the
/// journal names has its bytes. The first version of a month runs retention.
///
/// # Errors
/// What failed, in words (the caller says it and goes on: a feed written is written).
pub fn record_version(
    plan: &HistoryPlan,
    journal: &Journal,
    at: DateTime<Utc>,
    version: FeedVersion<'_>,
) -> Result<Recorded, String> {
    let stored =
        plan.store(true).and_then(|store| store.keep(version.bytes, version.format, at).map_err(|e| e.to_string()));
    let recorded = journal.record_feed_accepted(at, version).map_err(|e| format!("journal: {e}"))?;
    match stored {
        Ok(Kept::Stored { new_pack: true, .. }) => {
            plan.prune(at).map(|_| recorded).map_err(|e| format!("history: {e}"))
        }
        Ok(_) => Ok(recorded),
        Err(e) => Err(format!("history: {e}")),
    }
}

/// After a writer (`add`, `set`, `remove`, `edit`) replaced the feed: the version it
/// wrote goes into the history and the journal, as the journal is configured (no
/// journal: nothing to do). A failure here is said, and the write stands.
pub fn record_written(
    run: &crate::cli::RunArgs,
    env: impl Fn(&str) -> Option<String>,
    decode: &DecodeOptions,
    version: FeedVersion<'_>,
) {
    let Ok(config) = crate::config::Config::load(run.config.as_deref(), &env) else { return };
    let plan = HistoryPlan::resolve(run, &config, false, &env);
    if plan.journal_path().is_err() {
        return;
    }
    let result = plan
        .open_journal(decode, Identity::from_environment(&env))
        .and_then(|journal| record_version(&plan, &journal, Utc::now(), version));
    if let Err(why) = result {
        eprintln!(
            "{}: not recorded: {}",
            version.origin,
            crate::feed::text::clean(&why, crate::feed::text::Lines::Single)
        );
    }
}

/// The dashboard's journal task keeps each version it accepts here, beside its
/// `feed_accepted` entry (the store in `dir` is made if needed; a version kept already
/// costs a look at the index).
///
/// # Errors
/// When the store cannot be written.
pub fn keep_accepted(dir: &Path, max_bytes: u64, bytes: &[u8], format: Format) -> Result<Kept, StoreError> {
    Store::open(dir, max_bytes, true)?.keep(bytes, format, Utc::now())
}
