//! `sitrep publish FEED --to nats://HOST:PORT/BUCKET/KEY [--follow]`: validates a feed
//! as `check` does, then puts it under a NATS key with compare-and-set on the key's
//! revision, so it never overwrites a newer value by accident.
//!
//! The rules:
//! - An invalid feed is reported (every problem, as `check` prints them) and not published.
//! - A value already under the key that is newer (a later `generated`) is never
//!   replaced: that is a conflict. A value equal to ours is left alone.
//! - The write names the revision it replaces (`create` when the key is empty); when
//!   another publisher wrote in between, the write fails. Once, that is a conflict (exit
//!   1). With `--follow` the key is read again and the write retried only when our feed
//!   is newer; else the conflict is reported and the next version of FEED awaited.
//! - A feed larger than the server's `max_payload` is refused, saying how to raise it.
//! - The bucket must exist, unless `--create-bucket` (history 64) is given.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use async_nats::jetstream::kv;
use bytes::Bytes;
use chrono::{DateTime, Utc};
use tokio::sync::mpsc;

use crate::app::{FeedEvent, Message};
use crate::check::FileReport;
use crate::feed::{DecodeOptions, Format, decode};
use crate::source::nats::history::MAX_HISTORY;
use crate::source::nats::{BindError, NatsAddress, NatsSource, bind, connect, jetstream, reason, value_format};

/// Room left in a message for the headers of a compare-and-set write.
const HEADER_ROOM: usize = 256;

/// What publishing one version came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Stored as this revision.
    Published(u64),
    /// The key already holds exactly this feed (its revision).
    Unchanged(u64),
    /// The key holds a newer value, or another publisher wrote first.
    Conflict(String),
    /// Larger than the server takes.
    TooLarge(String),
    /// The server did not answer or refused: worth trying again.
    Failed(String),
}

/// A valid version of the feed, ready to publish.
#[derive(Debug, Clone)]
pub struct Version {
    pub bytes: Bytes,
    pub generated: DateTime<Utc>,
}

/// Reads and validates FEED as `check` does: the version when valid, and the report.
#[must_use]
pub fn read_version(path: &Path, format: Option<Format>, options: &DecodeOptions) -> (Option<Version>, FileReport) {
    let name = path.display().to_string();
    let bytes = match crate::feed::decode::read_bounded(path, options.max_bytes) {
        Ok(bytes) => bytes,
        Err(problem) => {
            return (None, crate::check::report(name, Err(crate::feed::Rejected { problems: vec![problem] })));
        }
    };
    let format = format.or_else(|| Format::from_path(path)).unwrap_or_else(|| value_format(&bytes, None));
    let result = decode(&bytes, format, options);
    let generated = result.as_ref().ok().map(|a| a.feed.generated.0.to_utc());
    let report = crate::check::report(name, result);
    (generated.map(|generated| Version { bytes: Bytes::from(bytes), generated }), report)
}

/// A connection to one key, and the revision this publisher last wrote.
pub struct Publisher {
    address: NatsAddress,
    store: kv::Store,
    max_payload: usize,
    options: DecodeOptions,
    /// The revision this publisher wrote last (the one a follow-up write replaces), and
    /// what it wrote.
    last_written: Option<(u64, Bytes)>,
}

impl Publisher {
    /// Connects and binds to the bucket (creating it when asked).
    ///
    /// # Errors
    /// The server cannot be reached, or the bucket is missing and may not be created.
    pub async fn connect(source: &NatsSource, create_bucket: bool, options: DecodeOptions) -> Result<Self, String> {
        let client = connect(source, "sitrep publish", None).await?;
        let max_payload = client.server_info().max_payload;
        let context = jetstream(client, source.settings.domain.as_deref());
        let address = source.address.clone();
        let store = match bind(&context, &address).await {
            Ok(store) => store,
            Err(BindError::NoBucket(_)) if create_bucket => context
                .create_key_value(kv::Config {
                    bucket: address.bucket.clone(),
                    description: "sitrep feeds".to_owned(),
                    history: MAX_HISTORY,
                    storage: async_nats::jetstream::stream::StorageType::File,
                    ..Default::default()
                })
                .await
                .map_err(|e| format!("{address}: cannot create the bucket: {}", reason(&e)))?,
            Err(BindError::NoBucket(_)) => {
                return Err(format!(
                    "{address}: the server has no bucket `{}`; create it with --create-bucket (history {MAX_HISTORY}), \
                     or ask the hub's operator",
                    address.bucket
                ));
            }
            Err(e) => return Err(e.to_string()),
        };
        Ok(Self { address, store, max_payload, options, last_written: None })
    }

