//! The model: everything the screen shows and every choice the operator made.

use std::collections::HashSet;
use std::path::PathBuf;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use crate::app::message::FeedEvent;
use crate::app::picture::{ListFilter, Lists, MeasureRow, Picture};
use crate::config::{ColorDepth, Language};
use crate::feed::{FeedDuration, Level, Problem};
use crate::geo::MapRegion;
use crate::source::watch::SourceMode;

/// Where the picture comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FeedOrigin {
    /// The built-in demo feed; its clock runs from its own `generated` time.
    Demo,
    File(PathBuf),
}

/// How the feed source is doing, apart from the picture shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FeedHealth {
    /// No answer from the source yet.
    Waiting,
    /// The latest read gave the picture on screen.
    Good,
    /// The latest read was refused: every problem, and since when.
    Rejected { since: DateTime<Utc>, problems: Vec<Problem> },
    /// The file is not there (or cannot be opened).
    Missing { since: DateTime<Utc>, reason: String },
}

/// Settings that do not change while running.
#[derive(Debug, Clone)]
pub struct Settings {
    pub timezone: Tz,
    pub language: Language,
    pub colors: ColorDepth,
    pub stale_after: FeedDuration,
    pub public_screen: bool,
    pub bell: bool,
    pub clock_seconds: bool,
    /// A terminal cell's width over its height (config `map_cell_aspect`).
    pub map_cell_aspect: f64,
}

impl Default for Settings {
    /// The built-in config's values, with UTC, English and no colour where the config
    /// would ask the system (for tests, benchmarks and the fuzz target).
    fn default() -> Self {
        Self {
            timezone: Tz::UTC,
            language: Language::En,
            colors: ColorDepth::None,
            stale_after: FeedDuration::from_secs(30 * 60),
            public_screen: false,
            bell: false,
            clock_seconds: false,
            map_cell_aspect: crate::geo::projection::DEFAULT_CELL_ASPECT,
        }
    }
}

/// What fills the screen below the threat panel (a wallboard may rotate through these).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum View {
    /// The measures and the timeline.
    #[default]
    Dashboard,
    /// The measures and incidents on the map of `Model::map_region` (key `m`).
    Map,
}

/// The panels that can hold the focus.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Panel {
    Measures,
    Timeline,
}

/// What covers the panels, if anything.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overlay {
    None,
    /// The full text of one incident (index into the feed).
    Incident(u32),
    /// The full text of one measure.
    Measure(u32),
    Help,
    /// Every problem with the feed (errors of a rejected feed, warnings of a good one).
    Problems,
}

/// A scrollable list's selection and first visible row.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Cursor {
    pub selected: usize,
    pub offset: usize,
}

impl Cursor {
    /// The first visible row so that the selection shows in `height` rows, keeping the
    /// current offset where possible (the view and update agree through this).
    #[must_use]
    pub fn visible_offset(self, height: usize, rows: usize) -> usize {
        if height == 0 {
            return self.selected;
        }
        let mut offset = self.offset.min(rows.saturating_sub(height));
        if self.selected < offset {
            offset = self.selected;
        } else if self.selected >= offset + height {
            offset = self.selected + 1 - height;
        }
        offset
    }

    /// Moves the selection by `delta` rows within `rows`, then scrolls it into view.
    pub fn move_by(&mut self, delta: isize, rows: usize, height: usize) {
        let last = rows.saturating_sub(1);
        self.selected = self.selected.saturating_add_signed(delta).min(last);
        // A list with no visible rows (hidden by a small screen) keeps its scroll for
        // when it shows again.
        if height > 0 {
            self.offset = self.visible_offset(height, rows);
        }
    }
}

/// The text filter.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FilterInput {
    pub text: String,
    /// Keys go to the filter while this is on.
    pub editing: bool,
}

/// Which list an item id belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ItemKind {
    Measure,
    Incident,
}

/// A change of the national level between two pictures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LevelChange {
    pub from: Level,
    pub to: Level,
    pub at: DateTime<Utc>,
}

/// What changed since the operator last acknowledged (the `a` key).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes {
    /// Ids of measures new or changed (only ids still in the feed).
    pub measures: HashSet<String>,
    /// Ids of incidents new or changed (only ids still in the feed).
    pub incidents: HashSet<String>,
    pub level: Option<LevelChange>,
}

impl Changes {
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.measures.is_empty() && self.incidents.is_empty() && self.level.is_none()
    }

    #[must_use]
    pub fn marks(&self, kind: ItemKind, id: &str) -> bool {
        match kind {
            ItemKind::Measure => self.measures.contains(id),
            ItemKind::Incident => self.incidents.contains(id),
        }
    }
}

/// All state of the dashboard.
#[derive(Debug, Clone)]
pub struct Model {
    pub settings: Settings,
    pub origin: FeedOrigin,
    /// The last good picture; it stays until a valid one replaces it.
    pub picture: Option<Picture>,
    /// The picture's lists as filtered now.
    pub lists: Lists,
    pub health: FeedHealth,
    /// The clock everything time-dependent is computed against.
    pub now: DateTime<Utc>,
    /// When pinned (`--at`), ticks do not move the clock.
    pub clock_pinned: bool,
    /// The terminal's size in cells.
    pub size: (u16, u16),
    pub focus: Panel,
    pub view: View,
    /// What the map shows (key `z`), kept while the dashboard is on screen.
    pub map_region: MapRegion,
    pub overlay: Overlay,
    pub filter: FilterInput,
    pub show_ended: bool,
    pub measures_cursor: Cursor,
    pub timeline_cursor: Cursor,
    pub source_mode: SourceMode,
    /// Feed updates are held back (the `p` key); the newest waits in `pending`.
    pub paused: bool,
    pub pending: Option<FeedEvent>,
    pub changes: Changes,
    pub running: bool,
}

