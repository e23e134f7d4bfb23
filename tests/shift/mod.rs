//! Helpers of the journal and handover tests: feed versions from text, journals with a
//! fixed operator and host, and the entries a journal holds.

#![allow(dead_code)] // each test crate uses a different part of this module

use std::path::Path;

use chrono::{DateTime, Utc};
use sitrep::feed::{DecodeOptions, Feed, Format, decode};
use sitrep::journal::{Entry, FeedVersion, Identity, Journal, JournalOptions, read_since};

pub fn time(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text).unwrap().to_utc()
}

/// A feed of the scripted shift: `level` nationally, the given extra TOML appended.
pub fn feed_text(generated: &str, level: &str, extra: &str) -> String {
    format!(
        r#"version = 1
generated = {generated}
source = "NCTV / Nationaal Crisiscentrum"
title = "Scripted shift"

[threat]
level = "{level}"
since = 2015-11-13T00:00:00+01:00
assessed = 2015-11-18T06:00:00+01:00

[[measures]]
id = "schiphol"
location = "Schiphol"
category = "airport"
description = "Extra KMar patrols"
agency = "KMar"
status = "active"
since = 2015-11-14T06:00:00+01:00
review = 2015-11-18T08:00:00+01:00

[[measures]]
id = "tk"
location = "Tweede Kamer"
category = "government"
description = "Observation"
status = "active"
visibility = "covert"
review = 2015-11-18T20:00:00+01:00

[[incidents]]
id = "parijs"
time = 2015-11-13T21:20:00+01:00
title = "Attacks in Paris"
location = "Paris, FR"
severity = "critical"
{extra}"#
    )
}

pub fn feed(text: &str) -> Feed {
    decode(text.as_bytes(), Format::Toml, &DecodeOptions::default()).unwrap().feed
}

pub fn options(operator: &str) -> JournalOptions {
    JournalOptions {
        max_bytes: 64 * 1024 * 1024,
        identity: Identity::fixed(operator, "ops1"),
        decode: DecodeOptions::default(),
        create_folder: false,
    }
}

pub fn open(path: &Path, operator: &str) -> Journal {
    Journal::open(path, options(operator)).unwrap()
}

/// Records `text` as a feed version read at `at`.
pub fn accept(journal: &Journal, at: &str, text: &str) -> sitrep::journal::Recorded {
    let parsed = feed(text);
    journal
        .record_feed_accepted(
            time(at),
            FeedVersion { feed: &parsed, bytes: text.as_bytes(), format: Format::Toml, origin: "/srv/feed.toml" },
        )
        .unwrap()
}

/// Every entry, oldest first.
pub fn entries(path: &Path) -> Vec<Entry> {
    let (mut entries, skipped) = read_since(path, DateTime::<Utc>::MIN_UTC).unwrap();
    assert!(skipped.is_empty(), "{skipped:?}");
    entries.reverse();
    entries
}

pub fn kinds(path: &Path) -> Vec<&'static str> {
    entries(path).iter().map(|e| e.event.kind()).collect()
}
