//! The kept revisions of a NATS key (a bucket keeps up to 64 per key, JetStream's limit):
//! what time travel reads. Listing gives each revision's number, time and kind; reading
//! one gives its value, decoded as the live source decodes it.

use async_nats::jetstream::kv;
use chrono::{DateTime, Utc};
use futures_util::StreamExt;

use crate::app::FeedEvent;
use crate::source::ReadOptions;
use crate::source::nats::decode_value;

/// The most revisions a bucket keeps per key.
pub const MAX_HISTORY: i64 = 64;

/// One kept revision of a key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Revision {
    /// The bucket's sequence number: increasing, unique within the bucket.
    pub revision: u64,
    /// When the server stored it.
    pub stored: DateTime<Utc>,
    /// `false` for a delete or purge marker (no feed then).
    pub is_value: bool,
    pub value: bytes::Bytes,
}

impl Revision {
    /// The revision decoded and validated as the live source would (`now` judges
    /// clock-dependent warnings).
    #[must_use]
    pub fn decode(&self, options: &ReadOptions, now: DateTime<Utc>) -> Option<FeedEvent> {
        self.is_value.then(|| decode_value(&self.value, options, now))
    }
}

fn revision(entry: kv::Entry) -> Revision {
    let stored = DateTime::from_timestamp(entry.created.unix_timestamp(), entry.created.nanosecond())
        .unwrap_or(DateTime::UNIX_EPOCH);
    Revision { revision: entry.revision, stored, is_value: entry.operation == kv::Operation::Put, value: entry.value }
}

/// Every kept revision of `key`, oldest first.
///
/// # Errors
/// The server does not answer or refuses.
pub async fn revisions(store: &kv::Store, key: &str) -> Result<Vec<Revision>, String> {
    let mut history = store.history(key).await.map_err(|e| super::reason(&e))?;
    let mut revisions = Vec::new();
    while let Some(entry) = history.next().await {
        revisions.push(revision(entry.map_err(|e| super::reason(&e))?));
    }
    Ok(revisions)
}

/// One revision of `key`, if the bucket still keeps it.
///
/// # Errors
/// The server does not answer or refuses.
pub async fn read_revision(store: &kv::Store, key: &str, number: u64) -> Result<Option<Revision>, String> {
    let entry = store.entry_for_revision(key, number).await.map_err(|e| super::reason(&e))?;
    Ok(entry.map(revision))
}
