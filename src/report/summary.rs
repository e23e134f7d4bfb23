//! What `line` and `status` keep of one read of the feed: the picture without its items
//! (the threat, `generated`, exercise, the staleness limit), counts of the items, or why
//! there is no picture. It is made from the model the dashboard holds after reading the
//! feed once, so a public screen's covert measures are already gone; it is small and
//! serializable, so a status bar polling a large feed can keep it between runs.

use chrono::{DateTime, FixedOffset, Utc};
use serde::{Deserialize, Serialize};

use crate::app::FeedEvent;
use crate::app::model::{FeedHealth, Model};
use crate::feed::model::FORMAT_VERSION;
use crate::feed::time::Precision;
use crate::feed::{
    Category, Feed, FeedDuration, Level, MeasureStatus, PastLevel, Problem, Rgb, Scale, ScopedLevel, Severity, Text,
    Threat, Timestamp,
};

/// One read of the feed, without its items.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Summary {
    Loaded {
        header: Box<Header>,
        /// The feed's warnings that the clock does not decide (overdue reviews and clock
        /// skew are judged again at each reading).
        warnings: Vec<Problem>,
        tally: Box<Tally>,
    },
    Rejected {
        problems: Vec<Problem>,
    },
    Missing {
        reason: String,
    },
}

/// The feed without its measures and incidents.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Header {
    generated: Time,
    source: Option<String>,
    title: Option<String>,
    exercise: bool,
    stale_after_seconds: Option<u64>,
    threat: ThreatHeader,
}

/// Counts of the items, and the times that decide what is overdue or recent.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tally {
    /// Measures by category (in the order of [`Category::ALL`]) and status (in the order
    /// of [`MeasureStatus::ALL`]).
    pub measures: [[u32; 5]; 7],
    /// The review times of measures not ended, in milliseconds since 1970, oldest first.
    pub reviews: Vec<i64>,
    /// Incident times by severity (in the order of [`Severity::ALL`]), in milliseconds
    /// since 1970, oldest first.
    pub incidents: [Vec<i64>; 4],
}

