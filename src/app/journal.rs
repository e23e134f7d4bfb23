//! The journal as the dashboard sees it: whether one is kept and can be written, the
//! acknowledgement waiting for its sync, the note being typed, this shift's entries for
//! the popup; and the journal jobs that keys, feed events and time call for. Pure: the
//! journal task at the edge does the reading and writing.

use std::sync::Arc;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::app::changes;
use crate::app::message::{Command, FeedEvent, Message};
use crate::app::model::{Changes, FeedHealth, FeedOrigin, LevelChange, LevelStep, Model, Notice, NoticeKind, Overlay};
use crate::app::sources::Read;
use crate::feed::Severity;
use crate::feed::diff::LevelName;
use crate::feed::text::is_unsafe_char;
use crate::journal::task::{Job, JournalEvent, ReadBack, ShiftLog};
use crate::journal::{Acknowledged, MAX_NOTE_CHARS, Request, clean_note};

/// Whether a journal is kept, and whether it can be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JournalStatus {
    /// None this run (`--no-journal`, the demo): why. `a` works on this screen alone.
    NotKept(String),
    /// Kept; the task has not answered yet.
    Starting,
    On,
    /// Kept, but it cannot be written: why (`journal off: <why>`).
    Off(String),
}

/// What the screen says about the journal, besides its status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JournalNotice {
    NoteWritten,
    /// The journal failed: the note is not kept.
    NoteNotWritten,
    /// `n` with no journal kept.
    NotKept,
    /// Lines of the journal that could not be read (a torn last line) were skipped.
    Skipped(usize),
}

/// The dashboard's side of the journal.
#[derive(Debug, Clone, PartialEq)]
pub struct JournalState {
    pub status: JournalStatus,
    /// The marks were read back from the journal (asked once, after the first picture).
    pub read_back_asked: bool,
    /// The changes an acknowledgement covers, while it waits to be on disk: the marks
    /// clear when the journal confirms.
    pub pending_ack: Option<Changes>,
    /// The note being typed (`n`); keys go to it while it is open.
    pub note: Option<String>,
    /// This shift's entries for the popup (`l`); `None` while they are being read.
    pub shift: Option<ShiftLog>,
    /// A stale episode was reported (reported once, at its start).
    pub stale_noted: bool,
    /// The bytes of the last version that arrived, by source: the same version read
    /// again is not sent to the journal again.
    pub last_arrived: Vec<Option<Arc<[u8]>>>,
    /// The bytes of the version on screen: an acknowledgement goes through its hash.
    pub shown: Option<Arc<[u8]>>,
}

impl Default for JournalState {
    fn default() -> Self {
        Self {
            status: JournalStatus::NotKept(String::new()),
            read_back_asked: false,
            pending_ack: None,
            note: None,
            shift: None,
            stale_noted: false,
            last_arrived: Vec::new(),
            shown: None,
        }
    }
}

impl JournalState {
    /// A journal is kept this run: a state waiting for the task's first answer.
    #[must_use]
    pub fn kept() -> Self {
        Self { status: JournalStatus::Starting, ..Self::default() }
    }

    /// Whether jobs go to the journal task (kept, even when it cannot be written now: it
    /// tries again, and answers).
    #[must_use]
    pub fn is_kept(&self) -> bool {
        !matches!(self.status, JournalStatus::NotKept(_))
    }

    /// Why the journal is off, when it is kept and cannot be written.
    #[must_use]
    pub fn off_reason(&self) -> Option<&str> {
        match &self.status {
            JournalStatus::Off(why) => Some(why),
            _ => None,
        }
    }
}

/// The feed's name as the journal's entries give it.
#[must_use]
pub fn feed_name(origin: &FeedOrigin) -> String {
    match origin {
        FeedOrigin::Demo => crate::feed::DEMO_FEED_NAME.to_owned(),
        FeedOrigin::File(path) => {
            crate::feed::text::clean(&path.display().to_string(), crate::feed::text::Lines::Single).into_owned()
        }
        FeedOrigin::Nats(source) => source.address.to_string(),
    }
}

fn job(request: Request) -> Command {
    Command::Journal(Job::Record(request))
}

