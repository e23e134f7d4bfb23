//! What changed between two valid feeds: the level (national and scoped), the threat's
//! context, exercise on or off, and measures and incidents added, changed (which fields),
//! ended or removed, each by id with its title or location. Pure; serializable for the
//! journal, and summed up in one line in English or Dutch.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::config::Language;
use crate::feed::model::{Category, Incident, Measure, MeasureStatus, Severity, Visibility};
use crate::feed::scale::{Level, Rgb, Scales};
use crate::feed::time::Timestamp;
use crate::feed::valid::Feed;

/// A threat level as the journal keeps it: no colour, the scale by name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LevelName {
    pub scale: String,
    pub name: String,
    /// 1 = lowest.
    pub rank: u8,
    /// Of how many levels.
    pub of: u8,
}

impl LevelName {
    #[must_use]
    pub fn new(scale: &str, level: &Level) -> Self {
        Self { scale: scale.to_owned(), name: level.name.clone(), rank: level.rank, of: level.of }
    }

    /// `substantieel 4/5`.
    #[must_use]
    pub fn describe(&self) -> String {
        format!("{} {}/{}", self.name, self.rank, self.of)
    }

    /// The level with its colour, from the scale of that name in `scales`: the level of
    /// that name, else of that rank (a scale with as many levels); a scale this run does
    /// not know gives the level as written, in grey.
    #[must_use]
    pub fn resolve(&self, scales: &Scales) -> Level {
        let scale = scales.get(&self.scale);
        let index = scale.and_then(|scale| {
            let by_name = scale.levels.iter().position(|l| l.name.eq_ignore_ascii_case(&self.name));
            let by_rank =
                (scale.levels.len() == usize::from(self.of)).then(|| usize::from(self.rank).checked_sub(1)).flatten();
            by_name.or(by_rank)
        });
        let resolved = scale.zip(index).and_then(|(scale, index)| {
            let level = scale.levels.get(index)?;
            Some(Level {
                rank: u8::try_from(index + 1).ok()?,
                of: u8::try_from(scale.levels.len()).ok()?,
                name: level.name.clone(),
                color: level.color,
            })
        });
        resolved.unwrap_or_else(|| Level {
            rank: self.rank,
            of: self.of,
            // Read from a file others may write: cleaned before it is shown.
            name: crate::feed::text::clean(&self.name, crate::feed::text::Lines::Single).into_owned(),
            color: UNKNOWN_SCALE_COLOR,
        })
    }
}

/// The colour of a level whose scale this run does not know.
const UNKNOWN_SCALE_COLOR: Rgb = Rgb(0x80, 0x80, 0x80);

/// A level that went from one value to another.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LevelChange {
    pub from: LevelName,
    pub to: LevelName,
}

impl LevelChange {
    #[must_use]
    pub fn is_raise(&self) -> bool {
        self.to.rank > self.from.rank
    }
}

/// A scoped level that appeared, changed or went (`from`/`to` absent).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScopedChange {
    pub scope: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<LevelName>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<LevelName>,
}

/// The parts of the threat block besides the level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ThreatField {
    Scale,
    Since,
    Assessed,
    Reference,
    Summary,
    Until,
}

/// How an item differs between the two versions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemChange {
    /// Not in the old version.
    Added,
    /// In both, with other values.
    Changed,
    /// A measure whose status became `ended`.
    Ended,
    /// Not in the new version.
    Removed,
}

/// The fields of a measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MeasureField {
    Location,
    Category,
    Description,
    Agency,
    Status,
    Visibility,
    Since,
    Review,
    Region,
    Position,
    Notes,
}

/// The fields of an incident.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IncidentField {
    Time,
    Title,
    Severity,
    Location,
    Tags,
    Casualties,
    ClaimedBy,
    Source,
    Details,
    Position,
}

/// One measure that differs. Names and state are those of the new version (of the old
/// one for a removed measure).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MeasureDiff {
    pub change: ItemChange,
    pub id: String,
    pub location: String,
    pub category: Category,
    pub description: String,
    pub status: MeasureStatus,
    /// The status before, when it changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous_status: Option<MeasureStatus>,
    /// Covert in either version: a public screen or report leaves it out.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub covert: bool,
    /// What changed (only for `changed` and `ended`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<MeasureField>,
}

