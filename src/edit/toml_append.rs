//! Adding an item to a TOML feed without parsing all of it: the new `[[incidents]]`
//! (or `[[measures]]`) table is written after the list's last table, in the text, as a
//! person would add it. Serves the common case fast on large feeds; any layout it does
//! not fully understand is left to [`crate::edit::toml_doc`].

use std::ops::Range;

use chrono::{DateTime, FixedOffset};

use crate::edit::change::ItemKind;
use crate::edit::document::{Items, Value};
use crate::edit::error::EditError;
use crate::edit::toml_doc::toml_value;
use crate::edit::toml_lines::{Outline, outline, root_outline};
use crate::edit::when::Moment;

/// A TOML feed whose lists are all `[[...]]` tables, each with a plain `id`.
pub struct Appender<'a> {
    text: &'a str,
    outline: Outline,
    /// Whether the feed writes datetimes as quoted strings (as its `generated` is).
    quoted_times: bool,
    insertion: Option<(usize, String)>,
}

impl<'a> Appender<'a> {
    /// `None` when the layout is not one this handles (a list written inline, a table
    /// header with quoted names, an item whose `id` is not a plain string).
    #[must_use]
    pub fn scan(text: &'a str) -> Option<Self> {
        let outline = outline(text)?;
        let lists = ["measures", "incidents"];
        let inline_list = outline.root_keys.iter().any(|(key, _)| lists.contains(&key.as_str()));
        let odd_header = outline.headers.iter().any(|h| match &h.name {
            None => true,
            Some(name) => lists.contains(&name.as_str()) && !h.array,
        });
        if inline_list || odd_header || outline.root_has_other_keys {
            return None;
        }
        // Every item must show its id plainly, or uniqueness could not be judged here.
        for header in
            outline.headers.iter().filter(|h| h.array && h.name.as_deref().is_some_and(|n| lists.contains(&n)))
        {
            let ids: Vec<_> = header.keys.iter().filter(|(k, _)| k == "id").collect();
            if ids.len() != 1 || plain_string(&text[ids[0].1.clone()]).is_none() {
                return None;
            }
        }
        let quoted_times = outline
            .root_keys
            .iter()
            .find(|(k, _)| k == "generated")
            .is_some_and(|(_, range)| text[range.clone()].starts_with(['"', '\'']));
        Some(Self { text, outline, quoted_times, insertion: None })
    }

    fn blocks(&self, kind: ItemKind) -> impl Iterator<Item = (usize, &crate::edit::toml_lines::Header)> {
        self.outline.headers.iter().enumerate().filter(move |(_, h)| h.array && h.name.as_deref() == Some(kind.list()))
    }
}

/// The text of a basic or literal string without escapes (`"a"`, `'a'`).
fn plain_string(value: &str) -> Option<String> {
    let inner = value.strip_prefix('"').and_then(|v| v.strip_suffix('"')).filter(|v| !v.contains(['\\', '"']));
    let inner =
        inner.or_else(|| value.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')).filter(|v| !v.contains('\'')));
    inner.filter(|v| !v.starts_with(['"', '\''])).map(str::to_owned)
}

impl Items for Appender<'_> {
    fn item_ids(&self, kind: ItemKind) -> Result<Vec<String>, EditError> {
        Ok(self
            .blocks(kind)
            .filter_map(|(_, h)| {
                h.keys.iter().find(|(k, _)| k == "id").and_then(|(_, r)| plain_string(&self.text[r.clone()]))
            })
            .collect())
    }

    fn add_item(&mut self, kind: ItemKind, entries: &[(&'static str, Value)]) -> Result<(), EditError> {
        let mut block = format!("[[{}]]", kind.list());
        for (key, value) in entries {
            block.push('\n');
            block.push_str(key);
            block.push_str(" = ");
            block.push_str(&toml_value(value, self.quoted_times).to_string());
        }
        let headers = &self.outline.headers;
        let last = self.blocks(kind).last().map(|(i, _)| i);
        self.insertion = Some(match last {
            Some(index) => {
                // After the last item and the tables that belong to it (`[incidents.casualties]`).
                let prefix = format!("{}.", kind.list());
                let group_end = headers[index + 1..]
                    .iter()
                    .take_while(|h| h.name.as_deref().is_some_and(|n| n.starts_with(&prefix)))
                    .last()
                    .map_or(headers[index].content_end, |h| h.content_end);
                (group_end, format!("\n\n{block}"))
            }
            None => {
                // Measures go before the incidents, as the format lists them.
                let incidents = (kind == ItemKind::Measure).then(|| self.blocks(ItemKind::Incident).next()).flatten();
                match incidents {
                    Some((_, first)) => (first.lead_start, format!("{block}\n\n")),
                    None => (self.outline.content_end(), format!("\n\n{block}")),
                }
            }
        });
        Ok(())
    }

    fn finish(self) -> String {
        match self.insertion {
            Some((at, insert)) => {
                let mut out = String::with_capacity(self.text.len() + insert.len());
                out.push_str(&self.text[..at]);
                out.push_str(&insert);
                out.push_str(&self.text[at..]);
                out
            }
            None => self.text.to_owned(),
        }
    }
}

/// `generated` set to `now` in the text, written as it was (native or quoted); `None`
/// when the outline does not show one plain `generated` line.
#[must_use]
pub fn stamp_generated(text: &str, now: DateTime<FixedOffset>) -> Option<String> {
    let outline = root_outline(text)?;
    let found: Vec<&Range<usize>> =
        outline.root_keys.iter().filter(|(k, _)| k == "generated").map(|(_, r)| r).collect();
    let [range] = found.as_slice() else { return None };
    let old = &text[(*range).clone()];
    let moment = Moment::At(now);
    let new = match old.chars().next() {
        Some('"') => format!("\"{moment}\""),
        Some('\'') => format!("'{moment}'"),
        Some(c) if c.is_ascii_digit() => moment.to_string(),
        _ => return None,
    };
    let mut out = String::with_capacity(text.len() + 8);
    out.push_str(&text[..range.start]);
    out.push_str(&new);
    out.push_str(&text[range.end..]);
    Some(out)
}
