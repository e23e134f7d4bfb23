//! Where each item of a feed is, worked out once per feed for the map: its points
//! (the feed's coordinates, or the gazetteer's for a measure that names a known place),
//! its short place name (interned, so that names compare as numbers), and how pressing
//! it is. A map frame then reads small records instead of the feed's items.

use std::collections::HashMap;

use crate::feed::{Feed, MeasureStatus, Severity};
use crate::geo::gazetteer;
use crate::geo::outline::LonLat;

/// Where one item is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Located {
    /// Its points: `count` from `first` in the index's pool (a gazetteer group has
    /// several).
    first: u32,
    count: u32,
    /// Placed by the gazetteer from its location's name.
    pub approximate: bool,
    /// Its short place name, an id for [`MapIndex::name`].
    pub name: u32,
    /// Higher is more pressing: critical incidents, then major, then intensified
    /// measures, ...
    pub urgency: u8,
}

/// Every item's whereabouts in one feed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MapIndex {
    points: Vec<LonLat>,
    measures: Vec<Option<Located>>,
    incidents: Vec<Option<Located>>,
    names: Vec<Box<str>>,
}

impl MapIndex {
    #[must_use]
    pub fn new(feed: &Feed) -> Self {
        let mut index = Self::default();
        let mut interned: HashMap<String, u32> = HashMap::new();
        let mut intern = |names: &mut Vec<Box<str>>, text: &str| -> u32 {
            let short = short_place(text);
            *interned.entry(short.to_owned()).or_insert_with(|| {
                names.push(short.into());
                u32::try_from(names.len() - 1).unwrap_or(u32::MAX)
            })
        };
        for m in &feed.measures {
            let name = intern(&mut index.names, &m.location);
            let urgency = measure_urgency(m.status);
            let located = match (m.lat, m.lon) {
                (Some(lat), Some(lon)) => index.add(&[LonLat::new(lat, lon)], false, name, urgency),
                _ => gazetteer::locate(&m.location).and_then(|place| index.add(place.points, true, name, urgency)),
            };
            index.measures.push(located);
        }
        for i in &feed.incidents {
            let name = intern(&mut index.names, i.location.as_deref().unwrap_or(&i.title));
            let urgency = incident_urgency(i.severity);
            let located = match (i.lat, i.lon) {
                (Some(lat), Some(lon)) => index.add(&[LonLat::new(lat, lon)], false, name, urgency),
                _ => None,
            };
            index.incidents.push(located);
        }
        index
    }

    fn add(&mut self, points: &[LonLat], approximate: bool, name: u32, urgency: u8) -> Option<Located> {
        let first = u32::try_from(self.points.len()).ok()?;
        let count = u32::try_from(points.len()).ok()?;
        self.points.extend_from_slice(points);
        Some(Located { first, count, approximate, name, urgency })
    }

    /// Where measure `index` is, if anywhere.
    #[must_use]
    pub fn measure(&self, index: u32) -> Option<Located> {
        self.measures.get(index as usize).copied().flatten()
    }

    /// Where incident `index` is, if anywhere.
    #[must_use]
    pub fn incident(&self, index: u32) -> Option<Located> {
        self.incidents.get(index as usize).copied().flatten()
    }

    /// The points of a located item.
    #[must_use]
    pub fn points(&self, located: Located) -> &[LonLat] {
        let first = located.first as usize;
        self.points.get(first..first + located.count as usize).unwrap_or_default()
    }

    /// A short place name by its id ("Parijs" for "Parijs (Porte de Vincennes), FR").
    #[must_use]
    pub fn name(&self, id: u32) -> &str {
        self.names.get(id as usize).map_or("", |n| n)
    }
}

fn incident_urgency(severity: Severity) -> u8 {
    match severity {
        Severity::Critical => 90,
        Severity::Major => 80,
        Severity::Minor => 50,
        Severity::Info => 20,
    }
}

fn measure_urgency(status: MeasureStatus) -> u8 {
    match status {
        MeasureStatus::Intensified => 70,
        MeasureStatus::Active => 60,
        MeasureStatus::Planned => 40,
        MeasureStatus::ScaledDown => 30,
        MeasureStatus::Ended => 10,
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

    #[test]
    fn the_demo_is_indexed() {
        let feed = crate::feed::decode(
            crate::feed::DEMO_FEED.as_bytes(),
            crate::feed::Format::Toml,
            &crate::feed::DecodeOptions::default(),
        )
        .unwrap()
        .feed;
        let index = MapIndex::new(&feed);
        let find = |id: &str| u32::try_from(feed.measures.iter().position(|m| m.id.as_str() == id).unwrap()).unwrap();
        let zuidgrens = index.measure(find("zuidgrens-mtv")).unwrap();
        assert!(zuidgrens.approximate);
        assert_eq!(index.points(zuidgrens), gazetteer::SOUTHERN_CROSSINGS);
        assert_eq!(index.name(zuidgrens.name), "Zuidgrens");
        assert_eq!(index.measure(find("paraatheid-veiligheidsdiensten")), None, "Landelijk is nowhere");
        let paris = feed.incidents.iter().position(|i| i.id.as_str() == "porte-de-vincennes-2015-01-09").unwrap();
        let paris = index.incident(u32::try_from(paris).unwrap()).unwrap();
        assert!(!paris.approximate);
        assert_eq!(index.name(paris.name), "Parijs");
        assert_eq!(paris.urgency, 90);
    }
}
