//! The scenario file (`docs/scenario-format.md`): TOML with a start feed and a list of
//! injects, each at an offset from the scenario's start, each naming its source, each
//! either a whole feed or changes in the words of the writing commands (`set level`,
//! `add incident`, `set measure`, …). Read into [`Scenario`]: the changes as the edit
//! layer's [`Change`]s, times still relative to the start.

use std::path::{Path, PathBuf};

use chrono::TimeDelta;
use serde::Deserialize;

use crate::edit::change::{Change, IncidentFields, ItemKind, LevelChange, MeasureFields};
use crate::edit::when::When;
use crate::feed::problem::{Position, Problem};
use crate::feed::{Category, Format, MeasureStatus, Severity, Timestamp, Visibility};

/// A scenario, read and checked for form (its feeds are checked by the schedule).
#[derive(Debug, Clone)]
pub struct Scenario {
    pub title: String,
    /// The scenario's own moment zero, if it names one (`--start-at` moves it).
    pub start: Option<Timestamp>,
    pub format: Format,
    /// The start feed's text.
    pub feed: String,
    /// In order of their offsets (injects at the same offset keep their order).
    pub injects: Vec<Inject>,
}

/// One inject.
#[derive(Debug, Clone)]
pub struct Inject {
    /// From the scenario's start.
    pub offset: TimeDelta,
    /// As written (`+00:45`).
    pub at: String,
    pub title: String,
    /// Where the information comes from.
    pub source: String,
    pub content: Content,
}

/// What an inject does to the feed.
#[derive(Debug, Clone)]
pub enum Content {
    /// The feed becomes this text.
    Feed(String),
    /// These changes, in order; times still relative (see [`TimeSpec`]).
    Changes(Vec<Planned>),
}

/// A change whose times are resolved when the scenario's start is known.
#[derive(Debug, Clone)]
pub struct Planned {
    pub change: Change,
    /// Relative times to fill in: which field, and its offset from the start.
    pub relative: Vec<(TimeField, TimeDelta)>,
}

/// The time fields a change may carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeField {
    Time,
    Since,
    Review,
    Assessed,
    Until,
}

/// A time as a scenario writes it: `+HH:MM` from the start, `now` (the inject's moment),
/// an RFC 3339 time with offset, or a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeSpec {
    Offset(TimeDelta),
    Fixed(When),
}

impl TimeSpec {
    fn parse(text: &str) -> Result<Self, String> {
        if text.trim_start().starts_with('+') {
            parse_offset(text).map(Self::Offset)
        } else {
            When::parse(text).map(Self::Fixed)
        }
    }
}

/// `+HH:MM`, `+HH:MM:SS`, or with days, `+2d04:30`: an offset from the scenario's start.
///
/// # Errors
/// What is wrong with `text`.
pub fn parse_offset(text: &str) -> Result<TimeDelta, String> {
    let wrong = || format!("invalid offset `{text}`: expected +HH:MM from the start, e.g. +00:45, +36:00 or +2d04:30");
    let rest = text.trim().strip_prefix('+').ok_or_else(wrong)?;
    let (days, clock) = match rest.split_once('d') {
        Some((days, clock)) if days.bytes().all(|b| b.is_ascii_digit()) => {
            (days.parse::<i64>().map_err(|_| wrong())?, clock)
        }
        Some(_) => return Err(wrong()),
        None => (0, rest),
    };
    let parts: Vec<&str> = clock.split(':').collect();
    let digits = |part: &str| !part.is_empty() && part.len() <= 4 && part.bytes().all(|b| b.is_ascii_digit());
    let number = |part: &&str| digits(part).then(|| part.parse::<i64>().ok()).flatten();
    let numbers: Vec<i64> = parts.iter().map(number).collect::<Option<_>>().ok_or_else(wrong)?;
    let (hours, minutes, seconds) = match numbers.as_slice() {
        [h, m] => (*h, *m, 0),
        [h, m, s] => (*h, *m, *s),
        _ => return Err(wrong()),
    };
    if minutes >= 60 || seconds >= 60 || days < 0 {
        return Err(wrong());
    }
    Ok(TimeDelta::days(days) + TimeDelta::hours(hours) + TimeDelta::minutes(minutes) + TimeDelta::seconds(seconds))
}

/// A time field: text, or a TOML native datetime.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum TimeValue {
    Text(String),
    Native(Timestamp),
}

