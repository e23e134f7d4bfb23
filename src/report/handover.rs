//! The handover report's model: what happened in a period, read from the end of the
//! journal, with the threat level and open items of the feed now. One model, printed as
//! text or markdown ([`crate::report::handover_print`]) or serialized as JSON.
//!
//! The feed now comes from the configured feed file. When it cannot be read, the level
//! comes from the journal's latest accepted version (which records level, since and
//! assessed), and the open items that only the feed knows are left out with a warning.

use std::collections::HashMap;
use std::ops::ControlFlow;
use std::path::Path;
use std::str::FromStr;

use chrono::{DateTime, NaiveTime, TimeDelta, TimeZone, Utc};
use serde::Serialize;

use crate::config::Language;
use crate::feed::diff::{IncidentField, ItemChange, LevelName, MeasureField};
use crate::feed::{Feed, FeedDuration, MeasureStatus, Severity, Timestamp, Visibility};
use crate::journal::entry::{AcceptedVersion, Event};
use crate::journal::file::Fault;
use crate::journal::reverse::entries_back;
use crate::zone::Zone;

/// How far back before the period the journal is read to find what held at its start.
const LOOK_BEFORE: TimeDelta = TimeDelta::days(31);

/// Where the period starts, as the command line says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Since {
    Ago(FeedDuration),
    At(Timestamp),
    /// The last shift boundary.
    Shift,
}

impl FromStr for Since {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        if text == "shift" {
            return Ok(Self::Shift);
        }
        if let Ok(span) = FeedDuration::parse(text) {
            return Ok(Self::Ago(span));
        }
        Timestamp::parse(text).map(Self::At).map_err(|e| format!("{e}; or a span such as `8h`, or `shift`"))
    }
}

impl Since {
    /// The start of the period for a report at `now`.
    #[must_use]
    pub fn resolve(self, now: DateTime<Utc>, shift_starts: &[NaiveTime], tz: &Zone) -> DateTime<Utc> {
        match self {
            Self::Ago(span) => now - span.to_chrono(),
            Self::At(at) => at.0.to_utc(),
            Self::Shift => last_shift_start(now, shift_starts, tz),
        }
    }
}

/// The latest shift boundary at or before `now`, in zone `tz`.
#[must_use]
pub fn last_shift_start(now: DateTime<Utc>, shift_starts: &[NaiveTime], tz: &Zone) -> DateTime<Utc> {
    let today = now.with_timezone(tz).date_naive();
    [today.pred_opt(), Some(today)]
        .into_iter()
        .flatten()
        .flat_map(|day| shift_starts.iter().map(move |start| day.and_time(*start)))
        // A boundary in a DST gap does not exist that day; one in the overlap counts once.
        .filter_map(|local| tz.from_local_datetime(&local).earliest())
        .map(|t| t.to_utc())
        .filter(|t| *t <= now)
        .max()
        .unwrap_or(now - TimeDelta::hours(8))
}

/// What the report is asked for.
#[derive(Debug, Clone)]
pub struct Request<'a> {
    pub journal: &'a Path,
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
    /// The report's time: what is overdue or upcoming is judged by it.
    pub now: DateTime<Utc>,
    /// The feed now, or why it cannot be had.
    pub feed_now: Result<&'a Feed, String>,
    /// The feed's name as shown.
    pub feed_name: &'a str,
    pub demo: bool,
    pub host: &'a str,
    pub language: Language,
    pub timezone: &'a Zone,
    /// Hide covert measures.
    pub public: bool,
}

/// The period reported on.
#[derive(Debug, Clone, Serialize)]
pub struct Period {
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
}

/// The threat level now.
#[derive(Debug, Clone, Serialize)]
pub struct ThreatNow {
    pub level: LevelName,
    pub since: Option<Timestamp>,
    pub assessed: Option<Timestamp>,
    pub reference: Option<String>,
    /// Taken from the journal's latest accepted version: the feed cannot be read now.
    pub from_journal: bool,
}

