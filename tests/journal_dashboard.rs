//! The journal end to end through the dashboard's own parts: real models driven by
//! `update`, each with the real journal task on a real file, as the runtime wires them.
//! Two viewers on one journal record each version once; an acknowledgement clears the
//! marks only when the journal confirms, and survives a restart for either `ack_scope`;
//! a journal that cannot be written shows its banner and everything else goes on.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

use chrono::NaiveTime;
use common::{Env, MINIMAL_AT};
use crossterm::event::{KeyCode, KeyEvent};
use sitrep::app::journal::{JournalState, JournalStatus};
use sitrep::app::{Command, FeedEvent, Message, Model, update};
use sitrep::feed::{DecodeOptions, Rgb};
use sitrep::journal::task::{Job, JournalEvent, JournalPlan, JournalTask, spawn};
use sitrep::journal::{AckScope, ContentHash, Entry, Event, Identity, JournalSetting, read_since};
use sitrep::snapshot::buffer_text;

const PATIENCE: Duration = Duration::from_secs(10);

/// Version `n` of the feed, generated shortly before the pinned clock (never stale):
/// 1: substantieel; 2: kritiek, an incident at Utrecht; 3: also a critical incident.
fn version(n: usize) -> String {
    let (generated, level) = match n {
        1 => ("09:00", "substantieel"),
        2 => ("09:05", "kritiek"),
        _ => ("09:10", "kritiek"),
    };
    let mut text = format!(
        "version = 1\ngenerated = 2015-11-18T{generated}:00+01:00\n[threat]\nlevel = \"{level}\"\n\
         [[measures]]\nid = \"schiphol\"\nlocation = \"Schiphol\"\ncategory = \"airport\"\n\
         description = \"Extra KMar patrols\"\nstatus = \"active\"\n"
    );
    if n >= 2 {
        text.push_str(
            "[[incidents]]\nid = \"utrecht\"\ntime = 2015-11-18T09:02:00+01:00\ntitle = \"Suspicious package\"\n\
             location = \"Utrecht Centraal\"\nseverity = \"major\"\n",
        );
    }
    if n >= 3 {
        text.push_str(
            "[[incidents]]\nid = \"boom\"\ntime = 2015-11-18T09:08:00+01:00\ntitle = \"Explosion at the station\"\n\
             severity = \"critical\"\n",
        );
    }
    text
}

/// The feed event of version `n`, read now.
fn read(n: usize) -> Message {
    Message::Feed(common::decode_toml(&version(n), common::time("2015-11-18T08:20:00Z")))
}

fn plan(path: &Path, operator: &str, scope: AckScope) -> JournalPlan {
    JournalPlan {
        setting: JournalSetting::At { path: path.to_path_buf(), default_location: false },
        max_bytes: 64 * 1024 * 1024,
        ack_scope: scope,
        shift_starts: vec![NaiveTime::from_hms_opt(7, 0, 0).unwrap()],
        timezone: sitrep::zone::Zone::utc(),
        decode: DecodeOptions::default(),
        feed: "test-feed.toml".to_owned(),
        identity: Some(Identity::fixed(operator, "ops1")),
        history_dir: None,
    }
}

/// A dashboard without a terminal: its model, and the journal task the runtime would
/// start for it, wired the same way (commands to the task, events back through `update`).
struct Viewer {
    model: Model,
    task: Option<JournalTask>,
    events: Receiver<JournalEvent>,
    runtime: tokio::runtime::Runtime,
}

impl Viewer {
    fn start(path: &Path, operator: &str, scope: AckScope) -> Self {
        let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().unwrap();
        let mut model = common::empty_model(MINIMAL_AT, Env::EN, (120, 40));
        model.journal = JournalState::kept();
        let (tx, events) = channel();
        let task = {
            let _entered = runtime.enter();
            spawn(plan(path, operator, scope), move |event| tx.send(event).is_ok())
        };
        Self { model, task: Some(task), events, runtime }
    }

    /// One message through `update`; journal commands go to the task.
    fn send(&mut self, message: Message) -> Vec<Command> {
        let commands = update(&mut self.model, message);
        for command in &commands {
            if let Command::Journal(job) = command {
                self.task.as_ref().unwrap().jobs.send(job.clone()).unwrap();
            }
        }
        commands
    }