/// One incident that differs, named as in the new version (the old one when removed).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IncidentDiff {
    pub change: ItemChange,
    pub id: String,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    pub severity: Severity,
    /// The severity before, when it changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous_severity: Option<Severity>,
    pub time: Timestamp,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<IncidentField>,
}

/// What changed from one valid feed to the next. Empty parts are left out when
/// serialized, so an entry carries only what changed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct FeedDiff {
    /// The national level.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<LevelChange>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub scoped: Vec<ScopedChange>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub threat: Vec<ThreatField>,
    /// The new value of `exercise`, when it flipped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exercise: Option<bool>,
    /// In the order of the new feed, then the removed ones.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub measures: Vec<MeasureDiff>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub incidents: Vec<IncidentDiff>,
}

impl FeedDiff {
    /// What differs from `old` to `new`.
    #[must_use]
    pub fn between(old: &Feed, new: &Feed) -> Self {
        let old_scale = &old.threat.scale.name;
        let new_scale = &new.threat.scale.name;
        let level = (old_scale != new_scale || old.threat.level != new.threat.level).then(|| LevelChange {
            from: LevelName::new(old_scale, &old.threat.level),
            to: LevelName::new(new_scale, &new.threat.level),
        });
        Self {
            level,
            scoped: scoped_changes(old, new),
            threat: threat_fields(old, new),
            exercise: (old.exercise != new.exercise).then_some(new.exercise),
            measures: measure_changes(&old.measures, &new.measures),
            incidents: incident_changes(&old.incidents, &new.incidents),
        }
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self == &Self::default()
    }

    /// The same diff without covert measures, for public screens and reports.
    #[must_use]
    pub fn without_covert(&self) -> Self {
        Self { measures: self.measures.iter().filter(|m| !m.covert).cloned().collect(), ..self.clone() }
    }

    /// How many measures and incidents changed in each way: `[added, changed, ended, removed]`.
    #[must_use]
    pub fn counts(&self) -> ([usize; 4], [usize; 4]) {
        let count = |changes: &mut dyn Iterator<Item = ItemChange>| {
            let mut counts = [0; 4];
            for change in changes {
                counts[change as usize] += 1;
            }
            counts
        };
        (count(&mut self.measures.iter().map(|m| m.change)), count(&mut self.incidents.iter().map(|i| i.change)))
    }

    /// One line for people: `level substantieel 4/5 → kritiek 5/5; measures: 2 new, 1 ended`.
    #[must_use]
    pub fn summary(&self, language: Language) -> String {
        let words = Words::of(language);
        let mut parts = Vec::new();
        if let Some(level) = &self.level {
            parts.push(format!("{} {} → {}", words.level, level.from.describe(), level.to.describe()));
        }
        for scoped in &self.scoped {
            let show =
                |level: &Option<LevelName>| level.as_ref().map_or_else(|| words.none.to_owned(), LevelName::describe);
            parts.push(format!("{} {}: {} → {}", words.level, scoped.scope, show(&scoped.from), show(&scoped.to)));
        }
        if let Some(on) = self.exercise {
            parts.push(if on { words.exercise_on } else { words.exercise_off }.to_owned());
        }
        if !self.threat.is_empty() {
            parts.push(words.threat_context.to_owned());
        }
        let (measures, incidents) = self.counts();
        for (name, counts) in [(words.measures, measures), (words.incidents, incidents)] {
            let said: Vec<String> = counts
                .iter()
                .zip(words.changes)
                .filter(|(count, _)| **count > 0)
                .map(|(count, word)| format!("{count} {word}"))
                .collect();
            if !said.is_empty() {
                parts.push(format!("{name}: {}", said.join(", ")));
            }
        }
        if parts.is_empty() { words.no_changes.to_owned() } else { parts.join("; ") }
    }
}

/// The words of [`FeedDiff::summary`].
struct Words {
    level: &'static str,
    none: &'static str,
    exercise_on: &'static str,
    exercise_off: &'static str,
    threat_context: &'static str,
    measures: &'static str,
    incidents: &'static str,
    /// In the order of [`ItemChange`].
    changes: [&'static str; 4],
    no_changes: &'static str,
}

impl Words {
    fn of(language: Language) -> &'static Self {
        static EN: Words = Words {
            level: "level",
            none: "none",
            exercise_on: "exercise on",
            exercise_off: "exercise off",
            threat_context: "threat assessment updated",
            measures: "measures",
            incidents: "incidents",
            changes: ["new", "changed", "ended", "removed"],
            no_changes: "no changes",
        };
        static NL: Words = Words {
            level: "niveau",
            none: "geen",
            exercise_on: "oefening aan",
            exercise_off: "oefening uit",
            threat_context: "dreigingsbeeld bijgewerkt",
            measures: "maatregelen",
            incidents: "incidenten",
            changes: ["nieuw", "gewijzigd", "beëindigd", "verwijderd"],
            no_changes: "geen wijzigingen",
        };
        match language {
            Language::En => &EN,
            Language::Nl => &NL,
        }
    }
}

