//! The outline drawn for one map size: coasts solid, land borders dashed, projected and
//! rasterised into Braille dots once per size, region and cell shape, then painted on a
//! ratatui `Canvas` every frame from that cache.

use std::sync::{Arc, Mutex, PoisonError};

use ratatui::style::Color;
use ratatui::widgets::canvas::{Painter, Shape};

use crate::geo::outline::OutlineLine;
use crate::geo::projection::Projector;
use crate::geo::{Fit, LineKind, LonLat, MapRegion, Outline};

/// Dots (x right, y down; 2×4 per cell) of the outline at one size.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Raster {
    pub coast: Vec<(u32, u32)>,
    pub border: Vec<(u32, u32)>,
}

/// A land border is drawn `DASH_ON` dots on, `DASH_OFF` off, so that it differs from
/// the coast without colour.
const DASH_ON: u32 = 3;
const DASH_OFF: u32 = 1;

/// How many sizes stay cached (the two regions at the current size, and a resize).
const CACHED: usize = 4;

type Key = (MapRegion, u16, u16, u64);

static CACHE: Mutex<Vec<(Key, Arc<Raster>)>> = Mutex::new(Vec::new());

/// The outline's dots for `fit`, computed on the first frame at this size and region.
#[must_use]
pub fn raster(region: MapRegion, fit: &Fit, cell_aspect: f64) -> Arc<Raster> {
    let key = (region, fit.width, fit.height, cell_aspect.to_bits());
    // A panic elsewhere while holding the lock leaves a cache that is still valid.
    let mut cache = CACHE.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(position) = cache.iter().position(|(k, _)| *k == key) {
        let entry = cache.remove(position);
        let raster = Arc::clone(&entry.1);
        cache.insert(0, entry);
        return raster;
    }
    let raster = Arc::new(rasterise(Outline::builtin(), fit));
    cache.insert(0, (key, Arc::clone(&raster)));
    cache.truncate(CACHED);
    raster
}

/// Projects and rasterises every line of `outline` that crosses the view.
#[must_use]
pub fn rasterise(outline: &Outline, fit: &Fit) -> Raster {
    rasterise_lines(&outline.lines, fit)
}

fn rasterise_lines<'a>(lines: impl IntoIterator<Item = &'a OutlineLine>, fit: &Fit) -> Raster {
    let mut raster = Raster::default();
    if fit.width == 0 || fit.height == 0 {
        return raster;
    }
    let size = (i64::from(fit.width) * 2, i64::from(fit.height) * 4);
    let projector = fit.projector();
    for line in lines {
        let (dots, dashed) = match line.kind {
            LineKind::Coast => (&mut raster.coast, false),
            LineKind::Border => (&mut raster.border, true),
        };
        let mut step = 0_u32;
        for pair in line.points.windows(2) {
            let (a, b) = (project(&projector, pair[0]), project(&projector, pair[1]));
            // Both ends beyond the same edge: nothing of it shows.
            if (a.0 < 0 && b.0 < 0)
                || (a.1 < 0 && b.1 < 0)
                || (a.0 >= size.0 && b.0 >= size.0)
                || (a.1 >= size.1 && b.1 >= size.1)
            {
                continue;
            }
            segment(a, b, |x, y| {
                let on = !dashed || step % (DASH_ON + DASH_OFF) < DASH_ON;
                step = step.wrapping_add(1);
                if on && (0..size.0).contains(&x) && (0..size.1).contains(&y) {
                    // In range by the check.
                    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                    dots.push((x as u32, y as u32));
                }
            });
        }
    }
    raster
}

/// The dot of `point`, as ratatui's canvas maps it, even outside the view (a line may
/// run off the map).
fn project(projector: &Projector, point: LonLat) -> (i64, i64) {
    let (x, y) = projector.position(point);
    // Points lie within the data, so these stay far inside i64; `as` saturates anyway.
    #[allow(clippy::cast_possible_truncation)]
    let dot = (x.round() as i64, y.round() as i64);
    dot
}

/// Bresenham's line from `a` to `b`, every dot but the last (the next segment starts
/// there), clipped to a sane length.
fn segment(a: (i64, i64), b: (i64, i64), mut dot: impl FnMut(i64, i64)) {
    let (dx, dy) = ((b.0 - a.0).abs(), -(b.1 - a.1).abs());
    let (sx, sy) = (if a.0 < b.0 { 1 } else { -1 }, if a.1 < b.1 { 1 } else { -1 });
    let (mut x, mut y, mut error) = (a.0, a.1, dx + dy);
    // A segment is never longer than the map's dots across; this bounds a bad fit.
    for _ in 0..(dx.max(-dy)).min(100_000) {
        dot(x, y);
        let double = 2 * error;
        if double >= dy {
            error += dy;
            x += sx;
        }
        if double <= dx {
            error += dx;
            y += sy;
        }
    }
}

/// Dots to paint on a canvas in one colour.
pub struct Dots<'a> {
    pub dots: &'a [(u32, u32)],
    pub color: Color,
}

impl Shape for Dots<'_> {
    fn draw(&self, painter: &mut Painter<'_, '_>) {
        for &(x, y) in self.dots {
            painter.paint(x as usize, y as usize, self.color);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_size_comes_from_the_cache() {
        let fit = Fit::new(MapRegion::Netherlands, 50, 20, 0.5);
        let first = raster(MapRegion::Netherlands, &fit, 0.5);
        let again = raster(MapRegion::Netherlands, &fit, 0.5);
        assert!(Arc::ptr_eq(&first, &again));
        assert!(!first.coast.is_empty() && !first.border.is_empty());
        let dots = (100, 80);
        assert!(first.coast.iter().chain(&first.border).all(|&(x, y)| x < dots.0 && y < dots.1));
    }

    #[test]
    fn borders_are_dashed_and_coasts_are_not() {
        let mut dots = Vec::new();
        segment((0, 0), (10, 0), |x, y| dots.push((x, y)));
        assert_eq!(dots.len(), 10);
        let outline = Outline::builtin();
        let fit = Fit::new(MapRegion::Netherlands, 80, 30, 0.5);
        let raster = rasterise(outline, &fit);
        // On the same line, a dash of 3 on, 1 off keeps about three dots in four.
        let border: Vec<OutlineLine> =
            outline.lines.iter().filter(|l| l.is_border_between("BEL", "NLD")).cloned().collect();
        let as_coast: Vec<OutlineLine> =
            border.iter().cloned().map(|line| OutlineLine { kind: LineKind::Coast, ..line }).collect();
        let dashed = rasterise_lines(&border, &fit).border.len();
        let solid = rasterise_lines(&as_coast, &fit).coast.len();
        assert!(dashed * 10 < solid * 8 && dashed * 10 > solid * 7, "dashed {dashed}, solid {solid}");
        assert!(!raster.coast.is_empty());
    }
}