/// A change of the national (no `scope`) or a scoped level.
#[derive(Debug, Clone, Serialize)]
pub struct LevelEvent {
    pub time: DateTime<Utc>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    pub from: Option<LevelName>,
    pub to: Option<LevelName>,
}

/// A measure that started, changed or ended, when the journal saw it.
#[derive(Debug, Clone, Serialize)]
pub struct MeasureEvent {
    pub time: DateTime<Utc>,
    pub change: ItemChange,
    pub id: String,
    pub location: String,
    pub description: String,
    pub status: MeasureStatus,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub previous_status: Option<MeasureStatus>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<MeasureField>,
}

/// The measures of the period, by what happened to them.
#[derive(Debug, Clone, Default, Serialize)]
pub struct MeasureChanges {
    pub started: Vec<MeasureEvent>,
    pub changed: Vec<MeasureEvent>,
    /// Ended or removed from the feed.
    pub ended: Vec<MeasureEvent>,
}

/// An incident new or updated in the period, as it stands after its last change.
#[derive(Debug, Clone, Serialize)]
pub struct IncidentEvent {
    pub id: String,
    pub title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    pub severity: Severity,
    /// When it happened or is scheduled.
    pub time: Timestamp,
    /// New in the period (else updated).
    pub new: bool,
    pub removed: bool,
    /// What was updated, over the whole period.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<IncidentField>,
    /// When the journal last saw it change.
    pub changed: DateTime<Utc>,
}

/// A measure whose review is past.
#[derive(Debug, Clone, Serialize)]
pub struct Review {
    pub id: String,
    pub location: String,
    pub description: String,
    pub review: Timestamp,
}

/// What is due in the next 24 hours.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Due {
    Incident,
    Review,
    MeasureStart,
}

#[derive(Debug, Clone, Serialize)]
pub struct Upcoming {
    pub time: Timestamp,
    pub due: Due,
    pub id: String,
    /// The incident's title or the measure's location and description.
    pub what: String,
}

/// A version whose changes nobody acknowledged.
#[derive(Debug, Clone, Serialize)]
pub struct Unacknowledged {
    pub time: DateTime<Utc>,
    pub hash: String,
    pub summary: String,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct OpenItems {
    /// `None`: the feed cannot be read now, so this is not known.
    pub overdue_reviews: Option<Vec<Review>>,
    pub upcoming: Option<Vec<Upcoming>>,
    pub unacknowledged: Vec<Unacknowledged>,
}

/// What was wrong with the feed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Trouble {
    Rejected,
    Missing,
    Stale,
}

/// One episode of feed trouble (cut to the period).
#[derive(Debug, Clone, Serialize)]
pub struct Episode {
    pub trouble: Trouble,
    pub from: DateTime<Utc>,
    /// `None`: still going at the end of the period.
    pub to: Option<DateTime<Utc>>,
    pub seconds: i64,
    /// The first error, or why the file is missing.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Note {
    pub time: DateTime<Utc>,
    pub operator: String,
    pub text: String,
}

/// The handover report.
#[derive(Debug, Clone, Serialize)]
pub struct Handover {
    pub language: Language,
    /// Any version in the period (or the feed now) was an exercise.
    pub exercise: bool,
    pub demo: bool,
    /// Covert measures are left out.
    pub public: bool,
    pub period: Period,
    /// The zone's IANA name, or its abbreviation where it has none (a POSIX rule).
    pub timezone: String,
    /// The zone the report's times are written in.
    #[serde(skip)]
    pub zone: Zone,
    pub host: String,
    pub operators: Vec<String>,
    pub feed: String,
    /// The feed's producer.
    pub source: Option<String>,
    pub report_time: DateTime<Utc>,
    pub threat: Option<ThreatNow>,
    pub level_changes: Vec<LevelEvent>,
    pub measures: MeasureChanges,
    /// Most severe first, then latest first.
    pub incidents: Vec<IncidentEvent>,
    pub open_items: OpenItems,
    pub feed_health: Vec<Episode>,
    pub notes: Vec<Note>,
    /// Journal lines skipped, the feed not readable now.
    pub warnings: Vec<String>,
}