    fn key(&mut self, code: KeyCode) -> Vec<Command> {
        self.send(Message::Key(KeyEvent::from(code)))
    }

    /// Takes in what the task reports until it has done every job sent so far (the
    /// task works in order: the answer to a read of the shift comes after them all).
    fn settle(&mut self) {
        self.task.as_ref().unwrap().jobs.send(Job::ReadShift).unwrap();
        loop {
            let event = self.events.recv_timeout(PATIENCE).expect("the journal task answers");
            let last = matches!(event, JournalEvent::Shift(_));
            self.send(Message::Journal(event));
            if last {
                return;
            }
        }
    }

    /// Quits (`q`), as the runtime does: the session's stop, waited for.
    fn quit(mut self) {
        self.key(KeyCode::Char('q'));
        assert!(!self.model.running);
        let task = self.task.take().unwrap();
        self.runtime.block_on(task.stop(PATIENCE));
    }

    fn screen(&self) -> String {
        buffer_text(&common::render(&self.model, 120, 40))
    }
}

fn entries(path: &Path) -> Vec<Entry> {
    let (mut entries, skipped) = read_since(path, common::time("2000-01-01T00:00:00Z")).unwrap();
    assert!(skipped.is_empty(), "{skipped:?}");
    entries.reverse();
    entries
}

fn count(path: &Path, kind: &str) -> usize {
    entries(path).iter().filter(|e| e.event.kind() == kind).count()
}

fn accepted_hashes(path: &Path) -> Vec<ContentHash> {
    entries(path)
        .into_iter()
        .filter_map(|e| match e.event {
            Event::FeedAccepted(version) => Some(version.hash),
            _ => None,
        })
        .collect()
}

fn journal_in(dir: &tempfile::TempDir) -> PathBuf {
    dir.path().join("journal.jsonl")
}

#[test]
fn two_viewers_and_three_versions_leave_exactly_three_accepted_entries() {
    let dir = tempfile::tempdir().unwrap();
    let path = journal_in(&dir);
    let mut alice = Viewer::start(&path, "alice", AckScope::Operator);
    let mut bob = Viewer::start(&path, "bob", AckScope::Operator);
    for n in 1..=3 {
        // Both read each version, twice (a reload), their tasks writing at the same time.
        for _ in 0..2 {
            alice.send(read(n));
            bob.send(read(n));
        }
        alice.settle();
        bob.settle();
    }
    alice.quit();
    bob.quit();
    let expected: Vec<ContentHash> = (1..=3).map(|n| ContentHash::of(version(n).as_bytes())).collect();
    assert_eq!(accepted_hashes(&path), expected);
    assert_eq!(count(&path, "session_start"), 2);
    assert_eq!(count(&path, "session_stop"), 2);
    // What changed is against the version before, whoever recorded it.
    let diffs: Vec<String> = entries(&path)
        .into_iter()
        .filter_map(|e| match e.event {
            Event::FeedAccepted(version) => version.diff.map(|d| d.summary(sitrep::config::Language::En)),
            _ => None,
        })
        .collect();
    assert_eq!(diffs, ["level substantieel 4/5 → kritiek 5/5; incidents: 1 new", "incidents: 1 new"]);
}

#[test]
fn a_viewer_that_lags_behind_records_no_old_version_as_news() {
    let dir = tempfile::tempdir().unwrap();
    let path = journal_in(&dir);
    let mut alice = Viewer::start(&path, "alice", AckScope::Operator);
    let mut bob = Viewer::start(&path, "bob", AckScope::Operator);
    // Bob read version 1, and his read reaches his journal task late: after Alice saw
    // versions 1 and 2.
    let late = read(1);
    std::thread::sleep(Duration::from_millis(5));
    alice.send(read(1));
    alice.send(read(2));
    alice.settle();
    bob.send(late);
    bob.settle();
    for n in [2, 3] {
        alice.send(read(n));
        bob.send(read(n));
        alice.settle();
        bob.settle();
    }
    alice.quit();
    bob.quit();
    let expected: Vec<ContentHash> = (1..=3).map(|n| ContentHash::of(version(n).as_bytes())).collect();
    assert_eq!(accepted_hashes(&path), expected);
}

