//! The real dashboard, in a 100×30 pseudo-terminal, starts and draws; `q`, Ctrl-C,
//! SIGTERM, SIGHUP and SIGQUIT each end it within 5 s with the terminal given back; a
//! closed terminal ends it within 2 s without spinning or crashing, SIGHUP ignored or not;
//! and after a storm of 100 resizes it still runs and shows what `sitrep snapshot` prints.

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "common/pty.rs"]
mod pty;

use std::time::{Duration, Instant};

use portable_pty::CommandBuilder;
use pty::{ARGS, Dashboard, FRAME_END, row_diff, screen_rows, sitrep_command, snapshot_rows, with_test_env};

const COLS: u16 = 100;
const ROWS: u16 = 30;
/// On the screen once the demo feed has been read and drawn.
const DRAWN: &str = "SUBSTANTIEEL 4/5";
const START_TIMEOUT: Duration = Duration::from_secs(10);
const EXIT_TIMEOUT: Duration = Duration::from_secs(5);
/// How long sitrep may outlive its terminal.
const GONE_TIMEOUT: Duration = Duration::from_secs(2);
const GONE_POLL: Duration = Duration::from_millis(20);
/// CPU time (in clock ticks, 100 a second) sitrep may use between losing its terminal
/// and ending: a spinning loop would use about 100 a second.
const MAX_TICKS_AFTER_HANGUP: u64 = 50;
const LEAVE_ALTERNATE_SCREEN: &[u8] = b"\x1b[?1049l";
const SHOW_CURSOR: &[u8] = b"\x1b[?25h";

/// `command` started in a 100×30 terminal, once it shows the demo's level.
fn start_drawn(command: CommandBuilder) -> Dashboard {
    let mut dashboard = Dashboard::start_command(command, COLS, ROWS);
    let drawn = dashboard.read_until(START_TIMEOUT, |screen| screen.contents().contains(DRAWN));
    assert!(
        drawn,
        "no `{DRAWN}` within {START_TIMEOUT:?}; the terminal shows:\n{}",
        dashboard.terminal.screen().contents()
    );
    dashboard
}

/// `command` started in a 100×30 terminal, once it shows the whole picture (what
/// `sitrep snapshot` prints) and so has nothing left to draw. The first frame already
/// shows the level, before the feed is read; a hangup that meets the frame after it
/// would end sitrep through the failed write, not through noticing the hangup.
fn start_idle(command: CommandBuilder) -> Dashboard {
    let expected = snapshot_rows(COLS, ROWS);
    let mut dashboard = start_drawn(command);
    dashboard.read_until(START_TIMEOUT, |screen| screen_rows(screen) == expected);
    let actual = screen_rows(dashboard.terminal.screen());
    assert!(actual == expected, "the terminal differs from the snapshot:\n{}", row_diff(&expected, &actual));
    dashboard
}

fn find_last(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|window| window == needle)
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|window| window == needle)
}

/// The dashboard exits successfully within [`EXIT_TIMEOUT`] after `what`, and leaves
/// the terminal as it found it: after its last frame it leaves the alternate screen and
/// shows the cursor again.
fn ends_cleanly(mut dashboard: Dashboard, what: &str) {
    let status = dashboard
        .wait_for_exit(EXIT_TIMEOUT)
        .unwrap_or_else(|| panic!("sitrep still runs {EXIT_TIMEOUT:?} after {what}"));
    assert!(status.success(), "after {what}, sitrep ended with {status:?}");
    // Whatever it wrote last has been read once the output ends.
    dashboard.read_to_end(EXIT_TIMEOUT);

    let bytes = &dashboard.bytes;
    let last_frame = find_last(bytes, FRAME_END).unwrap_or_else(|| panic!("no frame was ever finished"));
    let after = &bytes[last_frame + FRAME_END.len()..];
    let shown = String::from_utf8_lossy(after);
    assert!(
        contains(after, LEAVE_ALTERNATE_SCREEN),
        "after {what}, the alternate screen is not left after the last frame: {shown:?}"
    );
    assert!(contains(after, SHOW_CURSOR), "after {what}, the cursor is not shown after the last frame: {shown:?}");
    let screen = dashboard.terminal.screen();
    assert!(!screen.alternate_screen(), "after {what}, the terminal is left on the alternate screen");
    assert!(!screen.hide_cursor(), "after {what}, the cursor is left hidden");
}

#[test]
fn it_starts_draws_and_quits_on_q() {
    let mut dashboard = start_idle(sitrep_command());
    dashboard.press(b"q");
    ends_cleanly(dashboard, "`q`");
}

#[test]
fn ctrl_c_quits() {
    let mut dashboard = start_idle(sitrep_command());
    dashboard.press(b"\x03");
    ends_cleanly(dashboard, "Ctrl-C");
}

#[test]
fn sigterm_ends_it_cleanly() {
    let dashboard = start_idle(sitrep_command());
    dashboard.signal("TERM");
    ends_cleanly(dashboard, "SIGTERM");
}

#[test]
fn sighup_ends_it_cleanly() {
    let dashboard = start_idle(sitrep_command());
    dashboard.signal("HUP");
    ends_cleanly(dashboard, "SIGHUP");
}

#[test]
fn sigquit_ends_it_cleanly() {
    let dashboard = start_idle(sitrep_command());
    dashboard.signal("QUIT");
    ends_cleanly(dashboard, "SIGQUIT");
}

/// What `/proc/<pid>/stat` says of a process: its state letter and the CPU time it has
/// used (user + system, in clock ticks); `None` once it is gone.
fn proc_stat(pid: u32) -> Option<(char, u64)> {
    let text = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // `pid (comm) state ppid …`: the name may hold spaces and parentheses.
    let (_, rest) = text.rsplit_once(')')?;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let state = fields.first()?.chars().next()?;
    let utime: u64 = fields.get(11)?.parse().ok()?;
    let stime: u64 = fields.get(12)?.parse().ok()?;
    Some((state, utime + stime))
}

