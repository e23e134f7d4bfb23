//! The journal's entries, format version 1 (`docs/journal.md`): one JSON object a line,
//! each with its version, time (UTC), kind, operator and host.

use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use sha2::{Digest, Sha256};

use crate::feed::diff::{FeedDiff, LevelChange, LevelName};
use crate::feed::{FeedDuration, Timestamp};

/// The entry format this sitrep writes and reads.
pub const FORMAT_VERSION: u32 = 1;

/// The identity of one feed version: the SHA-256 of the file exactly as read, written
/// `sha256:<hex>` (so `sha256sum feed.toml` checks it).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ContentHash(pub String);

impl ContentHash {
    /// The hash of a feed file's bytes.
    #[must_use]
    pub fn of(bytes: &[u8]) -> Self {
        let digest = Sha256::digest(bytes);
        let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
        Self(format!("sha256:{hex}"))
    }

    /// The first 12 hex digits, for people.
    #[must_use]
    pub fn short(&self) -> &str {
        let hex = self.0.strip_prefix("sha256:").unwrap_or(&self.0);
        hex.get(..12).unwrap_or(hex)
    }
}

/// One line of the journal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// The entry format version ([`FORMAT_VERSION`]).
    pub v: u32,
    /// When it was written, UTC, RFC 3339 with milliseconds.
    #[serde(serialize_with = "utc_millis", deserialize_with = "utc")]
    pub time: DateTime<Utc>,
    /// Who: `SUDO_USER`, else the login name of the process's user.
    pub operator: String,
    /// The login name of the process's user, where it differs from `operator` (sudo).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub login: Option<String>,
    /// `$USER`, where it differs from `operator` (anyone can set it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<String>,
    pub host: String,
    #[serde(flatten)]
    pub event: Event,
}

/// What an entry records; `kind` names it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Event {
    SessionStart(Session),
    SessionStop(Session),
    FeedAccepted(Box<AcceptedVersion>),
    FeedRejected(RejectedVersion),
    FeedMissing {
        feed: String,
        reason: String,
    },
    /// No new version for longer than the staleness limit.
    FeedStale {
        feed: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        hash: Option<ContentHash>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        generated: Option<Timestamp>,
        stale_after: FeedDuration,
    },
    /// The feed is good again without a new version (after a rejected or missing episode
    /// the same version was read again, or a stale one counts as fresh again).
    FeedFresh {
        feed: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        hash: Option<ContentHash>,
    },
    /// The feed's `exercise` flag turned on or off with this version.
    Exercise {
        on: bool,
        hash: ContentHash,
    },
    Ack(Acknowledged),
    Note {
        text: String,
    },
}

impl Event {
    /// The kind as written in the journal.
    #[must_use]
    pub fn kind(&self) -> &'static str {
        match self {
            Self::SessionStart(_) => "session_start",
            Self::SessionStop(_) => "session_stop",
            Self::FeedAccepted(_) => "feed_accepted",
            Self::FeedRejected(_) => "feed_rejected",
            Self::FeedMissing { .. } => "feed_missing",
            Self::FeedStale { .. } => "feed_stale",
            Self::FeedFresh { .. } => "feed_fresh",
            Self::Exercise { .. } => "exercise",
            Self::Ack(_) => "ack",
            Self::Note { .. } => "note",
        }
    }

    /// Whether this entry says how reading the feed went: accepted, fresh, rejected, missing.
    #[must_use]
    pub fn is_read_state(&self) -> bool {
        matches!(
            self,
            Self::FeedAccepted(_) | Self::FeedFresh { .. } | Self::FeedRejected(_) | Self::FeedMissing { .. }
        )
    }

    /// Whether this entry says how old the feed is: accepted (a new version), fresh, stale.
    #[must_use]
    pub fn is_age_state(&self) -> bool {
        matches!(self, Self::FeedAccepted(_) | Self::FeedFresh { .. } | Self::FeedStale { .. })
    }
}

/// Where a session ran.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    pub pid: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tty: Option<String>,
    /// The SSH client's address, when the session came in over SSH.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ssh_client: Option<String>,
    /// The feed the session shows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub feed: Option<String>,
}

/// A feed version that was accepted, and what changed against the previous one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AcceptedVersion {
    /// The feed's path (or the demo's name).
    pub feed: String,
    pub hash: ContentHash,
    /// The version `diff` is against; absent for the first version the journal knows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous: Option<ContentHash>,
    pub generated: Timestamp,
    /// The feed's producer (`source`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub exercise: bool,
    /// The national level in this version, with its `since` and `assessed`.
    pub level: LevelName,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assessed: Option<Timestamp>,
    pub measures: usize,
    pub incidents: usize,
    /// What changed against `previous`; absent when there is no previous version.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub diff: Option<FeedDiff>,
}

/// A feed file that was refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RejectedVersion {
    pub feed: String,
    /// The first error, as `sitrep check` prints it (`FILE:LINE:COLUMN: error: ...`).
    pub error: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
    /// How many errors in all.
    pub errors: usize,
}

/// What an operator acknowledged: the changes the screen marked, up to a version.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Acknowledged {
    /// The latest version the operator saw.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub through: Option<ContentHash>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<LevelChange>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub measures: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub incidents: Vec<String>,
}

fn utc_millis<S: Serializer>(time: &DateTime<Utc>, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&time.to_rfc3339_opts(SecondsFormat::Millis, true))
}

fn utc<'de, D: Deserializer<'de>>(deserializer: D) -> Result<DateTime<Utc>, D::Error> {
    let text = std::borrow::Cow::<'de, str>::deserialize(deserializer)?;
    DateTime::parse_from_rfc3339(&text).map(|t| t.to_utc()).map_err(serde::de::Error::custom)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entry_is_one_flat_json_object() {
        let entry = Entry {
            v: FORMAT_VERSION,
            time: DateTime::parse_from_rfc3339("2026-11-28T06:00:00Z").unwrap().to_utc(),
            operator: "alice".into(),
            login: None,
            user: Some("mallory".into()),
            host: "ops1".into(),
            event: Event::Note { text: "Handed the radio to Bob".into() },
        };
        let text = serde_json::to_string(&entry).unwrap();
        assert_eq!(
            text,
            r#"{"v":1,"time":"2026-11-28T06:00:00.000Z","operator":"alice","user":"mallory","host":"ops1","kind":"note","text":"Handed the radio to Bob"}"#
        );
        assert_eq!(serde_json::from_str::<Entry>(&text).unwrap(), entry);
    }

    #[test]
    fn hashes_are_sha256_of_the_bytes() {
        let hash = ContentHash::of(b"abc");
        assert_eq!(hash.0, "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assert_eq!(hash.short(), "ba7816bf8f01");
    }
}
