//! Where each panel goes, for any terminal size and content. `update` and `view` read
//! the same plan, so scrolling and drawing always agree.

use ratatui::layout::Rect;

use crate::app::model::{Model, Panel, View};

/// The smallest screen that gets panels; below it, one line with the level.
pub const MIN_WIDTH: u16 = 30;
pub const MIN_HEIGHT: u16 = 8;

/// The areas of one frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Plan {
    /// Set when the screen is too small for panels: everything goes on this line.
    pub one_line: Option<Rect>,
    pub header: Rect,
    pub banners: Rect,
    pub threat: Rect,
    /// Whether the threat panel has room for the level in large letters.
    pub big_threat: bool,
    pub measures: Option<Rect>,
    pub timeline: Option<Rect>,
    /// The map, in the lists' place when it is on (key `m`).
    pub map: Option<Rect>,
    pub status: Rect,
}

/// Rows of a list panel inside its frame.
#[must_use]
pub fn list_height(area: Rect) -> usize {
    usize::from(area.height.saturating_sub(2))
}

/// How many banner lines the model needs (see `banner::active`).
#[must_use]
pub fn banner_count(model: &Model) -> u16 {
    u16::try_from(crate::app::banner::active(model).len()).unwrap_or(u16::MAX)
}

/// Plans the screen.
///
/// ```text
///  ┌──────────────────────────────────────────────────────────────┐
///  │ header: SITREP · title · DEMO              clocks: zone │ UTC │ 1 row
///  │ banners: EXERCISE, LEVEL, NEW CRITICAL, PAUSED, REJECTED, …   │
///  │┌ threat ─────────────────────────────────────────────────────┐│ 3, 5 or 8 rows
///  ││ ▆▆ LEVEL (large when room) ■■■■□ 4/5  since · assessed · … ││
///  │└─────────────────────────────────────────────────────────────┘│
///  │┌ measures ──────────────────┐┌ timeline ─────────────────────┐│ side by side when
///  ││ group (count): status …    ││ pinned recent criticals       ││ wide, else stacked;
///  ││  location status agency …  ││ upcoming, then past           ││ each as tall as its
///  │└────────────────────────────┘└───────────────────────────────┘│ content needs, the
///  │   (or the map, key m, in the place of both lists)             │
///  │ status: feed · generated (age) · key hints                    │ rest to the other
///  └──────────────────────────────────────────────────────────────┘
/// ```
/// Zoomed (`z`), the focused panel takes the whole body below a one-line threat panel.
#[must_use]
pub fn plan(model: &Model, (width, height): (u16, u16)) -> Plan {
    if width < MIN_WIDTH || height < MIN_HEIGHT {
        return Plan { one_line: Some(Rect::new(0, 0, width, height.min(1))), ..Plan::default() };
    }
    let banners = banner_count(model).min(height - 6);
    let header = Rect::new(0, 0, width, 1);
    let banner_area = Rect::new(0, 1, width, banners);
    let status = Rect::new(0, height - 1, width, 1);
    let body_top = 1 + banners;
    let body = Rect::new(0, body_top, width, height - 1 - body_top);

    let big_threat = !model.zoomed && body.height >= 30 && width >= 100;
    let threat_height = if big_threat {
        8
    } else if body.height >= 12 && !model.zoomed {
        5
    } else {
        3
    };
    let threat = Rect::new(0, body.y, width, threat_height.min(body.height));
    let rest = Rect::new(0, threat.bottom(), width, body.height.saturating_sub(threat.height));
    let (measures, timeline, map) = match model.view {
        View::Dashboard => {
            let (measures, timeline) = panels(model, rest);
            (measures, timeline, None)
        }
        View::Map => (None, None, (rest.height >= 3).then_some(rest)),
    };
    Plan { one_line: None, header, banners: banner_area, threat, big_threat, measures, timeline, map, status }
}

/// The measures and timeline panels in `rest`.
fn panels(model: &Model, rest: Rect) -> (Option<Rect>, Option<Rect>) {
    if rest.height < 3 {
        return (None, None);
    }
    if model.zoomed {
        return match model.focus {
            Panel::Measures => (Some(rest), None),
            Panel::Timeline => (None, Some(rest)),
        };
    }
    if rest.height >= 14 && rest.width >= 150 {
        let left = percent(rest.width, 45);
        return (
            Some(Rect::new(0, rest.y, left, rest.height)),
            Some(Rect::new(left, rest.y, rest.width - left, rest.height)),
        );
    }
    // Stacked: each panel as tall as its content (an empty one takes one line), the
    // rest to the other; when both want more than there is, the measures get 43%.
    let need = |rows: usize| u16::try_from(rows.max(1) + 2).unwrap_or(u16::MAX);
    let (measures_need, timeline_need) = (need(model.lists.measure_rows.len()), need(model.timeline_rows()));
    let share = percent(rest.height, 43);
    let measures_height = if measures_need + timeline_need <= rest.height || measures_need <= share {
        measures_need
    } else if timeline_need <= rest.height - share {
        rest.height - timeline_need
    } else {
        share
    };
    // The timeline comes first when rows are short: below three rows of its own, the
    // measures give way.
    if measures_height < 3 || rest.height - measures_height < 3 || (rest.height < 14 && measures_need > 3) {
        return (None, Some(rest));
    }
    (
        Some(Rect::new(0, rest.y, rest.width, measures_height)),
        Some(Rect::new(0, rest.y + measures_height, rest.width, rest.height - measures_height)),
    )
}

/// `share` percent of `cells`, without overflowing on huge terminals.
fn percent(cells: u16, share: u32) -> u16 {
    u16::try_from(u32::from(cells) * share / 100).unwrap_or(cells)
}

/// Where popups go: over most of the screen below the level line (the header, the
/// banners and the level stay in view).
#[must_use]
pub fn popup_area(plan: &Plan, (width, height): (u16, u16)) -> Rect {
    let keep = plan.threat.y + 2;
    let below = Rect::new(0, keep, width, height.saturating_sub(keep));
    let tenths = |cells: u16, n: u32| u16::try_from(u32::from(cells) * n / 10).unwrap_or(cells);
    let popup_width = tenths(below.width, 9).max(below.width.min(20));
    let popup_height = tenths(below.height, 9).max(below.height.min(6));
    Rect::new(
        below.x + (below.width - popup_width) / 2,
        below.y + (below.height - popup_height) / 2,
        popup_width,
        popup_height,
    )
}
