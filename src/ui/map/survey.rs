//! What the map shows of the lists: where each measure and incident goes, which lie off
//! the map or have no position, and which one is selected. It reads the filtered lists,
//! so the filter, the ended toggle and a public screen apply to the map as to the lists.
//! One pass over the items' small records of the picture's [`MapIndex`], one slot per
//! cell: the cost follows the feed linearly, without a sort or a string per item.

use crate::app::lists::MeasureRow;
use crate::app::model::{ItemKind, Model};
use crate::app::picture::Picture;
use crate::geo::Fit;
use crate::geo::index::{Located, MapIndex};
use crate::geo::projection::Projector;

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
        let index = picture.map_index();
        let mut collector = Collector {
            index,
            projector: fit.projector(),
            width,
            grid: vec![None; width * usize::from(fit.height)],
            selected: selected_item(model),
            names: Vec::new(),
            survey: Survey::default(),
        };
        // Newest first, so that an older item at the same place gives way.
        for &i in model.lists.incidents.iter().rev() {
            collector.visit(MapItem::Incident(i), index.incident(i));
        }
        for row in &model.lists.measure_rows {
            if let MeasureRow::Item(i) = *row {
                collector.visit(MapItem::Measure(i), index.measure(i));
            }
        }
        collector.finish()
    }
}

struct Collector<'p> {
    index: &'p MapIndex,
    projector: Projector,
    width: usize,
    grid: Vec<Option<Marker>>,
    selected: Option<MapItem>,
    /// (urgency, name id) of the names kept.
    names: Vec<(u8, u32)>,
    survey: Survey<'p>,
}

impl<'p> Collector<'p> {
    fn visit(&mut self, item: MapItem, located: Option<Located>) {
        let is_selected = self.selected == Some(item);
        let Some(located) = located else {
            self.survey.without_position += 1;
            if is_selected {
                self.survey.selected = Some((item, Whereabouts::Nowhere));
            }
            return;
        };
        let rank = if is_selected { u8::MAX } else { located.urgency };
        let points = self.index.points(located);
        let approximate = located.approximate;
        let mut shown = 0;
        for &point in points {
            let Some(cell) = self.projector.cell(point) else { continue };
            shown += 1;
            let slot = &mut self.grid[usize::from(cell.1) * self.width + usize::from(cell.0)];
            if slot.is_none_or(|m| m.rank < rank) {
                *slot = Some(Marker { item, cell, approximate, selected: is_selected, rank });
            }
        }
        if shown == 0 {
            self.survey.off_map += 1;
            self.note_name(rank, located.name);
        }
        if is_selected {
            let whereabouts = match (shown, approximate) {
                (0, _) => Whereabouts::OffMap,
                (_, true) => Whereabouts::Approximate(points.len()),
                (_, false) => Whereabouts::Exact,
            };
            self.survey.selected = Some((item, whereabouts));
        }
    }

    /// Keeps the most pressing few distinct names, without allocating per item.
    fn note_name(&mut self, rank: u8, name: u32) {
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
        let index = self.index;
        self.survey.off_map_names = self.names.into_iter().map(|(_, n)| index.name(n)).collect();
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
