//! `sitrep record`: a headless recorder for servers where no viewer runs. It follows the
//! feed file as the dashboard does (inotify, a poll as fallback), keeps every accepted
//! version in the history store, and writes the journal's feed entries: accepted,
//! rejected, missing, stale, fresh. It runs until SIGINT, SIGTERM or SIGHUP, and runs
//! retention once a day. One line per event goes to stdout (a service's log).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::{DateTime, Utc};
use tokio::sync::mpsc;

use crate::app::Message;
use crate::app::model::FeedOrigin;
use crate::cli::RunArgs;
use crate::clock::Clock;
use crate::config::Config;
use crate::feed::text::{Lines, clean};
use crate::feed::{FeedDuration, Format, decode};
use crate::history::{HistoryPlan, record_version};
use crate::journal::FeedVersion;
use crate::journal::{ContentHash, Identity, Journal, Recorded};
use crate::source::watch::{Request, SourceMode, Timing, follow};
use crate::startup::Startup;

/// How often retention runs.
const PRUNE_EVERY: std::time::Duration = std::time::Duration::from_secs(24 * 3600);

/// `sitrep record`: exit 0 when signalled, 2 on usage errors (no feed file, no journal).
#[must_use]
pub fn command(run: &RunArgs, env: impl Fn(&str) -> Option<String>) -> ExitCode {
    let usage = |message: &str| {
        eprintln!("sitrep record: {}", clean(message, Lines::Single));
        ExitCode::from(2)
    };
    let now = Utc::now();
    let (startup, config) = match Startup::resolve(run, &env, now)
        .and_then(|s| Config::load(run.config.as_deref(), &env).map(|c| (s, c)))
    {
        Ok(both) => both,
        Err(e) => return usage(&e.to_string()),
    };
    let FeedOrigin::File(path) = &startup.origin else {
        return usage("record follows a feed file: name one with --feed FILE or `feed` in the config");
    };
    let plan = HistoryPlan::resolve(run, &config, false, &env);
    let journal = match plan.open_journal(&startup.read.decode, Identity::from_environment(&env)) {
        Ok(journal) => journal,
        Err(why) => return usage(&why),
    };
    if let Err(why) = plan.store(true) {
        return usage(&why);
    }
    let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(e) => return usage(&format!("starting the runtime: {e}")),
    };
    let recorder = Recorder {
        path: path.clone(),
        origin: clean(&path.display().to_string(), Lines::Single).into_owned(),
        plan,
        journal,
        startup: startup.clone(),
        seen: None,
    };
    say(&format!(
        "recording {} into {} (history in {})",
        recorder.origin,
        recorder.journal.path().display(),
        recorder.plan.dir.as_deref().unwrap_or(Path::new("-")).display()
    ));
    runtime.block_on(recorder.run());
    ExitCode::SUCCESS
}

fn say(line: &str) {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{}", clean(line, Lines::Single));
    let _ = out.flush();
}

/// The version last read good: its hash, when its age counts from, its limit, and
/// whether its stale episode was said.
struct Seen {
    hash: ContentHash,
    age_base: DateTime<Utc>,
    generated: crate::feed::Timestamp,
    stale_after: FeedDuration,
    stale_said: bool,
}

impl Seen {
    /// When it turns stale, unless that was said already.
    fn stale_at(&self) -> Option<DateTime<Utc>> {
        (!self.stale_said).then(|| self.age_base + self.stale_after.to_chrono() + chrono::TimeDelta::seconds(1))
    }
}

struct Recorder {
    path: PathBuf,
    origin: String,
    plan: HistoryPlan,
    journal: Journal,
    startup: Startup,
    seen: Option<Seen>,
}

