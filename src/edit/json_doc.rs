//! Changes to a JSON feed, made in its text: only the bytes of what changes are
//! replaced, so key order, indentation and the spelling of numbers stay as written. New
//! members and items take their layout from their neighbours.

use std::ops::Range;

use chrono::{DateTime, FixedOffset};
use serde::de::IgnoredAny;

use crate::edit::change::ItemKind;
use crate::edit::document::{Assign, Document, Items, Value, same_id};
use crate::edit::error::EditError;
use crate::edit::json_scan::{self, Object, skip_ws};
use crate::feed::LevelRef;

/// How the text is laid out, learnt from its first member.
#[derive(Debug, Clone)]
struct Layout {
    /// One level of indentation; `None` for text on one line.
    unit: Option<String>,
    /// Between a key and its value (`": "`).
    colon: String,
}

impl Layout {
    fn of(text: &str, root: &Object) -> Self {
        let Some(first) = root.members.first() else {
            return Self { unit: Some("  ".into()), colon: ": ".into() };
        };
        let prefix = &text[root.open + 1..first.key_start];
        let unit = prefix.rfind('\n').map(|i| prefix[i + 1..].to_owned()).filter(|u| !u.is_empty());
        let colon = text[first.key_end..first.value.start].to_owned();
        Self { unit, colon }
    }

    fn separator(&self) -> &'static str {
        if self.colon.ends_with(' ') { ", " } else { "," }
    }

    /// The whitespace before a member or element one level below a line indented `base`.
    fn inner(&self, base: &str) -> String {
        self.unit.as_ref().map_or_else(String::new, |unit| format!("\n{base}{unit}"))
    }

    /// The whitespace before the closing brace of a container on a line indented `base`.
    fn closing(&self, base: &str) -> String {
        if self.unit.is_some() { format!("\n{base}") } else { String::new() }
    }
}

/// A JSON feed being changed.
pub struct JsonDocument<'a> {
    text: &'a str,
    root: Object,
    layout: Layout,
    /// Replacements of disjoint ranges of `text`.
    splices: Vec<(Range<usize>, String)>,
    /// The threat object being changed: its range (from the start of its line) and text.
    threat: Option<(Range<usize>, String, usize)>,
}

impl<'a> JsonDocument<'a> {
    /// Reads the layout of `text`.
    ///
    /// # Errors
    /// When `text` is not a JSON object.
    pub fn parse(text: &'a str) -> Result<Self, EditError> {
        serde_json::from_str::<IgnoredAny>(text)
            .map_err(|e| EditError::Document(format!("the feed is not valid JSON ({e}): fix it with `sitrep edit`")))?;
        let start = skip_ws(text, 0);
        if text.as_bytes().get(start) != Some(&b'{') {
            return Err(EditError::Document("the feed is not a JSON object".into()));
        }
        let root = json_scan::object(text, start)?;
        let layout = Layout::of(text, &root);
        Ok(Self { text, root, layout, splices: Vec::new(), threat: None })
    }

    /// The list's array, if the feed has one.
    fn list(&self, kind: ItemKind) -> Result<Option<json_scan::Array>, EditError> {
        let Some(member) = self.root.get(kind.list()) else { return Ok(None) };
        if self.text.as_bytes().get(member.value.start) != Some(&b'[') {
            return Err(EditError::Document(format!("`{}` is not an array", kind.list())));
        }
        json_scan::array(self.text, member.value.start).map(Some)
    }

    /// The index and range of the item with `id`.
    fn find(&self, kind: ItemKind, id: &str) -> Result<(usize, json_scan::Array), EditError> {
        let not_found = || EditError::NotFound { kind: kind.noun(), id: id.to_owned() };
        let list = self.list(kind)?.ok_or_else(not_found)?;
        let index = list
            .elements
            .iter()
            .position(|element| item_id(self.text, element.start).is_some_and(|raw| same_id(&raw, id)))
            .ok_or_else(not_found)?;
        Ok((index, list))
    }

    /// The threat object's text, from the start of its line, ready to change.
    fn threat_mut(&mut self) -> Result<(&mut String, usize), EditError> {
        if self.threat.is_none() {
            let member =
                self.root.get("threat").ok_or_else(|| EditError::Document("the feed has no `threat`".into()))?;
            let start = member.value.start;
            if self.text.as_bytes().get(start) != Some(&b'{') {
                return Err(EditError::Document("`threat` is not an object".into()));
            }
            let line = line_start(self.text, start);
            self.threat = Some((line..member.value.end, self.text[line..member.value.end].to_owned(), start - line));
        }
        let (_, text, open) = self.threat.as_mut().ok_or_else(|| EditError::Document("no threat".into()))?;
        Ok((text, *open))
    }

