//! A driver for the real `sitrep` binary in a pseudo-terminal: what it writes is kept
//! byte for byte and fed to a `vt100` screen; keys, resizes and a hangup come from the
//! terminal's side, as a terminal emulator would send them.

#![allow(dead_code)] // each test crate uses a different part of this module

use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, ExitStatus, MasterPty, PtySize, native_pty_system};

/// The demo at its own time, with the embedded default's own config file (no machine
/// config leaks in).
pub const ARGS: [&str; 4] = ["--at", "2015-11-17T18:00:00+01:00", "--config", "config/default.toml"];
/// The whole environment of every run (`NO_COLOR` unset).
pub const ENV: [(&str, &str); 2] = [("LANG", "C"), ("TERM", "xterm-256color")];
/// The end of a frame: every frame is wrapped in synchronized output (DEC mode 2026).
pub const FRAME_END: &[u8] = b"\x1b[?2026l";
/// How often the child is asked whether it has exited.
const EXIT_POLL: Duration = Duration::from_millis(10);

/// `sitrep` with [`ARGS`], [`ENV`] and nothing else, run from the package root.
pub fn sitrep_command() -> CommandBuilder {
    let mut command = CommandBuilder::new(env!("CARGO_BIN_EXE_sitrep"));
    command.args(ARGS);
    with_test_env(&mut command);
    command
}

/// Only [`ENV`], and the package root as the working directory.
pub fn with_test_env(command: &mut CommandBuilder) {
    command.env_clear();
    for (key, value) in ENV {
        command.env(key, value);
    }
    command.cwd(env!("CARGO_MANIFEST_DIR"));
}

/// What `sitrep snapshot` prints at `cols`×`rows`, one string per row, trailing blanks
/// trimmed.
pub fn snapshot_rows(cols: u16, rows: u16) -> Vec<String> {
    snapshot_rows_with(&[], cols, rows)
}

/// [`snapshot_rows`] with more arguments (`--view map`).
pub fn snapshot_rows_with(extra: &[&str], cols: u16, rows: u16) -> Vec<String> {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_sitrep"))
        .args(["snapshot", "--format", "text", "--width", &cols.to_string(), "--height", &rows.to_string()])
        .args(extra)
        .args(ARGS)
        .env_clear()
        .envs(ENV)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("running sitrep snapshot");
    assert!(output.status.success(), "sitrep snapshot failed: {}", String::from_utf8_lossy(&output.stderr));
    let text = String::from_utf8(output.stdout).expect("the snapshot is UTF-8");
    let lines: Vec<String> = text.lines().map(|line| line.trim_end().to_owned()).collect();
    assert_eq!(lines.len(), usize::from(rows), "the snapshot has one line per row:\n{text}");
    lines
}

/// The terminal's rows, trailing blanks trimmed.
pub fn screen_rows(screen: &vt100::Screen) -> Vec<String> {
    let (_, cols) = screen.size();
    screen.rows(0, cols.get()).map(|row| row.trim_end().to_owned()).collect()
}

/// The rows that differ, numbered, for a failure message.
pub fn row_diff(expected: &[String], actual: &[String]) -> String {
    let mut diff = String::new();
    if expected.len() != actual.len() {
        diff.push_str(&format!("{} rows expected, the terminal has {}\n", expected.len(), actual.len()));
    }
    for (i, (want, got)) in expected.iter().zip(actual).enumerate() {
        if want != got {
            diff.push_str(&format!("row {i:>2} snapshot: {want}\nrow {i:>2} terminal: {got}\n"));
        }
    }
    diff
}

/// The size of a `vt100` screen: at least one row and one column (a pseudo-terminal
/// may be 0×0, a `vt100` screen may not).
fn screen_size(n: u16) -> NonZeroU16 {
    NonZeroU16::new(n).unwrap_or(NonZeroU16::MIN)
}

