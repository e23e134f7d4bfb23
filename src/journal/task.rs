//! The journal's task at the dashboard's edge: one blocking thread that carries out the
//! loop's journal jobs in order (entries to write, acknowledgements to sync, the journal
//! to read back) and reports what came of them. Every file operation of the dashboard's
//! journal happens here, never on the loop's thread.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::Arc;

use chrono::{DateTime, NaiveTime, Utc};
use tokio::sync::mpsc;

use crate::feed::text::{Lines, clean};
use crate::feed::{DecodeOptions, Level};
use crate::journal::acks::{self, LastAck};
use crate::journal::{
    ACK_LOOKBACK, AckScope, Acknowledged, ContentHash, Entry, Identity, Journal, JournalError, JournalOptions,
    JournalSetting, Request, read_since,
};
use crate::zone::Zone;

/// Everything the task needs to know, resolved from the command line and the config.
#[derive(Debug, Clone)]
pub struct JournalPlan {
    /// Where the journal is, or why none is kept.
    pub setting: JournalSetting,
    /// `journal_max_mb` in bytes.
    pub max_bytes: u64,
    pub ack_scope: AckScope,
    pub shift_starts: Vec<NaiveTime>,
    /// The zone the shift boundaries are in.
    pub timezone: Zone,
    /// How a previous version is read back, and the scales levels are coloured from.
    pub decode: DecodeOptions,
    /// The feed the session shows, as its entries name it.
    pub feed: String,
    /// Whose entries these are; `None`: this process's user, found by the task.
    pub identity: Option<Identity>,
    /// Where every accepted version is kept (`None`: no history).
    pub history_dir: Option<std::path::PathBuf>,
}

/// What the loop asks of the journal.
#[derive(Debug, Clone, PartialEq)]
pub enum Job {
    /// Write an entry (the journal decides whether a feed state is news).
    Record(Request),
    /// An acknowledgement, written and synced to disk before it is reported done.
    /// `shown`: the bytes of the version on screen, whose hash it goes `through`.
    Acknowledge { what: Acknowledged, shown: Option<Arc<[u8]>> },
    /// An operator's note.
    Note(String),
    /// What changed since the last acknowledgement that counts, for the marks.
    ReadBack,
    /// This shift's entries, for the journal popup.
    ReadShift,
    /// The session ends: its stop entry, then the task ends.
    Stop,
}

/// What came of the jobs.
#[derive(Debug, Clone, PartialEq)]
pub enum JournalEvent {
    /// The journal can be written (again).
    On,
    /// The journal cannot be written: why (`journal off: <why>`).
    Off(String),
    /// What is unacknowledged, read back at start-up.
    ReadBack(ReadBack),
    /// An acknowledgement is done: on disk (`written`), or the journal failed and it
    /// holds only on this screen.
    Acknowledged { written: bool },
    /// A note was written (as cleaned: `Some(text)`), or could not be (`None`).
    Noted(Option<String>),
    /// This shift's entries.
    Shift(ShiftLog),
}

/// What changed after the last acknowledgement that counts, ready for the screen.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReadBack {
    pub last_ack: Option<LastAck>,
    pub measures: BTreeSet<String>,
    pub incidents: BTreeSet<String>,
    /// Incidents that came in critical since, oldest first.
    pub new_critical: Vec<String>,
    /// The level last acknowledged, the level now, and when it changed; coloured from
    /// the scales by name and rank.
    pub level: Option<(Level, Level, DateTime<Utc>)>,
    /// Lines of the journal that could not be read, why (cleaned).
    pub skipped: Vec<String>,
}

/// This shift's journal, newest first.
#[derive(Debug, Clone, PartialEq)]
pub struct ShiftLog {
    /// Where the shift began.
    pub since: DateTime<Utc>,
    pub entries: Vec<Entry>,
    /// Lines that could not be read, why (cleaned).
    pub skipped: Vec<String>,
    /// The journal could not be read at all: why.
    pub error: Option<String>,
}

/// The running task: send it jobs; it ends after [`Job::Stop`] or when the sender goes.
#[derive(Debug)]
pub struct JournalTask {
    pub jobs: mpsc::UnboundedSender<Job>,
    pub done: tokio::task::JoinHandle<()>,
}

