//! The log file (`--log FILE`) of the real dashboard in a pseudo-terminal: it gets the
//! reason for the exit after SIGTERM, after a hangup (SIGHUP, and the terminal closed),
//! and after `q`; it follows SITREP_LOG; and nothing of it reaches the drawn terminal.

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "common/pty.rs"]
mod pty;

use std::path::Path;
use std::time::{Duration, Instant};

use portable_pty::CommandBuilder;
use pty::{Dashboard, sitrep_command};

const COLS: u16 = 100;
const ROWS: u16 = 30;
const DRAWN: &str = "SUBSTANTIEEL";
const TIMEOUT: Duration = Duration::from_secs(20);

fn with_log(log: &Path, sitrep_log: Option<&str>) -> CommandBuilder {
    let mut command = sitrep_command();
    command.arg("--log");
    command.arg(log);
    if let Some(filter) = sitrep_log {
        command.env("SITREP_LOG", filter);
    }
    command
}

fn start(command: CommandBuilder) -> Dashboard {
    let mut dashboard = Dashboard::start_command(command, COLS, ROWS);
    let drawn = dashboard.read_until(TIMEOUT, |screen| screen.contents().contains(DRAWN));
    assert!(drawn, "the dashboard never showed {DRAWN}:\n{}", dashboard.terminal.screen().contents());
    // Let the first read of the feed land in the log too.
    dashboard.pump(Duration::from_millis(300));
    dashboard
}

/// The log's text once it holds `wanted` (the writer is asynchronous), or what it holds
/// after the timeout.
fn log_with(log: &Path, wanted: &str) -> String {
    let deadline = Instant::now() + TIMEOUT;
    loop {
        let text = std::fs::read_to_string(log).unwrap_or_default();
        if text.contains(wanted) || Instant::now() > deadline {
            return text;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn exit_line(text: &str) -> Option<&str> {
    text.lines().find(|line| line.contains(" exit") && line.contains("reason="))
}

#[test]
fn sigterm_is_logged_as_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("logs/sitrep.log");
    let mut dashboard = start(with_log(&log, None));
    dashboard.signal("TERM");
    dashboard.wait_for_exit(TIMEOUT).expect("sitrep ends after SIGTERM");
    let text = log_with(&log, "reason=signal SIGTERM");
    let exit = exit_line(&text).unwrap_or_else(|| panic!("no exit line in the log:\n{text}"));
    assert!(exit.contains("INFO") && exit.contains("reason=signal SIGTERM"), "{exit}");
    // The start and the feed's read are there too, each line stamped with the pid.
    assert!(text.contains("the dashboard starts"), "{text}");
    assert!(text.contains("version=\"0.1.0 (commit "), "{text}");
    assert!(text.contains("feed loaded"), "{text}");
    let pid = format!("[{}]", dashboard.pid());
    assert!(text.lines().all(|line| line.contains(&pid)), "{text}");
    // The log made its folder, and nothing of it was drawn.
    let screen = String::from_utf8_lossy(&dashboard.bytes);
    assert!(!screen.contains("feed loaded") && !screen.contains("reason="), "the log reached the terminal");
}

#[test]
fn sighup_is_logged_as_a_hangup() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("sitrep.log");
    let mut dashboard = start(with_log(&log, None));
    dashboard.signal("HUP");
    dashboard.wait_for_exit(TIMEOUT).expect("sitrep ends after SIGHUP");
    let text = log_with(&log, "reason=hangup: SIGHUP");
    assert!(exit_line(&text).is_some_and(|l| l.contains("reason=hangup: SIGHUP")), "{text}");
}

#[test]
fn closing_the_terminal_is_logged_as_a_hangup() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("sitrep.log");
    let mut dashboard = start(with_log(&log, None));
    dashboard.hang_up();
    dashboard.wait_for_exit(TIMEOUT).expect("sitrep ends when its terminal closes");
    let text = log_with(&log, "reason=hangup");
    // The kernel sends SIGHUP to the terminal's session leader; whichever edge sees the
    // hangup first names it.
    let exit = exit_line(&text).unwrap_or_else(|| panic!("no exit line in the log:\n{text}"));
    assert!(exit.contains("reason=hangup"), "{exit}");
}

#[test]
fn a_key_is_logged_and_sitrep_log_sets_the_level() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("sitrep.log");
    let mut dashboard = start(with_log(&log, Some("warn")));
    dashboard.press(b"q");
    dashboard.wait_for_exit(TIMEOUT).expect("sitrep ends on q");
    // At `warn` the info lines (the start, the reads, the exit) are left out.
    std::thread::sleep(Duration::from_millis(300));
    let quiet = std::fs::read_to_string(&log).unwrap();
    assert!(!quiet.contains("the dashboard starts") && exit_line(&quiet).is_none(), "{quiet}");

    let log = dir.path().join("info.log");
    let mut dashboard = start(with_log(&log, Some("sitrep=debug")));
    dashboard.press(b"q");
    dashboard.wait_for_exit(TIMEOUT).expect("sitrep ends on q");
    let text = log_with(&log, "reason=key q");
    assert!(exit_line(&text).is_some_and(|l| l.contains("reason=key q")), "{text}");
}

#[test]
fn a_log_that_cannot_be_opened_is_said_before_the_screen_is_taken() {
    let dir = tempfile::tempdir().unwrap();
    // A folder where the file should be.
    let mut dashboard = Dashboard::start_command(with_log(dir.path(), None), COLS, ROWS);
    let status = dashboard.wait_for_exit(TIMEOUT).expect("sitrep ends at once");
    assert_eq!(status.exit_code(), 2);
    dashboard.read_to_end(Duration::from_secs(2));
    let said = String::from_utf8_lossy(&dashboard.bytes);
    assert!(said.contains("cannot open the log file"), "{said}");
    assert!(!said.contains("\x1b[?1049h"), "the screen was taken: {said:?}");
}
