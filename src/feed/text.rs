//! Untrusted text: every string of a feed is cleaned here, once, as it enters.
//!
//! A feed is written by other systems and people; its text ends up on a terminal.
//! Control characters, escape sequences and bidirectional overrides could retitle the
//! window, write the clipboard, clear the screen or make text read backwards. They never
//! survive into the model: each is replaced *visibly* so that tampering shows.
//! - C0 controls and DEL become caret notation (`ESC` → `^[`, `DEL` → `^?`), which also
//!   breaks every escape sequence apart, since the introducer no longer exists;
//! - C1 controls (U+0080–U+009F, including the 8-bit CSI 0x9B and OSC 0x9D), bidi
//!   controls, line/paragraph separators and the BOM become U+FFFD;
//! - a tab becomes one space; line breaks survive only in multi-line fields
//!   (`details`, `notes`), normalised to `\n`.

use std::borrow::Cow;
use std::fmt;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The character that stands in for a removed non-ASCII control.
pub const REPLACEMENT: char = '\u{FFFD}';

/// Whether line breaks are part of the text (`details`, `notes`) or not (everything else).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lines {
    Single,
    Multi,
}

/// True for the characters that must never reach a terminal as they are.
#[must_use]
pub fn is_unsafe_char(c: char) -> bool {
    c.is_ascii_control() // C0 and DEL
        || ('\u{80}'..='\u{9F}').contains(&c) // C1, incl. 8-bit CSI/OSC
        || is_bidi_control(c)
        || matches!(c, '\u{2028}' | '\u{2029}' | '\u{FEFF}')
}

/// The bidirectional formatting characters that can make text display in another order
/// than it is stored ("Trojan Source").
#[must_use]
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Cleans one string; borrows when there is nothing to clean (the common case).
#[must_use]
pub fn clean(input: &str, lines: Lines) -> Cow<'_, str> {
    if !input.chars().any(is_unsafe_char) {
        return Cow::Borrowed(input);
    }
    let mut out = String::with_capacity(input.len() + 8);
    let mut chars = input.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\t' => out.push(' '),
            '\r' | '\n' if lines == Lines::Multi => {
                // `\r\n` and a lone `\r` both end a line; a lone CR must not be left to
                // return the cursor and overwrite what was drawn.
                if c == '\r' && chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push('\n');
            }
            '\u{7F}' => out.push_str("^?"),
            c if c.is_ascii_control() => {
                out.push('^');
                // Caret notation: 0x00..0x1F maps to '@'..'_'.
                out.push(char::from(b'@' + c as u8));
            }
            c if is_unsafe_char(c) => out.push(REPLACEMENT),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

macro_rules! clean_text_type {
    ($(#[$doc:meta])* $name:ident, $lines:expr, $schema_doc:literal) => {
        $(#[$doc])*
        #[derive(Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(String);

        impl $name {
            /// Cleans `raw` and wraps it.
            #[must_use]
            pub fn new(raw: &str) -> Self {
                Self(clean(raw, $lines).into_owned())
            }

            #[must_use]
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl std::ops::Deref for $name {
            type Target = str;
            fn deref(&self) -> &str {
                &self.0
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        // Hashes and compares as its text, so maps keyed by it are looked up by `&str`.
        impl std::borrow::Borrow<str> for $name {
            fn borrow(&self) -> &str {
                &self.0
            }
        }

        impl From<&str> for $name {
            fn from(raw: &str) -> Self {
                Self::new(raw)
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Debug::fmt(&self.0, f)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(&self.0)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                // Cow<str> borrows from the input where the format allows it.
                let raw = Cow::<'de, str>::deserialize(deserializer)?;
                Ok(match clean(&raw, $lines) {
                    Cow::Borrowed(_) => Self(raw.into_owned()),
                    Cow::Owned(cleaned) => Self(cleaned),
                })
            }
        }

        impl JsonSchema for $name {
            fn schema_name() -> Cow<'static, str> {
                stringify!($name).into()
            }
            fn inline_schema() -> bool {
                true
            }
            fn json_schema(_: &mut SchemaGenerator) -> Schema {
                json_schema!({ "type": "string", "description": $schema_doc })
            }
        }
    };
}

clean_text_type!(
    /// A one-line string from the feed, cleaned: no controls, no line breaks.
    Text,
    Lines::Single,
    "Text; control characters and escape sequences are shown neutralised, never executed."
);

clean_text_type!(
    /// A free-text string from the feed that may span lines, cleaned like [`Text`]
    /// but keeping its line breaks.
    LongText,
    Lines::Multi,
    "Free text, may span lines; control characters and escape sequences are shown neutralised."
);

#[cfg(test)]
mod tests {
    use super::*;

    fn single(s: &str) -> String {
        clean(s, Lines::Single).into_owned()
    }

    #[test]
    fn plain_text_is_borrowed_unchanged() {
        assert!(matches!(clean("Utrecht Centraal — ‘t is öké", Lines::Single), Cow::Borrowed(_)));
    }

    #[test]
    fn osc_title_and_clipboard_are_neutralised() {
        assert_eq!(single("\x1b]0;pwned\x07x"), "^[]0;pwned^Gx");
        assert_eq!(single("\x1b]52;c;ZWNobyBoaQ==\x1b\\"), "^[]52;c;ZWNobyBoaQ==^[\\");
    }

    #[test]
    fn csi_clear_screen_is_neutralised() {
        assert_eq!(single("a\x1b[2J\x1b[Hb"), "a^[[2J^[[Hb");
    }

    #[test]
    fn eight_bit_csi_and_osc_become_replacement() {
        assert_eq!(single("a\u{9b}2Jb\u{9d}0;t"), "a\u{FFFD}2Jb\u{FFFD}0;t");
    }

    #[test]
    fn bidi_overrides_become_replacement() {
        for c in ['\u{061C}', '\u{200E}', '\u{200F}', '\u{202A}', '\u{202E}', '\u{2066}', '\u{2069}'] {
            assert_eq!(single(&format!("x{c}y")), "x\u{FFFD}y", "{:?}", c);
        }
    }

    #[test]
    fn tabs_become_spaces_and_del_is_caret() {
        assert_eq!(single("a\tb\x7f"), "a b^?");
    }

    #[test]
    fn line_breaks_only_survive_in_multi_line_text() {
        assert_eq!(single("a\nb"), "a^Jb");
        assert_eq!(clean("a\r\nb\rc\nd", Lines::Multi), "a\nb\nc\nd");
        assert_eq!(clean("a\u{2028}b", Lines::Multi), "a\u{FFFD}b");
    }

    #[test]
    fn deserialize_cleans() {
        let t: Text = serde_json::from_str(r#""x\u001b[31my""#).unwrap();
        assert_eq!(t.as_str(), "x^[[31my");
        let t: LongText = serde_json::from_str(r#""a\nb\u009b""#).unwrap();
        assert_eq!(t.as_str(), "a\nb\u{FFFD}");
    }

    #[test]
    fn nothing_unsafe_survives_cleaning() {
        let all: String = (0u32..0x3000).filter_map(char::from_u32).collect();
        for lines in [Lines::Single, Lines::Multi] {
            let cleaned = clean(&all, lines);
            assert!(cleaned.chars().all(|c| !is_unsafe_char(c) || (lines == Lines::Multi && c == '\n')), "{lines:?}");
        }
    }
}