impl JournalTask {
    /// Asks for the session's stop entry and waits for it at most `patience`: an exit
    /// is never held up for long by a journal that hangs (a lock held elsewhere, a slow
    /// disk).
    pub async fn stop(self, patience: std::time::Duration) {
        let _ = self.jobs.send(Job::Stop);
        drop(self.jobs);
        let _ = tokio::time::timeout(patience, self.done).await;
    }
}

/// Starts the task on the blocking pool (needs a tokio runtime). It opens the journal,
/// writes the session's start, then carries out jobs in order. `report` passes each
/// event to the loop; when it returns false the loop is gone and the task ends.
pub fn spawn(plan: JournalPlan, report: impl Fn(JournalEvent) -> bool + Send + 'static) -> JournalTask {
    let (jobs, mut queue) = mpsc::unbounded_channel();
    let done = tokio::task::spawn_blocking(move || {
        let Some(mut worker) = Worker::start(plan, &report) else {
            // No journal is kept: jobs that wait for an answer get one at once.
            while let Some(job) = queue.blocking_recv() {
                let answered = answer_without_journal(&job, None).is_none_or(&report);
                if matches!(job, Job::Stop) || !answered {
                    return;
                }
            }
            return;
        };
        while let Some(job) = queue.blocking_recv() {
            let stop = matches!(job, Job::Stop);
            if stop {
                worker.carry_out(job, &report);
                return;
            }
            if !worker.carry_out(job, &report) {
                // The loop is gone (its answer could not be given): the session's stop
                // must still be written, whatever else was waiting.
                worker.carry_out(Job::Stop, &report);
                return;
            }
        }
        // The loop went without a word: still close the session.
        worker.carry_out(Job::Stop, &report);
    });
    JournalTask { jobs, done }
}

/// The answer to a job that no journal carries out (none is kept, or, with `why`, its
/// task is gone), for the jobs the screen waits on: an acknowledgement holds on the
/// screen alone, a note is not written.
#[must_use]
pub fn answer_without_journal(job: &Job, why: Option<&str>) -> Option<JournalEvent> {
    Some(match job {
        Job::Acknowledge { .. } => JournalEvent::Acknowledged { written: false },
        Job::Note(_) => JournalEvent::Noted(None),
        Job::ReadBack => JournalEvent::ReadBack(ReadBack::default()),
        Job::ReadShift => JournalEvent::Shift(ShiftLog {
            since: Utc::now(),
            entries: Vec::new(),
            skipped: Vec::new(),
            error: why.map(str::to_owned),
        }),
        Job::Record(_) | Job::Stop => return None,
    })
}

/// The task's state.
struct Worker {
    plan: JournalPlan,
    path: PathBuf,
    identity: Identity,
    /// The journal, once it could be opened for writing.
    journal: Option<Journal>,
    /// What the loop was last told: writes work, or not.
    told_on: Option<bool>,
    /// The session's stop is written once, whichever way the session ends.
    stopped: bool,
}

impl Worker {
    /// The worker of a kept journal, with the session's start written (or the journal
    /// reported off); `None` when no journal is kept.
    fn start(plan: JournalPlan, report: &impl Fn(JournalEvent) -> bool) -> Option<Self> {
        let path = plan.setting.path()?.to_path_buf();
        let identity =
            plan.identity.clone().unwrap_or_else(|| Identity::from_environment(|key| std::env::var(key).ok()));
        let mut worker = Self { plan, path, identity, journal: None, told_on: None, stopped: false };
        let feed = Some(worker.plan.feed.clone());
        let result = worker.journal().and_then(|journal| journal.record_session_start(Utc::now(), feed));
        worker.tell(result, report);
        Some(worker)
    }

    /// The journal, opened now if it was not open (a folder made writable since, a disk
    /// with room again).
    fn journal(&mut self) -> Result<&Journal, JournalError> {
        let journal = match self.journal.take() {
            Some(journal) => journal,
            None => {
                let options = JournalOptions {
                    max_bytes: self.plan.max_bytes,
                    identity: self.identity.clone(),
                    decode: self.plan.decode.clone(),
                    create_folder: matches!(self.plan.setting, JournalSetting::At { default_location: true, .. }),
                };
                Journal::open(&self.path, options)?
            }
        };
        Ok(self.journal.insert(journal))
    }