    /// The server's limit on one message, in bytes.
    #[must_use]
    pub fn max_payload(&self) -> usize {
        self.max_payload
    }

    /// Publishes one valid version. `retry_if_newer`: after a lost race, read the key
    /// again and write once more if ours is still the newer feed.
    pub async fn publish(&mut self, version: &Version, retry_if_newer: bool) -> Outcome {
        let limit = self.max_payload.saturating_sub(HEADER_ROOM);
        if version.bytes.len() > limit {
            return Outcome::TooLarge(too_large(version.bytes.len(), self.max_payload));
        }
        if let Some((revision, bytes)) = &self.last_written
            && *bytes == version.bytes
        {
            return Outcome::Unchanged(*revision);
        }
        let mut tries = if retry_if_newer { 3 } else { 1 };
        let mut expected = self.last_written.as_ref().map(|(revision, _)| *revision);
        loop {
            if expected.is_none() {
                match self.judge(version).await {
                    Ok(Judged::Replace(revision)) => expected = revision,
                    Ok(Judged::Done(outcome)) => return outcome,
                    Err(reason) => return Outcome::Failed(reason),
                }
            }
            let key = &self.address.key;
            let written = match expected {
                Some(0) | None => self.store.create(key, version.bytes.clone()).await.map_err(|e| {
                    let lost = e.kind() == kv::CreateErrorKind::AlreadyExists;
                    (lost, reason(&e))
                }),
                Some(revision) => self.store.update(key, version.bytes.clone(), revision).await.map_err(|e| {
                    let lost = e.kind() == kv::UpdateErrorKind::WrongLastRevision;
                    (lost, reason(&e))
                }),
            };
            match written {
                Ok(revision) => {
                    self.last_written = Some((revision, version.bytes.clone()));
                    return Outcome::Published(revision);
                }
                Err((true, _)) => {
                    tries -= 1;
                    if tries == 0 {
                        return Outcome::Conflict(format!(
                            "{}: another publisher wrote the key first (expected revision {}); not overwriting",
                            self.address,
                            expected.unwrap_or(0)
                        ));
                    }
                    // Read the key again and judge afresh.
                    self.last_written = None;
                    expected = None;
                }
                Err((false, reason)) => return Outcome::Failed(format!("{}: {reason}", self.address)),
            }
        }
    }

    /// Looks at what the key holds now: the revision to replace, or why not to write.
    async fn judge(&self, version: &Version) -> Result<Judged, String> {
        let entry = self
            .store
            .entry(self.address.key.clone())
            .await
            .map_err(|e| format!("{}: {}", self.address, reason(&e)))?;
        let Some(entry) = entry else { return Ok(Judged::Replace(None)) };
        if entry.operation != kv::Operation::Put {
            return Ok(Judged::Replace(Some(entry.revision)));
        }
        if entry.value == version.bytes {
            return Ok(Judged::Done(Outcome::Unchanged(entry.revision)));
        }
        let theirs = decode(&entry.value, value_format(&entry.value, None), &self.options)
            .ok()
            .map(|a| a.feed.generated.0.to_utc());
        match theirs {
            Some(theirs) if theirs > version.generated => Ok(Judged::Done(Outcome::Conflict(format!(
                "{}: the key holds a newer feed (generated {}, revision {}) than this one (generated {}); \
                 not overwriting",
                self.address,
                theirs.to_rfc3339(),
                entry.revision,
                version.generated.to_rfc3339()
            )))),
            // Older, as old, or no valid feed at all: ours replaces it.
            _ => Ok(Judged::Replace(Some(entry.revision))),
        }
    }
}

enum Judged {
    /// Write, replacing this revision (`None`: the key is empty).
    Replace(Option<u64>),
    Done(Outcome),
}

/// The message for a feed over the server's limit.
#[must_use]
pub fn too_large(size: usize, max_payload: usize) -> String {
    format!(
        "the feed is {size} bytes; the server takes at most {max_payload} bytes in one message (max_payload). \
         Make the feed smaller, or raise the limit in the configuration of every server on the way \
         (hub and leaf nodes), e.g. `max_payload: 8MB` (the most NATS advises; the default is 1MB)"
    )
}

/// How `sitrep publish` was asked to run.
#[derive(Debug, Clone)]
pub struct Request {
    pub feed: PathBuf,
    pub to: NatsSource,
    pub format: Option<Format>,
    pub follow: bool,
    pub create_bucket: bool,
}

