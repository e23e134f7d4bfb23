//! A picture: one valid feed with the orderings the screen needs, computed once when the
//! feed arrives so that drawing never sorts or scans the whole feed.

use chrono::{DateTime, Utc};

use crate::app::filter::{Haystack, incident_haystack};
use crate::config::Language;
use crate::feed::{Feed, Incident, Measure, MeasureStatus, Problem};
use crate::geo::index::MapIndex;

/// One valid feed, ready to show.
#[derive(Debug, Clone)]
pub struct Picture {
    pub feed: Feed,
    pub warnings: Vec<Problem>,
    /// When sitrep first received this version (by the model's clock).
    pub received: DateTime<Utc>,
    /// Incident indices sorted by time, oldest first (ties keep feed order).
    pub incidents_by_time: Vec<u32>,
    /// Measure indices in display order: by category (fixed order), ended last, then
    /// location.
    pub measures_in_order: Vec<u32>,
    /// Every review date, sorted, to find the next one without a scan.
    pub review_times: Vec<DateTime<Utc>>,
    /// Each incident's searchable text, made on the first filter (not for every feed);
    /// in the screen's language, which does not change while running.
    incident_haystacks: std::sync::OnceLock<Vec<Haystack>>,
    /// Where each item is, for the map: worked out on the first map frame.
    map_index: std::sync::OnceLock<MapIndex>,
}

impl Picture {
    #[must_use]
    pub fn new(feed: Feed, warnings: Vec<Problem>, received: DateTime<Utc>) -> Self {
        let mut incidents_by_time: Vec<u32> = (0..index_count(feed.incidents.len())).collect();
        incidents_by_time.sort_by_key(|&i| feed.incidents[i as usize].time.0);
        let mut measures_in_order: Vec<u32> = (0..index_count(feed.measures.len())).collect();
        measures_in_order.sort_by(|&a, &b| {
            let (a, b) = (&feed.measures[a as usize], &feed.measures[b as usize]);
            (a.category, a.status == MeasureStatus::Ended, a.location.to_lowercase()).cmp(&(
                b.category,
                b.status == MeasureStatus::Ended,
                b.location.to_lowercase(),
            ))
        });
        // An ended measure's review is moot.
        let mut review_times: Vec<DateTime<Utc>> = feed
            .measures
            .iter()
            .filter(|m| m.status != MeasureStatus::Ended)
            .filter_map(|m| m.review.map(|r| r.0.to_utc()))
            .collect();
        review_times.sort_unstable();
        Self {
            feed,
            warnings,
            received,
            incidents_by_time,
            measures_in_order,
            review_times,
            incident_haystacks: Default::default(),
            map_index: Default::default(),
        }
    }

    /// Each incident's searchable text, lower case, in feed order.
    #[must_use]
    pub fn incident_haystacks(&self, language: Language) -> &[Haystack] {
        self.incident_haystacks
            .get_or_init(|| self.feed.incidents.iter().map(|i| incident_haystack(i, language)).collect())
    }

    /// Where each item is, for the map.
    #[must_use]
    pub fn map_index(&self) -> &MapIndex {
        self.map_index.get_or_init(|| MapIndex::new(&self.feed))
    }

    /// Problems that depend on the clock, judged at `now` (the decoder judged them once,
    /// when the feed was read; a wallboard's clock runs on): overdue reviews of measures
    /// in force, and a `generated` time ahead of the clock.
    #[must_use]
    pub fn time_warnings(&self, now: DateTime<Utc>) -> Vec<Problem> {
        let mut warnings = Vec::new();
        if self.clock_skew(now) {
            warnings.push(
                Problem::warning(format!(
                    "{} is more than 5 minutes in the future (clock skew between producer and this machine?)",
                    self.feed.generated
                ))
                .on("generated"),
            );
        }
        if self.overdue_reviews(now) > 0 {
            for (i, m) in self.feed.measures.iter().enumerate() {
                if let Some(review) = m.review.filter(|r| r.0 < now && m.status != MeasureStatus::Ended) {
                    warnings.push(
                        Problem::warning(format!("review of measure `{}` was due {review}: overdue", m.id))
                            .on(format!("measures[{i}].review")),
                    );
                }
            }
        }
        warnings
    }

    /// Whether the feed's `generated` lies more than 5 minutes ahead of `now`.
    #[must_use]
    pub fn clock_skew(&self, now: DateTime<Utc>) -> bool {
        self.feed.generated.utc() > now + crate::feed::validate::CLOCK_SKEW_TOLERANCE
    }

    /// How many measures in force have a review date before `now`.
    #[must_use]
    pub fn overdue_reviews(&self, now: DateTime<Utc>) -> usize {
        self.review_times.partition_point(|t| *t < now)
    }

    /// The first review date after `now`.
    #[must_use]
    pub fn next_review_after(&self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        self.review_times.get(self.review_times.partition_point(|t| *t <= now)).copied()
    }

    #[must_use]
    pub fn incident(&self, index: u32) -> &Incident {
        &self.feed.incidents[index as usize]
    }

    #[must_use]
    pub fn measure(&self, index: u32) -> &Measure {
        &self.feed.measures[index as usize]
    }
}

/// Indices are u32 to halve the derived lists; a feed is bounded far below that by the
/// size limit, but clamp rather than trust it.
fn index_count(len: usize) -> u32 {
    u32::try_from(len).unwrap_or(u32::MAX)
}
