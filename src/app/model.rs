//! The model: everything the screen shows and every choice the operator made.

use std::collections::HashMap;
use std::path::PathBuf;

use chrono::{DateTime, Utc};

use crate::app::filter::ListFilter;
use crate::app::lists::Lists;
use crate::app::lists::MeasureRow;
use crate::app::picture::Picture;
use crate::config::{ColorDepth, Language};
use crate::feed::{FeedDuration, Level, Problem};
use crate::geo::MapRegion;
use crate::source::watch::SourceMode;
use crate::zone::Zone;

/// Where the picture comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FeedOrigin {
    /// The built-in demo feed; its clock runs from its own `generated` time.
    Demo,
    File(PathBuf),
    /// A key in a NATS JetStream key-value bucket, and how to reach it.
    Nats(Box<crate::source::nats::NatsSource>),
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
    pub timezone: Zone,
    pub language: Language,
    pub colors: ColorDepth,
    pub stale_after: FeedDuration,
    pub public_screen: bool,
    pub bell: bool,
    pub clock_seconds: bool,
    /// How long a past critical incident stays in view above upcoming items.
    pub keep_critical_in_view: FeedDuration,
    /// The longest a pause lasts before it ends by itself.
    pub max_pause: FeedDuration,
    /// An unattended screen (`--wallboard`, config `wallboard`).
    pub wallboard_mode: bool,
    pub wallboard: crate::app::wallboard::WallboardSettings,
    /// A terminal cell's width over its height (config `map_cell_aspect`).
    pub map_cell_aspect: f64,
}

impl Default for Settings {
    /// The built-in config's values, with UTC, English and no colour where the config
    /// would ask the system (for tests, benchmarks and the fuzz target).
    fn default() -> Self {
        Self {
            timezone: Zone::utc(),
            language: Language::En,
            colors: ColorDepth::None,
            stale_after: FeedDuration::from_secs(30 * 60),
            public_screen: false,
            bell: false,
            clock_seconds: false,
            keep_critical_in_view: FeedDuration::from_secs(6 * 3600),
            max_pause: FeedDuration::from_secs(15 * 60),
            wallboard_mode: false,
            wallboard: crate::app::wallboard::WallboardSettings::default(),
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
    /// This shift's journal, newest first (key `l`).
    Journal,
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

/// Changes of the national level in force since the operator last acknowledged: the
/// level they last saw, then every level after it (`None`: no level in force).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LevelChange {
    pub from: Option<Level>,
    pub steps: Vec<LevelStep>,
}

/// One change of the level in force, when it took effect, and when sitrep saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LevelStep {
    pub level: Option<Level>,
    pub at: DateTime<Utc>,
    pub seen: DateTime<Utc>,
}

impl LevelChange {
    /// The level in force after the last step.
    #[must_use]
    pub fn to(&self) -> Option<&Level> {
        self.steps.last().and_then(|s| s.level.as_ref())
    }

    /// Whether the level now is higher than the one last seen.
    #[must_use]
    pub fn raised(&self) -> bool {
        self.to().map_or(0, |l| l.rank) > self.from.as_ref().map_or(0, |l| l.rank)
    }
}

/// What changed since the operator last acknowledged (the `a` key).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes {
    /// Ids of measures new or changed (only ids still in the feed), with when sitrep saw
    /// the change (a wallboard lets marks go after `new_for`).
    pub measures: HashMap<String, DateTime<Utc>>,
    /// Ids of incidents new or changed (only ids still in the feed), likewise.
    pub incidents: HashMap<String, DateTime<Utc>>,
    pub level: Option<LevelChange>,
    /// Critical incidents new (or raised to critical) since the last acknowledgement,
    /// oldest first.
    pub new_critical: Vec<String>,
}