    /// Tells the loop when writing starts or stops working; false when the loop is gone.
    fn tell<T>(&mut self, result: Result<T, JournalError>, report: &impl Fn(JournalEvent) -> bool) -> bool {
        let on = result.is_ok();
        if let Err(error) = &result {
            // A journal that failed may be swapped or repaired: open it afresh next time.
            self.journal = None;
            if self.told_on != Some(false) {
                self.told_on = Some(false);
                return report(JournalEvent::Off(clean(&error.to_string(), Lines::Single).into_owned()));
            }
            return true;
        }
        if self.told_on == Some(on) {
            return true;
        }
        self.told_on = Some(on);
        report(JournalEvent::On)
    }

    /// Carries out one job; false when the loop is gone.
    fn carry_out(&mut self, job: Job, report: &impl Fn(JournalEvent) -> bool) -> bool {
        match job {
            Job::Record(request) => {
                // The version goes into the history before the journal names it.
                if let (Request::FeedAccepted { bytes, format, .. }, Some(dir)) = (&request, &self.plan.history_dir) {
                    let _ = crate::history::keep_accepted(dir, self.plan.decode.max_bytes, bytes, *format);
                }
                let result = self.journal().and_then(|journal| journal.apply(Utc::now(), request));
                self.tell(result, report)
            }
            Job::Acknowledge { mut what, shown } => {
                what.through = shown.map(|bytes| ContentHash::of(&bytes));
                let result = self.journal().and_then(|journal| journal.record_ack(Utc::now(), what));
                let written = result.is_ok();
                self.tell(result, report) && report(JournalEvent::Acknowledged { written })
            }
            Job::Note(text) => {
                let result = self.journal().and_then(|journal| journal.record_note(Utc::now(), &text));
                let written = result.as_ref().ok().cloned().flatten();
                self.tell(result, report) && report(JournalEvent::Noted(written))
            }
            Job::ReadBack => {
                // Reading needs no write access: a read-only journal still gives its
                // acknowledgements back.
                let horizon = Utc::now() - ACK_LOOKBACK;
                match acks::unacknowledged(&self.path, self.plan.ack_scope, &self.identity.operator, horizon) {
                    Ok(found) => report(JournalEvent::ReadBack(self.read_back(found))),
                    Err(fault) => self.tell::<()>(Err(JournalError { path: self.path.clone(), fault }), report),
                }
            }
            Job::ReadShift => report(JournalEvent::Shift(self.shift())),
            Job::Stop => {
                if !std::mem::replace(&mut self.stopped, true) && self.journal.is_some() {
                    let feed = Some(self.plan.feed.clone());
                    let _ = self.journal().and_then(|journal| journal.record_session_stop(Utc::now(), feed));
                }
                true
            }
        }
    }

    fn read_back(&self, found: acks::Unacknowledged) -> ReadBack {
        let scales = &self.plan.decode.scales;
        let level = found.level.as_ref().map(|change| {
            let at = found.level_changed_at.unwrap_or_else(Utc::now);
            (change.from.resolve(scales), change.to.resolve(scales), at)
        });
        ReadBack {
            last_ack: found.last_ack,
            measures: found.measures,
            incidents: found.incidents,
            new_critical: found.new_critical,
            level,
            skipped: found.skipped.iter().map(|s| clean(&s.to_string(), Lines::Single).into_owned()).collect(),
        }
    }

    fn shift(&self) -> ShiftLog {
        let now = Utc::now();
        let since = crate::report::handover::last_shift_start(now, &self.plan.shift_starts, &self.plan.timezone);
        let cleaned = |text: String| clean(&text, Lines::Single).into_owned();
        match read_since(&self.path, since) {
            Ok((entries, skipped)) => ShiftLog {
                since,
                entries,
                skipped: skipped.iter().map(|s| cleaned(s.to_string())).collect(),
                error: None,
            },
            Err(fault) => ShiftLog {
                since,
                entries: Vec::new(),
                skipped: Vec::new(),
                error: Some(cleaned(JournalError { path: self.path.clone(), fault }.to_string())),
            },
        }
    }
}
