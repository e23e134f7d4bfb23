//! What the map shows of the lists: where each measure and incident goes, which lie off
//! the map or have no position, and which one is selected. It reads the filtered lists,
//! so the filter, the ended toggle and a public screen apply to the map as to the lists.
//! One pass over the items, one slot per cell: the cost follows the feed linearly and
//! the screen, not a sort of the feed.

use crate::app::model::{ItemKind, Model};
use crate::app::picture::{MeasureRow, Picture};
use crate::feed::{MeasureStatus, Severity};
use crate::geo::{Fit, LonLat};

/// A measure or an incident, by its index in the feed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MapItem {
    Measure(u32),
    Incident(u32),
}

/// Where an item is, as far as the map knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Whereabouts {
    /// At the feed's own coordinates, in view.
    Exact,
    /// Placed by the gazetteer from its location's name: this many points.
    Approximate(usize),
    /// It has a position, but outside the view.
    OffMap,
    /// No coordinates and no known location.
    Nowhere,
}

/// One item drawn at one cell of the map.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Marker {
    pub item: MapItem,
    /// Column and row within the map's cells.
    pub cell: (u16, u16),
    pub approximate: bool,
    pub selected: bool,
    rank: u8,
}

/// The items as the map shows them.
#[derive(Debug, Clone, Default)]
pub struct Survey<'p> {
    /// At most one a cell: where several items meet, the most pressing (the selected
    /// one first, then critical incidents, then intensified measures, ...).
    pub markers: Vec<Marker>,
    pub selected: Option<(MapItem, Whereabouts)>,
    pub off_map: usize,
    /// Distinct place names of items off the map, most pressing first (a few).
    pub off_map_names: Vec<&'p str>,
    /// Whether there are more names than `off_map_names` holds.
    pub more_off_map_names: bool,
    pub without_position: usize,
}

/// How many names of places off the map are kept.
const NAMES_KEPT: usize = 6;

impl<'p> Survey<'p> {
    /// Surveys the model's lists for a map fitted as `fit`.
    #[must_use]
    pub fn new(model: &Model, picture: &'p Picture, fit: &Fit) -> Self {
        let width = usize::from(fit.width);
        let mut collector = Collector {
            picture,
            fit,
            width,
            grid: vec![None; width * usize::from(fit.height)],
            selected: selected_item(model),
            names: Vec::new(),
            survey: Survey::default(),
        };
        // Newest first, so that an older item at the same place gives way.
        for &index in model.lists.incidents.iter().rev() {
            let severity = picture.incident(index).severity;
            collector.visit(MapItem::Incident(index), incident_rank(severity));
        }
        for row in &model.lists.measure_rows {
            if let MeasureRow::Item(index) = *row {
                collector.visit(MapItem::Measure(index), measure_rank(picture.measure(index).status));
            }
        }
        collector.finish()
    }
}

struct Collector<'p, 'f> {
    picture: &'p Picture,
    fit: &'f Fit,
    width: usize,
    grid: Vec<Option<Marker>>,
    selected: Option<MapItem>,
    names: Vec<(u8, &'p str)>,
    survey: Survey<'p>,
}

impl<'p> Collector<'p, '_> {
    fn visit(&mut self, item: MapItem, rank: u8) {
        let is_selected = self.selected == Some(item);
        let Some((points, approximate)) = points(self.picture, item) else {
            self.survey.without_position += 1;
            if is_selected {
                self.survey.selected = Some((item, Whereabouts::Nowhere));
            }
            return;
        };
        let rank = if is_selected { u8::MAX } else { rank };
        let mut shown = 0;
        for &point in points.as_slice() {
            let Some(cell) = self.fit.cell(point) else { continue };
            shown += 1;
            let slot = &mut self.grid[usize::from(cell.1) * self.width + usize::from(cell.0)];
            if slot.is_none_or(|m| m.rank < rank) {
                *slot = Some(Marker { item, cell, approximate, selected: is_selected, rank });
            }
        }
        if shown == 0 {
            self.survey.off_map += 1;
            self.note_name(rank, short_place(name(self.picture, item)));
        }
        if is_selected {
            let whereabouts = match (shown, approximate) {
                (0, _) => Whereabouts::OffMap,
                (_, true) => Whereabouts::Approximate(points.as_slice().len()),
                (_, false) => Whereabouts::Exact,
            };
            self.survey.selected = Some((item, whereabouts));
        }
    }

