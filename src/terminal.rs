//! The terminal at the edge: taking it over, giving it back exactly once however sitrep
//! ends (quit, error, panic, signal), and noticing when it has gone away.
//!
//! The viewport is fixed and resized from resize events: ratatui then never asks
//! crossterm for the size, whose fallback would run `tput` when the terminal is gone.

use std::io::{self, Stdout, Write};
use std::sync::atomic::{AtomicBool, Ordering};

use crossterm::terminal::{EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode};
use crossterm::{cursor, execute};
use ratatui::layout::{Rect, Size};
use ratatui::{Terminal, TerminalOptions, Viewport};

use crate::synced::SyncedBackend;

/// The terminal sitrep draws on.
pub type Screen = Terminal<SyncedBackend<Stdout>>;

static RESTORED: AtomicBool = AtomicBool::new(true);

/// The size of the terminal on standard output, asked of the terminal itself. An error
/// means it is no terminal (any more): after a hangup the tty answers EIO.
///
/// # Errors
/// When standard output is not a working terminal.
pub fn window_size() -> io::Result<(u16, u16)> {
    let size = rustix::termios::tcgetwinsize(rustix::stdio::stdout())?;
    Ok((size.ws_col, size.ws_row))
}

/// Takes over the terminal: raw mode, the alternate screen, no cursor. A panic hook
/// (chained before the one installed earlier, color-eyre's) gives the terminal back
/// before the report is printed.
///
/// # Errors
/// When standard output is not a terminal or cannot be set up.
pub fn enter() -> io::Result<TerminalGuard> {
    let (width, height) = window_size()?;
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        // A panic on any thread ends sitrep: the terminal is given back, the report is
        // printed on the main screen, and nothing goes on drawing over a restored
        // terminal.
        restore();
        previous(info);
        crate::logging::finish();
        std::process::exit(101);
    }));
    RESTORED.store(false, Ordering::SeqCst);
    let set_up = || -> io::Result<Screen> {
        enable_raw_mode()?;
        let mut stdout = io::stdout();
        execute!(stdout, EnterAlternateScreen, cursor::Hide)?;
        let options = TerminalOptions { viewport: Viewport::Fixed(Rect::new(0, 0, width, height)) };
        Terminal::with_options(SyncedBackend::new(stdout, Size::new(width, height)), options)
    };
    match set_up() {
        Ok(screen) => Ok(TerminalGuard { screen: std::mem::ManuallyDrop::new(screen) }),
        Err(e) => {
            // Half set up is not left behind.
            restore();
            Err(e)
        }
    }
}

/// Gives the terminal back (raw mode off, main screen, cursor shown); only the first call
/// after [`enter`] does anything.
pub fn restore() {
    if !RESTORED.swap(true, Ordering::SeqCst) {
        // Errors have nowhere to go here: the terminal may already be gone.
        let _ = disable_raw_mode();
        let mut stdout = io::stdout();
        let _ = execute!(stdout, LeaveAlternateScreen, cursor::Show);
        let _ = stdout.flush();
    }
}

/// Owns the terminal while the dashboard runs; gives it back when dropped.
pub struct TerminalGuard {
    /// Never dropped: ratatui's `Terminal::drop` shows the cursor and prints to stderr if
    /// that fails; after a hangup both fail, the print panics and the process aborts.
    /// [`restore`] shows the cursor instead, ignoring errors.
    pub screen: std::mem::ManuallyDrop<Screen>,
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore();
    }
}