fn scoped_changes(old: &Feed, new: &Feed) -> Vec<ScopedChange> {
    let name = |feed: &Feed, level: &Level| LevelName::new(&feed.threat.scale.name, level);
    let old_levels: HashMap<&str, LevelName> =
        old.threat.scoped.iter().map(|s| (s.scope.as_str(), name(old, &s.level))).collect();
    let mut changes = Vec::new();
    for scoped in &new.threat.scoped {
        let to = name(new, &scoped.level);
        let from = old_levels.get(scoped.scope.as_str());
        if from != Some(&to) {
            changes.push(ScopedChange { scope: scoped.scope.to_string(), from: from.cloned(), to: Some(to) });
        }
    }
    for scoped in &old.threat.scoped {
        if !new.threat.scoped.iter().any(|s| s.scope == scoped.scope) {
            changes.push(ScopedChange {
                scope: scoped.scope.to_string(),
                from: Some(name(old, &scoped.level)),
                to: None,
            });
        }
    }
    changes
}

fn threat_fields(old: &Feed, new: &Feed) -> Vec<ThreatField> {
    let (a, b) = (&old.threat, &new.threat);
    [
        (ThreatField::Scale, a.scale.name != b.scale.name),
        (ThreatField::Since, a.since != b.since),
        (ThreatField::Assessed, a.assessed != b.assessed),
        (ThreatField::Reference, a.reference != b.reference),
        (ThreatField::Summary, a.summary != b.summary),
        (ThreatField::Until, a.until != b.until),
    ]
    .into_iter()
    .filter_map(|(field, differs)| differs.then_some(field))
    .collect()
}

fn measure_fields(a: &Measure, b: &Measure) -> Vec<MeasureField> {
    [
        (MeasureField::Location, a.location != b.location),
        (MeasureField::Category, a.category != b.category),
        (MeasureField::Description, a.description != b.description),
        (MeasureField::Agency, a.agency != b.agency),
        (MeasureField::Status, a.status != b.status),
        (MeasureField::Visibility, a.visibility != b.visibility),
        (MeasureField::Since, a.since != b.since),
        (MeasureField::Review, a.review != b.review),
        (MeasureField::Region, a.region != b.region),
        (MeasureField::Position, a.lat != b.lat || a.lon != b.lon),
        (MeasureField::Notes, a.notes != b.notes),
    ]
    .into_iter()
    .filter_map(|(field, differs)| differs.then_some(field))
    .collect()
}

fn incident_fields(a: &Incident, b: &Incident) -> Vec<IncidentField> {
    [
        (IncidentField::Time, a.time != b.time),
        (IncidentField::Title, a.title != b.title),
        (IncidentField::Severity, a.severity != b.severity),
        (IncidentField::Location, a.location != b.location),
        (IncidentField::Tags, a.tags != b.tags),
        (IncidentField::Casualties, a.casualties != b.casualties),
        (IncidentField::ClaimedBy, a.claimed_by != b.claimed_by),
        (IncidentField::Source, a.source != b.source),
        (IncidentField::Details, a.details != b.details),
        (IncidentField::Position, a.lat != b.lat || a.lon != b.lon),
    ]
    .into_iter()
    .filter_map(|(field, differs)| differs.then_some(field))
    .collect()
}

fn measure_diff(
    change: ItemChange,
    measure: &Measure,
    old: Option<&Measure>,
    fields: Vec<MeasureField>,
) -> MeasureDiff {
    MeasureDiff {
        change,
        id: measure.id.to_string(),
        location: measure.location.to_string(),
        category: measure.category,
        description: measure.description.to_string(),
        status: measure.status,
        previous_status: old.map(|o| o.status).filter(|status| *status != measure.status),
        covert: measure.visibility == Visibility::Covert || old.is_some_and(|o| o.visibility == Visibility::Covert),
        fields,
    }
}