/// A timestamp as the feed gave it: a moment with its offset, or a day already placed
/// in the display zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
struct Time {
    at: DateTime<FixedOffset>,
    day: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct LevelHeader {
    rank: u8,
    of: u8,
    name: String,
    color: [u8; 3],
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct ScopedHeader {
    scope: String,
    level: LevelHeader,
    since: Option<Time>,
    until: Option<Time>,
    summary: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct ThreatHeader {
    scale: Scale,
    level: LevelHeader,
    since: Option<Time>,
    assessed: Option<Time>,
    reference: Option<String>,
    summary: Option<String>,
    until: Option<Time>,
    scoped: Vec<ScopedHeader>,
    history: Vec<(LevelHeader, Time)>,
}

impl Summary {
    /// What `model`, right after reading the feed once, holds.
    #[must_use]
    pub fn of(model: &Model) -> Self {
        match (&model.health, &model.picture) {
            (FeedHealth::Rejected { problems, .. }, _) => Self::Rejected { problems: problems.clone() },
            (FeedHealth::Missing { reason, .. }, _) => Self::Missing { reason: reason.clone() },
            (_, Some(picture)) => Self::Loaded {
                header: Box::new(Header::of(&picture.feed)),
                warnings: picture.warnings.iter().filter(|p| !judged_by_clock(p)).cloned().collect(),
                tally: Box::new(Tally::of(&picture.feed)),
            },
            (_, None) => Self::Missing { reason: "no answer from the feed".to_owned() },
        }
    }

    /// The feed event that gives a model this summary's picture (without items), read at
    /// `at`; and the counts of the items.
    #[must_use]
    pub fn into_event(self, at: DateTime<Utc>) -> (FeedEvent, Tally) {
        match self {
            Self::Loaded { header, warnings, tally } => {
                // No bytes: a summary is not a version to record.
                let raw = crate::source::RawFeed::new(Vec::new(), crate::feed::Format::Json);
                (FeedEvent::Loaded { feed: Box::new(header.into_feed()), warnings, at, raw }, *tally)
            }
            Self::Rejected { problems } => (FeedEvent::Rejected { problems, at }, Tally::default()),
            Self::Missing { reason } => (FeedEvent::Missing { reason, at }, Tally::default()),
        }
    }
}

/// Warnings the clock decides: the model judges them again at each reading.
fn judged_by_clock(problem: &Problem) -> bool {
    problem.path.as_deref().is_some_and(|path| path == "generated" || path.ends_with(".review"))
}

impl Tally {
    #[must_use]
    pub fn of(feed: &Feed) -> Self {
        let mut tally = Self::default();
        for m in &feed.measures {
            tally.measures[m.category as usize][m.status as usize] += 1;
            if m.status != MeasureStatus::Ended
                && let Some(review) = m.review
            {
                tally.reviews.push(review.utc().timestamp_millis());
            }
        }
        for i in &feed.incidents {
            tally.incidents[i.severity as usize].push(i.time.utc().timestamp_millis());
        }
        tally.reviews.sort_unstable();
        for times in &mut tally.incidents {
            times.sort_unstable();
        }
        tally
    }

    /// Measures of `category` in `status`.
    #[must_use]
    pub fn measures_in(&self, category: Category, status: MeasureStatus) -> u32 {
        self.measures[category as usize][status as usize]
    }

    /// Measures not ended (as `snapshot` counts `measures_in_force`).
    #[must_use]
    pub fn measures_in_force(&self) -> u32 {
        self.measures.iter().flat_map(|by_status| &by_status[..MeasureStatus::Ended as usize]).sum()
    }

    /// Measures in force whose review lies before `now`.
    #[must_use]
    pub fn overdue_reviews(&self, now: DateTime<Utc>) -> usize {
        let now = now.timestamp_millis();
        self.reviews.partition_point(|&t| t < now)
    }

    /// Incidents of `severity` in the feed.
    #[must_use]
    pub fn incidents_of(&self, severity: Severity) -> usize {
        self.incidents[severity as usize].len()
    }

    /// Every incident in the feed.
    #[must_use]
    pub fn incidents(&self) -> usize {
        self.incidents.iter().map(Vec::len).sum()
    }

    /// Incidents in the day up to `now` (after `now - 24h`, not after `now`).
    #[must_use]
    pub fn incidents_last_day(&self, now: DateTime<Utc>) -> usize {
        let (from, to) = ((now - chrono::TimeDelta::hours(24)).timestamp_millis(), now.timestamp_millis());
        self.incidents
            .iter()
            .map(|times| times.partition_point(|&t| t <= to) - times.partition_point(|&t| t <= from))
            .sum()
    }
}

impl Header {
    fn of(feed: &Feed) -> Self {
        let threat = &feed.threat;
        Self {
            generated: Time::of(feed.generated),
            source: feed.source.as_ref().map(ToString::to_string),
            title: feed.title.as_ref().map(ToString::to_string),
            exercise: feed.exercise,
            stale_after_seconds: feed.stale_after.map(FeedDuration::as_secs),
            threat: ThreatHeader {
                scale: threat.scale.clone(),
                level: LevelHeader::of(&threat.level),
                since: threat.since.map(Time::of),
                assessed: threat.assessed.map(Time::of),
                reference: threat.reference.as_ref().map(ToString::to_string),
                summary: threat.summary.as_ref().map(ToString::to_string),
                until: threat.until.map(Time::of),
                scoped: threat
                    .scoped
                    .iter()
                    .map(|s| ScopedHeader {
                        scope: s.scope.to_string(),
                        level: LevelHeader::of(&s.level),
                        since: s.since.map(Time::of),
                        until: s.until.map(Time::of),
                        summary: s.summary.as_ref().map(ToString::to_string),
                    })
                    .collect(),
                history: threat.history.iter().map(|h| (LevelHeader::of(&h.level), Time::of(h.since))).collect(),
            },
        }
    }

    /// The feed this header stands for, without measures and incidents.
    fn into_feed(self) -> Feed {
        let text = |s: Option<String>| s.as_deref().map(Text::new);
        let threat = self.threat;
        Feed {
            version: FORMAT_VERSION,
            generated: self.generated.into(),
            source: text(self.source),
            title: text(self.title),
            exercise: self.exercise,
            stale_after: self.stale_after_seconds.map(FeedDuration::from_secs),
            threat: Threat {
                scale: threat.scale,
                level: threat.level.into(),
                since: threat.since.map(Into::into),
                assessed: threat.assessed.map(Into::into),
                reference: text(threat.reference),
                summary: text(threat.summary),
                until: threat.until.map(Into::into),
                scoped: threat
                    .scoped
                    .into_iter()
                    .map(|s| ScopedLevel {
                        scope: Text::new(&s.scope),
                        level: s.level.into(),
                        since: s.since.map(Into::into),
                        until: s.until.map(Into::into),
                        summary: text(s.summary),
                    })
                    .collect(),
                history: threat
                    .history
                    .into_iter()
                    .map(|(level, since)| PastLevel { level: level.into(), since: since.into() })
                    .collect(),
            },
            measures: Vec::new(),
            incidents: Vec::new(),
        }
    }
}

impl Time {
    fn of(timestamp: Timestamp) -> Self {
        Self { at: timestamp.0, day: timestamp.is_date() }
    }
}

impl From<Time> for Timestamp {
    fn from(time: Time) -> Self {
        Self(time.at, if time.day { Precision::Day } else { Precision::Instant })
    }
}

impl LevelHeader {
    fn of(level: &Level) -> Self {
        let Rgb(r, g, b) = level.color;
        Self { rank: level.rank, of: level.of, name: level.name.clone(), color: [r, g, b] }
    }
}

impl From<LevelHeader> for Level {
    fn from(level: LevelHeader) -> Self {
        let [r, g, b] = level.color;
        Self { rank: level.rank, of: level.of, name: level.name, color: Rgb(r, g, b) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::feed::{DecodeOptions, Format, decode};

    #[test]
    fn a_header_gives_back_the_feed_without_its_items() {
        let accepted = decode(crate::feed::DEMO_FEED.as_bytes(), Format::Toml, &DecodeOptions::default()).unwrap();
        let feed = accepted.feed;
        let back = Header::of(&feed).into_feed();
        assert_eq!(back, Feed { measures: Vec::new(), incidents: Vec::new(), ..feed.clone() });
        let text = serde_json::to_string(&Header::of(&feed)).unwrap();
        assert_eq!(serde_json::from_str::<Header>(&text).unwrap().into_feed(), back);
    }

    #[test]
    fn the_tally_counts_by_category_status_severity_and_time() {
        let accepted = decode(crate::feed::DEMO_FEED.as_bytes(), Format::Toml, &DecodeOptions::default()).unwrap();
        let tally = Tally::of(&accepted.feed);
        assert_eq!(tally.measures_in_force(), 12);
        assert_eq!(tally.measures_in(Category::Border, MeasureStatus::Planned), 1);
        assert_eq!(tally.incidents(), 15);
        let at = |text: &str| Timestamp::parse(text).unwrap().utc();
        // 13 November, 21:20: the Paris attacks, counted from that moment for 24 hours.
        let paris = at("2015-11-13T21:20:00+01:00");
        let ms = chrono::TimeDelta::milliseconds(1);
        assert_eq!(tally.incidents_last_day(paris - ms), 0);
        assert_eq!(tally.incidents_last_day(paris), 1);
        // Then also the two of 14 November (dates, from the start of the day).
        assert_eq!(tally.incidents_last_day(paris + chrono::TimeDelta::hours(24) - ms), 3);
        assert_eq!(tally.incidents_last_day(paris + chrono::TimeDelta::hours(24)), 2);
        assert_eq!(tally.overdue_reviews(at("2015-01-01T00:00:00Z")), 0);
    }
}