impl TimeValue {
    fn spec(&self) -> Result<TimeSpec, String> {
        match self {
            Self::Text(text) => TimeSpec::parse(text),
            Self::Native(at) => {
                Ok(TimeSpec::Fixed(if at.is_date() { When::Date(at.0.date_naive()) } else { When::At(*at) }))
            }
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ScenarioFile {
    title: String,
    #[serde(default)]
    start: Option<Timestamp>,
    #[serde(default)]
    format: Option<Format>,
    /// The start feed: a file beside the scenario, or the text itself.
    #[serde(default)]
    feed: Option<PathBuf>,
    #[serde(default)]
    feed_text: Option<String>,
    #[serde(default)]
    injects: Vec<InjectFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct InjectFile {
    at: String,
    title: String,
    source: String,
    #[serde(default)]
    feed: Option<PathBuf>,
    #[serde(default)]
    feed_text: Option<String>,
    #[serde(default)]
    changes: Vec<ChangeFile>,
}

/// One change, with the option names of `sitrep add`, `set` and `remove`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ChangeFile {
    /// `set level`, `add incident`, `add measure`, `set incident`, `set measure`,
    /// `remove incident`, `remove measure`.
    #[serde(rename = "do")]
    action: String,
    id: Option<String>,
    level: Option<String>,
    summary: Option<String>,
    reference: Option<String>,
    assessed: Option<TimeValue>,
    until: Option<TimeValue>,
    title: Option<String>,
    severity: Option<Severity>,
    time: Option<TimeValue>,
    location: Option<String>,
    tags: Option<Vec<String>>,
    details: Option<String>,
    source: Option<String>,
    claimed_by: Option<String>,
    dead: Option<u32>,
    injured: Option<u32>,
    lat: Option<f64>,
    lon: Option<f64>,
    category: Option<Category>,
    description: Option<String>,
    status: Option<MeasureStatus>,
    agency: Option<String>,
    since: Option<TimeValue>,
    review: Option<TimeValue>,
    visibility: Option<Visibility>,
    region: Option<String>,
    notes: Option<String>,
    #[serde(default)]
    clear: Vec<String>,
}

/// A problem with the scenario file, compiler style.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScenarioError {
    pub file: String,
    pub problem: Problem,
}

impl std::fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.problem.display_in(&self.file))
    }
}

impl Scenario {
    /// Reads the scenario at `path` (feeds it names are found beside it).
    ///
    /// # Errors
    /// The file cannot be read, or is not a scenario (with the position).
    pub fn read(path: &Path) -> Result<Self, ScenarioError> {
        let file = crate::feed::text::clean(&path.display().to_string(), crate::feed::text::Lines::Single).into_owned();
        let fail = |problem: Problem| ScenarioError { file: file.clone(), problem };
        let bytes = crate::feed::decode::read_bounded(path, 16 * 1024 * 1024).map_err(fail)?;
        let text = String::from_utf8(bytes).map_err(|_| fail(Problem::error("not UTF-8 text")))?;
        Self::parse(&text, path.parent().unwrap_or(Path::new("."))).map_err(fail)
    }

    /// Reads a scenario from its text; files it names are taken from `folder`.
    ///
    /// # Errors
    /// What is wrong, with its position where known.
    pub fn parse(text: &str, folder: &Path) -> Result<Self, Problem> {
        let raw: ScenarioFile = toml::from_str(text).map_err(|e: toml::de::Error| {
            Problem::error(e.message().trim()).at(e.span().map(|span| Position::from_offset(text, span.start)))
        })?;
        let format = raw.format.or_else(|| raw.feed.as_deref().and_then(Format::from_path)).unwrap_or(Format::Toml);
        let feed = feed_of(raw.feed.as_deref(), raw.feed_text, folder, "the scenario")?
            .ok_or_else(|| Problem::error("the scenario has no start feed: give `feed = \"FILE\"` or `feed_text`"))?;
        let mut injects = Vec::with_capacity(raw.injects.len());
        for (n, inject) in raw.injects.into_iter().enumerate() {
            let name = format!("injects[{n}]");
            let wrong = |message: String| Problem::error(message).on(name.clone());
            let offset = parse_offset(&inject.at).map_err(wrong)?;
            if inject.source.trim().is_empty() {
                return Err(wrong("every inject names its source: `source` is empty".into()));
            }
            let whole = feed_of(inject.feed.as_deref(), inject.feed_text, folder, &name)?;
            let content = match (whole, inject.changes.is_empty()) {
                (Some(feed), true) => Content::Feed(feed),
                (None, false) => Content::Changes(
                    inject
                        .changes
                        .into_iter()
                        .enumerate()
                        .map(|(k, change)| {
                            planned(change, &inject.source).map_err(|e| wrong(format!("changes[{k}]: {e}")))
                        })
                        .collect::<Result<_, _>>()?,
                ),
                (Some(_), false) => return Err(wrong("an inject is a whole feed or changes, not both".into())),
                (None, true) => {
                    return Err(wrong("an inject needs a whole feed (`feed`, `feed_text`) or `changes`".into()));
                }
            };
            injects.push(Inject {
                offset,
                at: inject.at.trim().to_owned(),
                title: inject.title,
                source: inject.source,
                content,
            });
        }
        injects.sort_by_key(|inject| inject.offset);
        Ok(Self { title: raw.title, start: raw.start, format, feed, injects })
    }
}

