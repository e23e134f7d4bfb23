//! Where things stand in JSON text: the members of an object and the elements of an
//! array, as byte ranges, so that a change can replace exactly the bytes it changes and
//! keep everything else (key order, indentation, number spelling) as it was written.
//!
//! It reads only text that `serde_json` has accepted, so it can be simple; still, it
//! never panics and never loops on anything else.

use std::ops::Range;

use crate::edit::error::EditError;

/// One member of an object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    pub key: String,
    /// Where the key's opening quote stands.
    pub key_start: usize,
    /// Just past the key's closing quote.
    pub key_end: usize,
    pub value: Range<usize>,
}

/// An object: where its braces stand and its members in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Object {
    pub open: usize,
    pub close: usize,
    pub members: Vec<Member>,
}

impl Object {
    #[must_use]
    pub fn get(&self, key: &str) -> Option<&Member> {
        self.members.iter().find(|m| m.key == key)
    }
}

/// An array: where its brackets stand and its elements in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Array {
    pub open: usize,
    pub close: usize,
    pub elements: Vec<Range<usize>>,
}

fn broken(at: usize) -> EditError {
    EditError::Document(format!("the JSON text is not what it seemed at byte {at}"))
}

/// The first byte at or after `at` that is not whitespace.
#[must_use]
pub fn skip_ws(text: &str, mut at: usize) -> usize {
    let bytes = text.as_bytes();
    while bytes.get(at).is_some_and(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r')) {
        at += 1;
    }
    at
}

/// Just past the string that opens at `at`.
fn string_end(text: &str, at: usize) -> Result<usize, EditError> {
    let bytes = text.as_bytes();
    let mut i = at + 1;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'\\' => i += 2,
            b'"' => return Ok(i + 1),
            _ => i += 1,
        }
    }
    Err(broken(at))
}

/// Just past the value that starts at `at` (no whitespace before it).
pub fn value_end(text: &str, at: usize) -> Result<usize, EditError> {
    let bytes = text.as_bytes();
    match bytes.get(at) {
        Some(b'"') => string_end(text, at),
        Some(b'{' | b'[') => {
            let mut depth = 0usize;
            let mut i = at;
            while let Some(&b) = bytes.get(i) {
                match b {
                    b'"' => {
                        i = string_end(text, i)?;
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth = depth.checked_sub(1).ok_or_else(|| broken(i))?;
                        if depth == 0 {
                            return Ok(i + 1);
                        }
                    }
                    _ => {}
                }
                i += 1;
            }
            Err(broken(at))
        }
        Some(_) => {
            let mut i = at;
            while bytes.get(i).is_some_and(|b| !matches!(b, b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r')) {
                i += 1;
            }
            if i == at { Err(broken(at)) } else { Ok(i) }
        }
        None => Err(broken(at)),
    }
}

/// The object whose `{` stands at `open`.
///
/// # Errors
/// When there is no object there.
pub fn object(text: &str, open: usize) -> Result<Object, EditError> {
    let bytes = text.as_bytes();
    if bytes.get(open) != Some(&b'{') {
        return Err(broken(open));
    }
    let mut members = Vec::new();
    let mut at = skip_ws(text, open + 1);
    if bytes.get(at) == Some(&b'}') {
        return Ok(Object { open, close: at, members });
    }
    loop {
        let key_end = string_end(text, at)?;
        let key: String = serde_json::from_str(&text[at..key_end]).map_err(|_| broken(at))?;
        let colon = skip_ws(text, key_end);
        if bytes.get(colon) != Some(&b':') {
            return Err(broken(colon));
        }
        let value_start = skip_ws(text, colon + 1);
        let end = value_end(text, value_start)?;
        members.push(Member { key, key_start: at, key_end, value: value_start..end });
        let next = skip_ws(text, end);
        match bytes.get(next) {
            Some(b',') => at = skip_ws(text, next + 1),
            Some(b'}') => return Ok(Object { open, close: next, members }),
            _ => return Err(broken(next)),
        }
    }
}

/// The array whose `[` stands at `open`.
///
/// # Errors
/// When there is no array there.
pub fn array(text: &str, open: usize) -> Result<Array, EditError> {
    let bytes = text.as_bytes();
    if bytes.get(open) != Some(&b'[') {
        return Err(broken(open));
    }
    let mut elements = Vec::new();
    let mut at = skip_ws(text, open + 1);
    if bytes.get(at) == Some(&b']') {
        return Ok(Array { open, close: at, elements });
    }
    loop {
        let end = value_end(text, at)?;
        elements.push(at..end);
        let next = skip_ws(text, end);
        match bytes.get(next) {
            Some(b',') => at = skip_ws(text, next + 1),
            Some(b']') => return Ok(Array { open, close: next, elements }),
            _ => return Err(broken(next)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn members_and_elements_are_found() {
        let text = r#"{ "a" : [1, {"x": "}\"]"}, []] ,"b":{},"c":-1.5e3 }"#;
        let root = object(text, 0).unwrap();
        let keys: Vec<&str> = root.members.iter().map(|m| m.key.as_str()).collect();
        assert_eq!(keys, ["a", "b", "c"]);
        let a = array(text, root.members[0].value.start).unwrap();
        let parts: Vec<&str> = a.elements.iter().map(|r| &text[r.clone()]).collect();
        assert_eq!(parts, ["1", r#"{"x": "}\"]"}"#, "[]"]);
        assert_eq!(&text[root.members[2].value.clone()], "-1.5e3");
        assert!(object(text, 1).is_err());
        assert!(object("{\"a\": ", 0).is_err());
    }
}
