//! A quick look at TOML text, line by line: which lines are table headers, comments,
//! blank or content, and where the simple `key = value` lines of each table stand. It
//! follows strings (basic, literal, multi-line) and brackets across lines, so a header
//! inside a multi-line string or array is not taken for one.
//!
//! It is fast because it builds nothing: it serves adding an item to a large feed. It
//! answers only for layouts it fully understands (`None` otherwise), and the writer
//! checks the result with the full decoder anyway.

use std::ops::Range;

/// A table header line: `[name]` or `[[name]]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    /// The dotted name as written, without spaces around the dots; `None` when it has
    /// quoted parts (the feed's own tables never need them).
    pub name: Option<String>,
    pub array: bool,
    /// Where the header's line starts.
    pub line_start: usize,
    /// Where the comment lines directly above it (no blank line between) start; the
    /// header's line start when there are none.
    pub lead_start: usize,
    /// The end (before the newline) of the last content line of its section.
    pub content_end: usize,
    /// Its section's `id = value` lines (the only key an outline needs from a table):
    /// the key and the value's text range.
    pub keys: Vec<(String, Range<usize>)>,
}

/// The outline of a TOML text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Outline {
    /// The simple `key = value` lines before the first header.
    pub root_keys: Vec<(String, Range<usize>)>,
    /// Whether a key before the first header was not a simple bare key.
    pub root_has_other_keys: bool,
    /// The end of the last content line before the first header (0 if none).
    pub root_content_end: usize,
    pub headers: Vec<Header>,
}

impl Outline {
    /// The end of the last content line of the whole text.
    #[must_use]
    pub fn content_end(&self) -> usize {
        self.headers.iter().map(|h| h.content_end).max().unwrap_or(self.root_content_end).max(self.root_content_end)
    }
}

/// What a line of text is, once its start is known to be outside strings and brackets.
enum Start {
    Blank,
    Comment,
    Header,
    KeyValue,
}

/// A multi-line string left open at the end of a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Open {
    Basic,
    Literal,
}

/// Lexing state carried from line to line.
#[derive(Debug, Default)]
struct State {
    string: Option<Open>,
    depth: usize,
}

impl State {
    fn at_top(&self) -> bool {
        self.string.is_none() && self.depth == 0
    }
}

/// Outlines `text`; `None` when a line is malformed in a way that makes the outline
/// uncertain.
#[must_use]
pub fn outline(text: &str) -> Option<Outline> {
    scan(text, false)
}

/// Outlines `text` up to its first table header: the top-level keys only, read without
/// going through the rest.
#[must_use]
pub fn root_outline(text: &str) -> Option<Outline> {
    scan(text, true)
}

fn scan(text: &str, root_only: bool) -> Option<Outline> {
    let bytes = text.as_bytes();
    let mut result = Outline::default();
    let mut state = State::default();
    let mut comment_run: Option<usize> = None;
    let mut line_start = 0;
    while line_start < bytes.len() {
        let line_end = bytes[line_start..].iter().position(|&b| b == b'\n').map_or(bytes.len(), |i| line_start + i);
        let content_end = if line_end > line_start && bytes[line_end - 1] == b'\r' { line_end - 1 } else { line_end };
        let line = &bytes[line_start..content_end];
        let is_content = if state.at_top() {
            let first = line.iter().position(|b| !matches!(b, b' ' | b'\t'));
            let start = match first.map(|i| line[i]) {
                None => Start::Blank,
                Some(b'#') => Start::Comment,
                Some(b'[') => Start::Header,
                Some(_) => Start::KeyValue,
            };
            let first = first.map_or(line_start, |i| line_start + i);
            match start {
                Start::Blank => {
                    comment_run = None;
                    false
                }
                Start::Comment => {
                    comment_run.get_or_insert(line_start);
                    false
                }
                Start::Header if root_only => return Some(result),
                Start::Header => {
                    let (name, array) = header(&text[first..content_end])?;
                    result.headers.push(Header {
                        name,
                        array,
                        line_start,
                        lead_start: comment_run.take().unwrap_or(line_start),
                        content_end,
                        keys: Vec::new(),
                    });
                    true
                }
                Start::KeyValue => {
                    comment_run = None;
                    let (key, value) = key_value(text, first, content_end, &mut state)?;
                    // Allocating for every key of a large feed would cost more than the
                    // whole scan: tables keep only their ids.
                    match (key, result.headers.last_mut()) {
                        (Some(key), None) => result.root_keys.push((key.to_owned(), value)),
                        (Some("id"), Some(header)) => header.keys.push(("id".to_owned(), value)),
                        (None, None) => result.root_has_other_keys = true,
                        _ => {}
                    }
                    true
                }
            }
        } else {
            // A line inside a multi-line string or array: part of the value above.
            lex(bytes, line_start, content_end, &mut state);
            true
        };
        if is_content {
            match result.headers.last_mut() {
                Some(header) => header.content_end = content_end,
                None => result.root_content_end = content_end,
            }
        }
        line_start = line_end + 1;
    }
    state.at_top().then_some(result)
}

