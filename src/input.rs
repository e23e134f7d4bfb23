//! Keys from the terminal, read by sitrep itself.
//!
//! crossterm's event reader loops forever when the tty answers EOF or EIO (after a
//! hangup: crossterm issues 793 and 1110), burning a core. So a plain thread reads the
//! tty here: a read that returns nothing or fails means the terminal is gone, and the
//! thread says so and ends. The bytes become crossterm's key types, which `update`
//! understands; resizes come from SIGWINCH (see `runtime`).

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Turns bytes from a raw-mode tty into keys. Bytes that may begin a longer sequence
/// at the end of the input (a split UTF-8 character or escape sequence) stay in `pending`
/// for the next call.
#[derive(Debug, Default)]
pub struct KeyParser {
    pending: Vec<u8>,
}

impl KeyParser {
    /// The keys in `bytes` (after whatever was pending).
    pub fn feed(&mut self, bytes: &[u8]) -> Vec<KeyEvent> {
        let mut input = std::mem::take(&mut self.pending);
        input.extend_from_slice(bytes);
        let mut keys = Vec::new();
        let mut i = 0;
        while i < input.len() {
            match parse_one(&input[i..]) {
                Parsed::Key(key, used) => {
                    keys.extend(key);
                    i += used;
                }
                Parsed::Incomplete => {
                    self.pending = input[i..].to_vec();
                    break;
                }
            }
        }
        keys
    }
}

enum Parsed {
    /// A key (or a sequence to ignore) and how many bytes it took.
    Key(Option<KeyEvent>, usize),
    Incomplete,
}

fn key(code: KeyCode) -> Option<KeyEvent> {
    Some(KeyEvent::new(code, KeyModifiers::NONE))
}

fn parse_one(bytes: &[u8]) -> Parsed {
    let Some(&first) = bytes.first() else { return Parsed::Incomplete };
    match first {
        0x1b => parse_escape(bytes),
        b'\r' | b'\n' => Parsed::Key(key(KeyCode::Enter), 1),
        b'\t' => Parsed::Key(key(KeyCode::Tab), 1),
        0x7f | 0x08 => Parsed::Key(key(KeyCode::Backspace), 1),
        0x00 => Parsed::Key(None, 1),
        0x01..=0x1a => {
            let letter = char::from(b'a' + first - 1);
            Parsed::Key(Some(KeyEvent::new(KeyCode::Char(letter), KeyModifiers::CONTROL)), 1)
        }
        0x1c..=0x1f => Parsed::Key(None, 1),
        _ => parse_utf8(bytes),
    }
}

fn parse_utf8(bytes: &[u8]) -> Parsed {
    let width = match bytes[0] {
        0x00..=0x7f => 1,
        0xc0..=0xdf => 2,
        0xe0..=0xef => 3,
        0xf0..=0xf7 => 4,
        _ => return Parsed::Key(None, 1),
    };
    if bytes.len() < width {
        return Parsed::Incomplete;
    }
    match std::str::from_utf8(&bytes[..width]).ok().and_then(|s| s.chars().next()) {
        Some(c) => Parsed::Key(key(KeyCode::Char(c)), width),
        None => Parsed::Key(None, 1),
    }
}

fn parse_escape(bytes: &[u8]) -> Parsed {
    match bytes.get(1) {
        // A lone ESC in one read is the Esc key: terminals send sequences whole.
        None => Parsed::Key(key(KeyCode::Esc), 1),
        Some(b'[') => parse_csi(bytes),
        Some(b'O') => match bytes.get(2) {
            None => Parsed::Incomplete,
            Some(&final_byte) => Parsed::Key(final_key(final_byte, &[]), 3),
        },
        // ESC before anything else is the Esc key, then that key: sitrep uses no Alt
        // combinations, and Esc followed quickly by `q` (or a pasted pair) must not be
        // lost as "Alt+q".
        Some(_) => Parsed::Key(key(KeyCode::Esc), 1),
    }
}

/// `ESC [ params final`.
fn parse_csi(bytes: &[u8]) -> Parsed {
    let body = &bytes[2..];
    let Some(end) = body.iter().position(|b| (0x40..=0x7e).contains(b)) else {
        // Guard against an endless sequence: give up on it after a while.
        return if body.len() > 32 { Parsed::Key(None, bytes.len()) } else { Parsed::Incomplete };
    };
    let params: Vec<u16> = body[..end]
        .split(|&b| b == b';')
        .map(|p| std::str::from_utf8(p).ok().and_then(|s| s.parse().ok()).unwrap_or(0))
        .collect();
    Parsed::Key(final_key(body[end], &params), 2 + end + 1)
}

