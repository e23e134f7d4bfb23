//! What a feed's text must offer to have changes applied to it, whatever its format:
//! the primitives [`crate::edit::change`] builds every change from.

use crate::edit::change::ItemKind;
use crate::edit::error::EditError;
use crate::edit::when::Moment;
use crate::feed::LevelRef;

/// A value to write, in the feed's terms; each format writes it its own way.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Text(String),
    Moment(Moment),
    Integer(i64),
    Float(f64),
    List(Vec<String>),
    /// A small table of its own (`casualties`), written inline.
    Table(Vec<(&'static str, Value)>),
}

/// One field to set (`value`) or remove (`None`); `sub` reaches into a table field
/// (`casualties.dead`).
#[derive(Debug, Clone, PartialEq)]
pub struct Assign {
    pub key: &'static str,
    pub sub: Option<&'static str>,
    pub value: Option<Value>,
}

/// Whether the id written in the feed (`raw`) is the one a user names (`given`). The
/// dashboard shows ids cleaned of control characters, so the cleaned form names an item
/// as well as the raw one.
#[must_use]
pub fn same_id(raw: &str, given: &str) -> bool {
    use crate::feed::text::{Lines, clean};
    raw == given || clean(raw, Lines::Single) == clean(given, Lines::Single)
}

/// Adding an item: all a new measure or incident needs.
pub trait Items {
    /// The ids of the list's items, in order.
    ///
    /// # Errors
    /// When the list cannot be read.
    fn item_ids(&self, kind: ItemKind) -> Result<Vec<String>, EditError>;

    /// Appends an item with these fields (in this order) after the list's last item.
    ///
    /// # Errors
    /// When the list cannot take an item.
    fn add_item(&mut self, kind: ItemKind, entries: &[(&'static str, Value)]) -> Result<(), EditError>;

    /// The text with the changes made.
    fn finish(self) -> String;
}

/// Every other change.
pub trait Document: Items {
    /// Sets and removes fields of the item with `id`.
    ///
    /// # Errors
    /// No such item, or a layout the editor cannot change.
    fn set_item(&mut self, kind: ItemKind, id: &str, assigns: &[Assign]) -> Result<(), EditError>;

    /// Removes the item with `id`; returns how many items the list holds after.
    ///
    /// # Errors
    /// No such item.
    fn remove_item(&mut self, kind: ItemKind, id: &str) -> Result<usize, EditError>;

    /// A string field of the threat (`scale`).
    fn threat_string(&self, key: &str) -> Option<String>;

    /// The national level as written.
    fn threat_level(&self) -> Option<LevelRef>;

    /// Whether the threat has this field.
    fn threat_has(&self, key: &str) -> bool;

    /// Copies the level in force and its `since`, as written, into the threat's history;
    /// false (and nothing changed) when the level has no `since`.
    ///
    /// # Errors
    /// A layout the editor cannot change.
    fn push_history(&mut self) -> Result<bool, EditError>;

    /// Sets and removes fields of the threat.
    ///
    /// # Errors
    /// A layout the editor cannot change.
    fn set_threat(&mut self, assigns: &[Assign]) -> Result<(), EditError>;
}
