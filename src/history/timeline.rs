//! The history's timeline, read from the journal: when each version took effect (its
//! `feed_accepted` entry, with hash and time) and how the feed stood between versions
//! (`feed_rejected`, `feed_missing`, `feed_stale`, `feed_fresh`). The journal is the one
//! record of time; the store only holds the bytes.
//!
//! [`Timeline::load`] reads it all (time travel steps through every version);
//! [`Timeline::around`] finds one moment by bisection of the journal's files and reads
//! back only from there, so "the picture in force at T" costs the same after a year.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fs::File;
use std::ops::ControlFlow;
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::Deserialize;

use crate::feed::Timestamp;
use crate::journal::file::{Fault, rotated};
use crate::journal::reverse::lines_back_from;
use crate::journal::{CLOCK_SLACK, ContentHash, FORMAT_VERSION};

/// One moment of the feed's history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mark {
    /// When the journal recorded it (wall clock).
    pub time: DateTime<Utc>,
    pub event: MarkEvent,
}

/// What happened to the feed then.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MarkEvent {
    /// A version took effect.
    Accepted {
        hash: ContentHash,
        generated: Option<Timestamp>,
        feed: String,
        source: Option<String>,
    },
    /// The feed was refused: its first error as `sitrep check` prints it, and the count.
    Rejected {
        feed: String,
        error: String,
        line: Option<usize>,
        column: Option<usize>,
        errors: usize,
    },
    Missing {
        feed: String,
        reason: String,
    },
    /// No new version for longer than the limit.
    Stale,
    /// Good again without a new version.
    Fresh,
}

impl Mark {
    /// The mark an entry's line makes, if it is one of the feed's (other kinds, other
    /// format versions and unreadable lines give none).
    #[must_use]
    pub fn from_line(line: &[u8]) -> Option<Self> {
        #[derive(Deserialize)]
        struct Slim<'a> {
            v: u32,
            #[serde(borrow)]
            time: Cow<'a, str>,
            #[serde(borrow)]
            kind: Cow<'a, str>,
            #[serde(default)]
            hash: Option<ContentHash>,
            #[serde(default)]
            feed: Option<String>,
            #[serde(default)]
            generated: Option<Timestamp>,
            #[serde(default)]
            source: Option<String>,
            #[serde(default)]
            error: Option<String>,
            #[serde(default)]
            line: Option<usize>,
            #[serde(default)]
            column: Option<usize>,
            #[serde(default)]
            errors: Option<usize>,
            #[serde(default)]
            reason: Option<String>,
        }
        let slim: Slim<'_> = serde_json::from_slice(line).ok()?;
        if slim.v != FORMAT_VERSION {
            return None;
        }
        let time = DateTime::parse_from_rfc3339(&slim.time).ok()?.to_utc();
        let feed = slim.feed.unwrap_or_default();
        let event = match slim.kind.as_ref() {
            "feed_accepted" => {
                MarkEvent::Accepted { hash: slim.hash?, generated: slim.generated, feed, source: slim.source }
            }
            "feed_rejected" => MarkEvent::Rejected {
                feed,
                error: slim.error.unwrap_or_default(),
                line: slim.line,
                column: slim.column,
                errors: slim.errors.unwrap_or(1),
            },
            "feed_missing" => MarkEvent::Missing { feed, reason: slim.reason.unwrap_or_default() },
            "feed_stale" => MarkEvent::Stale,
            "feed_fresh" => MarkEvent::Fresh,
            _ => return None,
        };
        Some(Self { time, event })
    }

    /// The version's hash, for an accepted one.
    #[must_use]
    pub fn hash(&self) -> Option<&ContentHash> {
        match &self.event {
            MarkEvent::Accepted { hash, .. } => Some(hash),
            _ => None,
        }
    }
}

/// Marks in the journal's order (which is the order of time, within [`CLOCK_SLACK`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Timeline {
    pub marks: Vec<Mark>,
    /// How many versions came before the first mark (for `version n of m` on a part).
    pub versions_before: usize,
}

/// How the feed stood at one moment: the version in force, the one before it, and
/// what the journal recorded since it took effect.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StateAt<'a> {
    pub at: DateTime<Utc>,
    pub current: &'a Mark,
    pub previous: Option<&'a Mark>,
    /// Health marks after `current`, up to `at`, oldest first.
    pub since: Vec<&'a Mark>,
    /// 1 for the first version the timeline knows.
    pub number: usize,
}

impl Timeline {
    /// Every mark of the journal at `path` and its rotated files, oldest first.
    ///
    /// # Errors
    /// When a file of the journal cannot be read (a missing journal has no marks).
    pub fn load(path: &Path) -> Result<Self, Fault> {
        let finder = memchr::memmem::Finder::new(b"\"feed_");
        let mut marks = Vec::new();
        for file in files_oldest_first(path) {
            let bytes = match std::fs::read(&file) {
                Ok(bytes) => bytes,
                Err(error) if error.kind() == std::io::ErrorKind::NotFound => continue,
                Err(error) => return Err(Fault::Io { doing: "reading", error }),
            };
            // Only lines that mention a feed kind are parsed: a year of notes and
            // acknowledgements is stepped over at memory speed.
            let mut from = 0;
            while let Some(hit) = finder.find(&bytes[from..]).map(|i| from + i) {
                let start = memchr::memrchr(b'\n', &bytes[..hit]).map_or(0, |i| i + 1);
                // A last line without its newline is torn: not an entry.
                let Some(end) = memchr::memchr(b'\n', &bytes[hit..]).map(|i| hit + i) else { break };
                marks.extend(Mark::from_line(&bytes[start..end]));
                from = end + 1;
            }
        }
        Ok(Self { marks, versions_before: 0 })
    }