#[test]
fn an_acknowledgement_shows_as_done_only_when_the_journal_confirms() {
    let dir = tempfile::tempdir().unwrap();
    let path = journal_in(&dir);
    let mut alice = Viewer::start(&path, "alice", AckScope::Operator);
    alice.send(read(1));
    alice.send(read(2));
    alice.settle();
    assert!(alice.model.changes.level.is_some());
    assert!(alice.model.changes.incidents.contains_key("utrecht"));
    let commands = alice.key(KeyCode::Char('a'));
    assert!(matches!(commands.as_slice(), [Command::Journal(Job::Acknowledge { .. })]), "{commands:?}");
    // Sent, not yet confirmed: the marks stay.
    assert!(alice.model.changes.level.is_some(), "cleared before the journal confirmed");
    assert!(alice.screen().contains("LEVEL RAISED"));
    alice.settle();
    assert!(alice.model.changes.is_empty(), "{:?}", alice.model.changes);
    assert!(!alice.screen().contains("LEVEL RAISED"));
    let ack = entries(&path)
        .into_iter()
        .find_map(|e| match e.event {
            Event::Ack(what) => Some(what),
            _ => None,
        })
        .expect("an ack entry");
    assert_eq!(ack.through, Some(ContentHash::of(version(2).as_bytes())));
    assert_eq!(ack.incidents, ["utrecht"]);
    let level = ack.level.expect("the level change acknowledged");
    assert_eq!((level.from.name.as_str(), level.to.name.as_str()), ("substantieel", "kritiek"));
    alice.quit();
}

/// Alice sees versions 1 and 2 and acknowledges; everyone restarts on version 2.
fn after_alice_acknowledged(scope: AckScope) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = journal_in(&dir);
    let mut alice = Viewer::start(&path, "alice", scope);
    alice.send(read(1));
    alice.send(read(2));
    alice.settle();
    alice.key(KeyCode::Char('a'));
    alice.settle();
    assert!(alice.model.changes.is_empty());
    alice.quit();
    (dir, path)
}

/// A viewer started on version `n`, once the journal has been read back.
fn restarted(path: &Path, operator: &str, scope: AckScope, n: usize) -> Viewer {
    let mut viewer = Viewer::start(path, operator, scope);
    viewer.send(read(n));
    viewer.settle();
    viewer
}

#[test]
fn an_acknowledgement_survives_a_restart_for_its_operator() {
    let (_dir, path) = after_alice_acknowledged(AckScope::Operator);
    let alice = restarted(&path, "alice", AckScope::Operator, 2);
    assert!(alice.model.changes.is_empty(), "{:?}", alice.model.changes);
    alice.quit();

    // Bob never acknowledged: his restart marks what changed, the level coloured as the
    // scale has it.
    let bob = restarted(&path, "bob", AckScope::Operator, 2);
    let change = bob.model.changes.level.clone().expect("the level change is marked for bob");
    let to = change.to().expect("to a level").clone();
    let from = change.from.expect("from a level");
    assert_eq!((from.name.as_str(), from.rank, from.color), ("substantieel", 4, Rgb(0xf0, 0x7d, 0x1a)));
    assert_eq!((to.name.as_str(), to.rank, to.of, to.color), ("kritiek", 5, 5, Rgb(0xd7, 0x26, 0x1e)));
    assert_eq!(bob.model.changes.incidents.keys().collect::<Vec<_>>(), ["utrecht"]);
    let screen = bob.screen();
    assert!(screen.contains("LEVEL RAISED: SUBSTANTIEEL 4/5 → KRITIEK 5/5"), "{screen}");
    bob.quit();
}

#[test]
fn a_shared_acknowledgement_survives_a_restart_for_everyone() {
    let (_dir, path) = after_alice_acknowledged(AckScope::Shared);
    for operator in ["alice", "bob"] {
        let viewer = restarted(&path, operator, AckScope::Shared, 2);
        assert!(viewer.model.changes.is_empty(), "{operator}: {:?}", viewer.model.changes);
        viewer.quit();
    }
}