/// The name and kind of a header line (`[[ incidents ]]  # comment`).
fn header(line: &str) -> Option<(Option<String>, bool)> {
    let array = line.starts_with("[[");
    let open = if array { 2 } else { 1 };
    let close_token = if array { "]]" } else { "]" };
    let rest = &line[open..];
    if rest.contains(['"', '\'']) {
        // Quoted parts: not one of the feed's own tables; where it ends is unclear.
        let close = rest.rfind(close_token)?;
        return Some((None, array)).filter(|_| close > 0);
    }
    let close = rest.find(close_token)?;
    let after = rest[close + close_token.len()..].trim_start();
    if !(after.is_empty() || after.starts_with('#')) {
        return None;
    }
    let name: Vec<&str> = rest[..close].split('.').map(str::trim).collect();
    if name.iter().any(|part| part.is_empty() || !part.bytes().all(is_bare_key_byte)) {
        return None;
    }
    Some((Some(name.join(".")), array))
}

fn is_bare_key_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'-'
}

/// A `key = value` line from `first`: the bare key (`None` for dotted or quoted keys)
/// and the value's range on this line, following the value onto later lines if it is a
/// multi-line string or array.
fn key_value<'t>(
    text: &'t str,
    first: usize,
    end: usize,
    state: &mut State,
) -> Option<(Option<&'t str>, Range<usize>)> {
    let bytes = text.as_bytes();
    // The key, which may be quoted or dotted.
    let mut at = first;
    let mut bare = true;
    while at < end && bytes[at] != b'=' {
        match bytes[at] {
            b'"' | b'\'' => {
                bare = false;
                let quote = bytes[at];
                at += 1;
                while at < end && bytes[at] != quote {
                    at += if bytes[at] == b'\\' && quote == b'"' { 2 } else { 1 };
                }
                at += 1;
            }
            b => {
                if !(is_bare_key_byte(b) || b == b' ' || b == b'\t') {
                    bare = false;
                }
                at += 1;
            }
        }
    }
    if at >= end {
        return None;
    }
    let key = text[first..at].trim();
    let key = (bare && !key.contains([' ', '\t'])).then_some(key);
    let value_start = first_non_blank(bytes, at + 1, end);
    let value_end = lex(bytes, value_start, end, state);
    Some((key, value_start..value_end))
}

fn first_non_blank(bytes: &[u8], mut at: usize, end: usize) -> usize {
    while at < end && matches!(bytes[at], b' ' | b'\t') {
        at += 1;
    }
    at
}