/// A whole feed named by file (beside the scenario) or given as text.
fn feed_of(file: Option<&Path>, text: Option<String>, folder: &Path, what: &str) -> Result<Option<String>, Problem> {
    match (file, text) {
        (Some(_), Some(_)) => Err(Problem::error(format!("{what}: give `feed` or `feed_text`, not both"))),
        (Some(file), None) => {
            let path = folder.join(file);
            let bytes = crate::feed::decode::read_bounded(&path, 64 * 1024 * 1024)
                .map_err(|p| Problem::error(format!("{what}: {}: {}", path.display(), p.message)))?;
            String::from_utf8(bytes).map(Some).map_err(|_| Problem::error(format!("{}: not UTF-8", path.display())))
        }
        (None, text) => Ok(text),
    }
}

/// A change of the scenario as the edit layer's [`Change`]; an incident or measure added
/// without a source takes the inject's.
fn planned(raw: ChangeFile, inject_source: &str) -> Result<Planned, String> {
    let mut relative = Vec::new();
    let mut time = |field: TimeField, value: Option<&TimeValue>| -> Result<Option<When>, String> {
        match value.map(TimeValue::spec).transpose()? {
            Some(TimeSpec::Offset(offset)) => {
                relative.push((field, offset));
                // Filled in when the start is known.
                Ok(Some(When::Now))
            }
            Some(TimeSpec::Fixed(when)) => Ok(Some(when)),
            None => Ok(None),
        }
    };
    let action = raw.action.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
    let incident = |time: Option<When>| IncidentFields {
        time,
        title: raw.title.clone(),
        severity: raw.severity,
        location: raw.location.clone(),
        tags: raw.tags.clone(),
        dead: raw.dead,
        injured: raw.injured,
        claimed_by: raw.claimed_by.clone(),
        source: raw.source.clone(),
        details: raw.details.clone(),
        lat: raw.lat,
        lon: raw.lon,
    };
    let measure = |since: Option<When>, review: Option<When>| MeasureFields {
        location: raw.location.clone(),
        category: raw.category,
        description: raw.description.clone(),
        agency: raw.agency.clone(),
        status: raw.status,
        visibility: raw.visibility,
        since,
        review,
        region: raw.region.clone(),
        lat: raw.lat,
        lon: raw.lon,
        notes: raw.notes.clone(),
    };
    let id = || raw.id.clone().ok_or_else(|| format!("`{action}` needs the item's `id`"));
    let change = match action.as_str() {
        "set level" => Change::SetLevel(LevelChange {
            level: raw.level.clone().ok_or("`set level` needs `level`")?,
            since: time(TimeField::Since, raw.since.as_ref())?,
            summary: raw.summary.clone(),
            assessed: time(TimeField::Assessed, raw.assessed.as_ref())?,
            reference: raw.reference.clone(),
            until: time(TimeField::Until, raw.until.as_ref())?,
        }),
        "add incident" => {
            let mut fields = incident(time(TimeField::Time, raw.time.as_ref())?);
            if fields.title.is_none() || fields.severity.is_none() {
                return Err("`add incident` needs `title` and `severity`".into());
            }
            fields.source = fields.source.or_else(|| Some(inject_source.to_owned()));
            Change::AddIncident { id: raw.id.clone(), fields }
        }
        "set incident" => Change::SetIncident {
            id: id()?,
            fields: incident(time(TimeField::Time, raw.time.as_ref())?),
            clear: raw.clear.clone(),
        },
        "add measure" => {
            let since = time(TimeField::Since, raw.since.as_ref())?;
            let fields = measure(since, time(TimeField::Review, raw.review.as_ref())?);
            if fields.location.is_none() || fields.category.is_none() || fields.description.is_none() {
                return Err("`add measure` needs `location`, `category` and `description`".into());
            }
            Change::AddMeasure { id: raw.id.clone(), fields }
        }
        "set measure" => {
            let since = time(TimeField::Since, raw.since.as_ref())?;
            Change::SetMeasure {
                id: id()?,
                fields: measure(since, time(TimeField::Review, raw.review.as_ref())?),
                clear: raw.clear.clone(),
            }
        }
        "remove incident" => Change::Remove { kind: ItemKind::Incident, id: id()? },
        "remove measure" => Change::Remove { kind: ItemKind::Measure, id: id()? },
        other => {
            return Err(format!(
                "unknown change `{other}`: expected `set level`, `add incident`, `set incident`, `add measure`, \
                 `set measure`, `remove incident` or `remove measure`"
            ));
        }
    };
    Ok(Planned { change, relative })
}