fn measure_changes(old: &[Measure], new: &[Measure]) -> Vec<MeasureDiff> {
    let before: HashMap<&str, &Measure> = old.iter().map(|m| (m.id.as_str(), m)).collect();
    let mut changes = Vec::new();
    for measure in new {
        match before.get(measure.id.as_str()) {
            None => changes.push(measure_diff(ItemChange::Added, measure, None, Vec::new())),
            Some(previous) if *previous != measure => {
                let ended = measure.status == MeasureStatus::Ended && previous.status != MeasureStatus::Ended;
                let change = if ended { ItemChange::Ended } else { ItemChange::Changed };
                changes.push(measure_diff(change, measure, Some(previous), measure_fields(previous, measure)));
            }
            Some(_) => {}
        }
    }
    let after: HashMap<&str, &Measure> = new.iter().map(|m| (m.id.as_str(), m)).collect();
    for measure in old.iter().filter(|m| !after.contains_key(m.id.as_str())) {
        changes.push(measure_diff(ItemChange::Removed, measure, None, Vec::new()));
    }
    changes
}

fn incident_diff(
    change: ItemChange,
    incident: &Incident,
    old: Option<&Incident>,
    fields: Vec<IncidentField>,
) -> IncidentDiff {
    IncidentDiff {
        change,
        id: incident.id.to_string(),
        title: incident.title.to_string(),
        location: incident.location.as_ref().map(ToString::to_string),
        severity: incident.severity,
        previous_severity: old.map(|o| o.severity).filter(|severity| *severity != incident.severity),
        time: incident.time,
        fields,
    }
}

