//! The feed's data model, format version 1, exactly as `FEED.md` defines it.
//!
//! These types are what a feed file decodes into (serde) and what `sitrep schema` prints
//! (schemars): one definition, so the schema cannot drift from the decoder. Every string
//! is a cleaned [`Text`]/[`LongText`]. The threat block names levels as the producer
//! wrote them ([`LevelRef`]); validation resolves them against a scale (see
//! [`crate::feed::validate`]).

use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize, de};

use crate::feed::scale::LevelRef;
use crate::feed::text::{LongText, Text};
use crate::feed::time::{FeedDuration, Timestamp};

/// The format version this sitrep reads.
pub const FORMAT_VERSION: i64 = 1;

/// One picture of the situation, as the producer wrote it.
///
/// The item types are parameters so that the decoder can first take the document with
/// its items still raw and then decode each item on its own: an error in one item does
/// not hide the errors in the others.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, bound(deserialize = "M: Deserialize<'de>, I: Deserialize<'de>"))]
#[schemars(title = "sitrep feed, format version 1")]
pub struct FeedDocument<M = Measure, I = Incident> {
    /// Format version; this sitrep reads 1.
    #[schemars(range(min = 1, max = 1))]
    pub version: i64,
    /// When the producer wrote this picture; the feed's age counts from it. A moment
    /// with an offset, never a plain date.
    #[serde(deserialize_with = "crate::feed::time::deserialize_instant")]
    #[schemars(schema_with = "crate::feed::time::instant_schema")]
    pub generated: Timestamp,
    /// The producer, shown in the status line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Text>,
    /// The name of the situation or operation, shown in the header.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<Text>,
    /// An exercise feed: every view says EXERCISE / OEFENING.
    #[serde(default)]
    pub exercise: bool,
    /// After this age the feed shows STALE; overrides the configured limit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stale_after: Option<FeedDuration>,
    pub threat: ThreatDocument,
    #[serde(default)]
    pub measures: Vec<M>,
    #[serde(default)]
    pub incidents: Vec<I>,
}

impl<M, I> FeedDocument<M, I> {
    /// The same document with other items.
    pub fn with_items<M2, I2>(self, measures: Vec<M2>, incidents: Vec<I2>) -> FeedDocument<M2, I2> {
        FeedDocument {
            version: self.version,
            generated: self.generated,
            source: self.source,
            title: self.title,
            exercise: self.exercise,
            stale_after: self.stale_after,
            threat: self.threat,
            measures,
            incidents,
        }
    }
}

/// The national threat level with its context, as written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ThreatDocument {
    /// A level's name in the scale (case-insensitive) or its rank, 1 = lowest.
    pub level: LevelRef,
    /// `nctv`, `mi5` or a scale from the config; default from the config, else `nctv`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scale: Option<Text>,
    /// When this level took effect.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<Timestamp>,
    /// The latest assessment that confirmed it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assessed: Option<Timestamp>,
    /// The document behind the assessment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<Text>,
    /// One or two sentences of reasoning.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<Text>,
    /// The level lapses then: shown as a countdown, flagged once past.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<Timestamp>,
    /// A different level for one region or sector, same scale.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub scoped: Vec<ScopedLevelDocument>,
    /// Earlier levels, any order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub history: Vec<HistoryDocument>,
}

/// A level for one region or sector, as written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ScopedLevelDocument {
    /// The region or sector; unique among scoped levels.
    pub scope: Text,
    pub level: LevelRef,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<Text>,
}

/// An earlier level, as written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HistoryDocument {
    pub level: LevelRef,
    pub since: Timestamp,
}

/// Where a measure is in force.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    Station,
    Airport,
    Border,
    Government,
    Event,
    Infrastructure,
    Other,
}

impl Category {
    /// The word the feed uses (`station`, `border`, ...).
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Station => "station",
            Self::Airport => "airport",
            Self::Border => "border",
            Self::Government => "government",
            Self::Event => "event",
            Self::Infrastructure => "infrastructure",
            Self::Other => "other",
        }
    }

    /// The fixed order in which the dashboard groups measures.
    pub const ALL: [Self; 7] =
        [Self::Station, Self::Airport, Self::Border, Self::Government, Self::Event, Self::Infrastructure, Self::Other];
}

