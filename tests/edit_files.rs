//! What writing does to the file system: the feed is replaced (a new inode, never
//! rewritten in place) keeping its mode, owner and group; a symlinked feed keeps its
//! link; the lock beside the feed makes `add` wait and a second `edit` refuse.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test fails loudly on a broken fixture

#[path = "common/edit.rs"]
mod edit;

use std::io::Read;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use edit::{fixture, run, stderr, stdout};
use sitrep::edit::lock::FeedLock;

const ADD: &[&str] = &["add", "incident", "--title", "Verdachte tas", "--severity", "major"];

#[test]
fn the_feed_is_replaced_keeping_mode_owner_and_group() {
    let dir = tempfile::tempdir().unwrap();
    let feed = fixture(dir.path(), "commented.toml");
    std::fs::set_permissions(&feed, std::fs::Permissions::from_mode(0o640)).unwrap();
    // As root, give the feed to someone else first: the new file must be theirs too.
    let root = nix::unistd::geteuid().is_root();
    if root {
        std::os::unix::fs::chown(&feed, Some(4321), Some(8765)).unwrap();
    }
    let before = std::fs::metadata(&feed).unwrap();
    let output = run(&feed, ADD);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let after = std::fs::metadata(&feed).unwrap();
    assert_ne!(after.ino(), before.ino(), "replaced by a rename, not rewritten in place");
    assert_eq!(after.mode() & 0o7777, 0o640);
    assert_eq!((after.uid(), after.gid()), (before.uid(), before.gid()));
    if root {
        assert_eq!((after.uid(), after.gid()), (4321, 8765));
    }
    let id = stdout(&output).trim().to_owned();
    assert!(std::fs::read_to_string(&feed).unwrap().contains(&format!("id = \"{id}\"")));
}

#[test]
fn a_symlinked_feed_has_its_target_replaced_and_keeps_its_links() {
    // The ConfigMap pattern: feed.toml -> ..data/feed.toml, ..data -> ..2015_11_18.
    let dir = tempfile::tempdir().unwrap();
    let version = dir.path().join("..2015_11_18");
    std::fs::create_dir(&version).unwrap();
    fixture(&version, "spaced.json");
    std::os::unix::fs::symlink("..2015_11_18", dir.path().join("..data")).unwrap();
    let feed = dir.path().join("spaced.json");
    std::os::unix::fs::symlink("..data/spaced.json", &feed).unwrap();

    let output = run(&feed, &["set", "level", "kritiek"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(stdout(&output), "kritiek\n");
    assert_eq!(std::fs::read_link(&feed).unwrap(), Path::new("..data/spaced.json"));
    assert_eq!(std::fs::read_link(dir.path().join("..data")).unwrap(), Path::new("..2015_11_18"));
    let real = std::fs::read_to_string(version.join("spaced.json")).unwrap();
    assert!(real.contains("\"level\": \"kritiek\""), "{real}");
    assert!(version.join(".spaced.json.lock").exists(), "the lock sits beside the file that is replaced");
}

/// Reads a child's stderr on a thread, so that a test can wait for a line.
fn stderr_lines(child: &mut std::process::Child) -> std::sync::mpsc::Receiver<String> {
    let mut err = child.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut text = String::new();
        let mut chunk = [0u8; 1024];
        while let Ok(n @ 1..) = err.read(&mut chunk) {
            text.push_str(&String::from_utf8_lossy(&chunk[..n]));
            let _ = tx.send(text.clone());
        }
    });
    rx
}

#[test]
fn add_waits_for_the_lock_and_says_who_holds_it() {
    let dir = tempfile::tempdir().unwrap();
    let feed = fixture(dir.path(), "commented.toml");
    let before = std::fs::read(&feed).unwrap();
    let lock = FeedLock::try_acquire(&feed).unwrap();
    let mut child = edit::sitrep()
        .arg("--feed")
        .arg(&feed)
        .args(ADD)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let said = stderr_lines(&mut child);
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut heard = String::new();
    // The whole line: a message may reach the pipe in more than one write.
    let whole_line = |text: &str| text.lines().any(|l| l.contains("waiting for the lock")) && text.ends_with('\n');
    while !whole_line(&heard) && Instant::now() < deadline {
        if let Ok(text) = said.recv_timeout(Duration::from_millis(100)) {
            heard = text;
        }
    }
    assert!(heard.contains("waiting for the lock: being edited by"), "{heard}");
    assert!(heard.contains(&format!("(pid {})", std::process::id())), "{heard}");
    std::thread::sleep(Duration::from_millis(200));
    assert_eq!(std::fs::read(&feed).unwrap(), before, "nothing is written while the lock is held");
    drop(lock);
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success());
    assert!(std::fs::read_to_string(&feed).unwrap().contains("Verdachte tas"));
}

#[test]
fn a_second_edit_is_refused_while_the_feed_is_being_edited() {
    let dir = tempfile::tempdir().unwrap();
    let feed = fixture(dir.path(), "commented.toml");
    let before = std::fs::read(&feed).unwrap();
    let _lock = FeedLock::try_acquire(&feed).unwrap();
    let output = edit::sitrep().env("EDITOR", "true").arg("edit").arg(&feed).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert!(err.contains("busy: being edited by"), "{err}");
    assert!(err.contains(" since "), "{err}");
    assert!(err.contains(&format!("(pid {})", std::process::id())), "{err}");
    assert_eq!(std::fs::read(&feed).unwrap(), before);
}
