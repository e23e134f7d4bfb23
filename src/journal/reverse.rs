//! Reading the journal from its end: lines newest first, in blocks, across the rotated
//! files (`journal.jsonl`, then `.1`, `.2`, ...), so that a question about the last hours
//! never reads a year. Torn and unreadable lines are skipped with a warning.

use std::fs::File;
use std::ops::ControlFlow;
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};

use crate::feed::text::{Lines, clean};
use crate::journal::entry::{Entry, FORMAT_VERSION};
use crate::journal::file::{self, Fault, Locked, rotated};

/// How much is read at a time.
const BLOCK: usize = 64 * 1024;

/// A line that was skipped, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub file: PathBuf,
    pub why: String,
}

impl std::fmt::Display for Skipped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", clean(&self.file.display().to_string(), Lines::Single), self.why)
    }
}

/// Calls `visit` with each line of one file, last line first. A last line without its
/// newline (a writer killed mid-write) is not a line: it is reported to `torn`.
fn lines_back(
    file: &File,
    visit: impl FnMut(&[u8]) -> ControlFlow<()>,
    torn: impl FnMut(usize),
) -> Result<ControlFlow<()>, Fault> {
    let end = file.metadata().map_err(|error| Fault::Io { doing: "reading its size", error })?.len();
    lines_back_from(file, end, visit, torn)
}

/// [`lines_back`] from byte `end` on (a line start, or the file's size) back to the
/// file's start: the history finds a moment by bisection and reads back from there.
///
/// # Errors
/// When the file cannot be read.
pub fn lines_back_from(
    file: &File,
    end: u64,
    mut visit: impl FnMut(&[u8]) -> ControlFlow<()>,
    mut torn: impl FnMut(usize),
) -> Result<ControlFlow<()>, Fault> {
    let mut position = end;
    // Bytes after the last newline seen so far (a line continuing to the right).
    let mut carry: Vec<u8> = Vec::new();
    let mut at_end = true;
    let mut block = vec![0u8; BLOCK];
    while position > 0 {
        let size = usize::try_from(position.min(BLOCK as u64)).unwrap_or(BLOCK);
        position -= size as u64;
        let chunk = &mut block[..size];
        file.read_exact_at(chunk, position).map_err(|error| Fault::Io { doing: "reading", error })?;
        let mut end = chunk.len();
        while let Some(newline) = chunk[..end].iter().rposition(|&b| b == b'\n') {
            let tail = &chunk[newline + 1..end];
            if at_end {
                // What follows the file's last newline was never finished.
                let length = tail.len() + carry.len();
                if length > 0 {
                    torn(length);
                }
                at_end = false;
            } else if carry.is_empty() {
                if !tail.is_empty() && visit(tail).is_break() {
                    return Ok(ControlFlow::Break(()));
                }
            } else {
                let mut line = tail.to_vec();
                line.extend_from_slice(&carry);
                if visit(&line).is_break() {
                    return Ok(ControlFlow::Break(()));
                }
            }
            carry.clear();
            end = newline;
        }
        let mut joined = chunk[..end].to_vec();
        joined.extend_from_slice(&carry);
        carry = joined;
    }
    if at_end {
        if !carry.is_empty() {
            torn(carry.len());
        }
    } else if !carry.is_empty() {
        return Ok(visit(&carry));
    }
    Ok(ControlFlow::Continue(()))
}

/// Calls `visit` with each entry, newest first, across the journal and its rotated files,
/// until it breaks. `current` is the journal itself when the caller holds it locked (else
/// it is opened and share-locked here). Skipped lines are added to `skipped`.
///
/// # Errors
/// When the journal itself cannot be opened or read (a missing journal has no entries).
pub fn entries_back(
    path: &Path,
    current: Option<&File>,
    skipped: &mut Vec<Skipped>,
    mut visit: impl FnMut(Entry) -> ControlFlow<()>,
) -> Result<(), Fault> {
    let held;
    let current = match current {
        Some(file) => file,
        None => match Locked::acquire(path, false, false) {
            Ok(locked) => {
                held = locked;
                &held.file
            }
            Err(Fault::Io { error, .. }) if error.kind() == std::io::ErrorKind::NotFound => return Ok(()),
            Err(fault) => return Err(fault),
        },
    };
    let mut n = 0;
    let mut owned;
    let mut file = current;
    let mut name = path.to_path_buf();
    loop {
        let mut parse = |line: &[u8]| match parse_line(line) {
            Ok(entry) => visit(entry),
            Err(why) => {
                skipped.push(Skipped { file: name.clone(), why });
                ControlFlow::Continue(())
            }
        };
        let mut torn_at_end = None;
        let flow = lines_back(file, &mut parse, |length| torn_at_end = Some(length))?;
        if let Some(length) = torn_at_end {
            skipped.push(Skipped {
                file: name.clone(),
                why: format!("the last line ({length} bytes) is torn (a writer stopped mid-write); skipped"),
            });
        }
        if flow.is_break() {
            return Ok(());
        }
        n += 1;
        name = rotated(path, n);
        owned = match file::open(&name, false, false) {
            Ok(file) => file,
            Err(Fault::Io { error, .. }) if error.kind() == std::io::ErrorKind::NotFound => return Ok(()),
            Err(fault) => {
                skipped.push(Skipped { file: name.clone(), why: format!("not read: {fault}") });
                return Ok(());
            }
        };
        file = &owned;
    }
}

/// One line as an entry, or why not.
fn parse_line(line: &[u8]) -> Result<Entry, String> {
    #[derive(serde::Deserialize)]
    struct Version {
        v: u32,
    }
    match serde_json::from_slice::<Entry>(line) {
        Ok(entry) if entry.v == FORMAT_VERSION => Ok(entry),
        Ok(entry) => Err(format!("entry format version {} is not {FORMAT_VERSION}; skipped", entry.v)),
        Err(error) => match serde_json::from_slice::<Version>(line) {
            Ok(version) if version.v > FORMAT_VERSION => {
                Err(format!("entry format version {} needs a newer sitrep; skipped", version.v))
            }
            _ => Err(clean(&format!("unreadable line ({error}); skipped"), Lines::Single).into_owned()),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines_of(content: &[u8]) -> (Vec<String>, Option<usize>) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("j");
        std::fs::write(&path, content).unwrap();
        let file = File::open(&path).unwrap();
        let mut lines = Vec::new();
        let mut torn = None;
        let _ = lines_back(
            &file,
            |line| {
                lines.push(String::from_utf8_lossy(line).into_owned());
                ControlFlow::Continue(())
            },
            |length| torn = Some(length),
        )
        .unwrap();
        (lines, torn)
    }

    #[test]
    fn lines_come_newest_first_and_a_torn_tail_is_reported() {
        assert_eq!(lines_of(b"a\nbb\nccc\n"), (vec!["ccc".into(), "bb".into(), "a".into()], None));
        assert_eq!(lines_of(b"a\nbb\ncc"), (vec!["bb".into(), "a".into()], Some(2)));
        assert_eq!(lines_of(b"half"), (vec![], Some(4)));
        assert_eq!(lines_of(b""), (vec![], None));
        assert_eq!(lines_of(b"a\n\nb\n"), (vec!["b".into(), "a".into()], None));
    }

    #[test]
    fn lines_longer_than_a_block_are_whole() {
        let long = "x".repeat(BLOCK * 2 + 17);
        let content = format!("first\n{long}\nlast\n{long}");
        let (lines, torn) = lines_of(content.as_bytes());
        assert_eq!(lines, ["last".to_owned(), long.clone(), "first".to_owned()]);
        assert_eq!(torn, Some(long.len()));
    }
}
