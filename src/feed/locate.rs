//! Item paths (`incidents[3].id`) and finding where in the file they stand.
//!
//! The parsers report positions for syntax and type errors themselves; semantic errors
//! (a duplicate id, an unknown level) are found on the decoded model, which has no
//! positions. These locators map the item path back to the offending value's position,
//! so every error a producer sees can point at a line and column.

use std::fmt;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// One step of an item path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    Key(&'static str),
    Index(usize),
}

/// A path from the top of the feed to one value.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ItemPath(Vec<Segment>);

impl ItemPath {
    #[must_use]
    pub fn key(&self, key: &'static str) -> Self {
        let mut next = self.clone();
        next.0.push(Segment::Key(key));
        next
    }

    #[must_use]
    pub fn index(&self, index: usize) -> Self {
        let mut next = self.clone();
        next.0.push(Segment::Index(index));
        next
    }

    #[must_use]
    pub fn segments(&self) -> &[Segment] {
        &self.0
    }
}

/// Builds a path from keys and indices: `path!["incidents", 3, "id"]`.
#[macro_export]
macro_rules! item_path {
    ($($seg:expr),* $(,)?) => {{
        #[allow(unused_mut)]
        let mut path = $crate::feed::locate::ItemPath::default();
        $( path = $crate::feed::locate::IntoSegment::push_onto($seg, path); )*
        path
    }};
}

/// What may stand in an [`item_path!`].
pub trait IntoSegment {
    fn push_onto(self, path: ItemPath) -> ItemPath;
}

impl IntoSegment for &'static str {
    fn push_onto(self, path: ItemPath) -> ItemPath {
        path.key(self)
    }
}

impl IntoSegment for usize {
    fn push_onto(self, path: ItemPath) -> ItemPath {
        path.index(self)
    }
}

impl fmt::Display for ItemPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, segment) in self.0.iter().enumerate() {
            match segment {
                Segment::Key(key) if i == 0 => f.write_str(key)?,
                Segment::Key(key) => write!(f, ".{key}")?,
                Segment::Index(index) => write!(f, "[{index}]")?,
            }
        }
        Ok(())
    }
}

/// Finds the value at `path` in a parsed TOML document: its byte offset.
#[must_use]
pub fn locate_toml(root: &Spanned<DeTable<'_>>, path: &ItemPath) -> Option<usize> {
    let mut span = root.span();
    let mut table: Option<&DeTable<'_>> = Some(root.get_ref());
    let mut value: Option<&DeValue<'_>> = None;
    for segment in path.segments() {
        let next = match (segment, table, value) {
            (Segment::Key(key), Some(t), _) => t.iter().find(|(k, _)| k.get_ref() == key).map(|(_, v)| v),
            (Segment::Index(i), _, Some(DeValue::Array(items))) => items.as_ref().get(*i),
            _ => None,
        }?;
        span = next.span();
        value = Some(next.get_ref());
        table = next.get_ref().as_table();
    }
    Some(span.start)
}

/// Finds the value at `path` in JSON text: its byte offset. It runs only on text that
/// already decoded, whose nesting the JSON decoder bounded, so the recursion here is
/// bounded too.
#[must_use]
pub fn locate_json(text: &str, path: &[Segment]) -> Option<usize> {
    let mut cursor = JsonCursor { bytes: text.as_bytes(), at: 0 };
    cursor.find(path)
}

struct JsonCursor<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl JsonCursor<'_> {
    fn skip_whitespace(&mut self) {
        while self.bytes.get(self.at).is_some_and(u8::is_ascii_whitespace) {
            self.at += 1;
        }
    }

    fn peek(&mut self) -> Option<u8> {
        self.skip_whitespace();
        self.bytes.get(self.at).copied()
    }

    fn eat(&mut self, byte: u8) -> bool {
        if self.peek() == Some(byte) {
            self.at += 1;
            true
        } else {
            false
        }
    }

    /// Reads a string at the cursor and returns it decoded.
    fn string(&mut self) -> Option<String> {
        if self.peek() != Some(b'"') {
            return None;
        }
        let start = self.at;
        self.at += 1;
        while let Some(&b) = self.bytes.get(self.at) {
            self.at += 1;
            match b {
                b'\\' => self.at += 1,
                b'"' => return serde_json::from_slice(&self.bytes[start..self.at]).ok(),
                _ => {}
            }
        }
        None
    }

    fn skip_value(&mut self) -> Option<()> {
        match self.peek()? {
            b'"' => self.string().map(drop),
            b'{' | b'[' => {
                let mut depth = 0usize;
                loop {
                    match self.peek()? {
                        b'"' => {
                            self.string()?;
                        }
                        b'{' | b'[' => {
                            depth += 1;
                            self.at += 1;
                        }
                        b'}' | b']' => {
                            depth -= 1;
                            self.at += 1;
                            if depth == 0 {
                                return Some(());
                            }
                        }
                        _ => self.at += 1,
                    }
                }
            }
            _ => {
                while self.bytes.get(self.at).is_some_and(|b| !matches!(b, b',' | b'}' | b']')) {
                    self.at += 1;
                }
                Some(())
            }
        }
    }

    fn find(&mut self, path: &[Segment]) -> Option<usize> {
        let Some((first, rest)) = path.split_first() else {
            self.peek();
            return Some(self.at);
        };
        match first {
            Segment::Key(wanted) => {
                if !self.eat(b'{') {
                    return None;
                }
                loop {
                    let key = self.string()?;
                    if !self.eat(b':') {
                        return None;
                    }
                    if key == *wanted {
                        return self.find(rest);
                    }
                    self.skip_value()?;
                    if !self.eat(b',') {
                        return None;
                    }
                }
            }
            Segment::Index(wanted) => {
                if !self.eat(b'[') {
                    return None;
                }
                for _ in 0..*wanted {
                    self.skip_value()?;
                    if !self.eat(b',') {
                        return None;
                    }
                }
                if self.peek() == Some(b']') {
                    return None;
                }
                self.find(rest)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::feed::problem::Position;

    #[test]
    fn paths_display_like_code() {
        assert_eq!(item_path!["incidents", 3usize, "id"].to_string(), "incidents[3].id");
        assert_eq!(item_path!["threat", "scoped", 0usize, "scope"].to_string(), "threat.scoped[0].scope");
    }

    #[test]
    fn json_values_are_found() {
        let text = "{\n  \"a\": [1, {\"x\": \"}\"}],\n  \"incidents\": [\n    {\"id\": \"p\\\"\"},\n    {\"id\": \"q\"}\n  ]\n}";
        let offset = locate_json(text, item_path!["incidents", 1usize, "id"].segments()).unwrap();
        assert_eq!(Position::from_offset(text, offset), Position { line: 5, column: 12 });
        assert_eq!(locate_json(text, item_path!["incidents", 2usize].segments()), None);
        assert_eq!(locate_json(text, item_path!["nope"].segments()), None);
    }

    #[test]
    fn toml_values_are_found() {
        let text = "version = 1\n\n[[incidents]]\nid = \"a\"\n\n[[incidents]]\nid = \"b\"\n";
        let root = DeTable::parse(text).unwrap();
        let offset = locate_toml(&root, &item_path!["incidents", 1usize, "id"]).unwrap();
        assert_eq!(Position::from_offset(text, offset), Position { line: 7, column: 6 });
    }
}
