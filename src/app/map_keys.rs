//! Keys of the map view. The map shows the selection of the lists: Tab picks the
//! measures or the incidents, and the moving keys walk that list's items (its headings
//! are skipped, since the map has nothing to show for them), so that going back to the
//! dashboard finds the same item selected.

use crossterm::event::KeyCode;

use crate::app::model::{Model, Panel, TimelineRow};
use crate::app::picture::MeasureRow;

/// Handles `code` if it is a key of the map view; `false` leaves it to the dashboard's
/// handling.
pub fn on_key(model: &mut Model, code: KeyCode) -> bool {
    match code {
        KeyCode::Char('z') => model.map_region = model.map_region.toggled(),
        KeyCode::Down | KeyCode::Char('j') => step(model, 1),
        KeyCode::Up | KeyCode::Char('k') => step(model, -1),
        KeyCode::PageDown => step(model, 10),
        KeyCode::PageUp => step(model, -10),
        KeyCode::Home | KeyCode::Char('g') => step(model, isize::MIN),
        KeyCode::End | KeyCode::Char('G') => step(model, isize::MAX),
        KeyCode::Tab | KeyCode::BackTab => {
            model.focus = match model.focus {
                Panel::Measures => Panel::Timeline,
                Panel::Timeline => Panel::Measures,
            };
        }
        _ => return false,
    }
    true
}

/// Moves the focused list's selection by `items` items (not rows), stopping at the ends.
fn step(model: &mut Model, items: isize) {
    let (rows, selected) = match model.focus {
        Panel::Measures => (model.lists.measure_rows.len(), model.measures_cursor.selected),
        Panel::Timeline => (model.timeline_rows(), model.timeline_cursor.selected),
    };
    let is_item = |row: usize| match model.focus {
        Panel::Measures => matches!(model.lists.measure_rows.get(row), Some(MeasureRow::Item(_))),
        Panel::Timeline => matches!(model.timeline_row(row), TimelineRow::Item(_)),
    };
    let mut target = selected.min(rows.saturating_sub(1));
    if items == isize::MIN {
        target = (0..rows).find(|&r| is_item(r)).unwrap_or(target);
    } else if items == isize::MAX {
        target = (0..rows).rev().find(|&r| is_item(r)).unwrap_or(target);
    } else {
        for _ in 0..items.unsigned_abs() {
            let next = if items > 0 {
                (target + 1..rows).find(|&r| is_item(r))
            } else {
                (0..target).rev().find(|&r| is_item(r))
            };
            match next {
                Some(row) => target = row,
                None => break,
            }
        }
    }
    match model.focus {
        Panel::Measures => model.measures_cursor.selected = target,
        Panel::Timeline => model.timeline_cursor.selected = target,
    }
}
