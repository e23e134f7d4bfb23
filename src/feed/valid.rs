//! A validated feed: what the dashboard shows. Levels are resolved against their scale,
//! history is newest first; everything else is as the producer wrote it (cleaned).

use serde::Serialize;

use crate::feed::model::{Incident, Measure};
use crate::feed::scale::{Level, Scale};
use crate::feed::text::Text;
use crate::feed::time::{FeedDuration, Timestamp};

/// One valid picture of the situation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Feed {
    pub version: i64,
    pub generated: Timestamp,
    pub source: Option<Text>,
    pub title: Option<Text>,
    pub exercise: bool,
    pub stale_after: Option<FeedDuration>,
    pub threat: Threat,
    pub measures: Vec<Measure>,
    pub incidents: Vec<Incident>,
}

/// The national threat level, resolved, with its context.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Threat {
    #[serde(serialize_with = "scale_name")]
    pub scale: Scale,
    pub level: Level,
    pub since: Option<Timestamp>,
    pub assessed: Option<Timestamp>,
    pub reference: Option<Text>,
    pub summary: Option<Text>,
    pub until: Option<Timestamp>,
    pub scoped: Vec<ScopedLevel>,
    /// Newest first.
    pub history: Vec<PastLevel>,
}

/// A level for one region or sector.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScopedLevel {
    pub scope: Text,
    pub level: Level,
    pub since: Option<Timestamp>,
    pub until: Option<Timestamp>,
    pub summary: Option<Text>,
}

/// An earlier level.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PastLevel {
    pub level: Level,
    pub since: Timestamp,
}

fn scale_name<S: serde::Serializer>(scale: &Scale, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&scale.name)
}
