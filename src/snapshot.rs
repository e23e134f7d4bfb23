//! `sitrep snapshot`: the very screen the dashboard draws, as plain text; or the
//! interpreted picture as JSON (the validated feed plus what sitrep derives from it).

use chrono::{DateTime, Utc};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use serde::Serialize;
use unicode_width::UnicodeWidthStr;

use crate::app::model::{FeedHealth, FeedOrigin, Model, View};
use crate::feed::in_force::Standing;
use crate::feed::{Feed, Level, MeasureStatus, Problem};
use crate::geo::MapRegion;
use crate::ui::view;

/// The screen for `model` at `width`×`height`, one line per row, no escape codes,
/// trailing blanks trimmed.
#[must_use]
pub fn screen_text(model: &Model, width: u16, height: u16) -> String {
    // The view lays out by the frame's size, so the model needs no copy at this size.
    // A TestBackend cannot fail.
    let Ok(mut terminal) = Terminal::new(TestBackend::new(width, height));
    let Ok(_) = terminal.draw(|frame| view(model, frame));
    buffer_text(terminal.backend().buffer())
}

/// A buffer as text: wide characters once, their trailing cells skipped.
#[must_use]
pub fn buffer_text(buffer: &Buffer) -> String {
    let area = buffer.area;
    let mut out = String::with_capacity(usize::from(area.width + 1) * usize::from(area.height));
    for y in area.top()..area.bottom() {
        let mut line = String::new();
        let mut skip = 0;
        for x in area.left()..area.right() {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let symbol = buffer[(x, y)].symbol();
            skip = symbol.width().saturating_sub(1);
            line.push_str(symbol);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// The picture as JSON.
#[derive(Debug, Serialize)]
pub struct PictureReport<'a> {
    /// `demo` or the feed's path.
    pub feed_source: String,
    /// The clock the derived state was computed at.
    pub clock: DateTime<Utc>,
    pub clock_pinned: bool,
    /// `good`, `rejected`, `missing` or `waiting`.
    pub health: &'static str,
    pub errors: Vec<&'a Problem>,
    pub warnings: Vec<&'a Problem>,
    /// On a public screen (config `public_screen`), without its covert measures.
    pub feed: Option<std::borrow::Cow<'a, Feed>>,
    pub derived: Option<Derived<'a>>,
    /// Every source and how it stands (one for a single feed).
    pub sources: Vec<SourceReport<'a>>,
}

/// One source's health, for machines.
#[derive(Debug, Serialize)]
pub struct SourceReport<'a> {
    pub name: &'a str,
    pub location: &'a str,
    /// `good`, `rejected`, `missing` or `waiting`.
    pub health: &'static str,
    pub since: Option<DateTime<Utc>>,
    pub generated: Option<crate::feed::Timestamp>,
    pub stale: bool,
    pub stale_after_seconds: u64,
    pub errors: Vec<&'a Problem>,
    /// Why it is missing, where it is.
    pub reason: Option<&'a str>,
}

fn health_word(health: &FeedHealth) -> &'static str {
    match health {
        FeedHealth::Good => "good",
        FeedHealth::Waiting => "waiting",
        FeedHealth::Rejected { .. } => "rejected",
        FeedHealth::Missing { .. } => "missing",
    }
}

/// What sitrep concludes from the feed at the clock.
#[derive(Debug, Serialize)]
pub struct Derived<'a> {
    /// The national level in force at the clock: `null` when the feed's level is still
    /// to come and no earlier one is known, or when it has lapsed.
    pub level: Option<&'a Level>,
    /// `in_force`, `not_yet` (its `since` is still to come) or `lapsed`.
    pub level_standing: &'static str,
    /// The level the feed declares, in force or not.
    pub declared_level: &'a Level,
    /// When the declared level comes into force, while it is still to come.
    pub level_from: Option<crate::feed::Timestamp>,
    /// The highest scoped level in force above the national one.
    pub scoped_above: Option<ScopedAbove<'a>>,
    pub exercise: bool,
    /// Seconds since `generated`, or since the feed first arrived when `generated`
    /// lies ahead of the clock.
    pub feed_age_seconds: i64,
    pub stale_after_seconds: u64,
    pub stale: bool,
    /// How far `generated` lies ahead of the clock, beyond the tolerance.
    pub clock_skew_seconds: Option<i64>,
    /// The national level's `until` has passed.
    pub level_lapsed: bool,
    /// Ids of measures whose review date has passed (ended measures left out).
    pub overdue_reviews: Vec<&'a str>,
    /// Ids of incidents still to come, soonest first.
    pub upcoming: Vec<&'a str>,
    pub measures_in_force: usize,
}

/// A scoped level above the national one.
#[derive(Debug, Serialize)]
pub struct ScopedAbove<'a> {
    pub scope: &'a str,
    pub level: &'a Level,
}