    /// The marks that tell how the feed stood at `at`: back from `at` to the version
    /// before the one in force. Bisects the journal's files by time, so it reads a few
    /// blocks whatever the journal's length (`versions_before` stays 0: counting the
    /// versions before would mean reading them).
    ///
    /// # Errors
    /// When a file of the journal cannot be read.
    pub fn around(path: &Path, at: DateTime<Utc>) -> Result<Self, Fault> {
        let limit = at.checked_add_signed(CLOCK_SLACK).unwrap_or(at);
        let mut newest_first = files_oldest_first(path);
        newest_first.reverse();
        let mut found = Vec::new();
        let mut accepted = 0;
        let mut started = false;
        for name in newest_first {
            let file = match File::open(&name) {
                Ok(file) => file,
                Err(error) if error.kind() == std::io::ErrorKind::NotFound => continue,
                Err(error) => return Err(Fault::Io { doing: "opening", error }),
            };
            let length = file.metadata().map_err(|error| Fault::Io { doing: "reading its size", error })?.len();
            let end = if started {
                length
            } else {
                match first_time(&file, length)? {
                    // Everything in this file is later: look in the older one.
                    Some(first) if first > limit => continue,
                    _ => {}
                }
                started = true;
                bisect(&file, length, limit)?
            };
            let flow = lines_back_from(
                &file,
                end,
                |line| {
                    let Some(mark) = Mark::from_line(line) else { return ControlFlow::Continue(()) };
                    if mark.time > at {
                        return ControlFlow::Continue(());
                    }
                    accepted += usize::from(mark.hash().is_some());
                    found.push(mark);
                    if accepted == 2 { ControlFlow::Break(()) } else { ControlFlow::Continue(()) }
                },
                |_| {},
            )?;
            if flow.is_break() {
                break;
            }
        }
        found.reverse();
        Ok(Self { marks: found, versions_before: 0 })
    }

    /// The indices of the marks that are versions, in order.
    #[must_use]
    pub fn versions(&self) -> Vec<usize> {
        self.marks.iter().enumerate().filter(|(_, m)| m.hash().is_some()).map(|(i, _)| i).collect()
    }

    /// How many versions the timeline knows (with those before its first mark).
    #[must_use]
    pub fn version_count(&self) -> usize {
        self.versions_before + self.marks.iter().filter(|m| m.hash().is_some()).count()
    }

    /// How the feed stood at `at`, if a version was in force then.
    #[must_use]
    pub fn state_at(&self, at: DateTime<Utc>) -> Option<StateAt<'_>> {
        // The latest version at or before `at`, in the journal's order.
        let current = self.marks.iter().rposition(|m| m.hash().is_some() && m.time <= at)?;
        let previous = self.marks[..current].iter().rposition(|m| m.hash().is_some()).map(|i| &self.marks[i]);
        let since = self.marks[current + 1..].iter().filter(|m| m.time <= at && m.hash().is_none()).collect();
        let number = self.versions_before + self.marks[..=current].iter().filter(|m| m.hash().is_some()).count();
        Some(StateAt { at, current: &self.marks[current], previous, since, number })
    }

    /// When each version was last in force, up to `now` for the one in force now (for
    /// retention).
    #[must_use]
    pub fn last_shown(&self, now: DateTime<Utc>) -> HashMap<ContentHash, DateTime<Utc>> {
        let versions = self.versions();
        let mut shown = HashMap::new();
        for (k, &i) in versions.iter().enumerate() {
            let until = versions.get(k + 1).map_or(now, |&next| self.marks[next].time);
            let Some(hash) = self.marks[i].hash() else { continue };
            let entry = shown.entry(hash.clone()).or_insert(until);
            *entry = (*entry).max(until);
        }
        shown
    }
}

/// The journal's files, oldest first: `journal.jsonl.N`, …, `.1`, `journal.jsonl`.
fn files_oldest_first(path: &Path) -> Vec<PathBuf> {
    let mut highest = 0;
    while rotated(path, highest + 1).exists() {
        highest += 1;
    }
    let mut files: Vec<PathBuf> = (1..=highest).rev().map(|n| rotated(path, n)).collect();
    files.push(path.to_path_buf());
    files
}

/// How much is read at a time while bisecting.
const BLOCK: u64 = 16 * 1024;

