//! The real dashboard, run in a 100×30 pseudo-terminal, shows row for row what
//! `sitrep snapshot --format text --width 100 --height 30` prints for the same
//! arguments and environment; `q` then ends it within 5 s, with the terminal restored.

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "common/pty.rs"]
mod pty;

use std::time::Duration;

use pty::{Dashboard, row_diff, screen_rows, snapshot_rows};

const ROWS: u16 = 30;
const COLS: u16 = 100;
const START_TIMEOUT: Duration = Duration::from_secs(10);
const EXIT_TIMEOUT: Duration = Duration::from_secs(5);

#[test]
fn the_terminal_shows_what_the_snapshot_prints_and_q_quits() {
    let expected = snapshot_rows(COLS, ROWS);
    let mut dashboard = Dashboard::start(COLS, ROWS);

    let started = dashboard.read_until(START_TIMEOUT, |screen| screen.contents().contains("Timeline"));
    assert!(
        started,
        "no `Timeline` within {START_TIMEOUT:?}; the terminal shows:\n{}",
        dashboard.terminal.screen().contents()
    );
    // The first frame is drawn before the feed is read, and a frame may arrive in
    // several reads: give the screen the same time to settle, then compare.
    dashboard.read_until(START_TIMEOUT, |screen| screen_rows(screen) == expected);
    let actual = screen_rows(dashboard.terminal.screen());
    assert!(actual == expected, "the terminal differs from the snapshot:\n{}", row_diff(&expected, &actual));

    dashboard.press(b"q");
    let status =
        dashboard.wait_for_exit(EXIT_TIMEOUT).unwrap_or_else(|| panic!("sitrep still runs {EXIT_TIMEOUT:?} after `q`"));
    assert!(status.success(), "sitrep ended with {status:?}");

    // Whatever it wrote last has been read once the output ends.
    dashboard.read_to_end(EXIT_TIMEOUT);
    let screen = dashboard.terminal.screen();
    assert!(!screen.alternate_screen(), "the alternate screen was not left");
    assert!(!screen.hide_cursor(), "the cursor was left hidden");
}
