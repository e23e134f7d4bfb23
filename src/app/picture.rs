//! A picture: one valid feed with the orderings the screen needs, computed once when the
//! feed arrives so that drawing never sorts or scans the whole feed.

use chrono::{DateTime, Utc};

use crate::feed::{Category, Feed, Incident, Measure, MeasureStatus, Problem, Visibility};
use crate::geo::index::MapIndex;

/// One valid feed, ready to show.
#[derive(Debug, Clone)]
pub struct Picture {
    pub feed: Feed,
    pub warnings: Vec<Problem>,
    /// Incident indices sorted by time, oldest first (ties keep feed order).
    pub incidents_by_time: Vec<u32>,
    /// Measure indices in display order: by category (fixed order), ended last, then
    /// location.
    pub measures_in_order: Vec<u32>,
    /// Every review date, sorted, to find the next one without a scan.
    pub review_times: Vec<DateTime<Utc>>,
    /// Each incident's searchable text, made on the first filter (not for every feed).
    incident_haystacks: std::sync::OnceLock<Vec<Box<str>>>,
    /// Where each item is, for the map: worked out on the first map frame.
    map_index: std::sync::OnceLock<MapIndex>,
}

impl Picture {
    #[must_use]
    pub fn new(feed: Feed, warnings: Vec<Problem>) -> Self {
        let mut incidents_by_time: Vec<u32> = (0..index_count(feed.incidents.len())).collect();
        incidents_by_time.sort_by_key(|&i| feed.incidents[i as usize].time);
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
            incidents_by_time,
            measures_in_order,
            review_times,
            incident_haystacks: Default::default(),
            map_index: Default::default(),
        }
    }

    /// Each incident's searchable text, lower case, in feed order.
    #[must_use]
    pub fn incident_haystacks(&self) -> &[Box<str>] {
        self.incident_haystacks.get_or_init(|| self.feed.incidents.iter().map(incident_haystack).collect())
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
        self.feed.generated.0.to_utc() > now + crate::feed::validate::CLOCK_SKEW_TOLERANCE
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

/// What the operator narrows the lists to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListFilter {
    /// Lower-case words; every word must occur in the item.
    pub words: Vec<String>,
    pub show_ended: bool,
    pub hide_covert: bool,
}

impl ListFilter {
    #[must_use]
    pub fn from_text(text: &str, show_ended: bool, hide_covert: bool) -> Self {
        Self { words: text.split_whitespace().map(str::to_lowercase).collect(), show_ended, hide_covert }
    }

    /// Whether every word occurs in `haystack` (an item's searchable text, lower case).
    fn matches_text(&self, haystack: &str) -> bool {
        self.words.iter().all(|word| haystack.contains(word.as_str()))
    }

    #[must_use]
    pub fn keeps_measure(&self, m: &Measure, haystack: impl FnOnce() -> Option<String>) -> bool {
        if (m.status == MeasureStatus::Ended && !self.show_ended)
            || (m.visibility == Visibility::Covert && self.hide_covert)
        {
            return false;
        }
        self.words.is_empty() || haystack().is_some_and(|h| self.matches_text(&h))
    }

    #[must_use]
    pub fn keeps_incident(&self, haystack: &str) -> bool {
        self.words.is_empty() || self.matches_text(haystack)
    }
}

/// The searchable text of an incident, lower case; fields apart by a line break, so a
/// word never matches across two of them.
fn incident_haystack(i: &Incident) -> Box<str> {
    let mut text = [&i.id as &str, &i.title, opt(&i.location), opt(&i.claimed_by), opt(&i.source)].join("\n");
    for tag in &i.tags {
        text.push('\n');
        text.push_str(tag);
    }
    if let Some(details) = &i.details {
        text.push('\n');
        text.push_str(details);
    }
    text.to_lowercase().into_boxed_str()
}

fn measure_haystack(m: &Measure) -> String {
    [&m.id as &str, &m.location, &m.description, opt(&m.agency), opt(&m.region)].join("\n").to_lowercase()
        + "\n"
        + &m.notes.as_deref().unwrap_or("").to_lowercase()
}

fn opt(text: &Option<crate::feed::Text>) -> &str {
    text.as_deref().unwrap_or("")
}

/// A row of the measures panel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MeasureRow {
    /// A category's heading, with how many of its measures are in each status (in the
    /// order of [`MeasureStatus`]).
    Group {
        category: Category,
        count: u32,
        by_status: [u32; 5],
    },
    Item(u32),
}

/// The lists as filtered: recomputed when the picture or the filter changes, not per
/// frame.
#[derive(Debug, Clone, Default)]
pub struct Lists {
    pub measure_rows: Vec<MeasureRow>,
    /// Measures hidden by the ended toggle (so the screen can say so).
    pub hidden_ended: u32,
    /// Incident indices that pass the filter, oldest first.
    pub incidents: Vec<u32>,
}

impl Lists {
    #[must_use]
    pub fn new(picture: &Picture, filter: &ListFilter) -> Self {
        let mut measure_rows = Vec::new();
        let mut hidden_ended = 0;
        let mut current: Option<(Category, usize)> = None;
        for &index in &picture.measures_in_order {
            let m = picture.measure(index);
            if !filter.keeps_measure(m, || Some(measure_haystack(m))) {
                // A covert measure on a public screen is not even counted as hidden.
                let covert_hidden = m.visibility == Visibility::Covert && filter.hide_covert;
                if m.status == MeasureStatus::Ended && !filter.show_ended && !covert_hidden {
                    hidden_ended += 1;
                }
                continue;
            }
            if current.map(|(c, _)| c) != Some(m.category) {
                current = Some((m.category, measure_rows.len()));
                measure_rows.push(MeasureRow::Group { category: m.category, count: 0, by_status: [0; 5] });
            }
            if let Some((_, header)) = current
                && let Some(MeasureRow::Group { count, by_status, .. }) = measure_rows.get_mut(header)
            {
                *count += 1;
                by_status[m.status as usize] += 1;
            }
            measure_rows.push(MeasureRow::Item(index));
        }
        let incidents = if filter.words.is_empty() {
            picture.incidents_by_time.clone()
        } else {
            let haystacks = picture.incident_haystacks();
            picture
                .incidents_by_time
                .iter()
                .copied()
                .filter(|&i| haystacks.get(i as usize).is_some_and(|h| filter.keeps_incident(h)))
                .collect()
        };
        Self { measure_rows, hidden_ended, incidents }
    }

    /// How many of the filtered incidents lie in the future at `now`; they come last in
    /// `incidents`, so this is one binary search.
    #[must_use]
    pub fn upcoming_count(&self, picture: &Picture, now: DateTime<Utc>) -> usize {
        let past = self.incidents.partition_point(|&i| picture.incident(i).time.0 <= now);
        self.incidents.len() - past
    }

    /// The incident at display position `k`: upcoming soonest first, then the past newest
    /// first.
    #[must_use]
    pub fn incident_at(&self, k: usize, upcoming: usize) -> Option<u32> {
        let first_upcoming = self.incidents.len() - upcoming;
        if k < upcoming {
            self.incidents.get(first_upcoming + k).copied()
        } else {
            let back = k - upcoming;
            first_upcoming.checked_sub(back + 1).and_then(|i| self.incidents.get(i).copied())
        }
    }
}
