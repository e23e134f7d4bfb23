//! Keys of the map view. The map shows the selection of the lists: Tab picks the
//! measures or the incidents (both lists exist, though neither is on screen), and the
//! moving keys walk that list's items as on the dashboard, so that going back finds the
//! same item selected. `v` switches between the Netherlands and Europe.

use crossterm::event::KeyCode;

use crate::app::model::{Model, Panel};

/// Handles `code` if it is a key of the map view; `false` leaves it to the dashboard's
/// handling.
pub fn on_key(model: &mut Model, code: KeyCode) -> bool {
    match code {
        KeyCode::Char('v') => model.map_region = model.map_region.toggled(),
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
