//! Where each panel goes, for any terminal size. `update` uses the same plan to know
//! how many rows a list shows, so scrolling and drawing always agree.

use ratatui::layout::Rect;

use crate::app::model::{Model, View};

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

/// How many banner lines the model needs (see `banners::active`).
#[must_use]
pub fn banner_count(model: &Model) -> u16 {
    u16::try_from(crate::ui::banners::active(model).len()).unwrap_or(u16::MAX)
}

/// Plans the screen.
///
/// ```text
///  ┌──────────────────────────────────────────────────────────────┐
///  │ header: SITREP · title · DEMO              clocks: zone │ UTC │ 1 row
///  │ banners: EXERCISE, LEVEL CHANGE, PAUSED, REJECTED, STALE     │
///  │┌ threat ─────────────────────────────────────────────────────┐│ 3, 5 or 8 rows
///  ││ ▆▆ LEVEL (large when room) ■■■■□ 4/5  since · assessed · … ││
///  │└─────────────────────────────────────────────────────────────┘│
///  │┌ measures ──────────────────┐┌ timeline ─────────────────────┐│ side by side when
///  ││ group (count): status …    ││ upcoming, then past           ││ wide, else stacked;
///  ││  location status agency …  ││  sev  time  age  title …      ││ measures go first
///  │└────────────────────────────┘└───────────────────────────────┘│ when rows are short
///  │   (or the map, key m, in the place of both lists)             │
///  │ status: feed · generated (age) · key hints                    │ 1 row
///  └──────────────────────────────────────────────────────────────┘
/// ```
#[must_use]
pub fn plan(model: &Model, (width, height): (u16, u16)) -> Plan {
    let area = Rect::new(0, 0, width, height);
    if width < MIN_WIDTH || height < MIN_HEIGHT {
        return Plan { one_line: Some(Rect::new(0, 0, width, height.min(1))), ..Plan::default() };
    }
    let banners = banner_count(model).min(height - 6);
    let header = Rect::new(0, 0, width, 1);
    let banner_area = Rect::new(0, 1, width, banners);
    let status = Rect::new(0, height - 1, width, 1);
    let body_top = 1 + banners;
    let body = Rect::new(0, body_top, width, height - 1 - body_top);

    let big_threat = body.height >= 30 && width >= 100;
    let threat_height = if big_threat {
        8
    } else if body.height >= 12 {
        5
    } else {
        3
    };
    let threat = Rect::new(0, body.y, width, threat_height.min(body.height));
    let rest = Rect::new(0, threat.bottom(), width, body.height.saturating_sub(threat.height));

    // The timeline goes before the measures when rows are short.
    let (measures, timeline) = if rest.height >= 14 && width >= 150 {
        let left = percent(width, 45);
        (Some(Rect::new(0, rest.y, left, rest.height)), Some(Rect::new(left, rest.y, width - left, rest.height)))
    } else if rest.height >= 14 {
        let top = percent(rest.height, 43);
        (Some(Rect::new(0, rest.y, width, top)), Some(Rect::new(0, rest.y + top, width, rest.height - top)))
    } else if rest.height >= 3 {
        (None, Some(rest))
    } else {
        (None, None)
    };
    let (measures, timeline, map) = match model.view {
        View::Dashboard => (measures, timeline, None),
        View::Map => (None, None, (rest.height >= 3).then_some(rest)),
    };
    debug_assert!(threat.intersection(area) == threat);
    Plan { one_line: None, header, banners: banner_area, threat, big_threat, measures, timeline, map, status }
}

/// `share` percent of `cells`, without overflowing on huge terminals.
fn percent(cells: u16, share: u32) -> u16 {
    u16::try_from(u32::from(cells) * share / 100).unwrap_or(cells)
}
