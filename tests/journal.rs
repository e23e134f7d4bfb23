//! The journal on real files: several writers, acknowledgements across restarts, torn
//! lines (simulated and by a real `kill -9`), rotation, and paths that must be refused.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test fails loudly on a broken fixture

mod shift;

use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use shift::{accept, entries, feed_text, kinds, open, options, time};
use sitrep::feed::diff::ItemChange;
use sitrep::journal::{AckScope, Acknowledged, Event, Journal, Recorded, read_since};

const V1: (&str, &str) = ("2015-11-18T07:00:00+01:00", "substantieel");
const V2: (&str, &str) = ("2015-11-18T08:00:00+01:00", "kritiek");

fn version(n: usize) -> String {
    match n {
        1 => feed_text(V1.0, V1.1, ""),
        2 => feed_text(V2.0, V2.1, ""),
        _ => feed_text(
            "2015-11-18T09:00:00+01:00",
            "kritiek",
            "\n[[incidents]]\nid = \"utrecht\"\ntime = 2015-11-18T08:30:00+01:00\ntitle = \"Suspicious package\"\nlocation = \"Utrecht Centraal\"\nseverity = \"major\"\n",
        ),
    }
}

fn accepted_hashes(path: &Path) -> Vec<String> {
    entries(path)
        .into_iter()
        .filter_map(|e| match e.event {
            Event::FeedAccepted(v) => Some(v.hash.0),
            _ => None,
        })
        .collect()
}

#[test]
fn two_viewers_and_three_versions_leave_three_accepted_entries() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.jsonl");
    let (alice, bob) = (open(&path, "alice"), open(&path, "bob"));
    // Both viewers see every version, in parallel, many times over.
    std::thread::scope(|scope| {
        for journal in [&alice, &bob] {
            scope.spawn(move || {
                for n in 1..=3 {
                    for _ in 0..20 {
                        accept(journal, "2026-11-28T06:00:00Z", &version(n));
                    }
                }
            });
        }
    });
    // Either viewer may lag behind the other: if one is still on version 1 when the
    // other recorded 2, version 1 is recorded again (A→B→A). Run the writers in lock
    // step to pin the count.
    let accepted = accepted_hashes(&path);
    assert!(accepted.len() >= 3, "{accepted:?}");
    for pair in accepted.windows(2) {
        assert_ne!(pair[0], pair[1], "the same version twice in a row");
    }

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.jsonl");
    let (alice, bob) = (open(&path, "alice"), open(&path, "bob"));
    let barrier = std::sync::Barrier::new(2);
    std::thread::scope(|scope| {
        for journal in [&alice, &bob] {
            let barrier = &barrier;
            scope.spawn(move || {
                for n in 1..=3 {
                    barrier.wait();
                    accept(journal, "2026-11-28T06:00:00Z", &version(n));
                }
            });
        }
    });
    assert_eq!(accepted_hashes(&path).len(), 3);
    let diffs: Vec<_> = entries(&path)
        .into_iter()
        .filter_map(|e| match e.event {
            Event::FeedAccepted(v) => Some(v.diff),
            _ => None,
        })
        .collect();
    assert_eq!(diffs[0], None, "the first version has nothing to compare with");
    let level = diffs[1].as_ref().unwrap().level.as_ref().unwrap();
    assert_eq!((level.from.name.as_str(), level.to.name.as_str()), ("substantieel", "kritiek"));
    let third = diffs[2].as_ref().unwrap();
    assert_eq!(third.incidents[0].id, "utrecht");
    assert_eq!(third.incidents[0].change, ItemChange::Added);
}

