//! What can be wrong with a feed, and where: errors and warnings in compiler style.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::feed::text::{Lines, clean};

/// An error rejects the feed; a warning is shown with an accepted feed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Error,
    Warning,
}

/// A 1-based line and column (columns count characters, not bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

impl Position {
    /// The position of byte `offset` in `text` (clamped to the text, snapped back to a
    /// character boundary).
    #[must_use]
    pub fn from_offset(text: &str, offset: usize) -> Self {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let before = &text[..offset];
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        Self { line: before.matches('\n').count() + 1, column: before[line_start..].chars().count() + 1 }
    }
}

/// Where each line of a text starts, to turn many byte offsets into positions without
/// counting lines from the top each time.
#[derive(Debug, Clone)]
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    #[must_use]
    pub fn new(text: &'a str) -> Self {
        let starts = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
        Self { text, starts }
    }

    /// The position of byte `offset` (clamped, snapped back to a character boundary).
    #[must_use]
    pub fn position(&self, offset: usize) -> Position {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&start| start <= offset).max(1);
        let start = self.starts[line - 1];
        Position { line, column: self.text[start..offset].chars().count() + 1 }
    }
}

/// One problem with a feed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    pub severity: Severity,
    /// Where in the file, when the parser or the locator knows.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub position: Option<Position>,
    /// The item path (`incidents[3].id`), when the problem belongs to one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// What is wrong, cleaned: parser messages may quote hostile input.
    pub message: String,
}

impl Problem {
    #[must_use]
    pub fn error(message: impl AsRef<str>) -> Self {
        Self::new(Severity::Error, message)
    }

    #[must_use]
    pub fn warning(message: impl AsRef<str>) -> Self {
        Self::new(Severity::Warning, message)
    }

    fn new(severity: Severity, message: impl AsRef<str>) -> Self {
        Self { severity, position: None, path: None, message: clean(message.as_ref(), Lines::Single).into_owned() }
    }

    #[must_use]
    pub fn at(mut self, position: Option<Position>) -> Self {
        self.position = position;
        self
    }

    #[must_use]
    pub fn on(mut self, path: impl Into<String>) -> Self {
        self.path = Some(path.into());
        self
    }

    #[must_use]
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `FILE:LINE:COLUMN: error: path: message`, the path only where no position is known
    /// or where it helps to find the item.
    #[must_use]
    pub fn display_in<'a>(&'a self, file: &'a str) -> impl fmt::Display + 'a {
        DisplayIn { problem: self, file }
    }
}

struct DisplayIn<'a> {
    problem: &'a Problem,
    file: &'a str,
}

impl fmt::Display for DisplayIn<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let p = self.problem;
        f.write_str(&clean(self.file, Lines::Single))?;
        if let Some(pos) = p.position {
            write!(f, ":{}:{}", pos.line, pos.column)?;
        }
        let label = match p.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, ": {label}: ")?;
        if let Some(path) = &p.path {
            write!(f, "{path}: ")?;
        }
        f.write_str(&p.message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_characters() {
        let text = "ab\nçé x\n";
        assert_eq!(Position::from_offset(text, 0), Position { line: 1, column: 1 });
        assert_eq!(Position::from_offset(text, 3), Position { line: 2, column: 1 });
        // 'x' is at byte 8 (ç and é take two bytes each): the 4th character of line 2.
        assert_eq!(Position::from_offset(text, 8), Position { line: 2, column: 4 });
        assert_eq!(Position::from_offset(text, 999), Position { line: 3, column: 1 });
        let index = LineIndex::new(text);
        for offset in 0..=text.len() + 2 {
            assert_eq!(index.position(offset), Position::from_offset(text, offset), "offset {offset}");
        }
    }

    #[test]
    fn display_is_compiler_style_and_clean() {
        let p = Problem::error("unknown field `\x1b[2J`").at(Some(Position { line: 14, column: 9 }));
        assert_eq!(p.display_in("feed.toml").to_string(), "feed.toml:14:9: error: unknown field `^[[2J`");
        let w = Problem::warning("review is overdue").on("measures[2].review");
        assert_eq!(w.display_in("f.json").to_string(), "f.json: warning: measures[2].review: review is overdue");
    }
}
