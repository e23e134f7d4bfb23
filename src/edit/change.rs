//! Changes to a feed as data, and [`apply`]: one change to a feed's text, keeping the
//! text as it was written everywhere else.
//!
//! A change knows nothing of the command line (the `add`/`set`/`remove` commands build
//! one; an exercise replay can build the same from its injects) and nothing of files:
//! [`apply`] is a pure function from text to text. It does not validate the whole
//! result; the writer does that with `sitrep check`'s rules before anything is written.

use chrono::{DateTime, FixedOffset};
use serde::Serialize;

use crate::edit::document::{Assign, Document, Items, Value};
use crate::edit::error::EditError;
use crate::edit::when::{Moment, When};
use crate::edit::{ids, json_doc, toml_append, toml_doc};
use crate::feed::{Category, Format, LevelRef, MeasureStatus, Scale, Scales, Severity, Visibility};

/// The two lists of items a feed has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ItemKind {
    Measure,
    Incident,
}

impl ItemKind {
    /// The list's key in the feed.
    #[must_use]
    pub fn list(self) -> &'static str {
        match self {
            Self::Measure => "measures",
            Self::Incident => "incidents",
        }
    }

    /// One item, in messages.
    #[must_use]
    pub fn noun(self) -> &'static str {
        match self {
            Self::Measure => "measure",
            Self::Incident => "incident",
        }
    }
}

/// The fields of an incident a change gives; `None` leaves a field as it is (or out,
/// for a new incident).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct IncidentFields {
    pub time: Option<When>,
    pub title: Option<String>,
    pub severity: Option<Severity>,
    pub location: Option<String>,
    pub tags: Option<Vec<String>>,
    pub dead: Option<u32>,
    pub injured: Option<u32>,
    pub claimed_by: Option<String>,
    pub source: Option<String>,
    pub details: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
}

/// The fields of a measure a change gives; `None` leaves a field as it is (or out, for a
/// new measure).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MeasureFields {
    pub location: Option<String>,
    pub category: Option<Category>,
    pub description: Option<String>,
    pub agency: Option<String>,
    pub status: Option<MeasureStatus>,
    pub visibility: Option<Visibility>,
    pub since: Option<When>,
    pub review: Option<When>,
    pub region: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub notes: Option<String>,
}

/// A new national threat level and its context.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LevelChange {
    /// A level's name in the feed's scale (any case) or its rank.
    pub level: String,
    /// When the new level took effect; `now` when not given and the level changes.
    pub since: Option<When>,
    pub summary: Option<String>,
    pub assessed: Option<When>,
    pub reference: Option<String>,
    pub until: Option<When>,
}

/// One change to a feed.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    /// A new incident; without an id one is made (readable, unique). `time` defaults to
    /// now; `title` and `severity` are required.
    AddIncident {
        id: Option<String>,
        fields: IncidentFields,
    },
    /// A new measure; without an id one is made. `status` defaults to `active`;
    /// `location`, `category` and `description` are required.
    AddMeasure {
        id: Option<String>,
        fields: MeasureFields,
    },
    /// A new threat level: a different level moves the old one (with its `since`) into
    /// `threat.history` and drops what belonged to it (`until`, and `summary`,
    /// `assessed`, `reference` unless given anew); the same level is a re-assessment.
    SetLevel(LevelChange),
    /// Sets the given fields of an incident and removes those named in `clear`
    /// (optional fields only: `location`, `tags`, `casualties`, `dead`, `injured`,
    /// `claimed_by`, `source`, `details`, `lat`, `lon`).
    SetIncident {
        id: String,
        fields: IncidentFields,
        clear: Vec<String>,
    },
    /// Sets the given fields of a measure and removes those named in `clear` (optional
    /// fields only: `agency`, `visibility`, `since`, `review`, `region`, `lat`, `lon`,
    /// `notes`).
    SetMeasure {
        id: String,
        fields: MeasureFields,
        clear: Vec<String>,
    },
    Remove {
        kind: ItemKind,
        id: String,
    },
}

