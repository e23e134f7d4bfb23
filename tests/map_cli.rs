//! `sitrep snapshot --view map` from the binary prints the map screen, and the real
//! dashboard in a pseudo-terminal shows row for row the same after `m` (and the map of
//! Europe after `z`, as `--view map-europe` prints it).

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "common/pty.rs"]
mod pty;

use std::time::Duration;

use pty::{Dashboard, row_diff, screen_rows, snapshot_rows_with};

const COLS: u16 = 120;
const ROWS: u16 = 40;
const TIMEOUT: Duration = Duration::from_secs(10);

#[test]
fn snapshot_view_map_prints_the_map() {
    let rows = snapshot_rows_with(&["--view", "map"], COLS, ROWS);
    let text = rows.join("\n");
    assert!(text.contains("Map · Netherlands"), "{text}");
    assert!(text.contains("SUBSTANTIEEL 4/5"), "{text}");
    assert!(text.contains("6 off the map: Parijs, Beiroet, Sinaï, Wenen"), "{text}");
    assert!(text.contains("15 without a position"), "{text}");
    assert!(text.contains("╪▲"), "the southern border measure:\n{text}");
    let europe = snapshot_rows_with(&["--view", "map-europe"], COLS, ROWS).join("\n");
    assert!(europe.contains("Map · Europe") && europe.contains("2 off the map: Beiroet, Sinaï"), "{europe}");
    let dashboard = snapshot_rows_with(&["--view", "dashboard"], COLS, ROWS).join("\n");
    assert!(dashboard.contains("Timeline (") && !dashboard.contains("Map ·"), "{dashboard}");
}

#[test]
fn the_terminal_shows_the_map_the_snapshot_prints() {
    let map = snapshot_rows_with(&["--view", "map"], COLS, ROWS);
    let europe = snapshot_rows_with(&["--view", "map-europe"], COLS, ROWS);
    let mut dashboard = Dashboard::start(COLS, ROWS);
    let started = dashboard.read_until(TIMEOUT, |screen| screen.contents().contains("Timeline"));
    assert!(started, "no dashboard:\n{}", dashboard.terminal.screen().contents());
    dashboard.press(b"m");
    dashboard.read_until(TIMEOUT, |screen| screen_rows(screen) == map);
    let actual = screen_rows(dashboard.terminal.screen());
    assert!(actual == map, "the terminal differs from the snapshot:\n{}", row_diff(&map, &actual));
    dashboard.press(b"v");
    dashboard.read_until(TIMEOUT, |screen| screen_rows(screen) == europe);
    let actual = screen_rows(dashboard.terminal.screen());
    assert!(actual == europe, "the terminal differs from the snapshot:\n{}", row_diff(&europe, &actual));
    dashboard.press(b"q");
    assert!(dashboard.wait_for_exit(TIMEOUT).is_some_and(|status| status.success()));
}
