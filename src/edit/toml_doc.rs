//! Changes to a TOML feed through `toml_edit`, which keeps comments, order, blank lines
//! and formatting of everything a change does not touch.

use chrono::{DateTime, FixedOffset};
use toml_edit::{Array, ArrayOfTables, DocumentMut, InlineTable, Item, Table, TableLike};

use crate::edit::change::ItemKind;
use crate::edit::document::{Assign, Document, Items, Value, same_id};
use crate::edit::error::EditError;
use crate::edit::when::Moment;
use crate::feed::LevelRef;

/// A TOML feed being changed.
pub struct TomlDocument {
    doc: DocumentMut,
    /// Whether the feed writes datetimes as quoted strings (as its `generated` is).
    quoted_times: bool,
}

/// A value as `toml_edit` writes it; datetimes native unless `quoted_times`.
#[must_use]
pub fn toml_value(value: &Value, quoted_times: bool) -> toml_edit::Value {
    match value {
        Value::Text(text) => text.as_str().into(),
        Value::Moment(moment) => moment_value(*moment, quoted_times),
        Value::Integer(n) => (*n).into(),
        Value::Float(x) => (*x).into(),
        Value::List(items) => items.iter().map(String::as_str).collect::<Array>().into(),
        Value::Table(pairs) => {
            let mut table = InlineTable::new();
            for (key, value) in pairs {
                table.insert(*key, toml_value(value, quoted_times));
            }
            table.into()
        }
    }
}

fn moment_value(moment: Moment, quoted: bool) -> toml_edit::Value {
    let text = moment.to_string();
    match text.parse::<toml_edit::Datetime>() {
        Ok(native) if !quoted => native.into(),
        _ => text.into(),
    }
}

/// `new` in place of `old`: the comments around the old value stay, and a datetime
/// stays native or quoted as it was.
fn replace_value(old: &mut Item, new: &Value, quoted_times: bool) {
    let quoted = match old.as_value() {
        Some(v) if v.is_str() => true,
        Some(v) if v.is_datetime() => false,
        _ => quoted_times,
    };
    let mut value = toml_value(new, quoted);
    if let Some(old) = old.as_value() {
        *value.decor_mut() = old.decor().clone();
    }
    *old = Item::Value(value);
}

/// Sets and removes fields of `table`; `inline` for a `{ ... }` table, whose closing
/// space (`4 }`) moves to a new last value.
fn set_fields(table: &mut dyn TableLike, assigns: &[Assign], quoted_times: bool, inline: bool) {
    for assign in assigns {
        match (assign.sub, &assign.value) {
            (None, Some(value)) => match table.get_mut(assign.key) {
                Some(item) if !item.is_none() => replace_value(item, value, quoted_times),
                _ => {
                    insert_value(table, assign.key, toml_value(value, quoted_times), inline);
                }
            },
            (None, None) => {
                table.remove(assign.key);
            }
            (Some(sub), value) => {
                let item = table.get_mut(assign.key);
                let inner_inline = item.as_ref().is_some_and(|i| i.is_inline_table());
                match (item.and_then(Item::as_table_like_mut), value) {
                    (Some(inner), Some(value)) => {
                        let assign = Assign { key: sub, sub: None, value: Some(value.clone()) };
                        set_fields(inner, &[assign], quoted_times, inner_inline);
                    }
                    (Some(inner), None) => {
                        inner.remove(sub);
                        if inner.is_empty() {
                            table.remove(assign.key);
                        }
                    }
                    (None, Some(value)) => {
                        let inline = toml_value(&Value::Table(vec![(sub, value.clone())]), quoted_times);
                        table.insert(assign.key, Item::Value(inline));
                    }
                    (None, None) => {}
                }
            }
        }
    }
}

/// The part of a table's leading comments that is set off from its header by a blank
/// line: the comments of the section it opens, not of the table itself.
fn section_comments(decor: &toml_edit::Decor) -> String {
    let prefix = decor.prefix().and_then(|p| p.as_str()).unwrap_or("");
    match prefix.rfind("\n\n") {
        Some(end) if prefix[..end].contains('#') => prefix[..=end].to_owned(),
        _ => String::new(),
    }
}

/// Adds `key = value` at the end of `table`; in a `{ ... }` table the space before the
/// closing brace moves from the old last value to the new one.
fn insert_value(table: &mut dyn TableLike, key: &str, mut value: toml_edit::Value, inline: bool) {
    if inline
        && let Some((_, last)) = table.iter_mut().last()
        && let Some(last) = last.as_value_mut()
    {
        let closing = last.decor().suffix().cloned();
        last.decor_mut().set_suffix("");
        if let Some(closing) = closing {
            value.decor_mut().set_suffix(closing);
        }
    }
    table.insert(key, Item::Value(value));
}