fn final_key(final_byte: u8, params: &[u16]) -> Option<KeyEvent> {
    match final_byte {
        b'A' => key(KeyCode::Up),
        b'B' => key(KeyCode::Down),
        b'C' => key(KeyCode::Right),
        b'D' => key(KeyCode::Left),
        b'H' => key(KeyCode::Home),
        b'F' => key(KeyCode::End),
        b'Z' => Some(KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT)),
        b'~' => match params.first() {
            Some(1 | 7) => key(KeyCode::Home),
            Some(4 | 8) => key(KeyCode::End),
            Some(5) => key(KeyCode::PageUp),
            Some(6) => key(KeyCode::PageDown),
            Some(3) => key(KeyCode::Delete),
            _ => None,
        },
        _ => None,
    }
}

/// Reads the terminal on a thread of its own, sending keys; when the terminal is gone
/// (end of input or an error such as EIO after a hangup) it sends `on_gone` and ends.
pub fn spawn_reader(keys: impl Fn(KeyEvent) -> bool + Send + 'static, on_gone: impl FnOnce() + Send + 'static) {
    std::thread::spawn(move || {
        let stdin = rustix::stdio::stdin();
        let mut parser = KeyParser::default();
        let mut buffer = [0u8; 1024];
        loop {
            match rustix::io::read(stdin, &mut buffer) {
                Ok(0) => break,
                Ok(n) => {
                    if !parser.feed(&buffer[..n]).into_iter().all(&keys) {
                        return;
                    }
                }
                Err(rustix::io::Errno::INTR) => {}
                // A tty left non-blocking by another program: wait instead of spinning.
                Err(rustix::io::Errno::AGAIN) => std::thread::sleep(std::time::Duration::from_millis(20)),
                Err(_) => break,
            }
        }
        on_gone();
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(bytes: &[u8]) -> Vec<(KeyCode, KeyModifiers)> {
        KeyParser::default().feed(bytes).into_iter().map(|k| (k.code, k.modifiers)).collect()
    }

    #[test]
    fn plain_keys() {
        let none = KeyModifiers::NONE;
        assert_eq!(
            codes(b"qj/\r\t\x7f"),
            vec![
                (KeyCode::Char('q'), none),
                (KeyCode::Char('j'), none),
                (KeyCode::Char('/'), none),
                (KeyCode::Enter, none),
                (KeyCode::Tab, none),
                (KeyCode::Backspace, none)
            ]
        );
        assert_eq!(codes(b"\x03"), vec![(KeyCode::Char('c'), KeyModifiers::CONTROL)]);
        assert_eq!(codes("é€".as_bytes()), vec![(KeyCode::Char('é'), none), (KeyCode::Char('€'), none)]);
    }

    #[test]
    fn escape_sequences() {
        let none = KeyModifiers::NONE;
        assert_eq!(codes(b"\x1b"), vec![(KeyCode::Esc, none)]);
        assert_eq!(codes(b"\x1b[A\x1b[B\x1bOA"), vec![(KeyCode::Up, none), (KeyCode::Down, none), (KeyCode::Up, none)]);
        assert_eq!(codes(b"\x1b[5~\x1b[6~"), vec![(KeyCode::PageUp, none), (KeyCode::PageDown, none)]);
        assert_eq!(codes(b"\x1b[H\x1b[4~"), vec![(KeyCode::Home, none), (KeyCode::End, none)]);
        assert_eq!(codes(b"\x1b[Z"), vec![(KeyCode::BackTab, KeyModifiers::SHIFT)]);
        assert_eq!(codes(b"\x1b[1;5A"), vec![(KeyCode::Up, none)]);
        assert_eq!(codes(b"\x1bq"), vec![(KeyCode::Esc, none), (KeyCode::Char('q'), none)]);
        // Mouse reports and unknown sequences are skipped whole.
        assert_eq!(codes(b"\x1b[<0;10;5Mq"), vec![(KeyCode::Char('q'), none)]);
    }

    #[test]
    fn split_reads_are_joined() {
        let mut parser = KeyParser::default();
        assert!(parser.feed(b"\x1b[").is_empty());
        assert_eq!(parser.feed(b"B").into_iter().map(|k| k.code).collect::<Vec<_>>(), vec![KeyCode::Down]);
        let euro = "€".as_bytes();
        assert!(parser.feed(&euro[..1]).is_empty());
        assert_eq!(parser.feed(&euro[1..]).into_iter().map(|k| k.code).collect::<Vec<_>>(), vec![KeyCode::Char('€')]);
    }

    #[test]
    fn garbage_never_panics() {
        let mut parser = KeyParser::default();
        for chunk in [&b"\x1b[99999999999999999999~"[..], b"\xff\xfe\x80", b"\x1b\x1b\x1b", b"\x1b[", &[0x1b; 64][..]] {
            let _ = parser.feed(chunk);
        }
    }
}