    fn threat_object(&self) -> Option<(String, Object)> {
        let (text, open) = match &self.threat {
            Some((_, text, open)) => (text.clone(), *open),
            None => {
                let member = self.root.get("threat")?;
                let line = line_start(self.text, member.value.start);
                (self.text[line..member.value.end].to_owned(), member.value.start - line)
            }
        };
        let object = json_scan::object(&text, open).ok()?;
        Some((text, object))
    }

    fn threat_raw(&self, key: &str) -> Option<String> {
        let (text, object) = self.threat_object()?;
        object.get(key).map(|m| text[m.value.clone()].to_owned())
    }
}

impl Items for JsonDocument<'_> {
    fn item_ids(&self, kind: ItemKind) -> Result<Vec<String>, EditError> {
        let Some(list) = self.list(kind)? else { return Ok(Vec::new()) };
        Ok(list.elements.iter().filter_map(|element| item_id(self.text, element.start)).collect())
    }

    fn add_item(&mut self, kind: ItemKind, entries: &[(&'static str, Value)]) -> Result<(), EditError> {
        let pairs: Vec<(&str, String)> = entries.iter().map(|(k, v)| (*k, render(v, &self.layout))).collect();
        match self.list(kind)? {
            Some(list) => {
                let base = indent_of(self.text, list.open);
                let splice = push_object(self.text, &list, &pairs, &base, &self.layout);
                self.splices.push(splice);
            }
            None => {
                let value = new_array_of_object(&pairs, self.layout.unit.as_deref().unwrap_or(""), &self.layout);
                self.splices.push(insert_member(self.text, &self.root, kind.list(), &value, &self.layout));
            }
        }
        Ok(())
    }

    fn finish(mut self) -> String {
        if let Some((range, text, _)) = self.threat.take() {
            self.splices.push((range, text));
        }
        splice(self.text, self.splices)
    }
}

impl Document for JsonDocument<'_> {
    fn set_item(&mut self, kind: ItemKind, id: &str, assigns: &[Assign]) -> Result<(), EditError> {
        let (index, list) = self.find(kind, id)?;
        let element = list.elements[index].clone();
        let line = line_start(self.text, element.start);
        let mut work = self.text[line..element.end].to_owned();
        let open = element.start - line;
        if work.as_bytes().get(open) != Some(&b'{') {
            return Err(EditError::Document(format!("{}[{index}] is not an object", kind.list())));
        }
        for assign in assigns {
            match (assign.sub, &assign.value) {
                (None, Some(value)) => {
                    set_member(&mut work, open, assign.key, &render(value, &self.layout), &self.layout)?
                }
                (None, None) => remove_member(&mut work, open, assign.key)?,
                (Some(sub), value) => set_sub_member(&mut work, open, assign.key, sub, value.as_ref(), &self.layout)?,
            }
        }
        self.splices.push((line..element.end, work));
        Ok(())
    }

    fn remove_item(&mut self, kind: ItemKind, id: &str) -> Result<usize, EditError> {
        let (index, list) = self.find(kind, id)?;
        let elements = &list.elements;
        let range = if elements.len() == 1 {
            list.open + 1..list.close
        } else if index + 1 < elements.len() {
            elements[index].start..elements[index + 1].start
        } else {
            elements[index - 1].end..elements[index].end
        };
        self.splices.push((range, String::new()));
        Ok(elements.len() - 1)
    }

    fn threat_string(&self, key: &str) -> Option<String> {
        serde_json::from_str(&self.threat_raw(key)?).ok()
    }

    fn threat_level(&self) -> Option<LevelRef> {
        match serde_json::from_str::<serde_json::Value>(&self.threat_raw("level")?).ok()? {
            serde_json::Value::String(name) => Some(LevelRef::Name(name.as_str().into())),
            serde_json::Value::Number(rank) => rank.as_i64().map(LevelRef::Rank),
            _ => None,
        }
    }

    fn threat_has(&self, key: &str) -> bool {
        self.threat_raw(key).is_some()
    }

    fn push_history(&mut self) -> Result<bool, EditError> {
        let (Some(level), Some(since)) = (self.threat_raw("level"), self.threat_raw("since")) else {
            return Ok(false);
        };
        let layout = self.layout.clone();
        let (work, open) = self.threat_mut()?;
        let pairs = [("level", level), ("since", since)];
        let threat = json_scan::object(work, open)?;
        match threat.get("history") {
            Some(history) if work.as_bytes().get(history.value.start) == Some(&b'[') => {
                let list = json_scan::array(work, history.value.start)?;
                let base = indent_of(work, list.open);
                let (range, text) = push_object(work, &list, &pairs, &base, &layout);
                work.replace_range(range, &text);
            }
            Some(_) => return Err(EditError::Document("`threat.history` is not an array".into())),
            None => {
                let base = indent_of(work, open);
                let value =
                    new_array_of_object(&pairs, &format!("{base}{}", layout.unit.as_deref().unwrap_or("")), &layout);
                set_member(work, open, "history", &value, &layout)?;
            }
        }
        Ok(true)
    }

    fn set_threat(&mut self, assigns: &[Assign]) -> Result<(), EditError> {
        let layout = self.layout.clone();
        let (work, open) = self.threat_mut()?;
        for assign in assigns {
            match &assign.value {
                Some(value) => set_member(work, open, assign.key, &render(value, &layout), &layout)?,
                None => remove_member(work, open, assign.key)?,
            }
        }
        Ok(())
    }
}