impl Changes {
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.measures.is_empty() && self.incidents.is_empty() && self.level.is_none() && self.new_critical.is_empty()
    }

    #[must_use]
    pub fn marks(&self, kind: ItemKind, id: &str) -> bool {
        match kind {
            ItemKind::Measure => self.measures.contains_key(id),
            ItemKind::Incident => self.incidents.contains_key(id),
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
    /// Every source of the picture and how it stands (one, unless `[[sources]]` or
    /// several `--feed` name more).
    pub sources: Vec<crate::app::sources::SourceStatus>,
    /// Feed updates are held back (the `p` key); the newest waits in `pending`.
    pub paused: bool,
    /// When the pause began (it ends by itself after `max_pause`).
    pub paused_at: Option<DateTime<Utc>>,
    pub pending: Option<Box<crate::app::sources::NewPicture>>,
    pub changes: Changes,
    /// The focused panel fills the body (the `z` key).
    pub zoomed: bool,
    /// How far the open popup is scrolled, in lines.
    pub overlay_scroll: usize,
    /// `r` was pressed: the next read says what it found.
    pub reload_requested: bool,
    /// A short message in the status line (what `r` found, where the selection went).
    pub notice: Option<Notice>,
    /// The wallboard's paging and rotation, when this is a wallboard.
    pub wall: Option<crate::app::wallboard::WallState>,
    /// Time travel (key h): the past screen shown over the live one.
    pub travel: Option<Box<crate::app::travel::TimeTravel>>,
    /// The journal: kept or not, working or not, an acknowledgement on its way, a note.
    pub journal: crate::app::journal::JournalState,
    pub running: bool,
}

/// A message for the status line, and when it was given (it goes after a minute, or at
/// the next key).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub kind: NoticeKind,
    pub at: DateTime<Utc>,
}

/// What a notice says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoticeKind {
    /// `r`: the feed was read again and was the same.
    ReadUnchanged,
    /// `r`: the feed was read again and gave a new picture.
    ReadNew,
    /// `r`: the feed was read again and was refused or missing.
    ReadFailed,
    /// The selected item left the list; the selection went to its neighbour.
    SelectionMoved { title: String },
    /// The pause reached `max_pause` and ended by itself.
    PauseEnded,
    /// A note written or not, lines of the journal skipped.
    Journal(crate::app::journal::JournalNotice),
}

impl Notice {
    /// How long a notice stays.
    pub const LIFETIME: chrono::TimeDelta = chrono::TimeDelta::minutes(1);
}

