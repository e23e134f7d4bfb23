//! The journal with the real `sitrep` binary in pseudo-terminals: two officers' dashboards
//! on one journal record each feed version once; after `kill -9` in the middle of a run
//! a restart reads the journal back, skipping the torn last line, and the acknowledgement
//! made before the kill still holds; a journal in a folder the officer cannot write gives
//! the `journal off` banner and the dashboard goes on.

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "common/pty.rs"]
mod pty;

use std::io::Write as _;
use std::path::Path;
use std::time::Duration;

use portable_pty::CommandBuilder;
use pty::{Dashboard, with_test_env};
use sitrep::journal::{Entry, read_since};

const TIMEOUT: Duration = Duration::from_secs(10);
/// The screen's clock, pinned shortly after every version below was generated.
const AT: &str = "2015-11-18T09:20:00+01:00";

/// Version `n` of the feed: 1 substantieel; 2 kritiek with an incident; 3 one more.
fn version(n: usize) -> String {
    let (generated, level) = match n {
        1 => ("09:00", "substantieel"),
        2 => ("09:05", "kritiek"),
        _ => ("09:10", "kritiek"),
    };
    let mut text = format!("version = 1\ngenerated = 2015-11-18T{generated}:00+01:00\n[threat]\nlevel = \"{level}\"\n");
    if n >= 2 {
        text.push_str(
            "[[incidents]]\nid = \"utrecht\"\ntime = 2015-11-18T09:02:00+01:00\ntitle = \"Suspicious package\"\nseverity = \"major\"\n",
        );
    }
    if n >= 3 {
        text.push_str(
            "[[incidents]]\nid = \"boom\"\ntime = 2015-11-18T09:08:00+01:00\ntitle = \"Explosion at the station\"\nseverity = \"critical\"\n",
        );
    }
    text
}

/// What shows that a dashboard has version `n` on screen.
fn shows_version(n: usize) -> impl Fn(&vt100::Screen) -> bool {
    move |screen| {
        let text = screen.contents();
        match n {
            1 => text.contains("SUBSTANTIEEL") && !text.contains("Suspicious package"),
            2 => text.contains("Suspicious package") && !text.contains("Explosion at the station"),
            _ => text.contains("Explosion at the station"),
        }
    }
}

/// Replaces the feed atomically, as a producer should.
fn publish(feed: &Path, n: usize) {
    let next = feed.with_extension("toml.new");
    std::fs::write(&next, version(n)).unwrap();
    std::fs::rename(&next, feed).unwrap();
}

/// `sitrep` following `feed` with `journal`, as `operator` (through `SUDO_USER`).
fn sitrep(feed: &Path, journal: &Path, operator: &str) -> CommandBuilder {
    let mut command = CommandBuilder::new(env!("CARGO_BIN_EXE_sitrep"));
    dashboard_args(&mut command, feed, journal);
    with_test_env(&mut command);
    command.env("TZ", "Europe/Amsterdam");
    command.env("SUDO_USER", operator);
    command
}

fn dashboard_args(command: &mut CommandBuilder, feed: &Path, journal: &Path) {
    command.args(["--config", "config/default.toml", "--at", AT, "--feed"]);
    command.arg(feed);
    command.arg("--journal");
    command.arg(journal);
}

fn entries(journal: &Path) -> (Vec<Entry>, usize) {
    let (mut entries, skipped) = read_since(journal, chrono::DateTime::UNIX_EPOCH).unwrap();
    entries.reverse();
    (entries, skipped.len())
}

fn kinds(journal: &Path) -> Vec<String> {
    entries(journal).0.iter().map(|e| format!("{} {}", e.operator, e.event.kind())).collect()
}

fn quit(dashboard: &mut Dashboard) {
    dashboard.press(b"q");
    let status = dashboard.wait_for_exit(TIMEOUT).expect("sitrep quits");
    assert!(status.success(), "{status:?}");
}

fn wait_for(dashboard: &mut Dashboard, what: &str, done: impl Fn(&vt100::Screen) -> bool) {
    assert!(dashboard.read_until(TIMEOUT, done), "{what}:\n{}", dashboard.terminal.screen().contents());
}