/// The dashboard running in a pseudo-terminal; killed (and reaped) when dropped unless
/// it has exited.
///
/// The child is not reaped until [`Dashboard::wait_for_exit`] sees it exit, so its pid
/// stays its own (a zombie at worst) for signals and `/proc` as long as this lives.
pub struct Dashboard {
    child: Box<dyn Child + Send + Sync>,
    pid: u32,
    status: Option<ExitStatus>,
    /// What the dashboard wrote, in chunks, from the reader thread.
    output: Receiver<Vec<u8>>,
    reader: Option<JoinHandle<()>>,
    stop_reading: Arc<AtomicBool>,
    /// Taken on the first key: dropping it types a newline and EOF (`^D`) into the
    /// terminal, so a dashboard that is never typed at never gets those.
    writer: Option<Box<dyn Write + Send>>,
    /// Kept open for the child's lifetime: closing it hangs up the terminal.
    master: Option<Box<dyn MasterPty + Send>>,
    /// The screen as a terminal shows what has been read so far.
    pub terminal: vt100::Parser,
    /// Everything read so far, byte for byte.
    pub bytes: Vec<u8>,
}

impl Dashboard {
    /// [`sitrep_command`] in a `cols`×`rows` terminal.
    pub fn start(cols: u16, rows: u16) -> Self {
        Self::start_command(sitrep_command(), cols, rows)
    }

    /// `command` in a `cols`×`rows` terminal.
    pub fn start_command(command: CommandBuilder, cols: u16, rows: u16) -> Self {
        let pair = native_pty_system()
            .openpty(PtySize { rows, cols, pixel_width: 0, pixel_height: 0 })
            .expect("opening a pseudo-terminal");
        let child = pair.slave.spawn_command(command).expect("starting sitrep in the pseudo-terminal");
        // Only the child holds the terminal's other end now, so reads end when it exits.
        drop(pair.slave);
        let pid = child.process_id().expect("the child has a pid");

        let mut reader = pair.master.try_clone_reader().expect("reading the pseudo-terminal");
        let stop_reading = Arc::new(AtomicBool::new(false));
        let stop = Arc::clone(&stop_reading);
        let (output_tx, output) = mpsc::channel();
        let reader = std::thread::spawn(move || {
            let mut chunk = [0u8; 8192];
            while let Ok(n @ 1..) = reader.read(&mut chunk) {
                if stop.load(Ordering::SeqCst) || output_tx.send(chunk[..n].to_vec()).is_err() {
                    break;
                }
            }
        });
        Self {
            child,
            pid,
            status: None,
            output,
            reader: Some(reader),
            stop_reading,
            writer: None,
            master: Some(pair.master),
            terminal: vt100::Parser::new(screen_size(rows), screen_size(cols), 0),
            bytes: Vec::new(),
        }
    }

    /// The child's process id (after an `exec`, the program it became).
    pub fn pid(&self) -> u32 {
        self.pid
    }

    /// Feeds the terminal what the dashboard writes until `done` holds for the screen;
    /// false when `timeout` passes first or the output ends without it.
    pub fn read_until(&mut self, timeout: Duration, done: impl Fn(&vt100::Screen) -> bool) -> bool {
        let deadline = Instant::now() + timeout;
        loop {
            if done(self.terminal.screen()) {
                return true;
            }
            let remaining = deadline.saturating_duration_since(Instant::now());
            match self.output.recv_timeout(remaining) {
                Ok(bytes) => {
                    self.terminal.process(&bytes);
                    self.bytes.extend_from_slice(&bytes);
                }
                Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => {
                    return done(self.terminal.screen());
                }
            }
        }
    }

    /// Reads what the dashboard writes for `time` (or until its output ends).
    pub fn pump(&mut self, time: Duration) {
        self.read_until(time, |_| false);
    }

    /// Reads until the output ends (the dashboard has exited and its terminal closed),
    /// for at most `timeout`.
    pub fn read_to_end(&mut self, timeout: Duration) {
        self.pump(timeout);
    }

