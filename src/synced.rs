//! A backend that wraps each frame that changes anything in synchronized output
//! (DEC mode 2026), and writes nothing at all for a frame that changes nothing: the
//! terminal then shows whole frames only, and an idle screen costs no bytes.

use std::io::{self, Write};

use crossterm::queue;
use crossterm::terminal::{BeginSynchronizedUpdate, EndSynchronizedUpdate};
use ratatui::backend::{Backend, ClearType, CrosstermBackend, WindowSize};
use ratatui::buffer::Cell;
use ratatui::layout::{Position, Size};

/// crossterm's backend, with frames wrapped in synchronized output.
pub struct SyncedBackend<W: Write> {
    inner: CrosstermBackend<W>,
    /// A frame has begun (something was drawn) and not yet been flushed.
    in_frame: bool,
    /// The size, told by the loop (never asked of crossterm, whose fallback runs `tput`).
    size: Size,
    /// Whether the cursor is known to be hidden (ratatui hides it every frame).
    cursor_hidden: bool,
}

impl<W: Write> SyncedBackend<W> {
    pub fn new(writer: W, size: Size) -> Self {
        Self { inner: CrosstermBackend::new(writer), in_frame: false, size, cursor_hidden: false }
    }

    pub fn set_size(&mut self, size: Size) {
        self.size = size;
    }

    fn begin_frame(&mut self) -> io::Result<()> {
        if !self.in_frame {
            queue!(self.inner, BeginSynchronizedUpdate)?;
            self.in_frame = true;
        }
        Ok(())
    }
}

impl<W: Write> Backend for SyncedBackend<W> {
    type Error = io::Error;

    fn draw<'a, I>(&mut self, content: I) -> io::Result<()>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        let mut content = content.peekable();
        if content.peek().is_none() {
            return Ok(());
        }
        self.begin_frame()?;
        self.inner.draw(content)
    }

    fn hide_cursor(&mut self) -> io::Result<()> {
        if self.cursor_hidden {
            return Ok(());
        }
        self.cursor_hidden = true;
        self.inner.hide_cursor()
    }

    fn show_cursor(&mut self) -> io::Result<()> {
        self.cursor_hidden = false;
        self.inner.show_cursor()
    }

    fn get_cursor_position(&mut self) -> io::Result<Position> {
        self.inner.get_cursor_position()
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> io::Result<()> {
        self.inner.set_cursor_position(position)
    }

    fn clear(&mut self) -> io::Result<()> {
        self.begin_frame()?;
        self.inner.clear()
    }

    fn clear_region(&mut self, clear_type: ClearType) -> io::Result<()> {
        self.begin_frame()?;
        self.inner.clear_region(clear_type)
    }

    fn size(&self) -> io::Result<Size> {
        Ok(self.size)
    }

    fn window_size(&mut self) -> io::Result<WindowSize> {
        Ok(WindowSize { columns_rows: self.size, pixels: Size::default() })
    }

    fn flush(&mut self) -> io::Result<()> {
        if std::mem::take(&mut self.in_frame) {
            queue!(self.inner, EndSynchronizedUpdate)?;
        }
        Backend::flush(&mut self.inner)
    }
}

#[cfg(test)]
mod tests {
    use ratatui::Terminal;
    use ratatui::widgets::Paragraph;

    use super::*;

    /// A writer whose bytes the test can still read while the terminal owns it.
    #[derive(Clone, Default)]
    struct Shared(std::rc::Rc<std::cell::RefCell<Vec<u8>>>);

    impl Write for Shared {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.0.borrow_mut().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    fn frames(texts: &[&str]) -> Vec<Vec<u8>> {
        let mut out = Vec::new();
        let written = Shared::default();
        let backend = SyncedBackend::new(written.clone(), Size::new(10, 1));
        let options =
            ratatui::TerminalOptions { viewport: ratatui::Viewport::Fixed(ratatui::layout::Rect::new(0, 0, 10, 1)) };
        let Ok(mut terminal) = Terminal::with_options(backend, options) else { return out };
        for text in texts {
            let before = written.0.borrow().len();
            let Ok(_) = terminal.draw(|f| f.render_widget(Paragraph::new(*text), f.area())) else { return out };
            out.push(written.0.borrow()[before..].to_vec());
        }
        out
    }

    #[test]
    fn changed_frames_are_synchronized_and_unchanged_ones_write_nothing() {
        let frames = frames(&["12:00", "12:00", "12:01"]);
        assert_eq!(frames.len(), 3);
        let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
        assert!(text(&frames[0]).starts_with("\x1b[?2026h") && text(&frames[0]).contains("\x1b[?2026l"));
        assert!(frames[1].is_empty(), "an unchanged frame wrote {:?}", text(&frames[1]));
        assert!(text(&frames[2]).contains('1') && text(&frames[2]).contains("\x1b[?2026h"));
    }
}
