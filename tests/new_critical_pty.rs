//! In a real pseudo-terminal, with the timeline scrolled far down, a new critical
//! incident written into the followed feed shows at once: the NEW CRITICAL banner, the
//! count of new items in the panel title, and the incident itself, pinned on top.

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "common/pty.rs"]
mod pty;

use std::fmt::Write as _;
use std::time::Duration;

use portable_pty::CommandBuilder;
use pty::{Dashboard, with_test_env};

const TIMEOUT: Duration = Duration::from_secs(10);

fn feed(with_critical: bool) -> String {
    let mut text =
        String::from("version = 1\ngenerated = 2015-11-18T09:00:00+01:00\n[threat]\nlevel = \"substantieel\"\n");
    for i in 0..60 {
        write!(
            text,
            "[[incidents]]\nid = \"i{i}\"\ntime = 2015-11-1{}T{:02}:00:00+01:00\ntitle = \"Routine report {i}\"\nseverity = \"info\"\n",
            if i < 24 { 6 } else { 7 },
            i % 24
        )
        .unwrap();
    }
    if with_critical {
        text.push_str(
            "[[incidents]]\nid = \"boom\"\ntime = 2015-11-18T09:05:00+01:00\ntitle = \"Explosion at Utrecht Centraal\"\nseverity = \"critical\"\n",
        );
    }
    text
}

#[test]
fn a_new_critical_arrives_while_the_list_is_scrolled() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("feed.toml");
    std::fs::write(&path, feed(false)).unwrap();
    let mut command = CommandBuilder::new(env!("CARGO_BIN_EXE_sitrep"));
    command.args(["--config", "config/default.toml", "--at", "2015-11-18T09:10:00+01:00", "--feed"]);
    command.arg(&path);
    with_test_env(&mut command);
    command.env("TZ", "Europe/Amsterdam");
    let mut dashboard = Dashboard::start_command(command, 100, 30);
    assert!(
        dashboard.read_until(TIMEOUT, |s| s.contents().contains("Routine report 59")),
        "{}",
        dashboard.terminal.screen().contents()
    );
    // Scroll the timeline to its end.
    dashboard.press(b"G");
    assert!(dashboard.read_until(TIMEOUT, |s| s.contents().contains("Routine report 0")));

    // Replace the feed atomically, as a producer should.
    let next = dir.path().join("feed.toml.new");
    std::fs::write(&next, feed(true)).unwrap();
    std::fs::rename(&next, &path).unwrap();
    // The banner, the count, and the incident itself in view (pinned), though the list
    // is scrolled to its oldest end.
    let seen = dashboard.read_until(TIMEOUT, |s| {
        let text = s.contents();
        text.contains("NEW CRITICAL 09:05: Explosion at Utrecht Centraal")
            && text.contains("Timeline (61, 1 new)")
            && text.contains("‼ CRIT  18 Nov 09:05 5m ago     Explosion at Utrecht Centraal")
    });
    assert!(seen, "the banner, the count and the incident:\n{}", dashboard.terminal.screen().contents());
    dashboard.press(b"q");
    assert!(dashboard.wait_for_exit(TIMEOUT).is_some());
}
