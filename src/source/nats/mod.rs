//! The NATS JetStream key-value source: a feed document kept under one key of a bucket,
//! `nats://HOST:PORT/BUCKET/KEY`. Connecting and binding live here; following the key is
//! [`follow`], publishing to it is `crate::publish`, reading its kept revisions is
//! [`history`]. Nothing here runs unless a `nats://` source is configured.

pub mod address;
pub mod follow;
pub mod history;
pub mod settings;

use std::time::Duration;

use async_nats::jetstream::{self, kv};
use chrono::{DateTime, Utc};

pub use address::NatsAddress;
pub use follow::follow;
pub use settings::NatsSettings;

use crate::app::FeedEvent;
use crate::feed::{DecodeOptions, Format, Problem, Rejected, decode};
use crate::source::ReadOptions;

/// A NATS key and how to reach it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NatsSource {
    pub address: NatsAddress,
    pub settings: NatsSettings,
}

impl std::fmt::Display for NatsSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.address.fmt(f)
    }
}

/// How long one JetStream request may take before the server counts as unreachable.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(2);

/// Why a bucket could not be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BindError {
    /// The server (or, behind a leaf node, the hub's JetStream) does not answer.
    Unreachable(String),
    /// The server answers, but has no such bucket.
    NoBucket(String),
    /// Anything else the server refused (permissions, a stream that is no bucket).
    Refused(String),
}

impl std::fmt::Display for BindError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Unreachable(reason) | Self::NoBucket(reason) | Self::Refused(reason) => f.write_str(reason),
        }
    }
}

/// Connects once (the client then reconnects by itself, with backoff, for as long as it
/// lives). `events` hears of every connection change.
///
/// # Errors
/// A credentials file that cannot be read, or a server that does not answer.
pub async fn connect(
    source: &NatsSource,
    name: &str,
    events: Option<tokio::sync::mpsc::UnboundedSender<async_nats::Event>>,
) -> Result<async_nats::Client, String> {
    let mut options = source.settings.connect_options(name).await?;
    if let Some(events) = events {
        options = options.event_callback(move |event| {
            let events = events.clone();
            async move {
                let _ = events.send(event);
            }
        });
    }
    options.connect(source.address.server()).await.map_err(|e| format!("{}: {}", source.address.server(), reason(&e)))
}

/// The JetStream context every request of sitrep goes through: the local server's, or
/// that of `domain` (a hub reached through a leaf node).
#[must_use]
pub fn jetstream(client: async_nats::Client, domain: Option<&str>) -> jetstream::Context {
    let mut context = match domain {
        Some(domain) => jetstream::with_domain(client, domain),
        None => jetstream::new(client),
    };
    context.set_timeout(REQUEST_TIMEOUT);
    context
}

/// Binds to an existing bucket: asks for its stream's description only, so a reader
/// needs no right to create or change anything.
///
/// # Errors
/// The bucket is missing, the server does not answer, or refuses.
pub async fn bind(context: &jetstream::Context, address: &NatsAddress) -> Result<kv::Store, BindError> {
    use async_nats::jetstream::context::GetStreamErrorKind;
    let stream = format!("KV_{}", address.bucket);
    match context.get_stream(&stream).await {
        Ok(_) => {}
        Err(e) => {
            return Err(match e.kind() {
                GetStreamErrorKind::JetStream(js) if js.error_code() == jetstream::ErrorCode::STREAM_NOT_FOUND => {
                    BindError::NoBucket(format!(
                        "{address}: the server has no bucket `{}` (a publisher with the right creates it: \
                         sitrep publish --create-bucket)",
                        address.bucket
                    ))
                }
                GetStreamErrorKind::JetStream(js) => BindError::Refused(format!("{address}: {js}")),
                _ => BindError::Unreachable(format!("{address}: JetStream does not answer ({})", reason(&e))),
            });
        }
    }
    context.get_key_value(&address.bucket).await.map_err(|e| BindError::Refused(format!("{address}: {}", reason(&e))))
}

