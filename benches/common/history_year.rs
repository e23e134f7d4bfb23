//! A year of history: 20 000 versions of a demo-sized feed (one every 26 minutes), each
//! kept in the store and recorded in a journal among 430 000 other entries (sessions,
//! acknowledgements, notes, a rejected episode now and then), rotated at 64 MiB. Shared
//! by the history benchmark and `examples/history_year.rs`.

#![allow(dead_code)] // each user takes a different part

use std::path::Path;

use chrono::{DateTime, TimeDelta, Utc};
use sitrep::feed::diff::{FeedDiff, IncidentDiff, ItemChange, LevelName};
use sitrep::feed::{DEMO_FEED, Format, Severity, Timestamp};
use sitrep::history::Store;
use sitrep::journal::{AcceptedVersion, Acknowledged, ContentHash, Entry, Event, RejectedVersion};

pub const VERSIONS: usize = 20_000;
/// Other entries between two versions.
pub const BETWEEN: usize = 21;
const OPERATORS: [&str; 6] = ["alice", "bob", "carol", "dave", "erin", "frank"];
const FEED: &str = "/var/lib/sitrep/feed.toml";

/// When the year ends: the benchmark's "now".
pub fn end() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-28T12:00:00Z").map(|t| t.to_utc()).unwrap_or_default()
}

/// The time between two versions.
pub fn step() -> TimeDelta {
    TimeDelta::seconds(365 * 86_400 / VERSIONS as i64)
}

/// When version `k` took effect.
pub fn version_time(k: usize) -> DateTime<Utc> {
    end() - step() * i32::try_from(VERSIONS - k).unwrap_or(i32::MAX)
}

/// Version `k`: the demo feed, `generated` at its time, with the ten latest reports.
pub fn version(k: usize) -> String {
    let at = version_time(k).fixed_offset();
    let mut text = DEMO_FEED.replacen(
        "generated = 2015-11-17T18:00:00+01:00",
        &format!("generated = {}", at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)),
        1,
    );
    for n in k.saturating_sub(9)..=k {
        text.push_str(&format!(
            "\n[[incidents]]\nid = \"melding-{n}\"\ntime = {}\ntitle = \"Melding {n}: verdacht pakketje bij de hoofdingang\"\nlocation = \"Amsterdam Centraal\"\nseverity = \"minor\"\nsource = \"Meldkamer Amsterdam\"\n",
            version_time(n).fixed_offset().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
        ));
    }
    text
}

fn level() -> LevelName {
    LevelName { scale: "nctv".into(), name: "substantieel".into(), rank: 4, of: 5 }
}

fn accepted(k: usize, hash: ContentHash, previous: Option<ContentHash>) -> Event {
    let stamp = Timestamp::instant(version_time(k).fixed_offset());
    let diff = FeedDiff {
        incidents: vec![IncidentDiff {
            change: ItemChange::Added,
            id: format!("melding-{k}"),
            title: format!("Melding {k}: verdacht pakketje bij de hoofdingang"),
            location: Some("Amsterdam Centraal".into()),
            severity: Severity::Minor,
            previous_severity: None,
            time: stamp,
            fields: vec![],
        }],
        ..FeedDiff::default()
    };
    Event::FeedAccepted(Box::new(AcceptedVersion {
        feed: FEED.into(),
        hash,
        diff: previous.is_some().then_some(diff),
        previous,
        generated: stamp,
        source: Some("NCTV / Nationaal Crisiscentrum (demo, naar Kamerstuk 29 754, nr. 327)".into()),
        title: Some("Aanslagen Parijs, 13 november 2015".into()),
        exercise: false,
        level: level(),
        since: None,
        assessed: None,
        measures: 12,
        incidents: 25,
    }))
}

/// Entry `n` between versions `k` and `k + 1`.
fn other(k: usize, n: usize, hash: &ContentHash) -> Event {
    match n {
        0 if k % 50 == 7 => Event::FeedRejected(RejectedVersion {
            feed: FEED.into(),
            error: format!("{FEED}:5:1: error: unknown field `lvel`"),
            line: Some(5),
            column: Some(1),
            errors: 1,
        }),
        1 if k % 50 == 7 => Event::FeedFresh { feed: FEED.into(), hash: Some(hash.clone()) },
        n if n % 3 == 0 => Event::Ack(Acknowledged { through: Some(hash.clone()), ..Acknowledged::default() }),
        _ => Event::Note {
            text: format!(
                "Gebeld met de dienstdoende officier van de KMar over maatregel m{}; geen wijziging verwacht",
                k % 97
            ),
        },
    }
}

/// Writes the year: the journal at `journal` (rotated at `max_bytes`) and the store in
/// `history`. Returns the number of journal files.
pub fn write(journal: &Path, history: &Path, max_bytes: u64) -> std::io::Result<usize> {
    let store = Store::open(history, 1 << 26, true).map_err(std::io::Error::other)?;
    let texts: Vec<String> = (0..VERSIONS).map(version).collect();
    let at: Vec<DateTime<Utc>> = (0..VERSIONS).map(version_time).collect();
    store
        .keep_all(texts.iter().zip(&at).map(|(text, at)| (text.as_bytes(), Format::Toml, *at)))
        .map_err(std::io::Error::other)?;
    let mut previous = None;
    let entries = texts.iter().enumerate().flat_map(|(k, text)| {
        let hash = ContentHash::of(text.as_bytes());
        let mut events = vec![(version_time(k), accepted(k, hash.clone(), previous.replace(hash.clone())))];
        let gap = step() / i32::try_from(BETWEEN + 1).unwrap_or(1);
        for n in 0..BETWEEN {
            events.push((version_time(k) + gap * i32::try_from(n + 1).unwrap_or(0), other(k, n, &hash)));
        }
        events.into_iter().enumerate().map(move |(n, (time, event))| {
            let operator = OPERATORS[(k / 18 + n) % OPERATORS.len()];
            Entry { v: 1, time, operator: operator.into(), login: None, user: None, host: "ops1".into(), event }
        })
    });
    super::journal_year::write_entries(journal, entries, max_bytes)
}