/// Builds the JSON report for `model`.
#[must_use]
pub fn picture_report(model: &Model) -> PictureReport<'_> {
    let (health, errors): (&'static str, Vec<&Problem>) = match &model.health {
        FeedHealth::Good => ("good", Vec::new()),
        FeedHealth::Waiting => ("waiting", Vec::new()),
        FeedHealth::Rejected { problems, .. } => ("rejected", problems.iter().filter(|p| p.is_error()).collect()),
        FeedHealth::Missing { .. } => ("missing", Vec::new()),
    };
    let mut warnings: Vec<&Problem> = model.picture.iter().flat_map(|p| p.warnings.iter()).collect();
    if let FeedHealth::Rejected { problems, .. } = &model.health {
        warnings.extend(problems.iter().filter(|p| !p.is_error()));
    }
    let derived = model.picture.as_ref().map(|picture| {
        let feed = &picture.feed;
        let now = model.now;
        // The snapshot has no filter: the lists hold every incident.
        let upcoming = model.upcoming();
        let national = feed.threat.national_at(now);
        Derived {
            level: national.in_force(),
            level_standing: match national.standing {
                Standing::InForce => "in_force",
                Standing::NotYet { .. } => "not_yet",
                Standing::Lapsed { .. } => "lapsed",
            },
            declared_level: national.declared,
            level_from: match national.standing {
                Standing::NotYet { from } => Some(from),
                _ => None,
            },
            scoped_above: feed
                .threat
                .scoped_above(now)
                .map(|s| ScopedAbove { scope: s.scope.as_str(), level: &s.level }),
            exercise: feed.exercise,
            feed_age_seconds: (now - model.age_base()).num_seconds(),
            stale_after_seconds: model.stale_after().as_secs(),
            stale: model.staleness().is_some(),
            clock_skew_seconds: model.clock_skew().map(|d| d.num_seconds()),
            level_lapsed: matches!(national.standing, Standing::Lapsed { .. }),
            overdue_reviews: feed
                .measures
                .iter()
                .filter(|m| !(model.settings.public_screen && m.visibility == crate::feed::Visibility::Covert))
                .filter(|m| m.status != MeasureStatus::Ended && m.review.is_some_and(|r| r.utc() < now))
                .map(|m| m.id.as_str())
                .collect(),
            upcoming: (0..upcoming)
                .filter_map(|k| model.lists.incident_at(k, upcoming))
                .map(|i| picture.incident(i).id.as_str())
                .collect(),
            measures_in_force: feed
                .measures
                .iter()
                .filter(|m| m.status != MeasureStatus::Ended)
                .filter(|m| !(model.settings.public_screen && m.visibility == crate::feed::Visibility::Covert))
                .count(),
        }
    });
    let sources = model
        .sources
        .iter()
        .map(|source| {
            let (since, errors, reason) = match &source.health {
                FeedHealth::Rejected { since, problems } => {
                    (Some(*since), problems.iter().filter(|p| p.is_error()).collect(), None)
                }
                FeedHealth::Missing { since, reason } => (Some(*since), Vec::new(), Some(reason.as_str())),
                FeedHealth::Good | FeedHealth::Waiting => (None, Vec::new(), None),
            };
            SourceReport {
                name: &source.name,
                location: &source.location,
                health: health_word(&source.health),
                since,
                generated: source.generated,
                stale: source.staleness(model.now, model.settings.stale_after).is_some(),
                stale_after_seconds: source.limit(model.settings.stale_after).as_secs(),
                errors,
                reason,
            }
        })
        .collect();
    PictureReport {
        sources,
        feed_source: match &model.origin {
            FeedOrigin::Demo => "demo".to_owned(),
            FeedOrigin::File(path) => path.display().to_string(),
            FeedOrigin::Nats(source) => source.address.to_string(),
        },
        clock: model.now,
        clock_pinned: model.clock_pinned,
        health,
        errors,
        warnings,
        feed: model.picture.as_ref().map(|p| {
            if model.settings.public_screen {
                let mut feed = (*p.feed).clone();
                feed.measures.retain(|m| m.visibility != crate::feed::Visibility::Covert);
                std::borrow::Cow::Owned(feed)
            } else {
                std::borrow::Cow::Borrowed(&*p.feed)
            }
        }),
        derived,
    }
}

/// Puts `model` on the screen `view` asks for, as its keys would.
pub fn show_view(model: &mut Model, view: crate::cli::SnapshotView) {
    use crate::cli::SnapshotView;
    let (screen, region) = match view {
        SnapshotView::Dashboard => (View::Dashboard, model.map_region),
        SnapshotView::Map => (View::Map, MapRegion::Netherlands),
        SnapshotView::MapEurope => (View::Map, MapRegion::Europe),
    };
    model.view = screen;
    model.map_region = region;
}

/// A model with the feed read once, as the dashboard would show it at start-up.
#[must_use]
pub fn model_once(startup: &crate::startup::Startup, wall_now: DateTime<Utc>, size: (u16, u16)) -> Model {
    let mut model = startup.model(wall_now, size);
    if startup.sources.len() < 2 {
        let event = crate::source::read(&startup.origin, &startup.read, model.now);
        crate::app::update(&mut model, crate::app::Message::Feed(event));
        return model;
    }
    // Several sources: each read once, merged as the running dashboard merges them.
    let mut merger = crate::source::merge::Merger::for_sources(&startup.sources, &startup.settings);
    let reads = startup
        .sources
        .iter()
        .enumerate()
        .map(|(i, spec)| {
            let options =
                crate::source::ReadOptions { format: spec.format.or(startup.read.format), ..startup.read.clone() };
            (i, crate::app::Message::Feed(crate::source::read(&spec.origin, &options, model.now)))
        })
        .collect();
    let update = merger.on_messages(reads);
    crate::app::update(&mut model, crate::app::Message::Sources(update));
    model
}
