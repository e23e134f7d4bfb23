//! The real dashboard, run in a 100×30 pseudo-terminal, shows row for row what
//! `sitrep snapshot --format text --width 100 --height 30` prints for the same
//! arguments and environment; `q` then ends it within 5 s, with the terminal restored.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use portable_pty::{ChildKiller, CommandBuilder, ExitStatus, MasterPty, PtySize, native_pty_system};

const ROWS: u16 = 30;
const COLS: u16 = 100;
/// The demo at its own time, with the embedded default's own config file (no machine
/// config leaks in).
const ARGS: [&str; 4] = ["--at", "2015-11-17T18:00:00+01:00", "--config", "config/default.toml"];
/// The whole environment of both runs (`NO_COLOR` unset in both).
const ENV: [(&str, &str); 2] = [("LANG", "C"), ("TERM", "xterm-256color")];
const START_TIMEOUT: Duration = Duration::from_secs(10);
const EXIT_TIMEOUT: Duration = Duration::from_secs(5);

/// What `sitrep snapshot` prints, one string per row, trailing blanks trimmed.
fn snapshot_rows() -> Vec<String> {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_sitrep"))
        .args(["snapshot", "--format", "text", "--width", &COLS.to_string(), "--height", &ROWS.to_string()])
        .args(ARGS)
        .env_clear()
        .envs(ENV)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("running sitrep snapshot");
    assert!(output.status.success(), "sitrep snapshot failed: {}", String::from_utf8_lossy(&output.stderr));
    let text = String::from_utf8(output.stdout).expect("the snapshot is UTF-8");
    let rows: Vec<String> = text.lines().map(|line| line.trim_end().to_owned()).collect();
    assert_eq!(rows.len(), usize::from(ROWS), "the snapshot has one line per row:\n{text}");
    rows
}

/// The dashboard running in a pseudo-terminal; killed when dropped unless it has exited.
struct Dashboard {
    killer: Box<dyn ChildKiller + Send + Sync>,
    exited: Receiver<std::io::Result<ExitStatus>>,
    output: Receiver<Vec<u8>>,
    writer: Box<dyn Write + Send>,
    terminal: vt100::Parser,
    has_exited: bool,
    // Kept open for the child's lifetime: closing it hangs up the terminal.
    _master: Box<dyn MasterPty + Send>,
}

impl Dashboard {
    fn start() -> Self {
        let pair = native_pty_system()
            .openpty(PtySize { rows: ROWS, cols: COLS, pixel_width: 0, pixel_height: 0 })
            .expect("opening a pseudo-terminal");
        let mut command = CommandBuilder::new(env!("CARGO_BIN_EXE_sitrep"));
        command.args(ARGS);
        command.env_clear();
        for (key, value) in ENV {
            command.env(key, value);
        }
        command.cwd(env!("CARGO_MANIFEST_DIR"));
        let mut child = pair.slave.spawn_command(command).expect("starting sitrep in the pseudo-terminal");
        // Only the child holds the terminal's other end now, so reads end when it exits.
        drop(pair.slave);
        let killer = child.clone_killer();

        let (exit_tx, exited) = mpsc::channel();
        std::thread::spawn(move || {
            let _ = exit_tx.send(child.wait());
        });
        let mut reader = pair.master.try_clone_reader().expect("reading the pseudo-terminal");
        let (output_tx, output) = mpsc::channel();
        std::thread::spawn(move || {
            let mut chunk = [0u8; 8192];
            while let Ok(n @ 1..) = reader.read(&mut chunk) {
                if output_tx.send(chunk[..n].to_vec()).is_err() {
                    break;
                }
            }
        });
        let writer = pair.master.take_writer().expect("writing to the pseudo-terminal");
        let size = |n| NonZeroU16::new(n).unwrap();
        Self {
            killer,
            exited,
            output,
            writer,
            terminal: vt100::Parser::new(size(ROWS), size(COLS), 0),
            has_exited: false,
            _master: pair.master,
        }
    }

    /// Feeds the terminal what the dashboard writes until `done` holds for the screen;
    /// false when `timeout` passes first or the output ends without it.
    fn read_until(&mut self, timeout: Duration, done: impl Fn(&vt100::Screen) -> bool) -> bool {
        let deadline = Instant::now() + timeout;
        loop {
            if done(self.terminal.screen()) {
                return true;
            }
            let remaining = deadline.saturating_duration_since(Instant::now());
            match self.output.recv_timeout(remaining) {
                Ok(bytes) => self.terminal.process(&bytes),
                Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => {
                    return done(self.terminal.screen());
                }
            }
        }
    }

    fn press(&mut self, keys: &[u8]) {
        self.writer.write_all(keys).expect("typing into the pseudo-terminal");
        self.writer.flush().expect("typing into the pseudo-terminal");
    }

    /// The exit status, if the dashboard ends within `timeout`.
    fn wait_for_exit(&mut self, timeout: Duration) -> Option<ExitStatus> {
        let status = self.exited.recv_timeout(timeout).ok()?.expect("waiting for sitrep");
        self.has_exited = true;
        Some(status)
    }
}

impl Drop for Dashboard {
    fn drop(&mut self) {
        if !self.has_exited {
            let _ = self.killer.kill();
        }
    }
}

/// The terminal's rows, trailing blanks trimmed.
fn screen_rows(screen: &vt100::Screen) -> Vec<String> {
    screen.rows(0, COLS).map(|row| row.trim_end().to_owned()).collect()
}

/// The rows that differ, numbered, for the failure message.
fn row_diff(expected: &[String], actual: &[String]) -> String {
    let mut diff = String::new();
    for (i, (want, got)) in expected.iter().zip(actual).enumerate() {
        if want != got {
            diff.push_str(&format!("row {i:>2} snapshot: {want}\nrow {i:>2} terminal: {got}\n"));
        }
    }
    diff
}

#[test]
fn the_terminal_shows_what_the_snapshot_prints_and_q_quits() {
    let expected = snapshot_rows();
    let mut dashboard = Dashboard::start();

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
    dashboard.read_until(EXIT_TIMEOUT, |_| false);
    let screen = dashboard.terminal.screen();
    assert!(!screen.alternate_screen(), "the alternate screen was not left");
    assert!(!screen.hide_cursor(), "the cursor was left hidden");
}
