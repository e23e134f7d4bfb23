//! The map's words, in English and Dutch (beside `ui::labels`, which holds the rest).

use crate::config::Language;
use crate::geo::MapRegion;

/// The fixed words of the map in one language.
#[derive(Debug)]
pub struct MapWords {
    pub map: &'static str,
    pub netherlands: &'static str,
    pub europe: &'static str,
    pub off_map: &'static str,
    pub without_position: &'static str,
    pub approximate: &'static str,
    pub places: &'static str,
    pub no_position: &'static str,
    pub legend: &'static str,
    pub city: &'static str,
    pub coast: &'static str,
    pub land_border: &'static str,
    pub nothing_selected: &'static str,
}

pub static EN: MapWords = MapWords {
    map: "Map",
    netherlands: "Netherlands",
    europe: "Europe",
    off_map: "off the map",
    without_position: "without a position",
    approximate: "approximate",
    places: "places",
    no_position: "no position",
    legend: "Legend",
    city: "city",
    coast: "coast",
    land_border: "land border",
    nothing_selected: "nothing selected (Tab, j k)",
};

pub static NL: MapWords = MapWords {
    map: "Kaart",
    netherlands: "Nederland",
    europe: "Europa",
    off_map: "buiten de kaart",
    without_position: "zonder positie",
    approximate: "bij benadering",
    places: "plaatsen",
    no_position: "geen positie",
    legend: "Legenda",
    city: "stad",
    coast: "kust",
    land_border: "landgrens",
    nothing_selected: "niets geselecteerd (Tab, j k)",
};

impl MapWords {
    #[must_use]
    pub fn of(language: Language) -> &'static Self {
        match language {
            Language::En => &EN,
            Language::Nl => &NL,
        }
    }

    #[must_use]
    pub fn region(&self, region: MapRegion) -> &'static str {
        match region {
            MapRegion::Netherlands => self.netherlands,
            MapRegion::Europe => self.europe,
        }
    }
}
