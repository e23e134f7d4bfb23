//! The map's projection: equirectangular with x scaled by cos 52° (true to shape at
//! the Netherlands' latitude), the regions it can show, and how a region is fitted to
//! an area of terminal cells so that the shape stays right.

use crate::geo::outline::LonLat;

/// cos 52°: how much shorter a degree of longitude is than one of latitude here.
pub const X_SCALE: f64 = 0.615_661_475_325_658;

/// What the outline covers (`DATA_BOX` of `scripts/make-outline.py`): a view never
/// reaches beyond it, so a wide or tall area shows the map narrower instead of blank
/// sea where there is no data.
pub const DATA_EXTENT: Extent = Extent { west: -11.0, south: 41.0, east: 21.0, north: 58.5 };

/// The default width:height of a terminal cell (config `map_cell_aspect`).
pub const DEFAULT_CELL_ASPECT: f64 = 0.5;

/// A box of longitude and latitude.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Extent {
    pub west: f64,
    pub south: f64,
    pub east: f64,
    pub north: f64,
}

impl Extent {
    #[must_use]
    pub fn contains(&self, point: LonLat) -> bool {
        (self.west..=self.east).contains(&point.lon) && (self.south..=self.north).contains(&point.lat)
    }

    /// Width over height as the projection draws it.
    fn aspect(&self) -> f64 {
        (self.east - self.west) * X_SCALE / (self.north - self.south)
    }
}

/// What part of the world the map shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum MapRegion {
    /// The Netherlands with the edges of its neighbours (the default).
    #[default]
    Netherlands,
    /// Western Europe, for incidents abroad: Paris, Brussels, London, Berlin, Vienna.
    Europe,
}

impl MapRegion {
    /// What must be in view; the fitted view adds to it, never cuts it (unless the
    /// area's shape leaves no other way within the data).
    #[must_use]
    pub fn extent(self) -> Extent {
        match self {
            Self::Netherlands => Extent { west: 3.2, south: 50.65, east: 7.3, north: 53.65 },
            Self::Europe => Extent { west: -5.0, south: 43.0, east: 16.6, north: 56.0 },
        }
    }

    /// The other region (the map's zoom key).
    #[must_use]
    pub fn toggled(self) -> Self {
        match self {
            Self::Netherlands => Self::Europe,
            Self::Europe => Self::Netherlands,
        }
    }
}

/// A region fitted to an area: what it shows and which cells it uses.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Fit {
    /// The extent shown, with the area's shape.
    pub view: Extent,
    /// Columns and rows the map uses, at most the area's (less where the data ends).
    pub width: u16,
    pub height: u16,
    /// Where those cells start inside the area (the map is centred).
    pub left: u16,
    pub top: u16,
}

impl Fit {
    /// `region` fitted to `width`×`height` cells whose width:height is `cell_aspect`:
    /// the region's extent grows in the direction the area is longer; where that would
    /// go beyond the outline's data, the map uses fewer cells instead.
    #[must_use]
    pub fn new(region: MapRegion, width: u16, height: u16, cell_aspect: f64) -> Self {
        let cell_aspect = if cell_aspect.is_finite() && cell_aspect > 0.0 { cell_aspect } else { DEFAULT_CELL_ASPECT };
        let (mut cols, mut rows) = (f64::from(width), f64::from(height));
        if width == 0 || height == 0 {
            return Self { view: region.extent(), width: 0, height: 0, left: 0, top: 0 };
        }
        let want = region.extent();
        let area_aspect = cols * cell_aspect / rows;
        let (centre_x, centre_y) = ((want.west + want.east) / 2.0, (want.south + want.north) / 2.0);
        let (mut half_lon, mut half_lat) = ((want.east - want.west) / 2.0, (want.north - want.south) / 2.0);
        if area_aspect > want.aspect() {
            half_lon = half_lat * area_aspect / X_SCALE;
            let room = (centre_x - DATA_EXTENT.west).min(DATA_EXTENT.east - centre_x);
            if half_lon > room {
                cols *= room / half_lon;
                half_lon = room;
            }
        } else {
            half_lat = half_lon * X_SCALE / area_aspect;
            let room = (centre_y - DATA_EXTENT.south).min(DATA_EXTENT.north - centre_y);
            if half_lat > room {
                rows *= room / half_lat;
                half_lat = room;
            }
        }
        // Whole cells, at least one; never more than the area.
        let used_width = to_cells(cols).clamp(1, width);
        let used_height = to_cells(rows).clamp(1, height);
        Self {
            view: Extent {
                west: centre_x - half_lon,
                south: centre_y - half_lat,
                east: centre_x + half_lon,
                north: centre_y + half_lat,
            },
            width: used_width,
            height: used_height,
            left: (width - used_width) / 2,
            top: (height - used_height) / 2,
        }
    }

