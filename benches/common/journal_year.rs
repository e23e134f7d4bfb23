//! A year of a busy crisis center's journal: 50 entries an hour for 375 days
//! (450 000 entries), rotated at 64 MiB like the real one. Shared by the journal
//! benchmark and `examples/journal_year.rs`.

#![allow(dead_code)] // each user takes a different part

use std::io::Write;
use std::path::Path;

use chrono::{DateTime, TimeDelta, Utc};
use sitrep::feed::diff::{FeedDiff, IncidentDiff, ItemChange, LevelName, MeasureDiff, MeasureField};
use sitrep::feed::{Category, MeasureStatus, Severity, Timestamp};
use sitrep::journal::{AcceptedVersion, Acknowledged, ContentHash, Entry, Event, RejectedVersion, Session};

pub const ENTRIES: usize = 450_000;
pub const PER_HOUR: usize = 50;
const OPERATORS: [&str; 6] = ["alice", "bob", "carol", "dave", "erin", "frank"];

/// When the generated year ends: the benchmarks' "now".
pub fn end() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-28T12:00:00Z").map(|t| t.to_utc()).unwrap_or_default()
}

fn level(rank: u8) -> LevelName {
    let names = ["minimaal", "beperkt", "aanzienlijk", "substantieel", "kritiek"];
    LevelName { scale: "nctv".into(), name: names[usize::from(rank - 1)].into(), rank, of: 5 }
}

/// Entry `n` of the year (0 is the oldest), at `time`.
fn entry(n: usize, time: DateTime<Utc>) -> Entry {
    let slot = n % PER_HOUR;
    let operator = OPERATORS[(n / (PER_HOUR * 8)) % OPERATORS.len()];
    let stamp = Timestamp::instant(time.fixed_offset());
    let hash = ContentHash::of(&n.to_le_bytes());
    let event = match slot {
        0 | 25 => Event::SessionStart(Session {
            pid: 4242,
            tty: Some("/dev/pts/3".into()),
            ssh_client: Some("192.0.2.7".into()),
            feed: Some("/var/lib/sitrep/feed.toml".into()),
        }),
        1 | 26 => Event::SessionStop(Session {
            pid: 4242,
            tty: Some("/dev/pts/3".into()),
            ssh_client: Some("192.0.2.7".into()),
            feed: Some("/var/lib/sitrep/feed.toml".into()),
        }),
        2..=7 => Event::Ack(Acknowledged { through: Some(hash), ..Acknowledged::default() }),
        8..=13 => Event::Note {
            text: format!(
                "Called the duty officer of the KMar about measure m{}; no change expected before the review",
                n % 97
            ),
        },
        14 => Event::FeedRejected(RejectedVersion {
            feed: "/var/lib/sitrep/feed.toml".into(),
            error: "/var/lib/sitrep/feed.toml:5:1: error: unknown field `lvel`".into(),
            line: Some(5),
            column: Some(1),
            errors: 1,
        }),
        15 => Event::FeedFresh { feed: "/var/lib/sitrep/feed.toml".into(), hash: Some(hash) },
        _ => {
            let rank = if slot == 40 && n.is_multiple_of(7) { 5 } else { 4 };
            let diff = FeedDiff {
                level: (slot == 40 && n.is_multiple_of(7))
                    .then(|| sitrep::feed::diff::LevelChange { from: level(4), to: level(5) }),
                measures: vec![MeasureDiff {
                    change: ItemChange::Changed,
                    id: format!("m{}", n % 97),
                    location: "Utrecht Centraal".into(),
                    category: Category::Station,
                    description: "Extra patrols by the Politie and the KMar".into(),
                    status: MeasureStatus::Intensified,
                    previous_status: Some(MeasureStatus::Active),
                    covert: false,
                    fields: vec![MeasureField::Status, MeasureField::Review],
                }],
                incidents: vec![IncidentDiff {
                    change: ItemChange::Added,
                    id: format!("i{n}"),
                    title: "Suspicious package reported near the main entrance".into(),
                    location: Some("Amsterdam Centraal".into()),
                    severity: if n.is_multiple_of(11) { Severity::Major } else { Severity::Minor },
                    previous_severity: None,
                    time: stamp,
                    fields: vec![],
                }],
                ..FeedDiff::default()
            };
            Event::FeedAccepted(Box::new(AcceptedVersion {
                feed: "/var/lib/sitrep/feed.toml".into(),
                hash,
                previous: Some(ContentHash::of(&(n - 1).to_le_bytes())),
                generated: stamp,
                source: Some("NCTV / Nationaal Crisiscentrum".into()),
                title: Some("Dreigingsbeeld".into()),
                exercise: false,
                level: level(rank),
                since: Some(stamp),
                assessed: Some(stamp),
                measures: 97,
                incidents: 250,
                diff: Some(diff),
            }))
        }
    };
    Entry { v: 1, time, operator: operator.into(), login: None, user: None, host: "ops1".into(), event }
}

/// Writes the year into `path` (and `path.1`, `.2`, ... past `max_bytes`), oldest
/// entries in the highest-numbered file. Returns the number of files.
pub fn write(path: &Path, entries: usize, max_bytes: u64) -> std::io::Result<usize> {
    let step = TimeDelta::seconds(3600 / PER_HOUR as i64);
    let start = end() - step * i32::try_from(entries).unwrap_or(i32::MAX);
    write_entries(path, (0..entries).map(|n| entry(n, start + step * i32::try_from(n).unwrap_or(i32::MAX))), max_bytes)
}

/// Writes `entries`, oldest first, into `path` (and `path.1`, `.2`, ... past
/// `max_bytes`), as rotation leaves them. Returns the number of files.
pub fn write_entries(path: &Path, entries: impl Iterator<Item = Entry>, max_bytes: u64) -> std::io::Result<usize> {
    // Files are written oldest first under temporary names, then named newest = 0.
    let mut chunks: Vec<std::path::PathBuf> = Vec::new();
    let mut current: Option<(std::io::BufWriter<std::fs::File>, u64)> = None;
    for entry in entries {
        let mut line = serde_json::to_vec(&entry)?;
        line.push(b'\n');
        if current.as_ref().is_none_or(|(_, size)| size + line.len() as u64 > max_bytes) {
            if let Some((mut writer, _)) = current.take() {
                writer.flush()?;
            }
            let chunk = path.with_extension(format!("chunk{}", chunks.len()));
            current = Some((std::io::BufWriter::new(std::fs::File::create(&chunk)?), 0));
            chunks.push(chunk);
        }
        if let Some((writer, size)) = current.as_mut() {
            writer.write_all(&line)?;
            *size += line.len() as u64;
        }
    }
    if let Some((mut writer, _)) = current.take() {
        writer.flush()?;
    }
    let count = chunks.len();
    for (age, chunk) in chunks.iter().rev().enumerate() {
        let name = if age == 0 { path.to_path_buf() } else { sitrep::journal::file::rotated(path, age) };
        std::fs::rename(chunk, name)?;
    }
    Ok(count)
}