/// What a change depends on besides the text.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    /// What `now` means, in the offset it is written with.
    pub now: DateTime<FixedOffset>,
    /// The scales levels are checked against (the built-ins and the config's).
    pub scales: &'a Scales,
}

/// What a change did, for the caller to check against the decoded result and report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// The list now holds `count` items, one of them `id`.
    Added {
        kind: ItemKind,
        count: usize,
    },
    Set {
        kind: ItemKind,
    },
    /// The list now holds `count` items, none of them `id`.
    Removed {
        kind: ItemKind,
        count: usize,
    },
    /// The national level is now the level named by `Applied::id`.
    Level,
}

/// The text after a change, and what it touched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applied {
    pub text: String,
    /// The id of the item added, changed or removed; for a level, the level's name.
    pub id: String,
    pub effect: Effect,
    /// Things the user should know (what a level change dropped, say).
    pub notes: Vec<String>,
}

/// Applies `change` to a feed's `text`. Comments, order, blank lines and formatting of
/// everything the change does not touch are kept. `generated` is not touched (see
/// [`stamp_generated`]).
///
/// # Errors
/// A usage error (an unknown level or field), an unknown or duplicate id, or a text that
/// cannot be edited (it does not parse). Nothing here judges the whole result: validate
/// it before writing.
pub fn apply(text: &str, format: Format, change: &Change, context: &Context<'_>) -> Result<Applied, EditError> {
    let now = context.now;
    let new_item = match change {
        Change::AddIncident { id, fields } => Some((
            ItemKind::Incident,
            id.as_deref(),
            incident_entries(fields, now)?,
            fields.time.unwrap_or(When::Now).resolve(now),
        )),
        Change::AddMeasure { id, fields } => Some((
            ItemKind::Measure,
            id.as_deref(),
            measure_entries(fields, now)?,
            fields.since.unwrap_or(When::Now).resolve(now),
        )),
        _ => None,
    };
    if let Some((kind, id, entries, named_by)) = new_item {
        return match format {
            Format::Json => add(json_doc::JsonDocument::parse(text)?, kind, id, entries, named_by),
            // Adding an item is the common, hot case: where the file's layout allows it, a
            // textual insertion that does not parse the whole file.
            Format::Toml => match toml_append::Appender::scan(text) {
                Some(appender) => add(appender, kind, id, entries, named_by),
                None => add(toml_doc::TomlDocument::parse(text)?, kind, id, entries, named_by),
            },
        };
    }
    match format {
        Format::Json => edit(json_doc::JsonDocument::parse(text)?, change, context),
        Format::Toml => edit(toml_doc::TomlDocument::parse(text)?, change, context),
    }
}

/// Sets `generated` to `now` (seconds, the offset of `now`), keeping how it was written
/// (a TOML native datetime stays native, a string stays a string).
///
/// # Errors
/// A text that cannot be edited.
pub fn stamp_generated(text: &str, format: Format, now: DateTime<FixedOffset>) -> Result<String, EditError> {
    let now = crate::edit::when::trim_to_seconds(now);
    match format {
        Format::Json => json_doc::stamp_generated(text, now),
        Format::Toml => match toml_append::stamp_generated(text, now) {
            Some(stamped) => Ok(stamped),
            None => toml_doc::stamp_generated(text, now),
        },
    }
}