/// What the sources' reads are for the journal, as they arrive (before the model takes
/// them in, also while paused: the record is of the feeds, not of this screen).
pub fn on_arrival(model: &mut Model, message: &Message) -> Vec<Command> {
    let (reads, fresh) = match message {
        Message::Feed(event) => {
            let fresh = match (event, &model.picture) {
                (FeedEvent::Loaded { feed, .. }, Some(old)) => Some(changes::diff(&old.feed, feed)),
                _ => None,
            };
            (vec![(0, Read::of(event))], fresh)
        }
        Message::Sources(update) => (update.reads.clone(), update.picture.as_ref().and_then(|p| p.delta.clone())),
        _ => return Vec::new(),
    };
    // What this picture marks anew is not covered by an acknowledgement that is still on
    // its way to disk.
    if let (Some(pending), Some(fresh), false) = (&mut model.journal.pending_ack, &fresh, model.paused) {
        pending.measures.retain(|id, _| !fresh.measures.contains(id));
        pending.incidents.retain(|id, _| !fresh.incidents.contains(id));
        pending.new_critical.retain(|id| !fresh.new_critical.contains(id));
    }
    let mut commands = Vec::new();
    for (source, read) in reads {
        let status = model.sources.get(source);
        let origin = status.map_or_else(|| feed_name(&model.origin), |s| s.location.clone());
        let health = status.map_or(&model.health, |s| &s.health);
        let state = &mut model.journal;
        match read {
            Read::Loaded { raw, feed, .. } => {
                if state.last_arrived.len() <= source {
                    state.last_arrived.resize(source + 1, None);
                }
                let last = &mut state.last_arrived[source];
                let same = last.as_ref().is_some_and(|last| *last == raw.bytes);
                *last = Some(Arc::clone(&raw.bytes));
                // The same version after a refused or missing read is news too: fresh again.
                let after_trouble = matches!(health, FeedHealth::Rejected { .. } | FeedHealth::Missing { .. });
                if !state.is_kept() || (same && !after_trouble) {
                    continue;
                }
                // The journal takes the decoded version shared (no copy is made on this
                // thread), or decodes the bytes itself where there is none.
                commands.push(job(Request::FeedAccepted {
                    feed,
                    bytes: Arc::clone(&raw.bytes),
                    format: raw.format,
                    origin,
                    read_at: Some(raw.read_at),
                }));
            }
            Read::Rejected { problems, .. } if state.is_kept() => {
                commands.push(job(Request::FeedRejected { origin, problems }));
            }
            Read::Missing { reason, .. } if state.is_kept() => {
                commands.push(job(Request::FeedMissing { origin, reason }));
            }
            Read::Rejected { .. } | Read::Missing { .. } => {}
        }
    }
    commands
}

/// After every message: the marks are read back once the first picture is in, and a
/// picture turning stale (or fresh again without a new version) is reported.
pub fn after_update(model: &mut Model, commands: &mut Vec<Command>) {
    if !model.journal.is_kept() {
        return;
    }
    if model.picture.is_some() && !model.journal.read_back_asked {
        model.journal.read_back_asked = true;
        commands.push(Command::Journal(Job::ReadBack));
    }
    // A paused screen with a newer picture held back is not a stale feed.
    if model.paused && model.pending.is_some() {
        return;
    }
    let Some(picture) = &model.picture else { return };
    let stale = model.staleness().is_some();
    if stale == model.journal.stale_noted {
        return;
    }
    model.journal.stale_noted = stale;
    let origin = feed_name(&model.origin);
    commands.push(job(if stale {
        Request::FeedStale { origin, generated: Some(picture.feed.generated), stale_after: model.stale_after() }
    } else {
        Request::FeedFresh { origin }
    }));
}

/// What the journal task reports.
pub fn on_event(model: &mut Model, event: JournalEvent) -> Vec<Command> {
    let notice = |kind| Some(Notice { kind: NoticeKind::Journal(kind), at: model.now });
    match event {
        JournalEvent::On => model.journal.status = JournalStatus::On,
        JournalEvent::Off(why) => model.journal.status = JournalStatus::Off(why),
        JournalEvent::ReadBack(found) => {
            if !found.skipped.is_empty() {
                model.notice = notice(JournalNotice::Skipped(found.skipped.len()));
            }
            mark_read_back(model, found);
        }
        JournalEvent::Acknowledged { .. } => {
            // Done on disk, or (the journal failed, its banner says so) on this screen
            // alone: either way the operator's `a` takes effect now.
            if let Some(acknowledged) = model.journal.pending_ack.take() {
                clear_acknowledged(&mut model.changes, &acknowledged);
            }
        }
        JournalEvent::Noted(text) => {
            let kind = if text.is_some() { JournalNotice::NoteWritten } else { JournalNotice::NoteNotWritten };
            model.notice = notice(kind);
        }
        JournalEvent::Shift(log) => model.journal.shift = Some(log),
    }
    Vec::new()
}

/// `a`: with a journal, the acknowledgement is written and synced first, and the marks
/// clear when the journal confirms; without one, they clear at once.
pub fn acknowledge(model: &mut Model) -> Vec<Command> {
    if !model.journal.is_kept() {
        model.changes = Changes::default();
        return Vec::new();
    }
    if model.changes.is_empty() || model.journal.pending_ack.is_some() {
        return Vec::new();
    }
    let what = acknowledged(model);
    model.journal.pending_ack = Some(model.changes.clone());
    vec![Command::Journal(Job::Acknowledge { what, shown: model.journal.shown.clone() })]
}