#[test]
fn after_a_restart_only_what_came_after_the_acknowledgement_is_marked() {
    for scope in [AckScope::Operator, AckScope::Shared] {
        let (_dir, path) = after_alice_acknowledged(scope);
        // Version 3 arrives while Alice is away; Bob's dashboard records it.
        let mut bob = restarted(&path, "bob", scope, 2);
        bob.send(read(3));
        bob.settle();
        bob.quit();
        let alice = restarted(&path, "alice", scope, 3);
        let changes = &alice.model.changes;
        assert_eq!(changes.level, None, "{scope:?}");
        assert_eq!(changes.incidents.keys().collect::<Vec<_>>(), ["boom"], "{scope:?}");
        assert_eq!(changes.new_critical, ["boom"], "{scope:?}");
        assert!(alice.screen().contains("NEW CRITICAL"), "{scope:?}");
        alice.quit();
    }
}

#[test]
fn a_journal_that_cannot_be_written_shows_its_banner_and_the_rest_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    // A journal whose folder is a regular file: it cannot be created.
    let blocker = dir.path().join("not-a-folder");
    std::fs::write(&blocker, "").unwrap();
    let path = blocker.join("journal.jsonl");
    let mut alice = Viewer::start(&path, "alice", AckScope::Operator);
    alice.send(read(1));
    alice.send(read(2));
    alice.settle();
    assert!(matches!(&alice.model.journal.status, JournalStatus::Off(why) if why.contains("Not a directory")));
    let screen = alice.screen();
    assert!(screen.contains("journal off:"), "{screen}");
    assert!(screen.contains("not-a-folder/journal.jsonl"), "{screen}");
    // The picture, the marks, and `a` work as ever (on this screen alone).
    assert!(screen.contains("KRITIEK"), "{screen}");
    assert!(screen.contains("LEVEL RAISED"), "{screen}");
    alice.key(KeyCode::Char('a'));
    alice.settle();
    assert!(alice.model.changes.is_empty());
    // A note cannot be written: the operator is told.
    alice.key(KeyCode::Char('n'));
    for c in "radio check".chars() {
        alice.key(KeyCode::Char(c));
    }
    alice.key(KeyCode::Enter);
    alice.settle();
    assert!(alice.screen().contains("note NOT written: the journal is off"), "{}", alice.screen());
    alice.quit();

    // A symlink is refused the same way.
    let target = dir.path().join("elsewhere.jsonl");
    std::fs::write(&target, "").unwrap();
    let link = dir.path().join("journal.jsonl");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let mut viewer = Viewer::start(&link, "alice", AckScope::Operator);
    viewer.send(read(1));
    viewer.settle();
    assert!(viewer.screen().contains("is a symbolic link, not a regular file: refused"), "{}", viewer.screen());
    viewer.quit();
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "", "nothing written through the link");
}

#[test]
fn feed_trouble_is_recorded_once_per_episode() {
    let dir = tempfile::tempdir().unwrap();
    let path = journal_in(&dir);
    let mut alice = Viewer::start(&path, "alice", AckScope::Operator);
    let now = common::time("2015-11-18T08:20:00Z");
    alice.send(read(1));
    for _ in 0..3 {
        alice.send(Message::Feed(common::decode_toml("version = 1\n[threat]\nlvel = 3\n", now)));
    }
    alice.send(read(1));
    for _ in 0..2 {
        alice.send(Message::Feed(FeedEvent::Missing { reason: "feed.toml: no such file".into(), at: now }));
    }
    alice.send(read(2));
    alice.settle();
    // Stale: the clock passes the limit (30 minutes) without a new version.
    alice.model.clock_pinned = false;
    alice.send(Message::Tick(common::time("2015-11-18T09:00:00Z")));
    alice.send(Message::Tick(common::time("2015-11-18T09:10:00Z")));
    alice.settle();
    alice.quit();
    let kinds: Vec<&str> = entries(&path).iter().map(|e| e.event.kind()).collect();
    assert_eq!(
        kinds,
        [
            "session_start",
            "feed_accepted",
            "feed_rejected",
            "feed_fresh",
            "feed_missing",
            "feed_accepted",
            "feed_stale",
            "session_stop"
        ]
    );
}
