//! Which cells of the map already hold a marker or a label, so that nothing drawn later
//! covers what matters more.

use ratatui::layout::Rect;

/// Which cells of the map already hold a marker or a label.
pub struct Taken {
    /// The map's cells on screen.
    pub area: Rect,
    cells: Vec<bool>,
}

impl Taken {
    #[must_use]
    pub fn new(area: Rect) -> Self {
        Self { area, cells: vec![false; usize::from(area.width) * usize::from(area.height)] }
    }

    /// Claims `width` cells on row `cell.1` starting `lead` cells before `cell.0`,
    /// shifted inside the map if they stick out; the screen column, or `None` when the
    /// map is too narrow or a cell is taken.
    pub fn claim(&mut self, cell: (u16, u16), lead: u16, width: usize) -> Option<u16> {
        let width = u16::try_from(width).ok()?;
        if width > self.area.width || cell.1 >= self.area.height {
            return None;
        }
        let start = cell.0.saturating_sub(lead).min(self.area.width - width);
        self.take(start, cell.1, width)
    }

    /// Claims exactly the cells from `cell` on, without shifting.
    pub fn claim_exact(&mut self, cell: (u16, u16), width: usize) -> Option<u16> {
        let width = u16::try_from(width).ok()?;
        if cell.0.checked_add(width)? > self.area.width || cell.1 >= self.area.height {
            return None;
        }
        self.take(cell.0, cell.1, width)
    }

    fn take(&mut self, start: u16, row: u16, width: u16) -> Option<u16> {
        let first = usize::from(row) * usize::from(self.area.width) + usize::from(start);
        let span = self.cells.get_mut(first..first + usize::from(width))?;
        if span.iter().any(|t| *t) {
            return None;
        }
        span.fill(true);
        Some(self.area.x + start)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_claimed_once_and_markers_shift_inside() {
        let mut taken = Taken::new(Rect::new(10, 5, 6, 2));
        assert_eq!(taken.claim((0, 0), 1, 3), Some(10), "a lead before the left edge shifts right");
        assert_eq!(taken.claim((1, 0), 0, 2), None, "overlaps");
        assert_eq!(taken.claim((5, 0), 0, 2), Some(14), "past the right edge shifts left");
        assert_eq!(taken.claim_exact((5, 1), 2), None, "exact claims do not shift");
        assert_eq!(taken.claim_exact((4, 1), 2), Some(14));
        assert_eq!(taken.claim((0, 2), 0, 1), None, "below the map");
        assert_eq!(taken.claim((0, 1), 0, 7), None, "wider than the map");
    }
}