/// Whether the process ignores SIGHUP (bit 0 of `SigIgn` in `/proc/<pid>/status`).
fn ignores_sighup(pid: u32) -> bool {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("reading /proc/<pid>/status");
    let mask =
        status.lines().find_map(|line| line.strip_prefix("SigIgn:")).expect("a SigIgn line in /proc/<pid>/status");
    u64::from_str_radix(mask.trim(), 16).expect("SigIgn is hexadecimal") & 1 != 0
}

/// The process's name (`/proc/<pid>/comm`).
fn process_name(pid: u32) -> String {
    std::fs::read_to_string(format!("/proc/{pid}/comm")).expect("reading /proc/<pid>/comm").trim().to_owned()
}

/// Closes the dashboard's terminal; the process is gone (no more, or a zombie) within
/// [`GONE_TIMEOUT`], has not spun meanwhile, and ended on its own.
fn closing_the_terminal_ends(mut dashboard: Dashboard) {
    let pid = dashboard.pid();
    let (state, before) = proc_stat(pid).expect("sitrep runs before its terminal is closed");
    assert_ne!(state, 'Z', "sitrep ended before its terminal was closed");

    dashboard.hang_up();
    let closed = Instant::now();
    let mut last = before;
    loop {
        match proc_stat(pid) {
            Some((state, ticks)) if state != 'Z' => last = ticks,
            _ => break,
        }
        assert!(
            closed.elapsed() < GONE_TIMEOUT,
            "sitrep (pid {pid}) still runs {GONE_TIMEOUT:?} after its terminal was closed, having used {} \
             ticks of CPU since",
            last - before
        );
        std::thread::sleep(GONE_POLL);
    }
    let used = last - before;
    assert!(
        used < MAX_TICKS_AFTER_HANGUP,
        "sitrep used {used} ticks of CPU between losing its terminal and ending (after {:?})",
        closed.elapsed()
    );
    // It ended on its own (an error status is fine: its terminal is gone), not by a
    // signal such as SIGABRT from a panic while panicking.
    let status = dashboard.wait_for_exit(EXIT_TIMEOUT).expect("reaping sitrep");
    assert!(status.signal().is_none(), "sitrep was killed by a signal after its terminal was closed: {status:?}");
}

#[test]
fn closing_the_terminal_ends_it() {
    let dashboard = start_idle(sitrep_command());
    assert!(!ignores_sighup(dashboard.pid()), "sitrep ignores SIGHUP without being told to");
    closing_the_terminal_ends(dashboard);
}

#[test]
fn closing_the_terminal_ends_it_with_sighup_ignored() {
    // `nohup`-style: the shell ignores SIGHUP and execs sitrep, which inherits that (the
    // pid stays the same).
    let mut command = CommandBuilder::new("/bin/sh");
    command.args(["-c", r#"trap '' HUP; exec "$0" "$@""#, env!("CARGO_BIN_EXE_sitrep")]);
    command.args(ARGS);
    with_test_env(&mut command);

    let dashboard = start_idle(command);
    let pid = dashboard.pid();
    assert_eq!(process_name(pid), "sitrep", "the shell has not become sitrep");
    assert!(ignores_sighup(pid), "sitrep (pid {pid}) does not ignore SIGHUP, so this tests nothing new");
    closing_the_terminal_ends(dashboard);
}

/// Sizes the storm cycles through (columns, rows): ordinary, tiny, empty, huge, one of
/// the two zero.
const STORM_SIZES: [(u16, u16); 10] =
    [(100, 30), (1, 1), (0, 0), (300, 100), (20, 5), (80, 24), (0, 40), (120, 0), (2, 60), (250, 3)];
const STORM_RESIZES: usize = 100;
const STORM_PAUSE: Duration = Duration::from_millis(10);
const FINAL_SIZE: (u16, u16) = (120, 40);
const SETTLE_TIMEOUT: Duration = Duration::from_secs(10);

#[test]
fn after_a_resize_storm_it_runs_and_shows_the_last_size() {
    let (cols, rows) = FINAL_SIZE;
    let expected = snapshot_rows(cols, rows);
    let mut dashboard = start_idle(sitrep_command());

    // 100 resizes in about a second, the last one to the final size; what is drawn
    // meanwhile is read as it comes, so the child never blocks on a full terminal. The
    // lists come back scrolled as they were: a size that hides one (1×1, 0×0, 2×60, …)
    // must leave its scroll position alone for the screen to match the snapshot.
    for (cols, rows) in STORM_SIZES.iter().cycle().take(STORM_RESIZES - 1).copied().chain([FINAL_SIZE]) {
        dashboard.resize(cols, rows);
        dashboard.pump(STORM_PAUSE);
    }
    assert!(
        dashboard.is_running(),
        "sitrep ended during the resize storm: {:?}",
        dashboard.wait_for_exit(EXIT_TIMEOUT)
    );

    dashboard.read_until(SETTLE_TIMEOUT, |screen| screen_rows(screen) == expected);
    let actual = screen_rows(dashboard.terminal.screen());
    assert!(
        actual == expected,
        "{SETTLE_TIMEOUT:?} after the storm, the terminal differs from the {cols}×{rows} snapshot:\n{}",
        row_diff(&expected, &actual)
    );
    assert!(dashboard.is_running(), "sitrep ended after the resize storm");

    dashboard.press(b"q");
    ends_cleanly(dashboard, "a resize storm and `q`");
}
