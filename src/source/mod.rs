//! Where pictures come from: reading the feed (the built-in demo, a file or a NATS key)
//! into a [`FeedEvent`]. The live file watcher builds on [`read`]; a NATS key is followed
//! by [`nats::follow`].

use std::path::Path;

pub mod location;
pub mod merge;
pub mod nats;
pub mod run;
pub mod watch;

use chrono::{DateTime, Utc};

use crate::app::FeedEvent;
use crate::app::model::FeedOrigin;
use crate::feed::{DEMO_FEED, DecodeOptions, Format, Rejected, decode, read_file};

/// What reading a feed needs besides its origin.
#[derive(Debug, Clone)]
pub struct ReadOptions {
    pub decode: DecodeOptions,
    pub format: Option<Format>,
}

/// Reads the feed once. `now` is when (by the model's clock) it is read.
#[must_use]
pub fn read(origin: &FeedOrigin, options: &ReadOptions, now: DateTime<Utc>) -> FeedEvent {
    let decode_options = DecodeOptions { now, ..options.decode.clone() };
    let result = match origin {
        FeedOrigin::Demo => decode(DEMO_FEED.as_bytes(), Format::Toml, &decode_options),
        FeedOrigin::File(path) => {
            if let Some(reason) = missing(path) {
                return FeedEvent::Missing { reason, at: now };
            }
            read_file(path, options.format, &decode_options)
        }
        FeedOrigin::Nats(source) => {
            return nats::read_once(source, options, now, std::time::Duration::from_secs(10));
        }
    };
    outcome(result, now)
}

/// What a decode at `now` tells the dashboard.
#[must_use]
pub fn outcome(result: Result<crate::feed::Accepted, Rejected>, now: DateTime<Utc>) -> FeedEvent {
    match result {
        Ok(accepted) => FeedEvent::Loaded { feed: Box::new(accepted.feed), warnings: accepted.warnings, at: now },
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