/// `change` with its relative times made absolute: `start` plus each offset.
#[must_use]
pub fn resolve(planned: &Planned, start: chrono::DateTime<chrono::FixedOffset>) -> Change {
    let mut change = planned.change.clone();
    for &(field, offset) in &planned.relative {
        let when = Some(When::At(Timestamp::instant(start + offset)));
        match (&mut change, field) {
            (Change::AddIncident { fields, .. } | Change::SetIncident { fields, .. }, TimeField::Time) => {
                fields.time = when
            }
            (Change::AddMeasure { fields, .. } | Change::SetMeasure { fields, .. }, TimeField::Since) => {
                fields.since = when;
            }
            (Change::AddMeasure { fields, .. } | Change::SetMeasure { fields, .. }, TimeField::Review) => {
                fields.review = when;
            }
            (Change::SetLevel(level), TimeField::Since) => level.since = when,
            (Change::SetLevel(level), TimeField::Assessed) => level.assessed = when,
            (Change::SetLevel(level), TimeField::Until) => level.until = when,
            _ => {}
        }
    }
    change
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets() {
        assert_eq!(parse_offset("+00:45"), Ok(TimeDelta::minutes(45)));
        assert_eq!(parse_offset("+36:00"), Ok(TimeDelta::hours(36)));
        assert_eq!(parse_offset("+2d04:30"), Ok(TimeDelta::hours(52) + TimeDelta::minutes(30)));
        assert_eq!(parse_offset("+00:00:30"), Ok(TimeDelta::seconds(30)));
        for bad in ["00:45", "+0:75", "+ab:cd", "+1", "+-1:00", "+1d", ""] {
            assert!(parse_offset(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn changes_in_the_words_of_the_commands() {
        let text = r#"
title = "t"
feed_text = "version = 1"
[[injects]]
at = "+01:00"
title = "Alarm"
source = "Meldkamer"
changes = [
  { do = "add incident", title = "Schoten", severity = "critical", time = "+00:50" },
  { do = "set level", level = "kritiek", since = 2015-11-13T22:00:00+01:00 },
  { do = "set measure", id = "m1", status = "intensified" },
]
"#;
        let scenario = Scenario::parse(text, Path::new(".")).unwrap();
        let Content::Changes(changes) = &scenario.injects[0].content else { panic!() };
        let Change::AddIncident { fields, .. } = &changes[0].change else { panic!() };
        assert_eq!(fields.source.as_deref(), Some("Meldkamer"));
        assert_eq!(changes[0].relative, [(TimeField::Time, TimeDelta::minutes(50))]);
        let start = chrono::DateTime::parse_from_rfc3339("2015-11-13T21:00:00+01:00").unwrap();
        let Change::AddIncident { fields, .. } = resolve(&changes[0], start) else { panic!() };
        assert_eq!(fields.time, Some(When::At(Timestamp::parse("2015-11-13T21:50:00+01:00").unwrap())));
        assert!(matches!(changes[1].change, Change::SetLevel(_)));
        let bad = text.replace("set measure", "set mesure");
        assert!(Scenario::parse(&bad, Path::new(".")).unwrap_err().message.contains("unknown change `set mesure`"));
        let unsourced = text.replace("source = \"Meldkamer\"", "source = \" \"");
        assert!(Scenario::parse(&unsourced, Path::new(".")).is_err());
    }
}