/// Sets `generated` to `now`.
///
/// # Errors
/// When `text` is not a JSON object.
pub fn stamp_generated(text: &str, now: DateTime<FixedOffset>) -> Result<String, EditError> {
    let start = skip_ws(text, 0);
    let Some(range) = find_member(text, start, "generated")? else { return Ok(text.to_owned()) };
    let stamped = format!("\"{}\"", crate::edit::when::Moment::At(now));
    Ok(splice(text, vec![(range, stamped)]))
}

/// The value of member `key` of the object at `open`, reading no further than needed.
fn find_member(text: &str, open: usize, key: &str) -> Result<Option<Range<usize>>, EditError> {
    let bytes = text.as_bytes();
    if bytes.get(open) != Some(&b'{') {
        return Ok(None);
    }
    let mut at = skip_ws(text, open + 1);
    while bytes.get(at) == Some(&b'"') {
        let key_end = json_scan::value_end(text, at)?;
        let value_start = skip_ws(text, skip_ws(text, key_end) + 1);
        let value_end = json_scan::value_end(text, value_start)?;
        if serde_json::from_str::<String>(&text[at..key_end]).is_ok_and(|k| k == key) {
            return Ok(Some(value_start..value_end));
        }
        let next = skip_ws(text, value_end);
        if bytes.get(next) != Some(&b',') {
            break;
        }
        at = skip_ws(text, next + 1);
    }
    Ok(None)
}

/// The string id of the item object at `open`.
fn item_id(text: &str, open: usize) -> Option<String> {
    let range = find_member(text, open, "id").ok()??;
    serde_json::from_str(&text[range]).ok()
}

/// A value as JSON text; lists and tables on one line.
fn render(value: &Value, layout: &Layout) -> String {
    let quoted = |s: &str| serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into());
    match value {
        Value::Text(text) => quoted(text),
        Value::Moment(moment) => quoted(&moment.to_string()),
        Value::Integer(n) => n.to_string(),
        Value::Float(x) => serde_json::to_string(x).unwrap_or_else(|_| "0".into()),
        Value::List(items) => {
            format!("[{}]", items.iter().map(|i| quoted(i)).collect::<Vec<_>>().join(layout.separator()))
        }
        Value::Table(pairs) => {
            let members: Vec<String> =
                pairs.iter().map(|(k, v)| format!("{}{}{}", quoted(k), layout.colon, render(v, layout))).collect();
            format!("{{{}}}", members.join(layout.separator()))
        }
    }
}

/// The start of the line `at` is on.
fn line_start(text: &str, at: usize) -> usize {
    text[..at].rfind('\n').map_or(0, |i| i + 1)
}

/// The indentation of the line `at` is on.
fn indent_of(text: &str, at: usize) -> String {
    let start = line_start(text, at);
    text[start..at].chars().take_while(|c| *c == ' ' || *c == '\t').collect()
}

/// The whitespace between the separator before `start` and `start`.
fn prefix_before(text: &str, start: usize) -> &str {
    let before = &text[..start];
    let trimmed = before.trim_end_matches([' ', '\t', '\n', '\r']);
    &before[trimmed.len()..]
}

/// An object laid out like `template` (an object in the same list), else one level
/// below `base`.
fn render_object(pairs: &[(&str, String)], template: Option<(&str, &Object)>, base: &str, layout: &Layout) -> String {
    // The space after `{` may differ from the space after a comma (`{"a": 1, "b": 2}`).
    let (first_prefix, prefix, closing, colon) = match template {
        Some((text, object)) if !object.members.is_empty() => {
            let first = &object.members[0];
            let last = &object.members[object.members.len() - 1];
            (
                prefix_before(text, first.key_start).to_owned(),
                prefix_before(text, last.key_start).to_owned(),
                text[last.value.end..object.close].to_owned(),
                text[first.key_end..first.value.start].to_owned(),
            )
        }
        _ => (layout.inner(base), layout.inner(base), layout.closing(base), layout.colon.clone()),
    };
    let quoted = |s: &str| serde_json::to_string(s).unwrap_or_default();
    let members: Vec<String> = pairs
        .iter()
        .enumerate()
        .map(|(i, (k, v))| format!("{}{}{colon}{v}", if i == 0 { &first_prefix } else { &prefix }, quoted(k)))
        .collect();
    format!("{{{}{closing}}}", members.join(","))
}