    /// Types `keys`.
    pub fn press(&mut self, keys: &[u8]) {
        if self.writer.is_none() {
            let master = self.master.as_ref().expect("the terminal is still open");
            self.writer = Some(master.take_writer().expect("writing to the pseudo-terminal"));
        }
        let writer = self.writer.as_mut().expect("the writer was just taken");
        writer.write_all(keys).expect("typing into the pseudo-terminal");
        writer.flush().expect("typing into the pseudo-terminal");
    }

    /// Resizes the terminal (which sends the child SIGWINCH) and the screen it is read
    /// into. Bytes already written for the old size are read at the new one; a resize
    /// makes the dashboard clear and redraw, which puts that right.
    pub fn resize(&mut self, cols: u16, rows: u16) {
        let master = self.master.as_ref().expect("the terminal is still open");
        master.resize(PtySize { rows, cols, pixel_width: 0, pixel_height: 0 }).expect("resizing the pseudo-terminal");
        self.terminal.set_size(screen_size(rows), screen_size(cols));
    }

    /// Sends the child a signal (`kill -<name> <pid>`). The child is not reaped before
    /// [`Dashboard::wait_for_exit`], so the pid cannot belong to anyone else.
    pub fn signal(&self, name: &str) {
        let status = std::process::Command::new("kill")
            .arg(format!("-{name}"))
            .arg(self.pid.to_string())
            .status()
            .expect("running kill");
        assert!(status.success(), "kill -{name} {} failed: {status}", self.pid);
    }

    /// Whether the child has not exited yet (reaps it if it has).
    pub fn is_running(&mut self) -> bool {
        if self.status.is_none() {
            self.status = self.child.try_wait().expect("asking whether sitrep has exited");
        }
        self.status.is_none()
    }

    /// The exit status, if the dashboard ends within `timeout`.
    pub fn wait_for_exit(&mut self, timeout: Duration) -> Option<ExitStatus> {
        let deadline = Instant::now() + timeout;
        while self.is_running() {
            if Instant::now() >= deadline {
                return None;
            }
            std::thread::sleep(EXIT_POLL);
        }
        self.status.clone()
    }

    /// Closes the terminal from its master side, as a terminal emulator does when its
    /// window is closed: the kernel then hangs up the child's end (SIGHUP to the child,
    /// reads and writes failing). Nothing is typed on the way (no key was typed before,
    /// so no writer sends its EOF when dropped).
    pub fn hang_up(&mut self) {
        assert!(self.writer.is_none(), "hang_up would type a newline and EOF after keys were typed");
        // Every duplicate of the master must be closed, and the reader thread holds one
        // while it waits in `read`. One byte written from the child's side wakes it; it
        // sees the flag and ends, closing its duplicate. (The terminal already belongs
        // to the child's session, so opening it does not make it ours.)
        self.stop_reading.store(true, Ordering::SeqCst);
        let master = self.master.take().expect("the terminal is still open");
        let tty = master.tty_name().expect("the pseudo-terminal has a name");
        std::fs::OpenOptions::new()
            .write(true)
            .open(&tty)
            .and_then(|mut slave| slave.write_all(b"\0"))
            .unwrap_or_else(|e| panic!("waking the reader through {}: {e}", tty.display()));
        self.reader.take().expect("the reader runs").join().expect("the reader thread ended");
        drop(master);
    }

    /// [`Dashboard::is_running`] without panicking (for `drop`).
    fn is_running_quietly(&mut self) -> bool {
        if self.status.is_none() {
            self.status = self.child.try_wait().ok().flatten();
        }
        self.status.is_none()
    }
}

impl Drop for Dashboard {
    fn drop(&mut self) {
        if self.is_running_quietly() {
            // SIGHUP, a grace period, then SIGKILL; then reap it.
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}