/// A new `[[list]]` table, set off by a blank line.
fn new_table(entries: &[(&'static str, Value)], quoted_times: bool) -> Table {
    let mut table = Table::new();
    for (key, value) in entries {
        table.insert(key, Item::Value(toml_value(value, quoted_times)));
    }
    table.decor_mut().set_prefix("\n");
    table
}

fn new_inline(entries: &[(&'static str, Value)], quoted_times: bool) -> InlineTable {
    let mut table = InlineTable::new();
    for (key, value) in entries {
        table.insert(*key, toml_value(value, quoted_times));
    }
    table
}

/// Appends `value` to an inline array, spaced like the array's last element.
fn push_like_last(array: &mut Array, mut value: toml_edit::Value) {
    if let Some(last) = array.iter().last() {
        *value.decor_mut() = last.decor().clone();
    }
    array.push_formatted(value);
}

impl TomlDocument {
    /// Parses `text`.
    ///
    /// # Errors
    /// When `text` is not TOML.
    pub fn parse(text: &str) -> Result<Self, EditError> {
        let doc: DocumentMut = text.parse().map_err(|e: toml_edit::TomlError| {
            EditError::Document(format!(
                "the feed is not valid TOML ({}): fix it with `sitrep edit`",
                e.message().trim()
            ))
        })?;
        let quoted_times = doc.get("generated").and_then(Item::as_value).is_some_and(toml_edit::Value::is_str);
        Ok(Self { doc, quoted_times })
    }

    /// Every item of the list, as a table, and whether it is written inline.
    fn items_mut(&mut self, kind: ItemKind) -> Result<Vec<(&mut dyn TableLike, bool)>, EditError> {
        match self.doc.get_mut(kind.list()) {
            None => Ok(Vec::new()),
            Some(Item::ArrayOfTables(tables)) => {
                Ok(tables.iter_mut().map(|t| (t as &mut dyn TableLike, false)).collect())
            }
            Some(Item::Value(toml_edit::Value::Array(array))) => Ok(array
                .iter_mut()
                .filter_map(|v| v.as_inline_table_mut().map(|t| (t as &mut dyn TableLike, true)))
                .collect()),
            Some(_) => Err(EditError::Document(format!("`{}` is not a list of tables", kind.list()))),
        }
    }

    fn index_of(&mut self, kind: ItemKind, id: &str) -> Result<usize, EditError> {
        let ids = self.item_ids(kind)?;
        ids.iter()
            .position(|i| same_id(i, id))
            .ok_or_else(|| EditError::NotFound { kind: kind.noun(), id: id.to_owned() })
    }

    fn threat(&self) -> Option<&dyn TableLike> {
        self.doc.get("threat").and_then(Item::as_table_like)
    }

    fn threat_mut(&mut self) -> Result<&mut dyn TableLike, EditError> {
        self.doc
            .get_mut("threat")
            .and_then(Item::as_table_like_mut)
            .ok_or_else(|| EditError::Document("the feed has no `threat` table".into()))
    }
}

impl Items for TomlDocument {
    fn item_ids(&self, kind: ItemKind) -> Result<Vec<String>, EditError> {
        let id = |t: &dyn TableLike| t.get("id").and_then(Item::as_str).map(str::to_owned);
        match self.doc.get(kind.list()) {
            None => Ok(Vec::new()),
            Some(Item::ArrayOfTables(tables)) => Ok(tables.iter().filter_map(|t| id(t)).collect()),
            Some(Item::Value(toml_edit::Value::Array(array))) => {
                Ok(array.iter().filter_map(|v| v.as_inline_table().and_then(|t| id(t))).collect())
            }
            Some(_) => Err(EditError::Document(format!("`{}` is not a list of tables", kind.list()))),
        }
    }

    fn add_item(&mut self, kind: ItemKind, entries: &[(&'static str, Value)]) -> Result<(), EditError> {
        let quoted = self.quoted_times;
        match self.doc.get_mut(kind.list()) {
            None => {
                let mut tables = ArrayOfTables::new();
                tables.push(new_table(entries, quoted));
                self.doc.insert(kind.list(), Item::ArrayOfTables(tables));
            }
            Some(Item::ArrayOfTables(tables)) => tables.push(new_table(entries, quoted)),
            Some(Item::Value(toml_edit::Value::Array(array))) => {
                push_like_last(array, new_inline(entries, quoted).into())
            }
            Some(_) => return Err(EditError::Document(format!("`{}` is not a list of tables", kind.list()))),
        }
        Ok(())
    }

    fn finish(self) -> String {
        self.doc.to_string()
    }
}

impl Document for TomlDocument {
    fn set_item(&mut self, kind: ItemKind, id: &str, assigns: &[Assign]) -> Result<(), EditError> {
        let index = self.index_of(kind, id)?;
        let quoted = self.quoted_times;
        let mut items = self.items_mut(kind)?;
        if index >= items.len() {
            return Err(EditError::NotFound { kind: kind.noun(), id: id.to_owned() });
        }
        let (item, inline) = items.swap_remove(index);
        set_fields(item, assigns, quoted, inline);
        Ok(())
    }

    fn remove_item(&mut self, kind: ItemKind, id: &str) -> Result<usize, EditError> {
        let index = self.index_of(kind, id)?;
        match self.doc.get_mut(kind.list()) {
            Some(Item::ArrayOfTables(tables)) => {
                let section = tables.get(index).map(|t| section_comments(t.decor()));
                tables.remove(index);
                // Comments set off by a blank line above the removed table are about
                // the section, not the item: the next item keeps them.
                if let (Some(section), Some(next)) = (section.filter(|s| !s.is_empty()), tables.get_mut(index)) {
                    let own = next.decor().prefix().and_then(|p| p.as_str()).unwrap_or("").to_owned();
                    next.decor_mut().set_prefix(format!("{section}{own}"));
                }
                Ok(tables.len())
            }
            Some(Item::Value(toml_edit::Value::Array(array))) => {
                array.remove(index);
                Ok(array.len())
            }
            _ => Err(EditError::NotFound { kind: kind.noun(), id: id.to_owned() }),
        }
    }

    fn threat_string(&self, key: &str) -> Option<String> {
        self.threat()?.get(key)?.as_str().map(str::to_owned)
    }

    fn threat_level(&self) -> Option<LevelRef> {
        let level = self.threat()?.get("level")?.as_value()?;
        match level {
            toml_edit::Value::String(name) => Some(LevelRef::Name(name.value().as_str().into())),
            toml_edit::Value::Integer(rank) => Some(LevelRef::Rank(*rank.value())),
            _ => None,
        }
    }

    fn threat_has(&self, key: &str) -> bool {
        self.threat().is_some_and(|t| t.contains_key(key))
    }

    fn push_history(&mut self) -> Result<bool, EditError> {
        let bare = |item: Option<&Item>| {
            item.and_then(Item::as_value).cloned().map(|mut v| {
                v.decor_mut().clear();
                v
            })
        };
        let threat = self.threat_mut()?;
        let (Some(level), Some(since)) = (bare(threat.get("level")), bare(threat.get("since"))) else {
            return Ok(false);
        };
        let mut entry = InlineTable::new();
        entry.insert("level", level);
        entry.insert("since", since);
        let threat_is_table = self.doc.get("threat").is_some_and(Item::is_table);
        let threat = self.threat_mut()?;
        match threat.get_mut("history") {
            Some(Item::ArrayOfTables(tables)) => {
                let mut table = entry.into_table();
                table.decor_mut().set_prefix("\n");
                tables.push(table);
            }
            Some(Item::Value(toml_edit::Value::Array(array))) => push_like_last(array, entry.into()),
            Some(_) => return Err(EditError::Document("`threat.history` is not a list".into())),
            None if threat_is_table => {
                let mut table = entry.into_table();
                table.decor_mut().set_prefix("\n");
                let mut tables = ArrayOfTables::new();
                tables.push(table);
                threat.insert("history", Item::ArrayOfTables(tables));
            }
            None => {
                let mut array = Array::new();
                array.push(entry);
                insert_value(threat, "history", array.into(), true);
            }
        }
        Ok(true)
    }

    fn set_threat(&mut self, assigns: &[Assign]) -> Result<(), EditError> {
        let quoted = self.quoted_times;
        let inline = self.doc.get("threat").is_some_and(Item::is_inline_table);
        set_fields(self.threat_mut()?, assigns, quoted, inline);
        Ok(())
    }
}

/// Sets `generated` to `now`, keeping its comments and whether it is quoted.
///
/// # Errors
/// When `text` is not TOML.
pub fn stamp_generated(text: &str, now: DateTime<FixedOffset>) -> Result<String, EditError> {
    let mut doc = TomlDocument::parse(text)?;
    let quoted = doc.quoted_times;
    match doc.doc.get_mut("generated") {
        Some(item) => replace_value(item, &Value::Moment(Moment::At(now)), quoted),
        None => return Ok(text.to_owned()),
    }
    Ok(doc.doc.to_string())
}