    /// Keeps the most pressing few distinct names, without allocating per item.
    fn note_name(&mut self, rank: u8, name: &'p str) {
        if let Some(entry) = self.names.iter_mut().find(|(_, n)| *n == name) {
            entry.0 = entry.0.max(rank);
        } else if self.names.len() < NAMES_KEPT {
            self.names.push((rank, name));
        } else {
            self.survey.more_off_map_names = true;
            if let Some(weakest) = self.names.iter_mut().rev().min_by_key(|(r, _)| *r)
                && weakest.0 < rank
            {
                *weakest = (rank, name);
            }
        }
    }

    fn finish(mut self) -> Survey<'p> {
        let mut markers: Vec<Marker> = self.grid.into_iter().flatten().collect();
        markers.sort_by_key(|m| std::cmp::Reverse(m.rank));
        self.survey.markers = markers;
        self.names.sort_by_key(|(rank, _)| std::cmp::Reverse(*rank));
        self.survey.off_map_names = self.names.into_iter().map(|(_, n)| n).collect();
        self.survey
    }
}

/// The item the focused list has selected, if the selection is on an item.
#[must_use]
pub fn selected_item(model: &Model) -> Option<MapItem> {
    model.selected_item().map(|(kind, index)| match kind {
        ItemKind::Measure => MapItem::Measure(index),
        ItemKind::Incident => MapItem::Incident(index),
    })
}

/// One point, or a gazetteer group's several.
enum Points {
    One([LonLat; 1]),
    Many(&'static [LonLat]),
}

impl Points {
    fn as_slice(&self) -> &[LonLat] {
        match self {
            Self::One(point) => point,
            Self::Many(points) => points,
        }
    }
}

/// Where `item` is and whether that is approximate; `None` without a position.
fn points(picture: &Picture, item: MapItem) -> Option<(Points, bool)> {
    let (lat, lon) = match item {
        MapItem::Measure(index) => {
            let m = picture.measure(index);
            (m.lat, m.lon)
        }
        MapItem::Incident(index) => {
            let i = picture.incident(index);
            (i.lat, i.lon)
        }
    };
    if let (Some(lat), Some(lon)) = (lat, lon) {
        return Some((Points::One([LonLat::new(lat, lon)]), false));
    }
    match item {
        MapItem::Measure(index) => picture.gazetteer_place(index).map(|place| (Points::Many(place.points), true)),
        MapItem::Incident(_) => None,
    }
}

/// What an item is called on the map: a measure's location, an incident's location or
/// else its title.
#[must_use]
pub fn name(picture: &Picture, item: MapItem) -> &str {
    match item {
        MapItem::Measure(index) => &picture.measure(index).location,
        MapItem::Incident(index) => {
            let incident = picture.incident(index);
            incident.location.as_deref().unwrap_or(&incident.title)
        }
    }
}

/// A place name without its country code or details: "Parijs (Porte de Vincennes), FR"
/// is "Parijs".
#[must_use]
pub fn short_place(text: &str) -> &str {
    let mut text = text.trim();
    if let Some((head, code)) = text.rsplit_once(", ")
        && code.len() == 2
        && code.chars().all(|c| c.is_ascii_uppercase())
    {
        text = head;
    }
    if let Some((head, _)) = text.split_once(" (")
        && !head.trim().is_empty()
    {
        text = head;
    }
    text.trim()
}

fn incident_rank(severity: Severity) -> u8 {
    match severity {
        Severity::Critical => 90,
        Severity::Major => 80,
        Severity::Minor => 50,
        Severity::Info => 20,
    }
}

fn measure_rank(status: MeasureStatus) -> u8 {
    match status {
        MeasureStatus::Intensified => 70,
        MeasureStatus::Active => 60,
        MeasureStatus::Planned => 40,
        MeasureStatus::ScaledDown => 30,
        MeasureStatus::Ended => 10,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_places_drop_the_country_and_details() {
        assert_eq!(short_place("Parijs, FR"), "Parijs");
        assert_eq!(short_place("Parijs (Porte de Vincennes), FR"), "Parijs");
        assert_eq!(short_place("Sinaï, EG"), "Sinaï");
        assert_eq!(short_place("Den Haag"), "Den Haag");
        assert_eq!(short_place("Ede, Gelderland"), "Ede, Gelderland");
        assert_eq!(short_place("(x)"), "(x)");
    }
}