/// Reads the journal back from its end to just before the period and builds the report.
///
/// # Errors
/// When the journal cannot be read.
pub fn build(request: &Request<'_>) -> Result<Handover, Fault> {
    let (entries, skipped) = read_period(request)?;
    let mut report = Handover {
        language: request.language,
        exercise: false,
        demo: request.demo,
        public: request.public,
        period: Period { from: request.from, to: request.to },
        timezone: request
            .timezone
            .name()
            .map_or_else(|| request.now.with_timezone(request.timezone).format("%Z").to_string(), str::to_owned),
        zone: request.timezone.clone(),
        host: request.host.to_owned(),
        operators: Vec::new(),
        feed: request.feed_name.to_owned(),
        source: None,
        report_time: request.now,
        threat: None,
        level_changes: Vec::new(),
        measures: MeasureChanges::default(),
        incidents: Vec::new(),
        open_items: OpenItems::default(),
        feed_health: Vec::new(),
        notes: Vec::new(),
        warnings: skipped.iter().map(ToString::to_string).collect(),
    };
    let mut incidents: HashMap<String, IncidentEvent> = HashMap::new();
    let mut last_accepted: Option<&AcceptedVersion> = None;
    let mut episodes = Episodes::default();
    let mut since_ack: Vec<Unacknowledged> = Vec::new();
    for entry in &entries {
        let in_period = entry.time >= request.from;
        if in_period && !report.operators.contains(&entry.operator) {
            report.operators.push(entry.operator.clone());
        }
        episodes.see(entry.time.max(request.from), &entry.event);
        match &entry.event {
            Event::FeedAccepted(version) => {
                last_accepted = Some(version);
                report.exercise |= version.exercise;
                if !in_period {
                    continue;
                }
                if let Some(diff) = &version.diff {
                    let diff = if request.public { diff.without_covert() } else { diff.clone() };
                    if !diff.is_empty() {
                        since_ack.push(Unacknowledged {
                            time: entry.time,
                            hash: version.hash.short().to_owned(),
                            summary: diff.summary(request.language),
                        });
                    }
                    add_changes(&mut report, &mut incidents, entry.time, &diff);
                }
            }
            Event::Ack(_) if in_period => since_ack.clear(),
            Event::Note { text } if in_period => {
                report.notes.push(Note { time: entry.time, operator: entry.operator.clone(), text: text.clone() });
            }
            _ => {}
        }
    }
    report.open_items.unacknowledged = since_ack;
    report.feed_health = episodes.finish(request.to);
    let mut incidents: Vec<IncidentEvent> = incidents.into_values().collect();
    incidents.sort_by(|a, b| b.severity.cmp(&a.severity).then(b.changed.cmp(&a.changed)).then(a.id.cmp(&b.id)));
    report.incidents = incidents;
    match request.feed_now {
        Ok(feed) => {
            report.exercise |= feed.exercise;
            report.source = feed.source.as_ref().map(ToString::to_string);
            report.threat = Some(ThreatNow {
                level: LevelName::new(&feed.threat.scale.name, &feed.threat.level),
                since: feed.threat.since,
                assessed: feed.threat.assessed,
                reference: feed.threat.reference.as_ref().map(ToString::to_string),
                from_journal: false,
            });
            open_items_of(&mut report.open_items, feed, request.now, request.public);
        }
        Err(ref why) => {
            report.warnings.push(why.clone());
            if let Some(version) = last_accepted {
                report.source.clone_from(&version.source);
                report.threat = Some(ThreatNow {
                    level: version.level.clone(),
                    since: version.since,
                    assessed: version.assessed,
                    reference: None,
                    from_journal: true,
                });
            }
        }
    }
    Ok(report)
}

