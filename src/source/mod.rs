//! Where pictures come from: reading the feed (the built-in demo, a file or a NATS key)
//! into a [`FeedEvent`]. The live file watcher builds on [`read`]; a NATS key is followed
//! by [`nats::follow`].

use std::path::Path;
use std::sync::Arc;

pub mod filesystem;
pub mod location;
pub mod merge;
pub mod nats;
pub mod news;
pub mod run;
pub mod watch;

use chrono::{DateTime, Utc};

use crate::app::FeedEvent;
use crate::app::model::FeedOrigin;
use crate::feed::decode::read_file_bytes;
use crate::feed::{DEMO_FEED, DecodeOptions, Format, Rejected, decode};

/// What reading a feed needs besides its origin.
#[derive(Debug, Clone)]
pub struct ReadOptions {
    pub decode: DecodeOptions,
    pub format: Option<Format>,
}

/// A feed version exactly as it was read: the journal knows a version by the SHA-256 of
/// these bytes, and keeps them to tell what the next version changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawFeed {
    pub bytes: Arc<[u8]>,
    pub format: Format,
    /// When it was read, by the wall clock (also when the screen's clock is pinned): a
    /// viewer that lags behind another must not record an older version as news.
    pub read_at: DateTime<Utc>,
}

impl RawFeed {
    /// `bytes` in `format`, read now.
    #[must_use]
    pub fn new(bytes: impl Into<Arc<[u8]>>, format: Format) -> Self {
        Self { bytes: bytes.into(), format, read_at: Utc::now() }
    }
}

/// Reads the feed once. `now` is when (by the model's clock) it is read.
#[must_use]
pub fn read(origin: &FeedOrigin, options: &ReadOptions, now: DateTime<Utc>) -> FeedEvent {
    let decode_options = DecodeOptions { now, ..options.decode.clone() };
    let (bytes, format): (Arc<[u8]>, Format) = match origin {
        FeedOrigin::Demo => (DEMO_FEED.as_bytes().into(), Format::Toml),
        FeedOrigin::File(path) => {
            if let Some(reason) = missing(path) {
                return FeedEvent::Missing { reason, at: now };
            }
            match read_file_bytes(path, options.format, decode_options.max_bytes) {
                Ok((bytes, format)) => (bytes.into(), format),
                Err(Rejected { problems }) => return FeedEvent::Rejected { problems, at: now },
            }
        }
        FeedOrigin::Nats(source) => {
            return nats::read_once(source, options, now, std::time::Duration::from_secs(10));
        }
    };
    let result = decode(&bytes, format, &decode_options);
    outcome(result, || RawFeed::new(bytes, format), now)
}

/// What a decode at `now` tells the dashboard; `raw` gives the bytes decoded (kept only
/// for a valid feed).
#[must_use]
pub fn outcome(
    result: Result<crate::feed::Accepted, Rejected>,
    raw: impl FnOnce() -> RawFeed,
    now: DateTime<Utc>,
) -> FeedEvent {
    match result {
        Ok(accepted) => {
            FeedEvent::Loaded { feed: Box::new(accepted.feed), warnings: accepted.warnings, at: now, raw: raw() }
        }
        Err(Rejected { problems }) => FeedEvent::Rejected { problems, at: now },
    }
}

/// Why the file is not there, if it is not (cleaned: a file name is untrusted text).
fn missing(path: &Path) -> Option<String> {
    let reason = match std::fs::metadata(path) {
        Ok(_) => return None,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => format!("{}: no such file", path.display()),
        Err(e) => format!("{}: {e}", path.display()),
    };
    Some(crate::feed::text::clean(&reason, crate::feed::text::Lines::Single).into_owned())
}