/// `[ {pairs} ]` for a member on a line indented `base`.
fn new_array_of_object(pairs: &[(&str, String)], base: &str, layout: &Layout) -> String {
    let inner_base = format!("{base}{}", layout.unit.as_deref().unwrap_or(""));
    let object = render_object(pairs, None, &inner_base, layout);
    format!("[{}{object}{}]", layout.inner(base), layout.closing(base))
}

/// The splice that appends an object with `pairs` to `list`, laid out like its last item.
fn push_object(
    text: &str,
    list: &json_scan::Array,
    pairs: &[(&str, String)],
    base: &str,
    layout: &Layout,
) -> (Range<usize>, String) {
    match list.elements.last() {
        Some(last) => {
            let template = json_scan::object(text, last.start).ok();
            let object =
                render_object(pairs, template.as_ref().map(|t| (text, t)), &indent_of(text, last.start), layout);
            (last.end..last.end, format!(",{}{object}", prefix_before(text, last.start)))
        }
        None => {
            let inner_base = format!("{base}{}", layout.unit.as_deref().unwrap_or(""));
            let object = render_object(pairs, None, &inner_base, layout);
            (list.open + 1..list.close, format!("{}{object}{}", layout.inner(base), layout.closing(base)))
        }
    }
}

/// The splice that adds member `key` at the end of `object`.
fn insert_member(text: &str, object: &Object, key: &str, value: &str, layout: &Layout) -> (Range<usize>, String) {
    let quoted = serde_json::to_string(key).unwrap_or_default();
    match object.members.last() {
        Some(last) => {
            let colon = &text[object.members[0].key_end..object.members[0].value.start];
            (last.value.end..last.value.end, format!(",{}{quoted}{colon}{value}", prefix_before(text, last.key_start)))
        }
        None => {
            let base = indent_of(text, object.open);
            (
                object.open + 1..object.close,
                format!("{}{quoted}{}{value}{}", layout.inner(&base), layout.colon, layout.closing(&base)),
            )
        }
    }
}

/// Sets member `key` of the object at `open` in `work`, replacing its value or adding it
/// at the end.
fn set_member(work: &mut String, open: usize, key: &str, value: &str, layout: &Layout) -> Result<(), EditError> {
    let object = json_scan::object(work, open)?;
    let (range, text) = match object.get(key) {
        Some(member) => (member.value.clone(), value.to_owned()),
        None => insert_member(work, &object, key, value, layout),
    };
    work.replace_range(range, &text);
    Ok(())
}

/// Removes member `key` (and the separator that went with it) from the object at `open`.
fn remove_member(work: &mut String, open: usize, key: &str) -> Result<(), EditError> {
    let object = json_scan::object(work, open)?;
    let Some(index) = object.members.iter().position(|m| m.key == key) else { return Ok(()) };
    let members = &object.members;
    let range = if members.len() == 1 {
        object.open + 1..object.close
    } else if index + 1 < members.len() {
        members[index].key_start..members[index + 1].key_start
    } else {
        members[index - 1].value.end..members[index].value.end
    };
    work.replace_range(range, "");
    Ok(())
}

/// Sets or removes `key.sub` (`casualties.dead`); a table left empty goes.
fn set_sub_member(
    work: &mut String,
    open: usize,
    key: &str,
    sub: &'static str,
    value: Option<&Value>,
    layout: &Layout,
) -> Result<(), EditError> {
    let object = json_scan::object(work, open)?;
    let table = object.get(key).map(|m| m.value.start).filter(|at| work.as_bytes().get(*at) == Some(&b'{'));
    match (table, value) {
        (Some(at), Some(value)) => set_member(work, at, sub, &render(value, layout), layout),
        (Some(at), None) => {
            remove_member(work, at, sub)?;
            if json_scan::object(work, at)?.members.is_empty() {
                remove_member(work, open, key)?;
            }
            Ok(())
        }
        (None, Some(value)) => {
            let table = render(&Value::Table(vec![(sub, value.clone())]), layout);
            set_member(work, open, key, &table, layout)
        }
        (None, None) => Ok(()),
    }
}

/// `text` with the disjoint `splices` made.
fn splice(text: &str, mut splices: Vec<(Range<usize>, String)>) -> String {
    splices.sort_by_key(|(range, _)| (range.start, range.end));
    let extra: usize = splices.iter().map(|(_, s)| s.len()).sum();
    let mut out = String::with_capacity(text.len() + extra);
    let mut at = 0;
    for (range, replacement) in splices {
        out.push_str(&text[at..range.start.max(at)]);
        out.push_str(&replacement);
        at = range.end.max(at);
    }
    out.push_str(&text[at..]);
    out
}