impl Model {
    #[must_use]
    pub fn new(settings: Settings, origin: FeedOrigin, now: DateTime<Utc>, clock_pinned: bool) -> Self {
        Self {
            settings,
            origin,
            picture: None,
            lists: Lists::default(),
            health: FeedHealth::Waiting,
            now,
            clock_pinned,
            size: (0, 0),
            focus: Panel::Timeline,
            view: View::Dashboard,
            map_region: MapRegion::Netherlands,
            overlay: Overlay::None,
            filter: FilterInput::default(),
            show_ended: false,
            measures_cursor: Cursor::default(),
            timeline_cursor: Cursor::default(),
            source_mode: SourceMode::Builtin,
            paused: false,
            pending: None,
            changes: Changes::default(),
            running: true,
        }
    }

    /// The filter as the lists apply it.
    #[must_use]
    pub fn list_filter(&self) -> ListFilter {
        ListFilter::from_text(&self.filter.text, self.show_ended, self.settings.public_screen)
    }

    /// Recomputes the filtered lists (after a new picture or a filter change).
    pub fn refresh_lists(&mut self) {
        self.lists = self.picture.as_ref().map(|p| Lists::new(p, &self.list_filter())).unwrap_or_default();
    }

    /// The number of upcoming incidents (after the filter) at the model's clock.
    #[must_use]
    pub fn upcoming(&self) -> usize {
        self.picture.as_ref().map_or(0, |p| self.lists.upcoming_count(p, self.now))
    }

    /// Rows of the timeline panel: with upcoming items, a header above each section.
    #[must_use]
    pub fn timeline_rows(&self) -> usize {
        let items = self.lists.incidents.len();
        if self.upcoming() > 0 { items + 2 } else { items }
    }

    /// What the timeline shows at `row`.
    #[must_use]
    pub fn timeline_row(&self, row: usize) -> TimelineRow {
        let upcoming = self.upcoming();
        if upcoming == 0 {
            return self.lists.incident_at(row, 0).map_or(TimelineRow::Nothing, TimelineRow::Item);
        }
        match row {
            0 => TimelineRow::UpcomingHeader(upcoming),
            r if r <= upcoming => {
                self.lists.incident_at(r - 1, upcoming).map_or(TimelineRow::Nothing, TimelineRow::Item)
            }
            r if r == upcoming + 1 => TimelineRow::PastHeader(self.lists.incidents.len() - upcoming),
            r => self.lists.incident_at(r - 2, upcoming).map_or(TimelineRow::Nothing, TimelineRow::Item),
        }
    }

    /// The item the focused list has selected, when the selection is on an item (not a
    /// heading): its kind and its index in the feed.
    #[must_use]
    pub fn selected_item(&self) -> Option<(ItemKind, u32)> {
        match self.focus {
            Panel::Measures => match self.lists.measure_rows.get(self.measures_cursor.selected)? {
                MeasureRow::Item(index) => Some((ItemKind::Measure, *index)),
                MeasureRow::Group { .. } => None,
            },
            Panel::Timeline => match self.timeline_row(self.timeline_cursor.selected) {
                TimelineRow::Item(index) => Some((ItemKind::Incident, index)),
                _ => None,
            },
        }
    }

    /// The staleness limit in force: the feed's own, else the config's.
    #[must_use]
    pub fn stale_after(&self) -> FeedDuration {
        self.picture.as_ref().and_then(|p| p.feed.stale_after).unwrap_or(self.settings.stale_after)
    }

    /// The next moment at which something on screen changes by time alone (the picture
    /// turns stale, a level lapses, a review falls due, an upcoming item becomes past),
    /// so the loop can wake then rather than poll.
    #[must_use]
    pub fn next_deadline(&self) -> Option<DateTime<Utc>> {
        let picture = self.picture.as_ref()?;
        let now = self.now;
        let threat = &picture.feed.threat;
        let stale = picture.feed.generated.0.to_utc() + self.stale_after().to_chrono();
        let untils =
            threat.until.iter().chain(threat.scoped.iter().filter_map(|s| s.until.as_ref())).map(|t| t.0.to_utc());
        let review = picture.next_review_after(now);
        let upcoming = self.upcoming();
        let next_incident = (upcoming > 0)
            .then(|| self.lists.incident_at(0, upcoming))
            .flatten()
            .map(|i| picture.incident(i).time.0.to_utc());
        std::iter::once(stale).chain(untils).chain(review).chain(next_incident).filter(|t| *t > now).min()
    }

    /// How old the picture is, when it is older than the limit.
    #[must_use]
    pub fn staleness(&self) -> Option<chrono::TimeDelta> {
        let picture = self.picture.as_ref()?;
        let age = self.now - picture.feed.generated.0.to_utc();
        (age > self.stale_after().to_chrono()).then_some(age)
    }
}

/// One row of the timeline panel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimelineRow {
    UpcomingHeader(usize),
    PastHeader(usize),
    Item(u32),
    Nothing,
}
