//! One reading of the feed for `line` and `status`: the model the dashboard would hold
//! right after reading the feed once (through the cache when the file has not changed),
//! its picture without items, and the counts of its items. It is taken in a thread of
//! its own: a FIFO or a hung network file must not hang a status bar or a monitoring
//! check past its time limit.

use std::path::Path;
use std::time::{Duration, SystemTime};

use chrono::{DateTime, Utc};

use crate::app::model::{FeedOrigin, Model};
use crate::app::{FeedEvent, Message, update};
use crate::cli::RunArgs;
use crate::config::ConfigError;
use crate::feed::Problem;
use crate::report::cache::{Cache, FileIdentity, fingerprint};
use crate::report::summary::{Summary, Tally};
use crate::snapshot::model_once;
use crate::startup::Startup;

/// What the one-shot commands know of the feed at one moment.
#[derive(Debug, Clone)]
pub struct Reading {
    /// The dashboard's model after one read; its picture has no measures or incidents
    /// (they are counted in `tally`).
    pub model: Model,
    pub tally: Tally,
}

/// Why there is no reading.
#[derive(Debug, Clone)]
pub enum Failure {
    /// The config (or `TZ`) cannot be used.
    Config(ConfigError),
    /// A `nats://` feed: these commands read a file once.
    Nats,
    /// No answer within the time limit.
    NoAnswer(Duration),
    /// The reader failed (a bug): it ended without an answer.
    Internal,
}

/// How a reading is taken.
#[derive(Debug, Clone)]
pub struct Request {
    pub run: RunArgs,
    /// The longest to wait for the answer.
    pub limit: Duration,
    /// Keep and use the cache of unchanged files.
    pub cache: bool,
}

impl Reading {
    /// Reads the feed `startup` names, at wall time `wall_now`; through `cache` when it
    /// is a file.
    #[must_use]
    pub fn take(startup: &Startup, wall_now: DateTime<Utc>, cache: Option<&Cache>) -> Self {
        let (summary, last_good) = match (&startup.origin, cache) {
            (FeedOrigin::File(path), Some(cache)) => cached(startup, path, wall_now, cache),
            _ => (Summary::of(&model_once(startup, wall_now, (0, 0))), None),
        };
        Self::of(startup, wall_now, summary, last_good)
    }

    /// The reading `summary` gives at wall time `wall_now`: the model goes through the
    /// dashboard's own `update`, so staleness, clock skew, levels in force and a public
    /// screen are judged as the screen judges them. A rejected or missing feed keeps
    /// `last_good`, as the dashboard keeps the last good picture on screen.
    #[must_use]
    pub fn of(startup: &Startup, wall_now: DateTime<Utc>, summary: Summary, last_good: Option<Summary>) -> Self {
        let mut model = startup.model(wall_now, (0, 0));
        let mut tally = Tally::default();
        if let Some(last_good @ Summary::Loaded { .. }) = last_good {
            let (event, kept) = last_good.into_event(model.now);
            update(&mut model, Message::Feed(event));
            tally = kept;
        }
        let (event, counted) = summary.into_event(model.now);
        if matches!(event, FeedEvent::Loaded { .. }) {
            tally = counted;
        }
        update(&mut model, Message::Feed(event));
        Self { model, tally }
    }

    /// The clock the reading is judged by.
    #[must_use]
    pub fn now(&self) -> DateTime<Utc> {
        self.model.now
    }

    /// Measures in force whose review date has passed.
    #[must_use]
    pub fn overdue_reviews(&self) -> usize {
        self.tally.overdue_reviews(self.now())
    }

    /// Incidents of the last 24 hours.
    #[must_use]
    pub fn incidents_last_day(&self) -> usize {
        self.tally.incidents_last_day(self.now())
    }

    /// What the decoder warned of, besides what the clock decides (overdue reviews and
    /// clock skew, judged at the reading's clock).
    #[must_use]
    pub fn feed_warnings(&self) -> &[Problem] {
        self.model.picture.as_ref().map_or(&[], |p| p.warnings.as_slice())
    }

    /// The feed's name as messages give it.
    #[must_use]
    pub fn feed_name(&self) -> String {
        match &self.model.origin {
            FeedOrigin::Demo => crate::feed::DEMO_FEED_NAME.to_owned(),
            FeedOrigin::File(path) => {
                crate::feed::text::clean(&path.display().to_string(), crate::feed::text::Lines::Single).into_owned()
            }
            FeedOrigin::Nats(source) => source.address.to_string(),
        }
    }
}