#[test]
fn a_version_that_comes_back_is_recorded_again() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.jsonl");
    let journal = open(&path, "alice");
    assert_eq!(accept(&journal, "2026-11-28T06:00:00Z", &version(1)), Recorded::Written);
    assert_eq!(accept(&journal, "2026-11-28T06:01:00Z", &version(1)), Recorded::AlreadyRecorded);
    assert_eq!(accept(&journal, "2026-11-28T06:02:00Z", &version(2)), Recorded::Written);
    assert_eq!(accept(&journal, "2026-11-28T06:03:00Z", &version(1)), Recorded::Written);
    assert_eq!(accepted_hashes(&path).len(), 3);
}

#[test]
fn feed_health_is_recorded_once_per_episode() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.jsonl");
    let (alice, bob) = (open(&path, "alice"), open(&path, "bob"));
    accept(&alice, "2026-11-28T06:00:00Z", &version(1));
    let problems = vec![
        sitrep::feed::Problem::error("unknown field `lvel`").at(Some(sitrep::feed::Position { line: 5, column: 1 })),
        sitrep::feed::Problem::error("second"),
    ];
    for journal in [&alice, &bob] {
        journal.record_rejected(time("2026-11-28T06:10:00Z"), "/srv/feed.toml", &problems).unwrap();
    }
    // The producer puts the same version back: the episode ends with `feed_fresh`.
    accept(&bob, "2026-11-28T06:20:00Z", &version(1));
    accept(&alice, "2026-11-28T06:20:01Z", &version(1));
    let stale_after = sitrep::feed::FeedDuration::from_secs(1800);
    for journal in [&alice, &bob] {
        journal.record_stale(time("2026-11-28T07:00:00Z"), "/srv/feed.toml", None, stale_after).unwrap();
        journal.record_missing(time("2026-11-28T07:10:00Z"), "/srv/feed.toml", "no such file").unwrap();
    }
    accept(&alice, "2026-11-28T07:20:00Z", &version(2));
    assert_eq!(
        kinds(&path),
        ["feed_accepted", "feed_rejected", "feed_fresh", "feed_stale", "feed_missing", "feed_accepted"]
    );
    // A feed that is missing is also stale: one episode of each, however often told.
    let Event::FeedRejected(rejected) = &entries(&path)[1].event else { panic!() };
    assert_eq!(rejected.error, "/srv/feed.toml:5:1: error: unknown field `lvel`");
    assert_eq!((rejected.line, rejected.column, rejected.errors), (Some(5), Some(1), 2));
}

#[test]
fn exercise_on_and_off_follow_the_versions() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.jsonl");
    let journal = open(&path, "alice");
    accept(&journal, "2026-11-28T06:00:00Z", &version(1));
    let exercise = version(2).replacen("[threat]", "exercise = true\n[threat]", 1);
    accept(&journal, "2026-11-28T06:10:00Z", &exercise);
    accept(&journal, "2026-11-28T06:20:00Z", &version(3));
    assert_eq!(kinds(&path), ["feed_accepted", "feed_accepted", "exercise", "feed_accepted", "exercise"]);
    let ons: Vec<bool> = entries(&path)
        .into_iter()
        .filter_map(|e| match e.event {
            Event::Exercise { on, .. } => Some(on),
            _ => None,
        })
        .collect();
    assert_eq!(ons, [true, false]);
}

