//! The lists as the panels show them: measures grouped by category, incidents by time,
//! after the filter. Recomputed when the picture or the filter changes, never per frame.

use std::collections::HashSet;

use chrono::{DateTime, Utc};

use crate::app::filter::{ListFilter, Match, measure_haystack};
use crate::app::picture::Picture;
use crate::feed::{Category, MeasureStatus, Visibility};

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

/// The filtered lists.
#[derive(Debug, Clone, Default)]
pub struct Lists {
    pub measure_rows: Vec<MeasureRow>,
    /// Measures hidden by the ended toggle (so the screen can say so).
    pub hidden_ended: u32,
    /// Measures the panel would list without the filter's words.
    pub measures_before_words: u32,
    /// Measures listed only because hidden text matched (marked `≈`).
    pub measures_matched_hidden: HashSet<u32>,
    /// Incident indices that pass the filter, oldest first (equal times in feed order).
    pub incidents: Vec<u32>,
    /// The same, newest first, equal times still in feed order: the past is read from
    /// here, so that one order holds for equal times above and below "now".
    pub incidents_newest_first: Vec<u32>,
    /// Incidents listed only because hidden text matched (marked `≈`).
    pub incidents_matched_hidden: HashSet<u32>,
}

impl Lists {
    #[must_use]
    pub fn new(picture: &Picture, filter: &ListFilter) -> Self {
        let mut lists = Self::default();
        let mut current: Option<(Category, usize)> = None;
        for &index in &picture.measures_in_order {
            let m = picture.measure(index);
            if !filter.lists_measure(m) {
                // A covert measure on a public screen is not even counted as hidden.
                let covert_hidden = m.visibility == Visibility::Covert && filter.hide_covert;
                if m.status == MeasureStatus::Ended && !covert_hidden {
                    lists.hidden_ended += 1;
                }
                continue;
            }
            lists.measures_before_words += 1;
            if !filter.keeps_source(picture.measure_source(index)) {
                continue;
            }
            if filter.has_words() {
                match filter.matches(&measure_haystack(m, filter.language)) {
                    Match::No => continue,
                    Match::Hidden => {
                        lists.measures_matched_hidden.insert(index);
                    }
                    Match::Shown => {}
                }
            }
            if current.map(|(c, _)| c) != Some(m.category) {
                current = Some((m.category, lists.measure_rows.len()));
                lists.measure_rows.push(MeasureRow::Group { category: m.category, count: 0, by_status: [0; 5] });
            }
            if let Some((_, header)) = current
                && let Some(MeasureRow::Group { count, by_status, .. }) = lists.measure_rows.get_mut(header)
            {
                *count += 1;
                by_status[m.status as usize] += 1;
            }
            lists.measure_rows.push(MeasureRow::Item(index));
        }
        lists.incidents = if filter.has_words() {
            let haystacks = picture.incident_haystacks(filter.language);
            let mut kept = Vec::new();
            for &i in &picture.incidents_by_time {
                if !filter.keeps_source(picture.incident_source(i)) {
                    continue;
                }
                match haystacks.get(i as usize).map_or(Match::No, |h| filter.matches(h)) {
                    Match::No => {}
                    Match::Shown => kept.push(i),
                    Match::Hidden => {
                        kept.push(i);
                        lists.incidents_matched_hidden.insert(i);
                    }
                }
            }
            kept
        } else {
            picture.incidents_by_time.clone()
        };
        lists.incidents_newest_first = newest_first(picture, &lists.incidents);
        lists
    }

    /// How many measures are listed.
    #[must_use]
    pub fn measure_count(&self) -> usize {
        self.measure_rows.iter().filter(|r| matches!(r, MeasureRow::Item(_))).count()
    }

    /// How many of the filtered incidents lie in the future at `now`; they come last in
    /// `incidents`, so this is one binary search.
    #[must_use]
    pub fn upcoming_count(&self, picture: &Picture, now: DateTime<Utc>) -> usize {
        let past = self.incidents.partition_point(|&i| picture.incident(i).time.0 <= now);
        self.incidents.len() - past
    }

    /// The incident at display position `k`: upcoming soonest first, then the past newest
    /// first; equal times in feed order in both.
    #[must_use]
    pub fn incident_at(&self, k: usize, upcoming: usize) -> Option<u32> {
        if k < upcoming {
            self.incidents.get(self.incidents.len() - upcoming + k).copied()
        } else {
            // The newest-first list starts with the upcoming items (the latest times).
            self.incidents_newest_first.get(k).copied()
        }
    }
}

/// `oldest_first` reversed, each run of equal times kept in its own (feed) order.
fn newest_first(picture: &Picture, oldest_first: &[u32]) -> Vec<u32> {
    let mut out = Vec::with_capacity(oldest_first.len());
    let mut end = oldest_first.len();
    while end > 0 {
        let time = picture.incident(oldest_first[end - 1]).time.0;
        let start = oldest_first[..end].iter().rposition(|&i| picture.incident(i).time.0 != time).map_or(0, |p| p + 1);
        out.extend_from_slice(&oldest_first[start..end]);
        end = start;
    }
    out
}