/// The summary kept for an unchanged file, else a fresh read (kept for next time); and
/// while the feed is rejected or missing, the last good summary before it.
fn cached(startup: &Startup, path: &Path, wall_now: DateTime<Utc>, cache: &Cache) -> (Summary, Option<Summary>) {
    let fingerprint = fingerprint(startup, path);
    let kept = cache.load(&fingerprint);
    let before = FileIdentity::of(path);
    if let (Some(kept), Some(identity)) = (&kept, before)
        && let Some(summary) = Cache::summary_of(kept, identity)
    {
        return (summary.clone(), kept.last_good.clone());
    }
    let summary = Summary::of(&model_once(startup, wall_now, (0, 0)));
    let last_good = match summary {
        Summary::Loaded { .. } => None,
        _ => kept.and_then(|kept| match kept.summary {
            good @ Summary::Loaded { .. } => Some(good),
            _ => kept.last_good,
        }),
    };
    // Kept only if the file did not change while it was read.
    if let Some(identity) = before
        && FileIdentity::of(path) == Some(identity)
    {
        cache.store(&fingerprint, identity, summary.clone(), last_good.clone(), SystemTime::now());
    }
    (summary, last_good)
}

/// Takes a reading as `request` asks, from the process's environment, waiting at most
/// `request.limit`. The reading runs in a thread that is left behind if it does not
/// answer in time (it ends with the process): nothing here can block the caller longer.
///
/// # Errors
/// A config that cannot be used, a `nats://` feed, or no answer in time.
pub fn take(request: &Request) -> Result<Reading, Failure> {
    let (run, use_cache) = (request.run.clone(), request.cache);
    let answer = within(request.limit, move || {
        let env = |key: &str| std::env::var(key).ok();
        let wall_now = Utc::now();
        let startup = Startup::resolve(&run, env, wall_now).map_err(Failure::Config)?;
        if let FeedOrigin::Nats(_) = startup.origin {
            return Err(Failure::Nats);
        }
        let cache = if use_cache { Cache::locate(env) } else { None };
        Ok(Reading::take(&startup, wall_now, cache.as_ref()))
    });
    match answer {
        Ok(reading) => reading,
        Err(lost) => Err(lost),
    }
}

/// Runs `work` in a thread of its own and waits at most `limit` for its result.
fn within<T: Send + 'static>(limit: Duration, work: impl FnOnce() -> T + Send + 'static) -> Result<T, Failure> {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::Builder::new()
        .name("sitrep-read".to_owned())
        .spawn(move || {
            let _ = tx.send(work());
        })
        .map_err(|_| Failure::Internal)?;
    rx.recv_timeout(limit).map_err(|e| match e {
        std::sync::mpsc::RecvTimeoutError::Timeout => Failure::NoAnswer(limit),
        std::sync::mpsc::RecvTimeoutError::Disconnected => Failure::Internal,
    })
}

/// A time limit: `1s`, `500ms`, `2.5` (seconds), `1m`.
///
/// # Errors
/// A message saying what is wrong with `text`.
pub fn parse_limit(text: &str) -> Result<Duration, String> {
    let bad = || format!("invalid time limit `{text}`: expected seconds (`1`, `2.5`, `1s`), `500ms` or `1m`");
    let text = text.trim();
    let seconds = |number: &str| number.parse::<f64>().ok().filter(|s| s.is_finite() && *s > 0.0 && *s <= 86_400.0);
    let limit = if let Some(ms) = text.strip_suffix("ms") {
        seconds(ms).map(|ms| Duration::from_secs_f64(ms / 1000.0))
    } else if let Some(s) = text.strip_suffix('s') {
        seconds(s).map(Duration::from_secs_f64)
    } else if let Some(m) = text.strip_suffix('m') {
        seconds(m).map(|m| Duration::from_secs_f64(m * 60.0))
    } else {
        seconds(text).map(Duration::from_secs_f64)
    };
    limit.filter(|d| !d.is_zero()).ok_or_else(bad)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_limits() {
        assert_eq!(parse_limit("1s"), Ok(Duration::from_secs(1)));
        assert_eq!(parse_limit("500ms"), Ok(Duration::from_millis(500)));
        assert_eq!(parse_limit("2.5"), Ok(Duration::from_millis(2500)));
        assert_eq!(parse_limit("1m"), Ok(Duration::from_secs(60)));
        for bad in ["", "0", "-1", "x", "1h", "nan", "infs"] {
            assert!(parse_limit(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_blocked_reader_does_not_block_the_caller() {
        let started = std::time::Instant::now();
        let answer = within(Duration::from_millis(50), || std::thread::sleep(Duration::from_secs(30)));
        assert!(matches!(answer, Err(Failure::NoAnswer(_))));
        assert!(started.elapsed() < Duration::from_secs(10));
        assert_eq!(within(Duration::from_secs(10), || 42).ok(), Some(42));
        // A reader that fails is told from one that is slow.
        let failed = within(Duration::from_secs(10), || -> u8 { panic!("a bug") });
        assert!(matches!(failed, Err(Failure::Internal)));
    }
}