/// An error with its causes, on one line, cleaned for the screen.
pub fn reason(error: &(dyn std::error::Error + 'static)) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !text.contains(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    crate::feed::text::clean(&text, crate::feed::text::Lines::Single).into_owned()
}

/// The format of a value: the configured one, else by its first character (a JSON
/// document opens with `{`, which no TOML document can).
#[must_use]
pub fn value_format(bytes: &[u8], configured: Option<Format>) -> Format {
    configured.unwrap_or_else(|| {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        match bytes.iter().find(|b| !b.is_ascii_whitespace()) {
            Some(b'{') => Format::Json,
            _ => Format::Toml,
        }
    })
}

/// Decodes and validates a value exactly as a file is, size limit included.
#[must_use]
pub fn decode_value(bytes: &[u8], options: &ReadOptions, now: DateTime<Utc>) -> FeedEvent {
    let decode_options = DecodeOptions { now, ..options.decode.clone() };
    let size = bytes.len() as u64;
    let result = if size > decode_options.max_bytes {
        Err(Rejected {
            problems: vec![Problem::error(format!(
                "the value is {size} bytes, larger than the limit of {} bytes (max_feed_bytes in the config)",
                decode_options.max_bytes
            ))],
        })
    } else {
        decode(bytes, value_format(bytes, options.format), &decode_options)
    };
    crate::source::outcome(result, || crate::source::RawFeed::new(bytes, value_format(bytes, options.format)), now)
}

/// Reads the key's latest value once (for `snapshot`): at most `timeout` in all.
#[must_use]
pub fn read_once(source: &NatsSource, options: &ReadOptions, now: DateTime<Utc>, timeout: Duration) -> FeedEvent {
    let missing = |reason: String| FeedEvent::Missing { reason, at: now };
    let (source, options) = (source.clone(), options.clone());
    // A thread of its own: this may be called from inside a runtime or outside one.
    let worker = std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().map_err(|e| e.to_string())?;
        runtime.block_on(async {
            tokio::time::timeout(timeout, async {
                let client = connect(&source, "sitrep (once)", None).await?;
                let store = bind(&jetstream(client, source.settings.domain.as_deref()), &source.address)
                    .await
                    .map_err(|e| e.to_string())?;
                match store.entry(source.address.key.clone()).await.map_err(|e| reason(&e))? {
                    Some(entry) if entry.operation == kv::Operation::Put => {
                        Ok(decode_value(&entry.value, &options, now))
                    }
                    _ => Err(format!("{}: no value under the key", source.address)),
                }
            })
            .await
            .map_err(|_| format!("{}: no answer within {} s", source.address, timeout.as_secs()))?
        })
    });
    match worker.join() {
        Ok(Ok(event)) => event,
        Ok(Err(reason)) => missing(crate::feed::text::clean(&reason, crate::feed::text::Lines::Single).into_owned()),
        Err(_) => missing("internal error while reading the NATS key".to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_format_is_sniffed_unless_configured() {
        assert_eq!(value_format(b"  \n{\"format\": 1}", None), Format::Json);
        assert_eq!(value_format(b"\xEF\xBB\xBF{}", None), Format::Json);
        assert_eq!(value_format(b"format = 1\n", None), Format::Toml);
        assert_eq!(value_format(b"", None), Format::Toml);
        assert_eq!(value_format(b"{}", Some(Format::Toml)), Format::Toml);
    }

    #[test]
    fn a_value_over_the_limit_is_rejected_unread() {
        let mut options = ReadOptions { decode: DecodeOptions::default(), format: None };
        options.decode.max_bytes = 10;
        let event = decode_value(b"format = 1\ngenerated = 2\n", &options, Utc::now());
        let FeedEvent::Rejected { problems, .. } = event else { panic!("{event:?}") };
        assert!(problems[0].message.contains("larger than the limit of 10 bytes"), "{problems:?}");
    }
}