#[test]
fn two_officers_on_one_journal_record_three_versions_three_times() {
    let dir = tempfile::tempdir().unwrap();
    let (feed, journal) = (dir.path().join("feed.toml"), dir.path().join("journal.jsonl"));
    publish(&feed, 1);
    let mut alice = Dashboard::start_command(sitrep(&feed, &journal, "alice"), 100, 30);
    let mut bob = Dashboard::start_command(sitrep(&feed, &journal, "bob"), 100, 30);
    for n in 1..=3 {
        if n > 1 {
            publish(&feed, n);
        }
        wait_for(&mut alice, &format!("alice sees version {n}"), shows_version(n));
        wait_for(&mut bob, &format!("bob sees version {n}"), shows_version(n));
    }
    quit(&mut alice);
    quit(&mut bob);
    let (entries, skipped) = entries(&journal);
    assert_eq!(skipped, 0);
    let accepted: Vec<&Entry> = entries.iter().filter(|e| e.event.kind() == "feed_accepted").collect();
    assert_eq!(accepted.len(), 3, "{:?}", kinds(&journal));
    let count = |kind: &str| entries.iter().filter(|e| e.event.kind() == kind).count();
    assert_eq!((count("session_start"), count("session_stop")), (2, 2), "{:?}", kinds(&journal));
    let operators: std::collections::BTreeSet<&str> = entries.iter().map(|e| e.operator.as_str()).collect();
    assert_eq!(operators.into_iter().collect::<Vec<_>>(), ["alice", "bob"]);
}