fn edit<D: Document>(mut doc: D, change: &Change, context: &Context<'_>) -> Result<Applied, EditError> {
    let now = context.now;
    let mut notes = Vec::new();
    let (id, effect) = match change {
        Change::SetIncident { id, fields, clear } => {
            let mut assigns = incident_assigns(fields, now);
            assigns.extend(clears(clear, INCIDENT_OPTIONAL)?);
            nothing_to_do(&assigns)?;
            doc.set_item(ItemKind::Incident, id, &assigns)?;
            (id.clone(), Effect::Set { kind: ItemKind::Incident })
        }
        Change::SetMeasure { id, fields, clear } => {
            let mut assigns = measure_assigns(fields, now);
            assigns.extend(clears(clear, MEASURE_OPTIONAL)?);
            nothing_to_do(&assigns)?;
            doc.set_item(ItemKind::Measure, id, &assigns)?;
            (id.clone(), Effect::Set { kind: ItemKind::Measure })
        }
        Change::Remove { kind, id } => {
            let count = doc.remove_item(*kind, id)?;
            (id.clone(), Effect::Removed { kind: *kind, count })
        }
        Change::SetLevel(level) => (set_level(&mut doc, level, context, &mut notes)?, Effect::Level),
        Change::AddIncident { .. } | Change::AddMeasure { .. } => {
            return Err(EditError::Document("internal error: an addition reached the editor of fields".into()));
        }
    };
    Ok(Applied { text: doc.finish(), id, effect, notes })
}