impl Model {
    #[must_use]
    pub fn new(settings: Settings, origin: FeedOrigin, now: DateTime<Utc>, clock_pinned: bool) -> Self {
        // A wallboard starts on the first view of its rotation.
        let wall = settings.wallboard_mode.then(crate::app::wallboard::WallState::default);
        let view = if wall.is_some() {
            settings.wallboard.rotate.first().copied().unwrap_or_default()
        } else {
            View::Dashboard
        };
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
            view,
            map_region: MapRegion::Netherlands,
            overlay: Overlay::None,
            filter: FilterInput::default(),
            show_ended: false,
            measures_cursor: Cursor::default(),
            timeline_cursor: Cursor::default(),
            source_mode: SourceMode::Builtin,
            sources: Vec::new(),
            paused: false,
            paused_at: None,
            pending: None,
            changes: Changes::default(),
            zoomed: false,
            overlay_scroll: 0,
            reload_requested: false,
            notice: None,
            wall,
            travel: None,
            journal: crate::app::journal::JournalState::default(),
            running: true,
        }
    }

    /// The filter as the lists apply it.
    #[must_use]
    pub fn list_filter(&self) -> ListFilter {
        ListFilter::from_text(&self.filter.text, self.show_ended, self.settings.public_screen, self.settings.language)
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

    /// Rows of the timeline panel: with upcoming items, a heading above each section
    /// that has items (never an empty "Past (0)").
    #[must_use]
    pub fn timeline_rows(&self) -> usize {
        let items = self.lists.incidents.len();
        let upcoming = self.upcoming();
        match (upcoming, items - upcoming) {
            (0, _) => items,
            (_, 0) => items + 1,
            _ => items + 2,
        }
    }

    /// Recent criticals to pin above the timeline's list, and the rows left for the
    /// list, in a panel with `inner` rows: a critical incident of the last
    /// `keep_critical_in_view` that the list would not show (upcoming items pushed it
    /// below the fold, or the list is scrolled) stays in view. At most three are pinned.
    #[must_use]
    pub fn timeline_pins(&self, inner: usize) -> (Vec<u32>, usize) {
        const MOST: usize = 3;
        let Some(picture) = &self.picture else { return (Vec::new(), inner) };
        let upcoming = self.upcoming();
        let since = self.now - self.settings.keep_critical_in_view.to_chrono();
        // The past, newest first, back to the window's start.
        let recent: Vec<(usize, u32)> = (upcoming..self.lists.incidents.len())
            .map_while(|k| {
                let index = self.lists.incident_at(k, upcoming)?;
                (picture.incident(index).time.utc() >= since).then_some((k, index))
            })
            .filter(|&(_, index)| picture.incident(index).severity == crate::feed::Severity::Critical)
            .collect();
        if recent.is_empty() || inner < 2 {
            return (Vec::new(), inner);
        }
        let rows = self.timeline_rows();
        let mut height = inner;
        let mut pinned = Vec::new();
        // Pinning takes rows from the list, which may push another out: settle.
        for _ in 0..=MOST {
            let offset = self.timeline_cursor.visible_offset(height, rows);
            let shown = |k: usize| {
                let row = self.timeline_item_row(k);
                row >= offset && row < offset + height
            };
            let next: Vec<u32> = recent.iter().filter(|(k, _)| !shown(*k)).map(|&(_, i)| i).take(MOST).collect();
            if next == pinned {
                break;
            }
            pinned = next;
            height = inner.saturating_sub(pinned.len()).max(1);
        }
        (pinned, height)
    }

    /// The row of the timeline at which display position `k` (0 = the first upcoming
    /// item, or the newest past one) stands, after its headings.
    #[must_use]
    pub fn timeline_item_row(&self, k: usize) -> usize {
        let upcoming = self.upcoming();
        match upcoming {
            0 => k,
            u if k < u => k + 1,
            _ => k + 2,
        }
    }

    /// Whether `row` of the focused kind of list holds an item (not a heading).
    #[must_use]
    pub fn is_item_row(&self, panel: Panel, row: usize) -> bool {
        match panel {
            Panel::Measures => matches!(self.lists.measure_rows.get(row), Some(crate::app::lists::MeasureRow::Item(_))),
            Panel::Timeline => matches!(self.timeline_row(row), TimelineRow::Item(_)),
        }
    }

    /// Rows of a panel's list.
    #[must_use]
    pub fn list_rows(&self, panel: Panel) -> usize {
        match panel {
            Panel::Measures => self.lists.measure_rows.len(),
            Panel::Timeline => self.timeline_rows(),
        }
    }

    /// The rows a panel's list shows on the current screen (0 when the panel is not on
    /// screen).
    #[must_use]
    pub fn list_height(&self, panel: Panel) -> usize {
        let plan = crate::app::layout::plan(self, self.size);
        match panel {
            Panel::Measures => plan.measures.map_or(0, crate::app::layout::list_height),
            Panel::Timeline => {
                plan.timeline.map_or(0, |area| self.timeline_pins(crate::app::layout::list_height(area)).1)
            }
        }
    }

    /// What the timeline shows at `row`.
    #[must_use]
    pub fn timeline_row(&self, row: usize) -> TimelineRow {
        let upcoming = self.upcoming();
        let past = self.lists.incidents.len() - upcoming;
        let item = |k: usize| self.lists.incident_at(k, upcoming).map_or(TimelineRow::Nothing, TimelineRow::Item);
        if upcoming == 0 {
            return item(row);
        }
        match row {
            0 => TimelineRow::UpcomingHeader(upcoming),
            r if r <= upcoming => item(r - 1),
            r if r == upcoming + 1 && past > 0 => TimelineRow::PastHeader(past),
            r => item(r - 2),
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
    /// turns stale, a level comes into force or lapses, a review falls due, an upcoming
    /// item becomes past), so the loop can wake then rather than poll.
    #[must_use]
    pub fn next_deadline(&self) -> Option<DateTime<Utc>> {
        let picture = self.picture.as_ref()?;
        let now = self.now;
        // Stale one second past the limit, as `staleness` counts whole seconds; a skewed
        // clock turns right when its `generated` is no longer ahead.
        let stale = self.age_base() + self.stale_after().to_chrono() + chrono::TimeDelta::seconds(1);
        let skew_ends = picture.feed.generated.utc() - crate::feed::validate::CLOCK_SKEW_TOLERANCE;
        let levels = picture.feed.threat.changes_after(now);
        let review = picture.next_review_after(now);
        let upcoming = self.upcoming();
        let next_incident = (upcoming > 0)
            .then(|| self.lists.incident_at(0, upcoming))
            .flatten()
            .map(|i| picture.incident(i).time.utc());
        let wall_expiry = crate::app::wallboard::next_expiry(self);
        let sources_stale = self
            .sources
            .iter()
            .filter(|_| self.several_sources())
            .filter_map(|s| s.stale_at(self.settings.stale_after))
            .collect::<Vec<_>>();
        [stale, skew_ends]
            .into_iter()
            .chain(levels)
            .chain(review)
            .chain(next_incident)
            .chain(wall_expiry)
            .chain(sources_stale)
            .filter(|t| *t > now)
            .min()
    }

    /// The moment the picture's age counts from: its `generated`, unless that lies after
    /// the moment sitrep first received it (a producer whose clock runs ahead must still
    /// turn stale on time).
    #[must_use]
    pub fn age_base(&self) -> DateTime<Utc> {
        self.picture.as_ref().map_or(self.now, |p| p.feed.generated.utc().min(p.received))
    }

    /// How old the picture is, when it is older than the limit (in whole seconds, as
    /// the screen shows it). With several sources, each is judged by its own limit, and
    /// this is the oldest stale one's age.
    #[must_use]
    pub fn staleness(&self) -> Option<chrono::TimeDelta> {
        self.picture.as_ref()?;
        if self.several_sources() {
            return self.stale_sources().into_iter().map(|(_, age)| age).max();
        }
        let age = self.now - self.age_base();
        (age.num_seconds() > self.stale_after().to_chrono().num_seconds()).then_some(age)
    }

    /// Whether the picture is merged from several sources.
    #[must_use]
    pub fn several_sources(&self) -> bool {
        self.sources.len() > 1
    }

    /// The sources that are stale, each judged by its own limit, with their ages.
    #[must_use]
    pub fn stale_sources(&self) -> Vec<(usize, chrono::TimeDelta)> {
        self.sources
            .iter()
            .enumerate()
            .filter_map(|(i, s)| Some((i, s.staleness(self.now, self.settings.stale_after)?)))
            .collect()
    }

    /// The other sources that give another national level in force than the one shown
    /// (their name and level; `None`: no level in force there).
    #[must_use]
    pub fn level_conflicts(&self) -> Vec<(&str, Option<&Level>)> {
        let Some(picture) = &self.picture else { return Vec::new() };
        let shown = picture.feed.threat.level_in_force(self.now).map(|l| (l.rank, &l.name));
        picture
            .provenance
            .other_threats
            .iter()
            .filter_map(|(source, threat)| {
                let theirs = threat.level_in_force(self.now);
                (theirs.map(|l| (l.rank, &l.name)) != shown)
                    .then(|| Some((picture.provenance.name(*source)?, theirs)))
                    .flatten()
            })
            .collect()
    }

    /// How far the picture's `generated` lies ahead of the clock, when beyond the
    /// tolerance (clock skew between producer and this machine).
    #[must_use]
    pub fn clock_skew(&self) -> Option<chrono::TimeDelta> {
        let picture = self.picture.as_ref()?;
        picture.clock_skew(self.now).then(|| picture.feed.generated.utc() - self.now)
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