#[test]
fn acknowledgements_survive_a_restart_for_both_scopes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.jsonl");
    let horizon = time("2026-11-01T00:00:00Z");
    {
        let (alice, bob) = (open(&path, "alice"), open(&path, "bob"));
        accept(&alice, "2026-11-28T06:00:00Z", &version(1));
        accept(&alice, "2026-11-28T06:10:00Z", &version(2));
        // Alice acknowledges the level change; then the package turns up.
        alice.record_ack(time("2026-11-28T06:15:00Z"), Acknowledged::default()).unwrap();
        accept(&bob, "2026-11-28T06:20:00Z", &version(3));
        bob.record_note(time("2026-11-28T06:25:00Z"), "Called the station").unwrap();
    }
    // A restart: new journals on the same file.
    let (alice, bob) = (open(&path, "alice"), open(&path, "bob"));
    let mine = alice.unacknowledged(AckScope::Operator, horizon).unwrap();
    assert_eq!(mine.last_ack.as_ref().map(|a| a.operator.as_str()), Some("alice"));
    assert_eq!(mine.level, None, "alice acknowledged the level change");
    assert_eq!(mine.incidents.iter().collect::<Vec<_>>(), ["utrecht"]);
    assert_eq!(mine.versions, 1);
    // Bob never acknowledged: under `operator` he still has the level change.
    let his = bob.unacknowledged(AckScope::Operator, horizon).unwrap();
    assert!(his.last_ack.is_none());
    let level = his.level.as_ref().unwrap();
    assert_eq!((level.from.name.as_str(), level.to.name.as_str()), ("substantieel", "kritiek"));
    // Under `shared`, Alice's acknowledgement counts for Bob too.
    let shared = bob.unacknowledged(AckScope::Shared, horizon).unwrap();
    assert_eq!(shared.level, None);
    assert_eq!(shared.incidents.iter().collect::<Vec<_>>(), ["utrecht"]);
    // Bob acknowledges; after another restart nothing is left for either under `shared`.
    bob.record_ack(time("2026-11-28T06:30:00Z"), Acknowledged::default()).unwrap();
    let (alice, bob) = (open(&path, "alice"), open(&path, "bob"));
    assert!(alice.unacknowledged(AckScope::Shared, horizon).unwrap().is_empty());
    assert!(bob.unacknowledged(AckScope::Operator, horizon).unwrap().is_empty());
    assert!(!alice.unacknowledged(AckScope::Operator, horizon).unwrap().is_empty());
}

#[test]
fn a_torn_last_line_is_skipped_and_the_next_entry_starts_on_a_new_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.jsonl");
    let journal = open(&path, "alice");
    journal.record_note(time("2026-11-28T06:00:00Z"), "before").unwrap();
    // A writer killed in the middle of its write.
    std::fs::OpenOptions::new().append(true).open(&path).unwrap().write_all(br#"{"v":1,"time":"2026-11-28T0"#).unwrap();
    let (entries, skipped) = read_since(&path, time("2026-11-01T00:00:00Z")).unwrap();
    assert_eq!(entries.len(), 1);
    assert_eq!(skipped.len(), 1);
    assert!(skipped[0].to_string().contains("torn"), "{}", skipped[0]);
    // A restart writes on.
    let journal = open(&path, "alice");
    journal.record_note(time("2026-11-28T06:05:00Z"), "after").unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.ends_with("\"text\":\"after\"}\n"), "{text}");
    let (entries, skipped) = read_since(&path, time("2026-11-01T00:00:00Z")).unwrap();
    let notes: Vec<_> = entries.iter().map(|e| e.event.clone()).collect();
    assert_eq!(notes, [Event::Note { text: "after".into() }, Event::Note { text: "before".into() }]);
    assert_eq!(skipped.len(), 1);
    assert!(skipped[0].why.starts_with("unreadable line"), "{}", skipped[0]);
}

/// The child side of the `kill -9` test: appends notes until killed.
#[test]
fn child_appends_until_killed() {
    let Ok(path) = std::env::var("SITREP_JOURNAL_CHILD") else { return };
    let journal = open(Path::new(&path), "child");
    let long = "x".repeat(900);
    for n in 0.. {
        journal.record_note(time("2026-11-28T06:00:00Z"), &format!("{n} {long}")).unwrap();
    }
}