fn add<D: Items>(
    mut doc: D,
    kind: ItemKind,
    id: Option<&str>,
    mut entries: Vec<(&'static str, Value)>,
    named_by: Moment,
) -> Result<Applied, EditError> {
    let existing = doc.item_ids(kind)?;
    let id = match id.map(str::trim) {
        Some("") => return Err(EditError::Usage("an id cannot be empty".into())),
        Some(id) if existing.iter().any(|e| crate::edit::document::same_id(e, id)) => {
            return Err(EditError::Duplicate { kind: kind.noun(), id: id.to_owned() });
        }
        Some(id) => id.to_owned(),
        None => ids::new_id(kind, named_by, &seed(&entries), &existing),
    };
    entries.insert(0, ("id", Value::Text(id.clone())));
    doc.add_item(kind, &entries)?;
    Ok(Applied { text: doc.finish(), id, effect: Effect::Added { kind, count: existing.len() + 1 }, notes: Vec::new() })
}

/// What a new item's id is derived from: its first text fields (title, location).
fn seed(entries: &[(&'static str, Value)]) -> String {
    entries
        .iter()
        .filter_map(|(_, value)| match value {
            Value::Text(text) => Some(text.as_str()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The fields of an incident a `set` may remove.
const INCIDENT_OPTIONAL: &[&str] =
    &["location", "tags", "casualties", "dead", "injured", "claimed_by", "source", "details", "lat", "lon"];
/// The fields of a measure a `set` may remove.
const MEASURE_OPTIONAL: &[&str] = &["agency", "visibility", "since", "review", "region", "lat", "lon", "notes"];

/// `clear` checked against the fields that may go; `dead` and `injured` live in
/// `casualties`.
fn clears(clear: &[String], allowed: &'static [&'static str]) -> Result<Vec<Assign>, EditError> {
    clear
        .iter()
        .map(|name| {
            let key = allowed.iter().find(|k| k.eq_ignore_ascii_case(name.trim())).ok_or_else(|| {
                EditError::Usage(format!(
                    "cannot clear `{name}`: only optional fields can be removed: {}",
                    allowed.join(", ")
                ))
            })?;
            Ok(match *key {
                "dead" | "injured" => Assign { key: "casualties", sub: Some(key), value: None },
                key => Assign { key, sub: None, value: None },
            })
        })
        .collect()
}

fn nothing_to_do(assigns: &[Assign]) -> Result<(), EditError> {
    if assigns.is_empty() {
        return Err(EditError::Usage("nothing to change: give at least one field to set or clear".into()));
    }
    Ok(())
}

/// The serde name of an enum value, as the feed spells it.
fn name<T: Serialize>(value: T) -> Value {
    Value::Text(serde_json::to_value(value).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default())
}

fn text(value: Option<&String>) -> Option<Value> {
    value.map(|v| Value::Text(v.clone()))
}

fn moment(value: Option<When>, now: DateTime<FixedOffset>) -> Option<Value> {
    value.map(|w| Value::Moment(w.resolve(now)))
}

fn missing(kind: &str, field: &str) -> EditError {
    EditError::Usage(format!("a new {kind} needs --{}", field.replace('_', "-")))
}

/// An incident's fields in the feed's order, casualties as one table.
fn incident_entries(f: &IncidentFields, now: DateTime<FixedOffset>) -> Result<Vec<(&'static str, Value)>, EditError> {
    let title = f.title.as_ref().filter(|t| !t.trim().is_empty()).ok_or_else(|| missing("incident", "title"))?;
    let severity = f.severity.ok_or_else(|| missing("incident", "severity"))?;
    let casualties: Vec<(&'static str, Value)> = [("dead", f.dead), ("injured", f.injured)]
        .into_iter()
        .filter_map(|(k, v)| Some((k, Value::Integer(i64::from(v?)))))
        .collect();
    let entries = [
        ("time", Some(Value::Moment(f.time.unwrap_or(When::Now).resolve(now)))),
        ("title", Some(Value::Text(title.clone()))),
        ("severity", Some(name(severity))),
        ("location", text(f.location.as_ref())),
        ("tags", f.tags.clone().map(Value::List)),
        ("casualties", (!casualties.is_empty()).then_some(Value::Table(casualties))),
        ("claimed_by", text(f.claimed_by.as_ref())),
        ("source", text(f.source.as_ref())),
        ("details", text(f.details.as_ref())),
        ("lat", f.lat.map(Value::Float)),
        ("lon", f.lon.map(Value::Float)),
    ];
    Ok(entries.into_iter().filter_map(|(k, v)| Some((k, v?))).collect())
}

/// A measure's fields in the feed's order.
fn measure_entries(f: &MeasureFields, now: DateTime<FixedOffset>) -> Result<Vec<(&'static str, Value)>, EditError> {
    let location =
        f.location.as_ref().filter(|t| !t.trim().is_empty()).ok_or_else(|| missing("measure", "location"))?;
    let category = f.category.ok_or_else(|| missing("measure", "category"))?;
    let description =
        f.description.as_ref().filter(|t| !t.trim().is_empty()).ok_or_else(|| missing("measure", "description"))?;
    let entries = [
        ("location", Some(Value::Text(location.clone()))),
        ("category", Some(name(category))),
        ("description", Some(Value::Text(description.clone()))),
        ("agency", text(f.agency.as_ref())),
        ("status", Some(name(f.status.unwrap_or(MeasureStatus::Active)))),
        ("visibility", f.visibility.map(name)),
        ("since", moment(f.since, now)),
        ("review", moment(f.review, now)),
        ("region", text(f.region.as_ref())),
        ("lat", f.lat.map(Value::Float)),
        ("lon", f.lon.map(Value::Float)),
        ("notes", text(f.notes.as_ref())),
    ];
    Ok(entries.into_iter().filter_map(|(k, v)| Some((k, v?))).collect())
}

fn assigns(entries: Vec<(&'static str, Option<Value>)>) -> Vec<Assign> {
    entries.into_iter().filter_map(|(key, value)| Some(Assign { key, sub: None, value: Some(value?) })).collect()
}

fn incident_assigns(f: &IncidentFields, now: DateTime<FixedOffset>) -> Vec<Assign> {
    let mut list = assigns(vec![
        ("time", moment(f.time, now)),
        ("title", text(f.title.as_ref())),
        ("severity", f.severity.map(name)),
        ("location", text(f.location.as_ref())),
        ("tags", f.tags.clone().map(Value::List)),
        ("claimed_by", text(f.claimed_by.as_ref())),
        ("source", text(f.source.as_ref())),
        ("details", text(f.details.as_ref())),
        ("lat", f.lat.map(Value::Float)),
        ("lon", f.lon.map(Value::Float)),
    ]);
    for (sub, count) in [("dead", f.dead), ("injured", f.injured)] {
        if let Some(count) = count {
            list.push(Assign { key: "casualties", sub: Some(sub), value: Some(Value::Integer(i64::from(count))) });
        }
    }
    list
}

fn measure_assigns(f: &MeasureFields, now: DateTime<FixedOffset>) -> Vec<Assign> {
    assigns(vec![
        ("location", text(f.location.as_ref())),
        ("category", f.category.map(name)),
        ("description", text(f.description.as_ref())),
        ("agency", text(f.agency.as_ref())),
        ("status", f.status.map(name)),
        ("visibility", f.visibility.map(name)),
        ("since", moment(f.since, now)),
        ("review", moment(f.review, now)),
        ("region", text(f.region.as_ref())),
        ("lat", f.lat.map(Value::Float)),
        ("lon", f.lon.map(Value::Float)),
        ("notes", text(f.notes.as_ref())),
    ])
}

/// The scale the feed's threat is on: the one it names, else the configured default.
fn feed_scale<'s, D: Document>(doc: &D, scales: &'s Scales) -> Result<&'s Scale, EditError> {
    match doc.threat_string("scale") {
        None => Ok(scales.default_scale()),
        Some(name) => scales.get(&name).ok_or_else(|| {
            EditError::Document(format!(
                "the feed's threat scale `{name}` is unknown; known scales: {}",
                scales.names()
            ))
        }),
    }
}

/// `kritiek`, `KRITIEK` or `5`, resolved in `scale`.
fn resolve_level(scale: &Scale, given: &str) -> Option<crate::feed::Level> {
    let given = given.trim();
    let by_rank = given.parse::<i64>().ok().map(LevelRef::Rank);
    scale.resolve(&by_rank.unwrap_or_else(|| LevelRef::Name(given.into())))
}

fn set_level<D: Document>(
    doc: &mut D,
    change: &LevelChange,
    context: &Context<'_>,
    notes: &mut Vec<String>,
) -> Result<String, EditError> {
    let now = context.now;
    let scale = feed_scale(doc, context.scales)?;
    let new = resolve_level(scale, &change.level).ok_or_else(|| {
        EditError::Usage(format!(
            "unknown level `{}` for the feed's scale `{}`: allowed are {} (by name or rank)",
            change.level,
            scale.name,
            scale.describe_levels()
        ))
    })?;
    let current = doc.threat_level().and_then(|level| scale.resolve(&level));
    let mut assigns = Vec::new();
    let mut set = |key: &'static str, value: Option<Value>| assigns.push(Assign { key, sub: None, value });
    if current.as_ref().is_some_and(|c| c.rank == new.rank) {
        // A re-assessment of the level in force: history and `since` stay.
        for (key, value) in [
            ("since", moment(change.since, now)),
            ("summary", text(change.summary.as_ref())),
            ("assessed", moment(change.assessed, now)),
            ("reference", text(change.reference.as_ref())),
            ("until", moment(change.until, now)),
        ] {
            if value.is_some() {
                set(key, value);
            }
        }
    } else {
        if !doc.push_history()? {
            notes.push("the old level had no `since`: it is not kept in the history (history entries need one)".into());
        }
        set("level", Some(Value::Text(new.name.clone())));
        set("since", Some(Value::Moment(change.since.unwrap_or(When::Now).resolve(now))));
        let mut dropped = Vec::new();
        for (key, value) in [
            ("summary", text(change.summary.as_ref())),
            ("assessed", moment(change.assessed, now)),
            ("reference", text(change.reference.as_ref())),
            ("until", moment(change.until, now)),
        ] {
            if value.is_none() && doc.threat_has(key) {
                dropped.push(key);
            }
            set(key, value);
        }
        if !dropped.is_empty() {
            let (last, rest) = dropped.split_last().unwrap_or((&"", &[]));
            let list = if rest.is_empty() { (*last).to_owned() } else { format!("{} and {last}", rest.join(", ")) };
            notes.push(format!(
                "the old level's {list} belonged to it and {} removed (give {} again for the new level)",
                if dropped.len() == 1 { "was" } else { "were" },
                if dropped.len() == 1 { "it" } else { "them" }
            ));
        }
    }
    doc.set_threat(&assigns)?;
    Ok(new.name)
}