#[test]
fn after_kill_9_a_restart_reads_the_journal_and_skips_the_torn_line() {
    let dir = tempfile::tempdir().unwrap();
    let (feed, journal) = (dir.path().join("feed.toml"), dir.path().join("journal.jsonl"));
    publish(&feed, 1);
    let mut alice = Dashboard::start_command(sitrep(&feed, &journal, "alice"), 100, 30);
    wait_for(&mut alice, "version 1", shows_version(1));
    publish(&feed, 2);
    wait_for(&mut alice, "the raise is marked", |s| s.contents().contains("LEVEL RAISED"));
    alice.press(b"a");
    // The marks go only once the acknowledgement is on disk.
    wait_for(&mut alice, "the acknowledgement is done", |s| !s.contents().contains("LEVEL RAISED"));
    assert!(kinds(&journal).contains(&"alice ack".to_owned()), "{:?}", kinds(&journal));
    alice.signal("KILL");
    assert!(alice.wait_for_exit(TIMEOUT).is_some());
    // Killed in the middle of a write: its entry torn off mid-line.
    std::fs::OpenOptions::new()
        .append(true)
        .open(&journal)
        .unwrap()
        .write_all(br#"{"v":1,"time":"2026-11-28T06:00:00.000Z","operator":"alice","host":"ops1","kind":"no"#)
        .unwrap();
    assert!(!kinds(&journal).contains(&"alice session_stop".to_owned()), "a killed session writes no stop");

    let mut again = Dashboard::start_command(sitrep(&feed, &journal, "alice"), 100, 30);
    wait_for(&mut again, "the restart says a line was skipped", |s| {
        shows_version(2)(s) && s.contents().contains("journal: 1 unreadable line skipped (l)")
    });
    // The acknowledgement made before the kill holds.
    again.pump(Duration::from_millis(300));
    assert!(!again.terminal.screen().contents().contains("LEVEL RAISED"), "{}", again.terminal.screen().contents());
    again.press(b"l");
    wait_for(&mut again, "the journal popup names the torn line", |s| {
        let text = s.contents();
        text.contains("1 unreadable line skipped") && text.contains("acknowledged: level substantieel 4/5")
    });
    again.press(b"l");
    quit(&mut again);
    // The torn bytes became one unreadable line; the new entries start on lines of their own.
    let (entries, skipped) = entries(&journal);
    assert_eq!(skipped, 1);
    let tail: Vec<String> = entries.iter().rev().take(2).map(|e| e.event.kind().to_owned()).collect();
    assert_eq!(tail, ["session_stop", "session_start"]);
    // A second viewer who never acknowledged still has the change marked.
    let mut bob = Dashboard::start_command(sitrep(&feed, &journal, "bob"), 100, 30);
    wait_for(&mut bob, "bob has the raise marked", |s| s.contents().contains("LEVEL RAISED"));
    quit(&mut bob);
}

#[test]
fn every_way_out_writes_the_sessions_stop() {
    let dir = tempfile::tempdir().unwrap();
    let (feed, journal) = (dir.path().join("feed.toml"), dir.path().join("journal.jsonl"));
    publish(&feed, 1);
    type Leave = fn(&mut Dashboard);
    let ways: [(&str, Leave); 5] = [
        ("q", |d| d.press(b"q")),
        ("Ctrl-C", |d| d.press(b"\x03")),
        ("SIGTERM", |d| d.signal("TERM")),
        ("SIGHUP", |d| d.signal("HUP")),
        ("hangup", Dashboard::hang_up),
    ];
    for (n, (way, leave)) in ways.into_iter().enumerate() {
        let mut dashboard = Dashboard::start_command(sitrep(&feed, &journal, "alice"), 100, 30);
        wait_for(&mut dashboard, way, shows_version(1));
        leave(&mut dashboard);
        dashboard.read_to_end(Duration::from_millis(200));
        assert!(dashboard.wait_for_exit(TIMEOUT).is_some(), "{way}: sitrep ends");
        let stops = kinds(&journal).iter().filter(|k| k.ends_with("session_stop")).count();
        assert_eq!(stops, n + 1, "{way}: {:?}", kinds(&journal));
    }
}

#[test]
fn a_journal_in_a_read_only_folder_gives_the_banner_and_the_dashboard_goes_on() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    // The officer (another user than the folder's owner, when the tests run as root) may
    // read the feed but not write the journal's folder.
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let folder = dir.path().join("shared");
    std::fs::create_dir(&folder).unwrap();
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o555)).unwrap();
    let (feed, journal) = (dir.path().join("feed.toml"), folder.join("journal.jsonl"));
    publish(&feed, 1);
    std::fs::set_permissions(&feed, std::fs::Permissions::from_mode(0o644)).unwrap();
    let root = nix::unistd::geteuid().is_root();
    let setpriv = find_program("setpriv");
    let (journal, reason) = match (&setpriv, root) {
        (None, true) => {
            // Root writes anywhere and there is no setpriv (util-linux) to be someone
            // else: a journal whose folder is a regular file cannot be written either.
            eprintln!("no setpriv: the journal's folder is a regular file instead");
            let blocker = dir.path().join("not-a-folder");
            std::fs::write(&blocker, "").unwrap();
            (blocker.join("journal.jsonl"), "Not a directory")
        }
        _ => (journal, "Permission denied"),
    };
    let command = if let (Some(setpriv), true) = (setpriv, root) {
        // Root writes anywhere: run the dashboard as nobody (uid 65534), as an officer.
        let mut command = CommandBuilder::new(setpriv);
        command.args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"]);
        command.arg(env!("CARGO_BIN_EXE_sitrep"));
        dashboard_args(&mut command, &feed, &journal);
        with_test_env(&mut command);
        command.env("TZ", "Europe/Amsterdam");
        command
    } else {
        sitrep(&feed, &journal, "alice")
    };
    let mut dashboard = Dashboard::start_command(command, 120, 30);
    wait_for(&mut dashboard, "the banner, and the picture", |s| {
        let text = s.contents();
        text.contains("journal off:") && text.contains(reason) && shows_version(1)(s)
    });
    // Everything else goes on: a new version shows, and is marked.
    publish(&feed, 2);
    wait_for(&mut dashboard, "version 2 and its marks", |s| {
        shows_version(2)(s) && s.contents().contains("LEVEL RAISED")
    });
    dashboard.press(b"a");
    wait_for(&mut dashboard, "a works on this screen", |s| !s.contents().contains("LEVEL RAISED"));
    quit(&mut dashboard);
    assert!(!journal.exists());
}

/// Where `name` is on this process's `PATH`.
fn find_program(name: &str) -> Option<std::path::PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).map(|folder| folder.join(name)).find(|candidate| candidate.is_file())
}