/// The start of the first whole line at or after `offset`, and that line (`None` at the
/// end of the file).
fn line_at(file: &File, length: u64, offset: u64) -> Result<Option<(u64, Vec<u8>)>, Fault> {
    let read = |at: u64| -> Result<Vec<u8>, Fault> {
        let size = usize::try_from(BLOCK.min(length.saturating_sub(at))).unwrap_or(0);
        let mut block = vec![0u8; size];
        file.read_exact_at(&mut block, at).map_err(|error| Fault::Io { doing: "reading", error })?;
        Ok(block)
    };
    // The line start: `offset` itself when a newline precedes it, else after the next.
    let mut start = offset;
    if offset > 0 {
        let mut at = offset - 1;
        loop {
            if at >= length {
                return Ok(None);
            }
            let block = read(at)?;
            if let Some(i) = memchr::memchr(b'\n', &block) {
                start = at + i as u64 + 1;
                break;
            }
            at += block.len() as u64;
        }
    }
    let mut line = Vec::new();
    let mut at = start;
    while at < length {
        let block = read(at)?;
        if let Some(i) = memchr::memchr(b'\n', &block) {
            line.extend_from_slice(&block[..i]);
            return Ok(Some((start, line)));
        }
        line.extend_from_slice(&block);
        at += block.len() as u64;
    }
    // A torn last line is no line.
    Ok(None)
}

/// The time of an entry's line, without reading the rest of it.
fn time_of(line: &[u8]) -> Option<DateTime<Utc>> {
    #[derive(Deserialize)]
    struct Time<'a> {
        #[serde(borrow)]
        time: Cow<'a, str>,
    }
    let time: Time<'_> = serde_json::from_slice(line).ok()?;
    DateTime::parse_from_rfc3339(&time.time).ok().map(|t| t.to_utc())
}

/// The time of the file's first readable entry.
fn first_time(file: &File, length: u64) -> Result<Option<DateTime<Utc>>, Fault> {
    let mut offset = 0;
    while let Some((start, line)) = line_at(file, length, offset)? {
        if let Some(time) = time_of(&line) {
            return Ok(Some(time));
        }
        offset = start + line.len() as u64 + 1;
    }
    Ok(None)
}

/// A line start from which reading back finds every entry up to `limit`: past it, every
/// entry is later than `limit` (entries are in time order within the clock slack).
fn bisect(file: &File, length: u64, limit: DateTime<Utc>) -> Result<u64, Fault> {
    let (mut low, mut high) = (0, length);
    while high - low > BLOCK {
        let middle = low + (high - low) / 2;
        match line_at(file, length, middle)? {
            Some((start, line)) if start < high => match time_of(&line) {
                Some(time) if time > limit => high = middle,
                // Not later (or unreadable): the answer lies beyond it.
                _ => low = middle,
            },
            // No line starts between `middle` and `high`.
            _ => high = middle,
        }
    }
    Ok(line_at(file, length, high)?.map_or(length, |(start, _)| start))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(time: &str, kind: &str, extra: &str) -> String {
        format!(r#"{{"v":1,"time":"{time}","operator":"a","host":"h","kind":"{kind}"{extra}}}"#)
    }

    fn accepted(time: &str, n: u8) -> String {
        let hash = ContentHash::of(&[n]).0;
        line(
            time,
            "feed_accepted",
            &format!(
                r#","feed":"f.toml","hash":"{hash}","generated":"{time}","level":{{"scale":"nctv","name":"x","rank":1,"of":5}},"measures":0,"incidents":0"#
            ),
        )
    }

    #[test]
    fn around_finds_the_same_state_as_reading_it_all() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("journal.jsonl");
        let mut text = String::new();
        let start = DateTime::parse_from_rfc3339("2026-01-01T00:00:00Z").unwrap().to_utc();
        for i in 0..3000u32 {
            let t = (start + chrono::TimeDelta::minutes(i64::from(i) * 7)).to_rfc3339();
            let entry = match i % 5 {
                0 => accepted(&t, u8::try_from(i % 251).unwrap()),
                1 => line(&t, "note", r#","text":"a note that is long enough to matter for the blocks""#),
                2 => line(&t, "feed_rejected", r#","feed":"f.toml","error":"f.toml:1:1: error: x","errors":2"#),
                3 => line(&t, "feed_fresh", r#","feed":"f.toml""#),
                _ => line(&t, "ack", ""),
            };
            text.push_str(&entry);
            text.push('\n');
        }
        std::fs::write(&path, &text).unwrap();
        let all = Timeline::load(&path).unwrap();
        for minutes in [0, 1, 6, 7, 8, 14, 700, 9_999, 20_990, 20_993, 21_000, 25_000] {
            let at = start + chrono::TimeDelta::minutes(minutes);
            let part = Timeline::around(&path, at).unwrap();
            let (whole, near) = (all.state_at(at), part.state_at(at));
            assert_eq!(whole.as_ref().map(|s| s.current), near.as_ref().map(|s| s.current), "{minutes}");
            assert_eq!(whole.as_ref().map(|s| s.previous), near.as_ref().map(|s| s.previous), "{minutes}");
            assert_eq!(whole.as_ref().map(|s| s.since.clone()), near.map(|s| s.since), "{minutes}");
        }
        assert!(all.state_at(start - chrono::TimeDelta::minutes(1)).is_none());
        assert_eq!(all.version_count(), 600);
    }
}