    /// The canvas bounds in projected units: x is longitude × cos 52°, y latitude.
    #[must_use]
    pub fn x_bounds(&self) -> [f64; 2] {
        [self.view.west * X_SCALE, self.view.east * X_SCALE]
    }

    #[must_use]
    pub fn y_bounds(&self) -> [f64; 2] {
        [self.view.south, self.view.north]
    }

    /// The Braille dot (2×4 per cell) for `point`, as ratatui's canvas places it, or
    /// `None` out of view.
    #[must_use]
    pub fn dot(&self, point: LonLat) -> Option<(u32, u32)> {
        self.projector().dot(point)
    }

    /// The cell (column, row) holding `point`, relative to the map's own cells.
    #[must_use]
    pub fn cell(&self, point: LonLat) -> Option<(u16, u16)> {
        self.projector().cell(point)
    }

    /// The projection with its factors worked out, for many points.
    #[must_use]
    pub fn projector(&self) -> Projector {
        let dots_x = f64::from(self.width) * 2.0 - 1.0;
        let dots_y = f64::from(self.height) * 4.0 - 1.0;
        let empty = self.width == 0 || self.height == 0;
        Projector {
            view: self.view,
            per_lon: if empty { 0.0 } else { dots_x / (self.view.east - self.view.west) },
            per_lat: if empty { 0.0 } else { dots_y / (self.view.north - self.view.south) },
            empty,
        }
    }
}

/// A fitted view's projection onto Braille dots, ready for many points.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Projector {
    view: Extent,
    per_lon: f64,
    per_lat: f64,
    empty: bool,
}

impl Projector {
    /// The Braille dot for `point`, or `None` out of view.
    #[must_use]
    pub fn dot(&self, point: LonLat) -> Option<(u32, u32)> {
        if self.empty || !self.view.contains(point) {
            return None;
        }
        let (x, y) = self.position(point);
        // In range by the check above; `as` saturates anyway.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        Some((x.round() as u32, y.round() as u32))
    }

    /// Where `point` falls in dots, in view or not (a line may run off the map).
    #[must_use]
    pub fn position(&self, point: LonLat) -> (f64, f64) {
        ((point.lon - self.view.west) * self.per_lon, (self.view.north - point.lat) * self.per_lat)
    }

    /// The cell holding `point`, relative to the map's own cells.
    #[must_use]
    pub fn cell(&self, point: LonLat) -> Option<(u16, u16)> {
        let (x, y) = self.dot(point)?;
        Some((u16::try_from(x / 2).ok()?, u16::try_from(y / 4).ok()?))
    }
}

fn to_cells(value: f64) -> u16 {
    // Bounded by the area's size, which is a u16.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let cells = value.round().clamp(0.0, f64::from(u16::MAX)) as u16;
    cells
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scale_is_cos_52() {
        assert!((X_SCALE - 52_f64.to_radians().cos()).abs() < 1e-12);
    }

    #[test]
    fn a_fitted_view_holds_its_region_and_has_the_area_shape() {
        for region in [MapRegion::Netherlands, MapRegion::Europe] {
            for (w, h) in [(84, 28), (52, 15), (36, 5), (200, 90), (30, 60)] {
                let fit = Fit::new(region, w, h, 0.5);
                let want = region.extent();
                let view = fit.view;
                assert!(view.west <= want.west + 1e-9 && view.east >= want.east - 1e-9, "{region:?} {w}x{h}");
                assert!(view.south <= want.south + 1e-9 && view.north >= want.north - 1e-9, "{region:?} {w}x{h}");
                // Shape: projected width / height equals the cells' width / height.
                let shape = (view.east - view.west) * X_SCALE / (view.north - view.south);
                let cells = f64::from(fit.width) * 0.5 / f64::from(fit.height);
                assert!((shape / cells - 1.0).abs() < 0.1, "{region:?} {w}x{h}: {shape} vs {cells}");
            }
        }
    }

    #[test]
    fn a_very_wide_area_narrows_the_map_to_the_data() {
        let fit = Fit::new(MapRegion::Europe, 300, 20, 0.5);
        assert!(fit.width < 300);
        assert!(fit.view.west >= DATA_EXTENT.west - 1e-9 && fit.view.east <= DATA_EXTENT.east + 1e-9);
        assert_eq!(fit.left, (300 - fit.width) / 2);
    }

    #[test]
    fn the_cell_aspect_changes_the_view() {
        let square = Fit::new(MapRegion::Netherlands, 60, 30, 1.0);
        let tall = Fit::new(MapRegion::Netherlands, 60, 30, 0.5);
        assert!(square.view.east - square.view.west > tall.view.east - tall.view.west);
    }

    #[test]
    fn empty_areas_fit_nothing() {
        let fit = Fit::new(MapRegion::Netherlands, 0, 10, 0.5);
        assert_eq!((fit.width, fit.height), (0, 0));
        assert_eq!(fit.cell(LonLat::new(52.0, 5.0)), None);
    }
}