/// The entries from just before the period (to know what held at its start) to its end,
/// oldest first.
fn read_period(request: &Request<'_>) -> Result<(Vec<crate::journal::Entry>, Vec<crate::journal::Skipped>), Fault> {
    let mut entries = Vec::new();
    let mut skipped = Vec::new();
    let floor = request.from - crate::journal::CLOCK_SLACK;
    let horizon = request.from - LOOK_BEFORE;
    let (mut seen_accepted, mut seen_read, mut seen_age) = (false, false, false);
    entries_back(request.journal, None, &mut skipped, |entry| {
        if entry.time > request.to {
            return ControlFlow::Continue(());
        }
        if entry.time >= floor {
            if entry.time >= request.from || entry.event.is_read_state() || entry.event.is_age_state() {
                entries.push(entry);
            }
            return ControlFlow::Continue(());
        }
        if entry.time < horizon {
            return ControlFlow::Break(());
        }
        // Before the period only the state it started in matters.
        let accepted = matches!(entry.event, Event::FeedAccepted(_));
        let keep = (accepted && !seen_accepted)
            || (entry.event.is_read_state() && !seen_read)
            || (entry.event.is_age_state() && !seen_age);
        seen_accepted |= accepted;
        seen_read |= entry.event.is_read_state();
        seen_age |= entry.event.is_age_state();
        if keep {
            entries.push(entry);
        }
        if seen_accepted && seen_read && seen_age { ControlFlow::Break(()) } else { ControlFlow::Continue(()) }
    })?;
    entries.reverse();
    // Writers on other hosts may be a little out of order.
    entries.sort_by_key(|entry| entry.time);
    Ok((entries, skipped))
}

fn add_changes(
    report: &mut Handover,
    incidents: &mut HashMap<String, IncidentEvent>,
    time: DateTime<Utc>,
    diff: &crate::feed::diff::FeedDiff,
) {
    if let Some(level) = &diff.level {
        report.level_changes.push(LevelEvent {
            time,
            scope: None,
            from: Some(level.from.clone()),
            to: Some(level.to.clone()),
        });
    }
    for scoped in &diff.scoped {
        report.level_changes.push(LevelEvent {
            time,
            scope: Some(scoped.scope.clone()),
            from: scoped.from.clone(),
            to: scoped.to.clone(),
        });
    }
    for measure in &diff.measures {
        let event = MeasureEvent {
            time,
            change: measure.change,
            id: measure.id.clone(),
            location: measure.location.clone(),
            description: measure.description.clone(),
            status: measure.status,
            previous_status: measure.previous_status,
            fields: measure.fields.clone(),
        };
        match measure.change {
            ItemChange::Added => report.measures.started.push(event),
            ItemChange::Changed => {
                // One row per measure: what changed over the period, status first → last.
                match report.measures.changed.iter_mut().find(|m| m.id == event.id) {
                    Some(seen) => {
                        let first_status = seen.previous_status.or(Some(seen.status));
                        for field in &event.fields {
                            if !seen.fields.contains(field) {
                                seen.fields.push(*field);
                            }
                        }
                        let fields = std::mem::take(&mut seen.fields);
                        *seen = MeasureEvent { fields, ..event };
                        seen.previous_status = first_status.filter(|status| *status != seen.status);
                    }
                    None => report.measures.changed.push(event),
                }
            }
            ItemChange::Ended | ItemChange::Removed => report.measures.ended.push(event),
        }
    }
    for incident in &diff.incidents {
        let entry = incidents.entry(incident.id.clone()).or_insert_with(|| IncidentEvent {
            id: incident.id.clone(),
            title: String::new(),
            location: None,
            severity: incident.severity,
            time: incident.time,
            new: incident.change == ItemChange::Added,
            removed: false,
            fields: Vec::new(),
            changed: time,
        });
        entry.title.clone_from(&incident.title);
        entry.location.clone_from(&incident.location);
        entry.severity = incident.severity;
        entry.time = incident.time;
        entry.removed = incident.change == ItemChange::Removed;
        entry.changed = time;
        for field in &incident.fields {
            if !entry.fields.contains(field) {
                entry.fields.push(*field);
            }
        }
    }
}