/// What the marks on screen acknowledge, for the journal's entry.
fn acknowledged(model: &Model) -> Acknowledged {
    let changes = &model.changes;
    let scale = model.picture.as_ref().map(|p| p.feed.threat.scale.name.as_str()).unwrap_or_default();
    let level = changes.level.as_ref().and_then(|change| {
        Some(crate::feed::diff::LevelChange {
            from: LevelName::new(scale, change.from.as_ref()?),
            to: LevelName::new(scale, change.to()?),
        })
    });
    let sorted = |ids: &std::collections::HashMap<String, chrono::DateTime<chrono::Utc>>| {
        let mut ids: Vec<String> = ids.keys().cloned().collect();
        ids.sort();
        ids
    };
    Acknowledged { through: None, level, measures: sorted(&changes.measures), incidents: sorted(&changes.incidents) }
}

/// Takes what `acknowledged` covered off `changes`; what came after it stays marked
/// (a level step after the acknowledged ones starts a new chain from where it ended).
pub fn clear_acknowledged(changes: &mut Changes, acknowledged: &Changes) {
    changes.measures.retain(|id, _| !acknowledged.measures.contains_key(id));
    changes.incidents.retain(|id, _| !acknowledged.incidents.contains_key(id));
    changes.new_critical.retain(|id| !acknowledged.new_critical.contains(id));
    changes.level = match (changes.level.take(), &acknowledged.level) {
        (Some(now), None) => Some(now),
        (Some(now), Some(seen)) if now.steps.len() > seen.steps.len() && now.steps.starts_with(&seen.steps) => {
            Some(LevelChange { from: seen.to().cloned(), steps: now.steps[seen.steps.len()..].to_vec() })
        }
        _ => None,
    };
}

/// Marks what the journal says changed since the last acknowledgement that counts, for
/// items still in the picture, before what this session marked itself.
fn mark_read_back(model: &mut Model, found: ReadBack) {
    let Some(picture) = &model.picture else { return };
    let feed = &picture.feed;
    let now = model.now;
    let changes = &mut model.changes;
    // Marked as seen now: on a wall they go `new_for` after this start.
    changes
        .measures
        .extend(found.measures.into_iter().filter(|id| picture.measure_index(id).is_some()).map(|id| (id, now)));
    changes
        .incidents
        .extend(found.incidents.into_iter().filter(|id| picture.incident_index(id).is_some()).map(|id| (id, now)));
    let critical_now =
        |id: &str| feed.incidents.iter().any(|i| i.id.as_str() == id && i.severity == Severity::Critical);
    let mut new_critical: Vec<String> =
        found.new_critical.into_iter().filter(|id| critical_now(id) && !changes.new_critical.contains(id)).collect();
    new_critical.append(&mut changes.new_critical);
    changes.new_critical = new_critical;
    if let Some((from, to, at)) = found.level {
        let mut steps = vec![LevelStep { level: Some(to), at, seen: now }];
        if let Some(later) = changes.level.take() {
            steps.extend(later.steps);
        }
        changes.level = Some(LevelChange { from: Some(from), steps });
    }
}

/// `n`: the note input opens (with a journal kept).
pub fn open_note(model: &mut Model) {
    if model.journal.is_kept() {
        model.journal.note = Some(String::new());
    } else {
        model.notice = Some(Notice { kind: NoticeKind::Journal(JournalNotice::NotKept), at: model.now });
    }
}

/// A key while the note input is open: Enter writes the note, Esc drops it.
pub fn note_key(model: &mut Model, key: KeyEvent) -> Vec<Command> {
    let Some(note) = model.journal.note.as_mut() else { return Vec::new() };
    let plain = !key.modifiers.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
    match key.code {
        KeyCode::Enter => {
            let text = clean_note(note);
            model.journal.note = None;
            if !text.is_empty() {
                return vec![Command::Journal(Job::Note(text))];
            }
        }
        KeyCode::Esc => model.journal.note = None,
        KeyCode::Backspace => {
            note.pop();
        }
        KeyCode::Char('u') if key.modifiers.contains(KeyModifiers::CONTROL) => note.clear(),
        // Control characters never enter a note (it is shown on screen and written).
        KeyCode::Char(c) if plain && !is_unsafe_char(c) && note.chars().count() < MAX_NOTE_CHARS => note.push(c),
        _ => {}
    }
    Vec::new()
}

/// `l`: this shift's journal in a popup, read afresh.
pub fn open_shift(model: &mut Model) -> Vec<Command> {
    model.overlay = Overlay::Journal;
    model.overlay_scroll = 0;
    model.journal.shift = None;
    if model.journal.is_kept() { vec![Command::Journal(Job::ReadShift)] } else { Vec::new() }
}
