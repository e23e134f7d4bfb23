//! One change, written safely: under the feed's lock, applied to the feed as it is,
//! `generated` bumped, checked with exactly `sitrep check`'s rules, then put in place
//! atomically, unless the feed changed underneath meanwhile (then it is tried again on
//! the new text). Nothing is written when anything is wrong.

use std::io::Read;
use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset};

use crate::edit::change::{Applied, Change, Context, Effect, apply, stamp_generated};
use crate::edit::error::EditError;
use crate::edit::lock::{FeedLock, LockError};
use crate::edit::replace::{ReplaceError, replace};
use crate::feed::{Accepted, DecodeOptions, Feed, Format, Problem, decode};

/// How often a change is tried again on a feed that keeps changing underneath.
const ATTEMPTS: usize = 5;

/// The feed a command writes.
#[derive(Debug, Clone)]
pub struct Target {
    /// As the user named it (for messages).
    pub shown: PathBuf,
    /// The file itself: a symlinked feed's target, which is replaced (the link stays).
    pub real: PathBuf,
    pub format: Format,
}

impl Target {
    /// Resolves `feed` (following symlinks) and its format.
    ///
    /// # Errors
    /// No such file, or no way to tell its format (a usage error).
    pub fn resolve(feed: &Path, format: Option<Format>) -> Result<Self, EditError> {
        let format = format.or_else(|| Format::from_path(feed)).ok_or_else(|| {
            EditError::Usage(format!(
                "{}: cannot tell the format: the file name should end in .toml or .json (or give --feed-format)",
                feed.display()
            ))
        })?;
        let real = std::fs::canonicalize(feed).map_err(|e| EditError::Io(format!("{}: {e}", feed.display())))?;
        if !std::fs::metadata(&real).is_ok_and(|m| m.is_file()) {
            return Err(EditError::Io(format!("{}: not a regular file", feed.display())));
        }
        Ok(Self { shown: feed.to_path_buf(), real, format })
    }

    /// The feed's bytes, refused past `max_bytes`.
    ///
    /// # Errors
    /// When it cannot be read, or is too large.
    pub fn read(&self, max_bytes: u64) -> Result<Vec<u8>, EditError> {
        let io = |e: std::io::Error| EditError::Io(format!("cannot read {}: {e}", self.shown.display()));
        let file = std::fs::File::open(&self.real).map_err(io)?;
        let mut bytes = Vec::new();
        file.take(max_bytes.saturating_add(1)).read_to_end(&mut bytes).map_err(io)?;
        if bytes.len() as u64 > max_bytes {
            return Err(EditError::Io(format!(
                "{} is larger than the limit of {max_bytes} bytes (max_feed_bytes in the config)",
                self.shown.display()
            )));
        }
        Ok(bytes)
    }
}

/// What a change is written with.
#[derive(Debug, Clone)]
pub struct Settings {
    /// `sitrep check`'s rules: the scales, the size limit, the clock for warnings.
    pub decode: DecodeOptions,
    /// What `now` means when written (with the offset it is written in).
    pub now: DateTime<FixedOffset>,
}

/// A change that was (or, in a dry run, would be) written.
#[derive(Debug, Clone)]
pub struct Written {
    pub applied: Applied,
    /// The feed's text before.
    pub before: String,
    /// The text written (or that would be).
    pub after: String,
    /// Warnings about the result (`sitrep check` shows the same).
    pub warnings: Vec<Problem>,
    /// The result, decoded (the journal and the history record it).
    pub feed: Box<Feed>,
}

/// Text from bytes, as the decoder reads it.
///
/// # Errors
/// When the bytes are not UTF-8.
pub fn text_of(bytes: &[u8]) -> Result<&str, EditError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    std::str::from_utf8(bytes)
        .map_err(|_| EditError::Document("the feed is not UTF-8: fix it with `sitrep edit`".into()))
}

/// Checks `text` as `sitrep check` would.
///
/// # Errors
/// Every problem, when the text is not a valid feed.
pub fn validate(text: &str, format: Format, options: &DecodeOptions) -> Result<Accepted, EditError> {
    check(text.as_bytes(), format, options).map_err(EditError::Invalid)
}