/// The state of a measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum MeasureStatus {
    Planned,
    Active,
    Intensified,
    ScaledDown,
    Ended,
}

impl MeasureStatus {
    pub const ALL: [Self; 5] = [Self::Planned, Self::Active, Self::Intensified, Self::ScaledDown, Self::Ended];

    /// The word the feed uses (`planned`, `scaled_down`, ...).
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Planned => "planned",
            Self::Active => "active",
            Self::Intensified => "intensified",
            Self::ScaledDown => "scaled_down",
            Self::Ended => "ended",
        }
    }
}

/// Whether a measure may be shown on a public screen.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Visibility {
    #[default]
    Visible,
    Covert,
}

/// A security measure in force somewhere.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Measure {
    /// Unique among measures.
    pub id: Text,
    /// Where, as people say it: "Schiphol", "Utrecht Centraal", "Zuidgrens".
    pub location: Text,
    pub category: Category,
    /// What is done.
    pub description: Text,
    /// Who does it: KMar, Politie, AIVD, ...
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agency: Option<Text>,
    pub status: MeasureStatus,
    #[serde(default)]
    pub visibility: Visibility,
    /// In force since.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<Timestamp>,
    /// Next review; one in the past is flagged as overdue.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review: Option<Timestamp>,
    /// Province, city or district.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<Text>,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "latitude")]
    #[schemars(range(min = -90.0, max = 90.0))]
    pub lat: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "longitude")]
    #[schemars(range(min = -180.0, max = 180.0))]
    pub lon: Option<f64>,
    /// Free text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<LongText>,
}

/// How bad an incident is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Info,
    Minor,
    Major,
    Critical,
}

impl Severity {
    pub const ALL: [Self; 4] = [Self::Info, Self::Minor, Self::Major, Self::Critical];

    /// The word the feed uses (`info`, `critical`, ...).
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Info => "info",
            Self::Minor => "minor",
            Self::Major => "major",
            Self::Critical => "critical",
        }
    }
}

/// Counts of people killed and injured.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Casualties {
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "casualty_count")]
    pub dead: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "casualty_count")]
    pub injured: Option<u32>,
}

/// An incident or other event on the timeline, past or scheduled.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Incident {
    /// Unique among incidents.
    pub id: Text,
    /// When it happened or is scheduled.
    pub time: Timestamp,
    /// One line.
    pub title: Text,
    pub severity: Severity,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<Text>,
    /// Free labels, filterable.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Text>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub casualties: Option<Casualties>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub claimed_by: Option<Text>,
    /// The document or channel it came from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Text>,
    /// May span lines.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub details: Option<LongText>,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "latitude")]
    #[schemars(range(min = -90.0, max = 90.0))]
    pub lat: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "longitude")]
    #[schemars(range(min = -180.0, max = 180.0))]
    pub lon: Option<f64>,
}

// Range checks run inside deserialization so that the decoder reports them at the
// value's exact position.

fn degrees<'de, D: Deserializer<'de>>(deserializer: D, what: &str, limit: f64) -> Result<Option<f64>, D::Error> {
    let value = f64::deserialize(deserializer)?;
    if value.is_finite() && (-limit..=limit).contains(&value) {
        Ok(Some(value))
    } else {
        Err(de::Error::custom(format!("{what} {value} is out of range: expected -{limit}..{limit} degrees (WGS84)")))
    }
}

fn latitude<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<f64>, D::Error> {
    degrees(deserializer, "latitude", 90.0)
}

fn longitude<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<f64>, D::Error> {
    degrees(deserializer, "longitude", 180.0)
}

fn casualty_count<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<u32>, D::Error> {
    let value = i64::deserialize(deserializer)?;
    if value < 0 {
        return Err(de::Error::custom(format!("negative casualty count {value}: counts are 0 or more")));
    }
    u32::try_from(value)
        .map(Some)
        .map_err(|_| de::Error::custom(format!("casualty count {value} is implausibly large")))
}
