//! The wallboard: an unattended screen. No keys but Ctrl-C and Ctrl-L; lists that do not
//! fit page by themselves; changes are marked for a while instead of until someone
//! acknowledges; views rotate. The timers that drive it live in the runtime; here is
//! what each turn does to the model.

use chrono::{DateTime, Utc};
use serde::Deserialize;

use crate::app::model::{Model, Panel, View};
use crate::feed::FeedDuration;

/// The wallboard's settings (config `wallboard`, `page_seconds`, `new_for`, `rotate`,
/// `rotate_seconds`; `--wallboard`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WallboardSettings {
    /// How long each page of an overflowing list stays.
    pub page_every: FeedDuration,
    /// How long a new or changed item keeps its ✱ (and a banner its place).
    pub new_for: FeedDuration,
    /// The views shown in turn (one view: no rotation).
    pub rotate: Vec<View>,
    pub rotate_every: FeedDuration,
}

impl Default for WallboardSettings {
    fn default() -> Self {
        Self {
            page_every: FeedDuration::from_secs(10),
            new_for: FeedDuration::from_secs(15 * 60),
            rotate: vec![View::Dashboard],
            rotate_every: FeedDuration::from_secs(60),
        }
    }
}

/// A view as the config names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ViewName {
    Dashboard,
    Map,
}

impl From<ViewName> for View {
    fn from(name: ViewName) -> Self {
        match name {
            ViewName::Dashboard => Self::Dashboard,
            ViewName::Map => Self::Map,
        }
    }
}

/// What the wallboard has shown so far.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WallState {
    /// Which page each list shows (0 = the first).
    pub measures_page: usize,
    pub timeline_page: usize,
    /// Which of `rotate` is on screen.
    pub view: usize,
}

/// A list's paging: (the page shown, of how many), where it has more than one.
#[must_use]
pub fn pages(model: &Model, panel: Panel) -> Option<(usize, usize)> {
    let wall = model.wall.as_ref()?;
    let height = model.list_height(panel);
    let rows = model.list_rows(panel);
    if height == 0 || rows <= height {
        return None;
    }
    let count = rows.div_ceil(height);
    let page = match panel {
        Panel::Measures => wall.measures_page,
        Panel::Timeline => wall.timeline_page,
    };
    Some((page % count + 1, count))
}

/// The next page of every list that does not fit, wrapping round to the first.
pub fn turn_pages(model: &mut Model) {
    for panel in [Panel::Measures, Panel::Timeline] {
        let Some((page, count)) = pages(model, panel) else {
            set_page(model, panel, 0);
            continue;
        };
        set_page(model, panel, page % count);
    }
}

/// Back to the first page of every list (a new picture must be seen at once).
pub fn first_pages(model: &mut Model) {
    for panel in [Panel::Measures, Panel::Timeline] {
        set_page(model, panel, 0);
    }
}

/// Shows `page` of `panel`'s list: the list scrolls so that it starts there.
fn set_page(model: &mut Model, panel: Panel, page: usize) {
    let height = model.list_height(panel);
    let Some(wall) = model.wall.as_mut() else { return };
    match panel {
        Panel::Measures => wall.measures_page = page,
        Panel::Timeline => wall.timeline_page = page,
    }
    let cursor = match panel {
        Panel::Measures => &mut model.measures_cursor,
        Panel::Timeline => &mut model.timeline_cursor,
    };
    // The selection (unseen on a wall) rides at the top of the page, so the list's
    // scrolling, which keeps the selection in view, shows the page.
    cursor.offset = page * height;
    cursor.selected = cursor.offset;
}

/// The next view of the rotation.
pub fn rotate(model: &mut Model) {
    let views = &model.settings.wallboard.rotate;
    if views.len() < 2 {
        return;
    }
    let Some(wall) = model.wall.as_mut() else { return };
    wall.view = (wall.view + 1) % views.len();
    model.view = views[wall.view];
}

/// Forgets changes older than `new_for`: on a wall nobody acknowledges, so a mark, a
/// level-change or a NEW CRITICAL banner goes by itself.
pub fn expire_changes(model: &mut Model, now: DateTime<Utc>) {
    let Some(cutoff) = cutoff(model, now) else { return };
    let changes = &mut model.changes;
    changes.measures.retain(|_, at| *at > cutoff);
    changes.incidents.retain(|_, at| *at > cutoff);
    let incidents = &changes.incidents;
    changes.new_critical.retain(|id| incidents.contains_key(id));
    if changes.level.as_ref().is_some_and(|c| c.steps.last().is_none_or(|s| s.seen <= cutoff)) {
        changes.level = None;
    }
}

/// When the oldest change on a wall expires (the screen changes then).
#[must_use]
pub fn next_expiry(model: &Model) -> Option<DateTime<Utc>> {
    model.wall.as_ref()?;
    let new_for = model.settings.wallboard.new_for.to_chrono();
    let changes = &model.changes;
    let level = changes.level.as_ref().and_then(|c| c.steps.last()).map(|s| s.seen);
    changes.measures.values().chain(changes.incidents.values()).copied().chain(level).min().map(|at| at + new_for)
}

fn cutoff(model: &Model, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    model.wall.as_ref()?;
    Some(now - model.settings.wallboard.new_for.to_chrono())
}