/// `sitrep check`'s rules on the bytes of a would-be feed, the size limit included.
///
/// # Errors
/// Every problem, when the bytes are not a valid feed.
pub fn check(bytes: &[u8], format: Format, options: &DecodeOptions) -> Result<Accepted, Vec<Problem>> {
    let size = bytes.len() as u64;
    if size > options.max_bytes {
        return Err(vec![Problem::error(format!(
            "file is {size} bytes, larger than the limit of {} bytes (max_feed_bytes in the config)",
            options.max_bytes
        ))]);
    }
    decode(bytes, format, options).map_err(|rejected| rejected.problems)
}

/// Applies `change` to `text` and makes the result ready to write: `generated` bumped
/// and the whole checked.
///
/// # Errors
/// Whatever makes the change impossible or the result invalid.
pub fn prepare(text: &str, target: &Target, change: &Change, settings: &Settings) -> Result<Written, EditError> {
    let context = Context { now: settings.now, scales: &settings.decode.scales };
    let applied = apply(text, target.format, change, &context)?;
    let after = stamp_generated(&applied.text, target.format, settings.now)?;
    let accepted = validate(&after, target.format, &settings.decode)?;
    took_effect(&accepted.feed, &applied)?;
    Ok(Written { applied, before: text.to_owned(), after, warnings: accepted.warnings, feed: Box::new(accepted.feed) })
}

/// Writes `change` to the feed; with `dry_run`, only works out what would be written.
/// `waiting` is told who holds the lock if it has to wait.
///
/// # Errors
/// Whatever makes the change impossible or the result invalid, or the write fail.
pub fn write(
    target: &Target,
    change: &Change,
    settings: &Settings,
    dry_run: bool,
    waiting: impl FnOnce(&str),
) -> Result<Written, EditError> {
    if dry_run {
        let bytes = target.read(settings.decode.max_bytes)?;
        return prepare(text_of(&bytes)?, target, change, settings);
    }
    let _lock = FeedLock::acquire(&target.real, waiting).map_err(|e| match e {
        LockError::Busy(holder) => EditError::Io(format!("busy: being edited by {holder}")),
        LockError::Io(message) => EditError::Io(message),
    })?;
    for _ in 0..ATTEMPTS {
        let bytes = target.read(settings.decode.max_bytes)?;
        let written = prepare(text_of(&bytes)?, target, change, settings)?;
        match replace(&target.real, written.after.as_bytes(), &bytes) {
            Ok(()) => return Ok(written),
            // A writer outside sitrep replaced the feed meanwhile: apply the change to
            // what it wrote.
            Err(ReplaceError::ChangedUnderneath(_)) => {}
            Err(ReplaceError::Io(message)) => return Err(EditError::Io(message)),
        }
    }
    Err(EditError::Io(format!(
        "{} kept changing underneath (a writer outside sitrep?): gave up after {ATTEMPTS} tries",
        target.shown.display()
    )))
}

/// A safety net: the decoded result shows exactly what the change meant to do.
fn took_effect(feed: &Feed, applied: &Applied) -> Result<(), EditError> {
    let ids = |kind: crate::edit::ItemKind| -> Vec<&str> {
        match kind {
            crate::edit::ItemKind::Measure => feed.measures.iter().map(|m| m.id.as_str()).collect(),
            crate::edit::ItemKind::Incident => feed.incidents.iter().map(|i| i.id.as_str()).collect(),
        }
    };
    // The decoded feed holds ids cleaned for the terminal.
    let id = crate::feed::text::clean(&applied.id, crate::feed::text::Lines::Single);
    let id = id.as_ref();
    let ok = match &applied.effect {
        Effect::Added { kind, count } => ids(*kind).len() == *count && ids(*kind).contains(&id),
        Effect::Removed { kind, count } => ids(*kind).len() == *count && !ids(*kind).contains(&id),
        Effect::Set { kind } => ids(*kind).contains(&id),
        Effect::Level => feed.threat.level.name == applied.id,
    };
    if ok {
        Ok(())
    } else {
        Err(EditError::Document(format!(
            "internal check failed: the result does not show the change to `{id}` as intended; please report this"
        )))
    }
}

/// The change as a unified diff, every line cleaned for the terminal (tabs kept).
#[must_use]
pub fn unified_diff(before: &str, after: &str, name: &str) -> String {
    let diff = similar::TextDiff::from_lines(before, after);
    let text = diff.unified_diff().context_radius(3).header(name, &format!("{name} (changed)")).to_string();
    text.split('\t')
        .map(|part| crate::feed::text::clean(part, crate::feed::text::Lines::Multi).into_owned())
        .collect::<Vec<_>>()
        .join("\t")
}