#[test]
fn after_kill_9_a_restart_reads_the_journal_and_writes_on() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.jsonl");
    for _ in 0..3 {
        let mut child = std::process::Command::new(std::env::current_exe().unwrap())
            .args(["--exact", "child_appends_until_killed", "--nocapture", "--test-threads=1"])
            .env("SITREP_JOURNAL_CHILD", &path)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        // Kill it in the middle of its run (it writes notes as fast as it can).
        while std::fs::metadata(&path).map_or(0, |m| m.len()) < 64 * 1024 {
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        // std's kill is SIGKILL on Unix: kill -9.
        child.kill().unwrap();
        child.wait().unwrap();
        let journal = open(&path, "alice");
        journal.record_note(time("2026-11-28T07:00:00Z"), "after the kill").unwrap();
    }
    let (entries, skipped) = read_since(&path, time("2026-11-01T00:00:00Z")).unwrap();
    // A kill can only tear the line being written: at most one per kill.
    assert!(skipped.len() <= 3, "{skipped:?}");
    assert!(entries.len() > 60, "{}", entries.len());
    assert_eq!(entries[0].event, Event::Note { text: "after the kill".into() });
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(text.lines().filter(|l| l.contains("after the kill")).count(), 3);
    assert!(text.lines().filter(|l| l.contains("after the kill")).all(|l| l.starts_with("{\"v\":1")));
}

#[test]
fn rotation_keeps_every_entry() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.jsonl");
    let journal =
        Journal::open(&path, sitrep::journal::JournalOptions { max_bytes: 2048, ..options("alice") }).unwrap();
    for n in 0..100 {
        journal
            .record_note(time("2026-11-28T06:00:00Z") + chrono::TimeDelta::minutes(n), &format!("note {n}"))
            .unwrap();
    }
    assert!(dir.path().join("journal.jsonl.1").is_file());
    assert!(dir.path().join("journal.jsonl.5").is_file());
    for file in std::fs::read_dir(dir.path()).unwrap() {
        let file = file.unwrap();
        assert!(file.metadata().unwrap().len() <= 2048, "{:?}", file.path());
    }
    let notes: Vec<String> = entries(&path)
        .into_iter()
        .map(|e| match e.event {
            Event::Note { text } => text,
            other => panic!("{other:?}"),
        })
        .collect();
    let expected: Vec<String> = (0..100).map(|n| format!("note {n}")).collect();
    assert_eq!(notes, expected);
}

#[test]
fn notes_are_cleaned_and_cut() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.jsonl");
    let journal = open(&path, "alice");
    let written = journal.record_note(time("2026-11-28T06:00:00Z"), "  a\x1b]0;x\x07b\nc  ").unwrap();
    assert_eq!(written.as_deref(), Some("a^[]0;x^Gb^Jc"));
    let written = journal.record_note(time("2026-11-28T06:00:00Z"), &"é".repeat(1500)).unwrap().unwrap();
    assert_eq!(written.chars().count(), 1000);
    assert_eq!(journal.record_note(time("2026-11-28T06:00:00Z"), "   ").unwrap(), None);
    assert_eq!(kinds(&path), ["note", "note"]);
}

#[test]
fn a_new_journal_is_0640_unless_the_umask_is_stricter() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.jsonl");
    open(&path, "alice");
    let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    // The umask can only take bits away.
    assert_eq!(mode & !0o640, 0, "{mode:o}");
    assert_eq!(mode & 0o600, 0o600, "{mode:o}");
}

#[test]
fn a_symlink_or_a_fifo_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("elsewhere.jsonl");
    std::fs::write(&target, "").unwrap();
    let link = dir.path().join("journal.jsonl");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let error = Journal::open(&link, options("alice")).unwrap_err();
    assert!(error.to_string().ends_with("is a symbolic link, not a regular file: refused"), "{error}");
    // A dangling symlink is not followed into creating its target either.
    let dangling = dir.path().join("dangling.jsonl");
    std::os::unix::fs::symlink(dir.path().join("nowhere"), &dangling).unwrap();
    assert!(Journal::open(&dangling, options("alice")).is_err());
    assert!(!dir.path().join("nowhere").exists());

    let fifo = dir.path().join("fifo.jsonl");
    assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let error = Journal::open(&fifo, options("alice")).unwrap_err();
    assert!(error.to_string().contains("is a FIFO, not a regular file"), "{error}");
    let error = Journal::open(dir.path(), options("alice")).unwrap_err();
    assert!(error.to_string().contains("is a folder"), "{error}");
}