/// Reads `bytes[from..end]` (one line) as TOML value text, carrying open strings and
/// brackets in `state`; returns where the value's text ends on this line (before
/// trailing blanks and any comment).
fn lex(bytes: &[u8], from: usize, end: usize, state: &mut State) -> usize {
    let mut at = from;
    let mut value_end = from;
    while at < end {
        match state.string {
            Some(Open::Basic) => {
                if bytes[at] == b'\\' {
                    at += 2;
                } else if bytes[at..end].starts_with(b"\"\"\"") {
                    at = closing_quotes(bytes, at, end, b'"');
                    state.string = None;
                } else {
                    at += 1;
                }
                value_end = at.min(end);
            }
            Some(Open::Literal) => {
                if bytes[at..end].starts_with(b"'''") {
                    at = closing_quotes(bytes, at, end, b'\'');
                    state.string = None;
                } else {
                    at += 1;
                }
                value_end = at.min(end);
            }
            None => match bytes[at] {
                b'#' => break,
                b' ' | b'\t' => at += 1,
                b'"' if bytes[at..end].starts_with(b"\"\"\"") => {
                    state.string = Some(Open::Basic);
                    at += 3;
                    value_end = at;
                }
                b'\'' if bytes[at..end].starts_with(b"'''") => {
                    state.string = Some(Open::Literal);
                    at += 3;
                    value_end = at;
                }
                quote @ (b'"' | b'\'') => {
                    at += 1;
                    while at < end && bytes[at] != quote {
                        at += if bytes[at] == b'\\' && quote == b'"' { 2 } else { 1 };
                    }
                    at = (at + 1).min(end);
                    value_end = at;
                }
                b'[' | b'{' => {
                    state.depth += 1;
                    at += 1;
                    value_end = at;
                }
                b']' | b'}' => {
                    state.depth = state.depth.saturating_sub(1);
                    at += 1;
                    value_end = at;
                }
                _ => {
                    at += 1;
                    value_end = at;
                }
            },
        }
    }
    value_end.min(end)
}

/// Past the closing `"""` (or `'''`) at `at` and up to two quotes before it that belong
/// to the string's content (`""""` closes a string ending in `"`).
fn closing_quotes(bytes: &[u8], at: usize, end: usize, quote: u8) -> usize {
    let mut run = at;
    while run < end && bytes[run] == quote && run - at < 5 {
        run += 1;
    }
    run
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_inside_strings_and_arrays_are_not_headers() {
        let text = "version = 1\ngenerated = 2015-11-18T09:00:00+01:00 # now\n\n# the threat\n[threat]\nlevel = 4\n\n[[incidents]]\nid = \"a\"\ndetails = \"\"\"\n[[incidents]]\nid = \"fake\"\n\"\"\"\ntags = [\n  \"[[x]]\",\n]\n\n[incidents.casualties]\ndead = 1\n\n# comment of b\n[[incidents]]\nid = 'b' # b\n";
        let outline = outline(text).unwrap();
        let names: Vec<_> = outline.headers.iter().map(|h| (h.name.clone().unwrap(), h.array)).collect();
        assert_eq!(
            names,
            [
                ("threat".into(), false),
                ("incidents".into(), true),
                ("incidents.casualties".into(), false),
                ("incidents".into(), true)
            ]
        );
        let generated = &outline.root_keys[1];
        assert_eq!((generated.0.as_str(), &text[generated.1.clone()]), ("generated", "2015-11-18T09:00:00+01:00"));
        let ids: Vec<&str> = outline
            .headers
            .iter()
            .flat_map(|h| h.keys.iter().filter(|(k, _)| k == "id").map(|(_, r)| &text[r.clone()]))
            .collect();
        assert_eq!(ids, ["\"a\"", "'b'"]);
        assert_eq!(&text[outline.headers[0].lead_start..outline.headers[0].line_start], "# the threat\n");
        assert_eq!(&text[outline.headers[3].lead_start..outline.headers[3].line_start], "# comment of b\n");
        assert_eq!(&text[..outline.headers[1].content_end].lines().last().unwrap(), &"]");
        assert_eq!(outline.content_end(), text.len() - 1);
    }

    #[test]
    fn unclosed_strings_give_no_outline() {
        assert!(outline("a = \"\"\"\nopen").is_none());
        assert!(outline("a = [1,\n").is_none());
        assert!(outline("[[x]] junk").is_none());
    }
}
