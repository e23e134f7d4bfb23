//! Playing a checked schedule into the feed: each version at its scaled time, `generated`
//! stamped with the moment it is written, checked once more, written atomically under
//! the feed's lock (as every sitrep writer does), and recorded in the journal and the
//! history. A stop flag (Ctrl-C) ends it between versions.

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use chrono::{DateTime, FixedOffset, Utc};

use crate::edit::change::stamp_generated;
use crate::edit::lock::FeedLock;
use crate::edit::replace::{ReplaceError, replace};
use crate::feed::{DecodeOptions, Format};
use crate::history::{HistoryPlan, record_version};
use crate::journal::FeedVersion;
use crate::journal::{ContentHash, Journal};
use crate::replay::schedule::{Step, checked};

/// How a replay writes.
pub struct Player<'a> {
    pub feed: &'a Path,
    pub format: Format,
    /// Scenario time runs this many times faster than the wall clock.
    pub speed: f64,
    pub decode: &'a DecodeOptions,
    /// The offset `generated` is written with (the configured zone's, now).
    pub zone: &'a crate::zone::Zone,
    /// Where written versions are recorded, when a journal is kept.
    pub record: Option<(&'a HistoryPlan, &'a Journal)>,
    pub stop: &'a AtomicBool,
}

/// How a replay ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ended {
    /// Every version written.
    Done(usize),
    /// Stopped (Ctrl-C) after this many versions.
    Stopped(usize),
}

impl Player<'_> {
    /// Writes every step at its time; `say` hears one line per version.
    ///
    /// # Errors
    /// A version could not be written (it is said which, and why).
    pub fn play(&self, steps: &[Step], mut say: impl FnMut(&str)) -> Result<Ended, String> {
        let started = Instant::now();
        for (n, step) in steps.iter().enumerate() {
            let seconds = step.offset.as_seconds_f64() / self.speed;
            let due = started + Duration::from_secs_f64(seconds.max(0.0));
            if !self.wait_until(due) {
                return Ok(Ended::Stopped(n));
            }
            let now = Utc::now();
            let written = self.write(step, now.with_timezone(self.zone).fixed_offset())?;
            say(&format!(
                "{:>8}  {}  version {}/{} {}  {}",
                step.at,
                step.moment.format("%Y-%m-%d %H:%M"),
                n + 1,
                steps.len(),
                written.short(),
                step.title
            ));
        }
        Ok(Ended::Done(steps.len()))
    }

    /// Sleeps until `due` in short slices; false when stopped meanwhile.
    fn wait_until(&self, due: Instant) -> bool {
        loop {
            if self.stop.load(Ordering::Relaxed) {
                return false;
            }
            let now = Instant::now();
            if now >= due {
                return true;
            }
            std::thread::sleep((due - now).min(Duration::from_millis(50)));
        }
    }

    fn write(&self, step: &Step, now: DateTime<FixedOffset>) -> Result<ContentHash, String> {
        let stamped = stamp_generated(&step.text, self.format, now).map_err(|e| format!("{}: {e}", step.title))?;
        // Checked once more as written: refused unless valid and an exercise.
        let (feed, _) = checked(&stamped, self.format, now, self.decode)
            .map_err(|problems| format!("{}: {}", step.title, problems.join("; ")))?;
        put(self.feed, stamped.as_bytes())?;
        let at = now.to_utc();
        if let Some((plan, journal)) = self.record {
            let shown = self.feed.display().to_string();
            let origin = crate::feed::text::clean(&shown, crate::feed::text::Lines::Single);
            let version = FeedVersion { feed: &feed, bytes: stamped.as_bytes(), format: self.format, origin: &origin };
            if let Err(why) = record_version(plan, journal, at, version) {
                eprintln!("sitrep replay: {why}");
            }
        }
        Ok(ContentHash::of(stamped.as_bytes()))
    }
}

/// Puts `bytes` in place of the feed at `path`, atomically, under its lock: a new file,
/// or the file (a symlink's target) replaced, keeping its mode, owner and group.
///
/// # Errors
/// When it cannot be written.
pub fn put(path: &Path, bytes: &[u8]) -> Result<(), String> {
    let _lock = FeedLock::acquire(path, |holder| {
        eprintln!("sitrep replay: {}: waiting for the lock: being edited by {holder}", path.display());
    })
    .map_err(|e| e.to_string())?;
    if !path.exists() {
        use std::io::Write;
        let mut file =
            atomic_write_file::AtomicWriteFile::open(path).map_err(|e| format!("{}: {e}", path.display()))?;
        file.write_all(bytes).map_err(|e| format!("{}: {e}", path.display()))?;
        return file.commit().map_err(|e| format!("{}: {e}", path.display()));
    }
    let real = std::fs::canonicalize(path).map_err(|e| format!("{}: {e}", path.display()))?;
    // A writer outside sitrep may replace it meanwhile: the scenario's version wins, but
    // never half of one.
    for _ in 0..5 {
        let current = std::fs::read(&real).map_err(|e| format!("{}: {e}", path.display()))?;
        match replace(&real, bytes, &current) {
            Ok(()) => return Ok(()),
            Err(ReplaceError::ChangedUnderneath(_)) => {}
            Err(ReplaceError::Io(message)) => return Err(message),
        }
    }
    Err(format!("{} kept changing underneath: not written", path.display()))
}