/// Runs `sitrep publish`; the exit status: 0 published (or unchanged), 1 invalid,
/// refused or failed.
pub async fn run(request: Request, options: DecodeOptions, out: &mut impl Write) -> std::io::Result<ExitCode> {
    if !request.follow {
        let (version, report) = read_version(&request.feed, request.format, &options);
        let Some(version) = version else {
            crate::check::write_text(&[report], crate::config::Language::En, out)?;
            writeln!(out, "not published")?;
            return Ok(ExitCode::from(1));
        };
        let mut publisher = match Publisher::connect(&request.to, request.create_bucket, options).await {
            Ok(publisher) => publisher,
            Err(reason) => {
                writeln!(out, "error: {reason}")?;
                return Ok(ExitCode::from(1));
            }
        };
        let outcome = publisher.publish(&version, false).await;
        say(&request, &outcome, out)?;
        return Ok(if matches!(outcome, Outcome::Published(_) | Outcome::Unchanged(_)) {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(1)
        });
    }
    follow(request, options, out).await
}

/// `--follow`: publishes each new valid version of FEED until interrupted. A version
/// that cannot be sent (the server away) is sent when it can, unless a newer one
/// replaces it first.
async fn follow(request: Request, options: DecodeOptions, out: &mut impl Write) -> std::io::Result<ExitCode> {
    let (tx, mut rx) = mpsc::channel::<Message>(16);
    let (_reload, reloads) = mpsc::channel(1);
    let read = crate::source::ReadOptions { decode: options.clone(), format: request.format };
    let timing = crate::source::watch::Timing::default();
    tokio::spawn(crate::source::watch::follow(
        request.feed.clone(),
        read,
        crate::clock::Clock::Wall,
        timing,
        tx,
        reloads,
    ));
    let mut publisher: Option<Publisher> = None;
    let mut pending: Option<Version> = None;
    let mut said_waiting = false;
    let interrupted = tokio::signal::ctrl_c();
    tokio::pin!(interrupted);
    loop {
        let retry = pending.is_some();
        tokio::select! {
            message = rx.recv() => match message {
                Some(Message::Feed(FeedEvent::Missing { reason, .. })) => writeln!(out, "{reason}")?,
                Some(Message::Feed(_)) => {
                    let (version, report) = read_version(&request.feed, request.format, &options);
                    match version {
                        Some(version) => pending = Some(version),
                        None => {
                            crate::check::write_text(&[report], crate::config::Language::En, out)?;
                            writeln!(out, "not published; waiting for a valid version")?;
                        }
                    }
                }
                Some(Message::Source(crate::source::watch::SourceMode::Polling(reason))) => {
                    writeln!(out, "polling {} every second: {reason}", request.feed.display())?;
                }
                Some(_) => {}
                None => return Ok(ExitCode::from(1)),
            },
            () = tokio::time::sleep(Duration::from_secs(2)), if retry => {}
            _ = &mut interrupted => return Ok(ExitCode::SUCCESS),
        }
        let Some(version) = pending.clone() else { continue };
        if publisher.is_none() {
            match Publisher::connect(&request.to, request.create_bucket, options.clone()).await {
                Ok(p) => publisher = Some(p),
                Err(reason) => {
                    if !said_waiting {
                        writeln!(out, "cannot reach {}: {reason}; trying again every 2 s", request.to)?;
                        said_waiting = true;
                    }
                    continue;
                }
            }
        }
        let Some(p) = publisher.as_mut() else { continue };
        let outcome = p.publish(&version, true).await;
        if let Outcome::Failed(reason) = &outcome {
            if !said_waiting {
                writeln!(out, "cannot publish yet: {reason}; trying again every 2 s")?;
                said_waiting = true;
            }
            continue;
        }
        said_waiting = false;
        pending = None;
        say(&request, &outcome, out)?;
    }
}

fn say(request: &Request, outcome: &Outcome, out: &mut impl Write) -> std::io::Result<()> {
    let name = request.feed.display().to_string();
    let feed = crate::feed::text::clean(&name, crate::feed::text::Lines::Single);
    match outcome {
        Outcome::Published(revision) => writeln!(out, "published {feed} to {} as revision {revision}", request.to),
        Outcome::Unchanged(revision) => {
            writeln!(out, "unchanged: {} already holds {feed} (revision {revision})", request.to)
        }
        Outcome::Conflict(reason) => writeln!(out, "conflict: {reason}"),
        Outcome::TooLarge(reason) => writeln!(out, "refused: {feed}: {reason}"),
        Outcome::Failed(reason) => writeln!(out, "error: {reason}"),
    }
}
