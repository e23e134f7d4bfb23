//! Following a feed file: a tokio task that watches the feed's folder (not recursively),
//! keeps to events about the feed's own name, waits out bursts, and reads the file off
//! the loop's thread. Where no watch can be set up, or the folder is on a network
//! filesystem (where changes made on other machines raise no event), it polls the file's
//! identity (inode, size, modification time) every second, and says so.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use notify::{EventKind, RecommendedWatcher, RecursiveMode, Watcher};
use tokio::sync::mpsc;
use tokio::time::{Instant, sleep_until};

use crate::app::Message;
use crate::app::model::FeedOrigin;
use crate::clock::Clock;
use crate::source::{ReadOptions, read};

/// How the source learns of changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SourceMode {
    /// The built-in demo: nothing to follow.
    Builtin,
    /// Change events from the operating system.
    Watching,
    /// Looking every second, because a watch could not be set up (the reason).
    Polling(String),
    /// Waiting for a server that has not answered yet: since when, and why (cleaned).
    Connecting { since: chrono::DateTime<chrono::Utc>, reason: String },
    /// The source was reached before and is out of reach now: since when, and why
    /// (cleaned). The last picture stays.
    Unreachable { since: chrono::DateTime<chrono::Utc>, reason: String },
}

/// Timings of the follower.
#[derive(Debug, Clone, Copy)]
pub struct Timing {
    /// Quiet time after an event before reading (a burst of writes is read once).
    pub debounce: Duration,
    /// The longest a steady stream of events can put a read off.
    pub max_delay: Duration,
    /// How often the fallback looks at the file.
    pub poll_interval: Duration,
    /// How often the file is looked at even while watched: a safety net for what no
    /// event reports (a symlinked feed whose target is swapped, a watch lost with its
    /// folder).
    pub safety_interval: Duration,
}

impl Default for Timing {
    fn default() -> Self {
        Self {
            debounce: Duration::from_millis(25),
            max_delay: Duration::from_millis(250),
            poll_interval: Duration::from_secs(1),
            safety_interval: Duration::from_secs(5),
        }
    }
}

/// What the loop can ask of the follower.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Request {
    /// Read now (the `r` key).
    Reload,
}

/// Follows `path` until the message channel closes: reads it at start, and again after
/// every change, sending what it found. `requests` asks for a read now.
pub async fn follow(
    path: PathBuf,
    options: ReadOptions,
    clock: Clock,
    timing: Timing,
    tx: mpsc::Sender<Message>,
    mut requests: mpsc::Receiver<Request>,
) {
    let origin = FeedOrigin::File(path.clone());
    let (event_tx, mut events) = mpsc::unbounded_channel::<()>();
    let watcher = match crate::source::filesystem::network_mount(&folder_of(&path)) {
        Some(mount) => Err(format!(
            "the folder is on {} ({}): changes made on other machines raise no events",
            mount.fstype, mount.source
        )),
        None => start_watcher(&path, event_tx),
    };
    let mode = match &watcher {
        Ok(_) => SourceMode::Watching,
        Err(reason) => {
            SourceMode::Polling(crate::feed::text::clean(reason, crate::feed::text::Lines::Single).into_owned())
        }
    };
    let mut polling = matches!(mode, SourceMode::Polling(_));
    if tx.send(Message::Source(mode)).await.is_err() {
        return;
    }
    let mut identity = FileIdentity::of(&path);
    if !send_read(&origin, &options, clock, &tx).await {
        return;
    }
    let interval = |polling: bool| if polling { timing.poll_interval } else { timing.safety_interval };
    let mut next_poll = Instant::now() + interval(polling);
    loop {
        // Wait for something to happen.
        tokio::select! {
            event = events.recv(), if !polling => {
                if event.is_none() {
                    // The watcher is gone: fall back to polling, and say so.
                    polling = true;
                    next_poll = Instant::now();
                    let reason = "the watch ended".to_owned();
                    if tx.send(Message::Source(SourceMode::Polling(reason))).await.is_err() {
                        return;
                    }
                    continue;
                }
            }
            request = requests.recv() => match request {
                Some(Request::Reload) => {
                    identity = FileIdentity::of(&path);
                    if !send_read(&origin, &options, clock, &tx).await {
                        return;
                    }
                    continue;
                }
                None => return,
            },
            () = sleep_until(next_poll) => {
                next_poll = Instant::now() + interval(polling);
                if FileIdentity::of(&path) == identity {
                    continue;
                }
            }
            () = tx.closed() => return,
        }
        // Wait out the burst: until the events pause for `debounce`, at most `max_delay`.
        let deadline = Instant::now() + timing.max_delay;
        loop {
            let quiet = (Instant::now() + timing.debounce).min(deadline);
            tokio::select! {
                event = events.recv(), if !polling => {
                    if event.is_none() {
                        break;
                    }
                    if Instant::now() >= deadline {
                        break;
                    }
                }
                () = sleep_until(quiet) => break,
            }
        }
        identity = FileIdentity::of(&path);
        if !send_read(&origin, &options, clock, &tx).await {
            return;
        }
    }
}

/// Reads the feed on the blocking pool and sends the outcome; false when the loop is gone.
async fn send_read(origin: &FeedOrigin, options: &ReadOptions, clock: Clock, tx: &mpsc::Sender<Message>) -> bool {
    let (origin, options) = (origin.clone(), options.clone());
    let now = clock.at(chrono::Utc::now());
    let event = tokio::task::spawn_blocking(move || read(&origin, &options, now)).await.unwrap_or_else(|e| {
        crate::app::FeedEvent::Rejected {
            problems: vec![crate::feed::Problem::error(format!("internal error while reading the feed: {e}"))],
            at: now,
        }
    });
    tx.send(Message::Feed(event)).await.is_ok()
}

/// The folder the feed is in (`.` for a bare name).
#[must_use]
pub fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Watches the feed's folder, forwarding events about the feed's name.
fn start_watcher(path: &Path, events: mpsc::UnboundedSender<()>) -> Result<RecommendedWatcher, String> {
    let name: OsString = path.file_name().ok_or_else(|| format!("{} names no file", path.display()))?.to_owned();
    let folder = folder_of(path);
    let mut watcher = notify::recommended_watcher(move |result: notify::Result<notify::Event>| {
        let event = match result {
            Ok(event) => event,
            Err(e) => {
                // An error (an overflowing queue, say): read to be sure.
                tracing::warn!("watch error: {e}: reading the feed to be sure");
                let _ = events.send(());
                return;
            }
        };
        let about_feed = event.paths.iter().any(|p| p.file_name() == Some(name.as_os_str()));
        let relevant = matches!(
            event.kind,
            EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_) | EventKind::Any | EventKind::Other
        );
        if about_feed && relevant {
            let _ = events.send(());
        }
    })
    .map_err(|e| format!("cannot watch: {e}"))?;
    watcher
        .watch(&folder, RecursiveMode::NonRecursive)
        .map_err(|e| format!("cannot watch {}: {e}", folder.display()))?;
    Ok(watcher)
}

/// What tells one version of a file from another without reading it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct FileIdentity(Option<(u64, u64, u64, Option<SystemTime>, i64, i64)>);

impl FileIdentity {
    fn of(path: &Path) -> Self {
        use std::os::unix::fs::MetadataExt;
        Self(
            std::fs::metadata(path)
                .ok()
                .map(|m| (m.dev(), m.ino(), m.len(), m.modified().ok(), m.ctime(), m.ctime_nsec())),
        )
    }
}
