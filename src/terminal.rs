//! The terminal at the edge: entering raw mode and the alternate screen, and leaving
//! them exactly once, however sitrep ends.

use std::io::{self, Write};
use std::sync::atomic::{AtomicBool, Ordering};

use ratatui::DefaultTerminal;

static RESTORED: AtomicBool = AtomicBool::new(false);

/// Takes over the terminal. ratatui's panic hook (installed here, after color-eyre's)
/// restores the terminal before the panic report is printed.
///
/// # Errors
/// When the terminal cannot be set up (not a terminal, for one).
pub fn enter() -> io::Result<TerminalGuard> {
    let terminal = ratatui::try_init()?;
    RESTORED.store(false, Ordering::SeqCst);
    Ok(TerminalGuard { terminal })
}

/// Gives the terminal back (raw mode off, main screen, cursor shown); only the first call
/// does anything.
pub fn restore() {
    if !RESTORED.swap(true, Ordering::SeqCst) {
        // Errors here have nowhere to go: the terminal may already be gone.
        let _ = ratatui::try_restore();
        let _ = io::stdout().flush();
    }
}

/// Owns the terminal while the dashboard runs; restores it when dropped.
pub struct TerminalGuard {
    pub terminal: DefaultTerminal,
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore();
    }
}