/// The child side of the read-only test: run without root's privileges.
#[test]
fn child_opens_in_a_read_only_folder() {
    let Ok(path) = std::env::var("SITREP_JOURNAL_READ_ONLY") else { return };
    let error = Journal::open(Path::new(&path), options("alice")).unwrap_err();
    println!("journal off: {error}");
}

#[test]
fn a_read_only_folder_gives_an_error_to_show() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("ro");
    std::fs::create_dir(&folder).unwrap();
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o555)).unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let path = folder.join("journal.jsonl");
    let message = if nix::unistd::geteuid().is_root() {
        // Root writes anywhere: check as an ordinary user (nobody) in a child process.
        use std::os::unix::process::CommandExt;
        let output = std::process::Command::new(std::env::current_exe().unwrap())
            .args(["--exact", "child_opens_in_a_read_only_folder", "--nocapture", "--test-threads=1"])
            .env("SITREP_JOURNAL_READ_ONLY", &path)
            .uid(65534)
            .gid(65534)
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
        assert!(output.status.success(), "{stdout}{}", String::from_utf8_lossy(&output.stderr));
        let at = stdout.find("journal off: ").expect(&stdout);
        stdout[at..].lines().next().unwrap_or_default().to_owned()
    } else {
        format!("journal off: {}", Journal::open(&path, options("alice")).unwrap_err())
    };
    assert!(message.ends_with("journal.jsonl: opening: Permission denied (os error 13)"), "{message}");
    assert!(!path.exists());
}

/// A viewer that shares its decoded versions: the next version is compared with the
/// shared one (the kept copy on disk is not needed), and where another viewer recorded a
/// version in between, with that one's kept copy.
#[test]
fn shared_versions_are_compared_without_decoding_again() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.jsonl");
    let (alice, bob) = (open(&path, "alice"), open(&path, "bob"));
    let share = |journal: &Journal, at: &str, n: usize| {
        let text = version(n);
        let feed = std::sync::Arc::new(shift::feed(&text));
        journal
            .record_version_shared(time(at), text.as_bytes(), &feed, sitrep::feed::Format::Toml, "/srv/feed.toml", None)
            .unwrap()
    };
    let diffs = |path: &Path| -> Vec<_> {
        entries(path)
            .into_iter()
            .filter_map(|e| match e.event {
                Event::FeedAccepted(v) => Some(v.diff),
                _ => None,
            })
            .collect()
    };
    assert_eq!(share(&alice, "2026-11-28T06:00:00Z", 1), Recorded::Written);
    // Without the kept copy, only the shared version can give the change.
    std::fs::remove_file(dir.path().join("journal.jsonl.last-feed.json")).unwrap();
    assert_eq!(share(&alice, "2026-11-28T06:01:00Z", 2), Recorded::Written);
    let level = diffs(&path)[1].clone().unwrap().level.unwrap();
    assert_eq!((level.from.name.as_str(), level.to.name.as_str()), ("substantieel", "kritiek"));
    // Bob records version 3 first: alice's shared version 2 is not the latest any more,
    // so her next version is compared with bob's kept copy of 3, not with 2.
    assert_eq!(accept(&bob, "2026-11-28T06:02:00Z", &version(3)), Recorded::Written);
    assert_eq!(share(&alice, "2026-11-28T06:03:00Z", 1), Recorded::Written);
    let last = diffs(&path).pop().unwrap().unwrap();
    assert_eq!(last.incidents[0].id, "utrecht");
    assert_eq!(last.incidents[0].change, ItemChange::Removed);
    let level = last.level.unwrap();
    assert_eq!((level.from.name.as_str(), level.to.name.as_str()), ("kritiek", "substantieel"));
}
