//! Pointing JSON errors at what is wrong. serde_json reports where it stopped reading,
//! which is just past the offending token (or past the closing brace of an object that
//! lacks a field); a producer wants to be pointed at the key or value itself.

/// The byte offset of serde_json's (1-based line, column) in `text`: just past the last
/// byte it read.
#[must_use]
pub fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let line_start: usize = text.split_inclusive('\n').take(line.saturating_sub(1)).map(str::len).sum();
    (line_start + column).min(text.len())
}

/// The offset of the token to blame for an error that stopped reading at `stop`.
#[must_use]
pub fn blame(text: &str, stop: usize, message: &str) -> usize {
    let scan = Scan::up_to(text.as_bytes(), stop);
    if let Some(start) = scan.open_string {
        return start;
    }
    if message.starts_with("missing field") {
        return scan.last_closed.or(scan.open.last().copied()).unwrap_or(stop);
    }
    if message.starts_with("trailing comma") || message.starts_with("key must be a string") {
        return scan.last_comma.unwrap_or(stop);
    }
    if message.starts_with("invalid type: sequence") || message.starts_with("invalid type: map") {
        // Reading stopped just inside the container that should not be there.
        return scan.open.last().copied().unwrap_or(stop);
    }
    scan.last_atom.unwrap_or(stop)
}

/// What a forward scan knows at one offset.
#[derive(Debug, Default)]
struct Scan {
    /// Offsets of the `{`/`[` still open.
    open: Vec<usize>,
    /// The opening offset of the container closed last.
    last_closed: Option<usize>,
    /// The start of the last string, number or literal.
    last_atom: Option<usize>,
    last_comma: Option<usize>,
    /// The start of a string not yet closed.
    open_string: Option<usize>,
}

impl Scan {
    fn up_to(bytes: &[u8], stop: usize) -> Self {
        let mut scan = Self::default();
        let stop = stop.min(bytes.len());
        let mut i = 0;
        while i < stop {
            let b = bytes[i];
            match b {
                b'"' => {
                    let start = i;
                    i += 1;
                    while i < stop && bytes[i] != b'"' {
                        i += if bytes[i] == b'\\' { 2 } else { 1 };
                    }
                    if i >= stop {
                        scan.open_string = Some(start);
                        return scan;
                    }
                    scan.last_atom = Some(start);
                    scan.last_closed = None;
                }
                b'{' | b'[' => scan.open.push(i),
                b'}' | b']' => scan.last_closed = scan.open.pop(),
                b',' => scan.last_comma = Some(i),
                b if b.is_ascii_whitespace() || b == b':' => {}
                _ => {
                    scan.last_atom = Some(i);
                    scan.last_closed = None;
                    while i + 1 < stop
                        && !matches!(bytes[i + 1], b',' | b'}' | b']' | b':' | b'"')
                        && !bytes[i + 1].is_ascii_whitespace()
                    {
                        i += 1;
                    }
                }
            }
            i += 1;
        }
        scan
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blames_the_token_not_the_stop() {
        let text = "{\"a\": {\"dead\": -1 }\n}";
        let stop = text.find(" }").unwrap();
        assert_eq!(blame(text, stop, "negative casualty count -1"), text.find("-1").unwrap());
        let text = "{\"a\": 1,\n \"b\": {\"x\": 2}}";
        let stop = text.rfind('}').unwrap();
        assert_eq!(blame(text, stop, "missing field `y`"), text.find("{\"x\"").unwrap());
        let text = "{\"a\": 1, }";
        assert_eq!(blame(text, text.len(), "trailing comma at line 1"), text.find(',').unwrap());
        let text = "{\"a\": \"unterminated";
        assert_eq!(blame(text, text.len(), "EOF while parsing a string"), 6);
    }

    #[test]
    fn members_are_found_and_blanked_in_place() {
        let text = "{\"a\": 1,\n \"b\": {\"x\": [1, \"}\"]},\n \"c\": \"é\"}";
        let members = top_level_members(text);
        let keys: Vec<&str> = members.iter().map(|m| m.key.as_str()).collect();
        assert_eq!(keys, ["a", "b", "c"]);
        let without_b = members[1].blank_out(text);
        assert_eq!(without_b.len(), text.len());
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&without_b).unwrap(),
            serde_json::json!({"a": 1, "c": "é"})
        );
        let without_c = members[2].blank_out(text);
        assert_eq!(serde_json::from_str::<serde_json::Value>(&without_c).unwrap()["a"], 1);
    }

    #[test]
    fn offsets_from_lines_and_columns() {
        assert_eq!(offset_of("ab\ncd", 2, 1), 4);
        assert_eq!(offset_of("ab\ncd", 9, 9), 5);
    }
}

/// One `"key": value` of a JSON object, as byte ranges of the object's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    pub key: String,
    /// The key's opening quote.
    pub start: usize,
    /// Just past the value.
    pub end: usize,
    /// The comma after the value, if any.
    pub comma_after: Option<usize>,
    /// The comma before the key, if any.
    pub comma_before: Option<usize>,
}

impl Member {
    #[must_use]
    pub fn contains(&self, offset: usize) -> bool {
        (self.start..self.end).contains(&offset)
    }

    /// `text` with this member (and one comma beside it) replaced by spaces; line
    /// breaks stay, and every byte becomes one space, so every other offset and line
    /// keeps its place.
    #[must_use]
    pub fn blank_out(&self, text: &str) -> String {
        let (from, to) = match (self.comma_after, self.comma_before) {
            (Some(comma), _) => (self.start, comma + 1),
            (None, Some(comma)) => (comma, self.end),
            (None, None) => (self.start, self.end),
        };
        let mut bytes = text.as_bytes().to_vec();
        for byte in bytes.get_mut(from..to).into_iter().flatten() {
            if *byte != b'\n' {
                *byte = b' ';
            }
        }
        String::from_utf8(bytes).unwrap_or_else(|_| text.to_owned())
    }
}

/// The members of the JSON object that `text` holds (at its top level).
#[must_use]
pub fn top_level_members(text: &str) -> Vec<Member> {
    let bytes = text.as_bytes();
    let mut members = Vec::new();
    let mut depth = 0usize;
    let mut i = 0;
    let mut last_comma: Option<usize> = None;
    let mut pending: Option<(String, usize)> = None;
    let mut last_string: Option<(usize, usize)> = None;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                let start = i;
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                last_string = Some((start, i.min(bytes.len())));
            }
            b':' if depth == 1 => {
                if let Some((start, end)) = last_string {
                    let key = serde_json::from_str(text.get(start..=end).unwrap_or("\"\"")).unwrap_or_default();
                    pending = Some((key, start));
                }
            }
            b'{' | b'[' => depth += 1,
            b'}' | b']' => {
                if depth == 1
                    && let Some((key, start)) = pending.take()
                {
                    let end = text[..i].trim_end().len();
                    members.push(Member { key, start, end, comma_after: None, comma_before: last_comma });
                }
                depth = depth.saturating_sub(1);
            }
            b',' if depth == 1 => {
                if let Some((key, start)) = pending.take() {
                    let end = text[..i].trim_end().len();
                    members.push(Member { key, start, end, comma_after: Some(i), comma_before: last_comma });
                }
                last_comma = Some(i);
            }
            _ => {}
        }
        i += 1;
    }
    members
}