impl Recorder {
    async fn run(mut self) {
        let (tx, mut rx) = mpsc::channel::<Message>(16);
        let (_requests, request_rx) = mpsc::channel::<Request>(1);
        tokio::spawn(follow(
            self.path.clone(),
            self.startup.read.clone(),
            Clock::Wall,
            Timing::default(),
            tx,
            request_rx,
        ));
        let mut prune = tokio::time::interval(PRUNE_EVERY);
        let stop = stop_signal();
        tokio::pin!(stop);
        loop {
            let stale_in =
                self.seen.as_ref().and_then(Seen::stale_at).map(|at| (at - Utc::now()).to_std().unwrap_or_default());
            tokio::select! {
                message = rx.recv() => match message {
                    Some(Message::Feed(_)) => self.observe(),
                    Some(Message::Source(mode)) => say(&match mode {
                        SourceMode::Polling(why) => format!("polling {} every second: {why}", self.origin),
                        SourceMode::Watching => format!("watching {}", self.origin),
                        _ => continue,
                    }),
                    Some(_) => {}
                    None => break,
                },
                () = tokio::time::sleep(stale_in.unwrap_or_default()), if stale_in.is_some() => self.stale(),
                _ = prune.tick() => match self.plan.prune(Utc::now()) {
                    Ok(pruned) if !pruned.packs.is_empty() => {
                        say(&format!("retention: removed {} versions in {}", pruned.versions, pruned.packs.join(", ")));
                    }
                    Ok(_) => {}
                    Err(why) => say(&format!("retention failed: {why}")),
                },
                () = &mut stop => break,
            }
        }
        say("recorder stopped");
    }

    /// The feed changed (or was looked at): read it, and record what it is now.
    fn observe(&mut self) {
        let now = Utc::now();
        let options = crate::feed::DecodeOptions { now, ..self.startup.read.decode.clone() };
        if !self.path.exists() {
            let reason = format!("{}: no such file", self.origin);
            self.note(self.journal.record_missing(now, &self.origin, &reason), &format!("missing: {reason}"));
            return;
        }
        let format = self.startup.read.format.or_else(|| Format::from_path(&self.path)).unwrap_or(Format::Toml);
        let result = crate::feed::decode::read_bounded(&self.path, options.max_bytes)
            .map_err(|problem| vec![problem])
            .and_then(|bytes| decode(&bytes, format, &options).map(|a| (bytes, a)).map_err(|r| r.problems));
        match result {
            Ok((bytes, accepted)) => {
                let feed = &accepted.feed;
                let hash = ContentHash::of(&bytes);
                let version = FeedVersion { feed, bytes: &bytes, format, origin: &self.origin };
                match record_version(&self.plan, &self.journal, now, version) {
                    Ok(Recorded::Written) => say(&format!(
                        "version {} (generated {}){}",
                        hash.short(),
                        feed.generated,
                        if feed.exercise { " EXERCISE" } else { "" }
                    )),
                    Ok(Recorded::AlreadyRecorded) => {}
                    Err(why) => say(&why),
                }
                let stale_after = feed.stale_after.unwrap_or(self.startup.settings.stale_after);
                // The same version read again keeps its age and what was said of it.
                if self.seen.as_ref().is_none_or(|seen| seen.hash != hash) {
                    self.seen = Some(Seen {
                        hash,
                        age_base: feed.generated.utc().min(now),
                        generated: feed.generated,
                        stale_after,
                        stale_said: false,
                    });
                }
            }
            Err(problems) => {
                let first = problems.iter().find(|p| p.is_error()).map(|p| p.display_in(&self.origin).to_string());
                let said = format!("rejected: {}", first.unwrap_or_default());
                self.note(self.journal.record_rejected(now, &self.origin, &problems), &said);
            }
        }
    }

    /// No new version for longer than the limit.
    fn stale(&mut self) {
        let Some(seen) = self.seen.as_mut() else { return };
        let recorded = self.journal.record_stale(Utc::now(), &self.origin, Some(seen.generated), seen.stale_after);
        // Said once: the next version starts a new count.
        seen.stale_said = true;
        let line = format!("stale: no new version for longer than {}", seen.stale_after);
        self.note(recorded, &line);
    }

    fn note(&self, recorded: Result<Recorded, crate::journal::JournalError>, line: &str) {
        match recorded {
            Ok(Recorded::Written) => say(line),
            Ok(Recorded::AlreadyRecorded) => {}
            Err(e) => say(&format!("journal: {e}")),
        }
    }
}

/// Resolves when SIGINT, SIGTERM or SIGHUP arrives.
async fn stop_signal() {
    use tokio::signal::unix::{SignalKind, signal};
    let mut streams: Vec<_> = [SignalKind::interrupt(), SignalKind::terminate(), SignalKind::hangup()]
        .into_iter()
        .filter_map(|kind| signal(kind).ok())
        .collect();
    if streams.is_empty() {
        return std::future::pending().await;
    }
    let _ = futures_util::future::select_all(streams.iter_mut().map(|s| Box::pin(s.recv()))).await;
}