/// Overdue reviews and what is due in the next 24 hours, from the feed now.
fn open_items_of(open: &mut OpenItems, feed: &Feed, now: DateTime<Utc>, public: bool) {
    let shown = |visibility: Visibility| !public || visibility != Visibility::Covert;
    let soon = |t: Timestamp| t.0 > now && t.0 <= now + TimeDelta::hours(24);
    let mut overdue = Vec::new();
    let mut upcoming = Vec::new();
    for m in feed.measures.iter().filter(|m| shown(m.visibility) && m.status != MeasureStatus::Ended) {
        let what = format!("{}: {}", m.location, m.description);
        if let Some(review) = m.review {
            if review.0 < now {
                overdue.push(Review {
                    id: m.id.to_string(),
                    location: m.location.to_string(),
                    description: m.description.to_string(),
                    review,
                });
            } else if soon(review) {
                upcoming.push(Upcoming { time: review, due: Due::Review, id: m.id.to_string(), what: what.clone() });
            }
        }
        if m.status == MeasureStatus::Planned
            && let Some(since) = m.since.filter(|t| soon(*t))
        {
            upcoming.push(Upcoming { time: since, due: Due::MeasureStart, id: m.id.to_string(), what });
        }
    }
    for i in feed.incidents.iter().filter(|i| soon(i.time)) {
        upcoming.push(Upcoming { time: i.time, due: Due::Incident, id: i.id.to_string(), what: i.title.to_string() });
    }
    overdue.sort_by_key(|r| r.review);
    upcoming.sort_by_key(|u| u.time);
    open.overdue_reviews = Some(overdue);
    open.upcoming = Some(upcoming);
}

/// Feed trouble as episodes: reading (rejected, missing) and age (stale) are tracked
/// apart, since a feed can be missing and stale at once.
#[derive(Debug, Default)]
struct Episodes {
    read: Option<Episode>,
    age: Option<Episode>,
    done: Vec<Episode>,
}

impl Episodes {
    fn see(&mut self, time: DateTime<Utc>, event: &Event) {
        let start = |trouble, detail: Option<String>| Episode { trouble, from: time, to: None, seconds: 0, detail };
        if event.is_read_state() {
            let next = match event {
                Event::FeedRejected(r) => Some(start(Trouble::Rejected, Some(r.error.clone()))),
                Event::FeedMissing { reason, .. } => Some(start(Trouble::Missing, Some(reason.clone()))),
                _ => None,
            };
            self.close_read(time);
            self.read = next;
        }
        if event.is_age_state() {
            if let Some(episode) = self.age.take() {
                self.done.push(Episode { to: Some(time), ..episode });
            }
            if matches!(event, Event::FeedStale { .. }) {
                self.age = Some(start(Trouble::Stale, None));
            }
        }
    }

    fn close_read(&mut self, time: DateTime<Utc>) {
        if let Some(episode) = self.read.take() {
            self.done.push(Episode { to: Some(time), ..episode });
        }
    }

    /// Every episode, oldest first, with its length (up to `end` if still going).
    fn finish(mut self, end: DateTime<Utc>) -> Vec<Episode> {
        self.done.extend(self.read.take());
        self.done.extend(self.age.take());
        let mut episodes: Vec<Episode> = self
            .done
            .into_iter()
            .filter(|e| e.to.is_none_or(|to| to > e.from))
            .map(|e| Episode { seconds: (e.to.unwrap_or(end) - e.from).num_seconds().max(0), ..e })
            .collect();
        episodes.sort_by_key(|e| e.from);
        episodes
    }
}