fn incident_changes(old: &[Incident], new: &[Incident]) -> Vec<IncidentDiff> {
    let before: HashMap<&str, &Incident> = old.iter().map(|i| (i.id.as_str(), i)).collect();
    let mut changes = Vec::new();
    for incident in new {
        match before.get(incident.id.as_str()) {
            None => changes.push(incident_diff(ItemChange::Added, incident, None, Vec::new())),
            Some(previous) if *previous != incident => changes.push(incident_diff(
                ItemChange::Changed,
                incident,
                Some(previous),
                incident_fields(previous, incident),
            )),
            Some(_) => {}
        }
    }
    let after: HashMap<&str, &Incident> = new.iter().map(|i| (i.id.as_str(), i)).collect();
    for incident in old.iter().filter(|i| !after.contains_key(i.id.as_str())) {
        changes.push(incident_diff(ItemChange::Removed, incident, None, Vec::new()));
    }
    changes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::feed::{DecodeOptions, Format, decode};

    const BASE: &str = r#"
version = 1
generated = 2015-11-18T09:00:00+01:00
[threat]
level = "substantieel"
assessed = 2015-11-09T00:00:00+01:00
[[threat.scoped]]
scope = "Utrecht"
level = 5
[[measures]]
id = "m1"
location = "Schiphol"
category = "airport"
description = "Extra patrols"
status = "active"
[[measures]]
id = "m2"
location = "Den Haag"
category = "government"
description = "Watch"
status = "active"
visibility = "covert"
[[measures]]
id = "m3"
location = "Zuidgrens"
category = "border"
description = "MTV"
status = "active"
[[incidents]]
id = "i1"
time = 2015-11-13T21:20:00+01:00
title = "Paris"
severity = "critical"
[[incidents]]
id = "i2"
time = 2015-11-17T20:30:00+01:00
title = "Hannover match cancelled"
severity = "major"
"#;

    fn feed(text: &str) -> Feed {
        decode(text.as_bytes(), Format::Toml, &DecodeOptions::default()).unwrap().feed
    }

    fn changed_feed() -> String {
        let text = BASE
            .replacen("[threat]", "exercise = true\n[threat]", 1)
            .replace("level = \"substantieel\"", "level = \"kritiek\"")
            .replace("level = 5", "level = 4")
            .replace("Extra patrols\"\nstatus = \"active\"", "Extra patrols\"\nstatus = \"intensified\"")
            .replace("MTV\"\nstatus = \"active\"", "MTV\"\nstatus = \"ended\"")
            .replace("severity = \"major\"", "severity = \"critical\"\nlocation = \"Hannover\"")
            .replace("[[incidents]]\nid = \"i1\"\ntime = 2015-11-13T21:20:00+01:00\ntitle = \"Paris\"\nseverity = \"critical\"\n", "");
        text + "[[incidents]]\nid = \"i3\"\ntime = 2015-11-18T08:00:00+01:00\ntitle = \"Suspicious package\"\nseverity = \"minor\"\n"
    }

    #[test]
    fn the_same_feed_has_no_changes() {
        let diff = FeedDiff::between(&feed(BASE), &feed(BASE));
        assert!(diff.is_empty());
        assert_eq!(diff.summary(Language::En), "no changes");
        assert_eq!(serde_json::to_string(&diff).unwrap(), "{}");
    }

    #[test]
    fn every_kind_of_change_is_named() {
        let diff = FeedDiff::between(&feed(BASE), &feed(&changed_feed()));
        let level = diff.level.as_ref().unwrap();
        assert_eq!(
            (level.from.name.as_str(), level.to.name.as_str(), level.is_raise()),
            ("substantieel", "kritiek", true)
        );
        assert_eq!(diff.scoped.len(), 1);
        assert_eq!(diff.exercise, Some(true));
        let m: Vec<_> = diff.measures.iter().map(|m| (m.id.as_str(), m.change, m.previous_status)).collect();
        assert_eq!(
            m,
            [
                ("m1", ItemChange::Changed, Some(MeasureStatus::Active)),
                ("m3", ItemChange::Ended, Some(MeasureStatus::Active))
            ]
        );
        assert_eq!(diff.measures[0].fields, [MeasureField::Status]);
        let i: Vec<_> = diff.incidents.iter().map(|i| (i.id.as_str(), i.change)).collect();
        assert_eq!(i, [("i2", ItemChange::Changed), ("i3", ItemChange::Added), ("i1", ItemChange::Removed)]);
        assert_eq!(diff.incidents[0].fields, [IncidentField::Severity, IncidentField::Location]);
        assert_eq!(diff.incidents[0].previous_severity, Some(Severity::Major));
        assert_eq!(
            diff.summary(Language::En),
            "level substantieel 4/5 → kritiek 5/5; level Utrecht: kritiek 5/5 → substantieel 4/5; exercise on; \
             measures: 1 changed, 1 ended; incidents: 1 new, 1 changed, 1 removed"
        );
        assert_eq!(
            diff.summary(Language::Nl),
            "niveau substantieel 4/5 → kritiek 5/5; niveau Utrecht: kritiek 5/5 → substantieel 4/5; oefening aan; \
             maatregelen: 1 gewijzigd, 1 beëindigd; incidenten: 1 nieuw, 1 gewijzigd, 1 verwijderd"
        );
    }

    #[test]
    fn covert_measures_are_marked_and_can_be_left_out() {
        let changed = BASE.replace("description = \"Watch\"", "description = \"Watch closely\"");
        let diff = FeedDiff::between(&feed(BASE), &feed(&changed));
        assert!(diff.measures[0].covert);
        assert!(diff.without_covert().is_empty());
    }

    #[test]
    fn a_diff_survives_the_journal() {
        let diff = FeedDiff::between(&feed(BASE), &feed(&changed_feed()));
        let text = serde_json::to_string(&diff).unwrap();
        assert_eq!(serde_json::from_str::<FeedDiff>(&text).unwrap(), diff);
    }

    #[test]
    fn a_level_from_the_journal_gets_its_colour_from_its_scale() {
        let scales = Scales::default();
        let named = |scale: &str, name: &str, rank, of| LevelName { scale: scale.into(), name: name.into(), rank, of };
        let kritiek = named("nctv", "Kritiek", 5, 5).resolve(&scales);
        assert_eq!((kritiek.name.as_str(), kritiek.rank, kritiek.color), ("kritiek", 5, Rgb(0xd7, 0x26, 0x1e)));
        // A renamed level is found by its rank, in a scale of as many levels.
        let renamed = named("nctv", "hoog", 4, 5).resolve(&scales);
        assert_eq!((renamed.name.as_str(), renamed.rank), ("substantieel", 4));
        // An unknown scale keeps the level as written, cleaned, in grey.
        let unknown = named("elsewhere", "red\u{1b}[2J", 3, 3).resolve(&scales);
        assert_eq!((unknown.rank, unknown.of, unknown.color), (3, 3, UNKNOWN_SCALE_COLOR));
        assert!(!unknown.name.contains('\u{1b}'));
    }
}
