//! The cities that label the map: the largest of the Netherlands and of the countries
//! around it for the Netherlands view, capitals and large cities for the Europe view.
//! In order of importance: a label that does not fit gives way to the ones before it.

use crate::config::Language;
use crate::geo::outline::LonLat;
use crate::geo::projection::MapRegion;

/// A city that may be labelled.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct City {
    pub english: &'static str,
    pub dutch: &'static str,
    pub at: LonLat,
    /// Labelled on the Netherlands view.
    pub near: bool,
    /// Labelled on the Europe view.
    pub far: bool,
}

impl City {
    #[must_use]
    pub fn name(&self, language: Language) -> &'static str {
        match language {
            Language::En => self.english,
            Language::Nl => self.dutch,
        }
    }

    #[must_use]
    pub fn shown_on(&self, region: MapRegion) -> bool {
        match region {
            MapRegion::Netherlands => self.near,
            MapRegion::Europe => self.far,
        }
    }
}

const fn city(english: &'static str, dutch: &'static str, lat: f64, lon: f64, near: bool, far: bool) -> City {
    City { english, dutch, at: LonLat::new(lat, lon), near, far }
}

/// Every labelled city, most important first.
pub static CITIES: &[City] = &[
    city("Amsterdam", "Amsterdam", 52.3731, 4.8922, true, true),
    city("Brussels", "Brussel", 50.8503, 4.3517, true, true),
    city("Paris", "Parijs", 48.8566, 2.3522, false, true),
    city("London", "Londen", 51.5074, -0.1278, false, true),
    city("Berlin", "Berlijn", 52.5200, 13.4050, false, true),
    city("Rotterdam", "Rotterdam", 51.9225, 4.4792, true, false),
    city("The Hague", "Den Haag", 52.0799, 4.3113, true, false),
    city("Utrecht", "Utrecht", 52.0907, 5.1214, true, false),
    city("Eindhoven", "Eindhoven", 51.4416, 5.4697, true, false),
    city("Groningen", "Groningen", 53.2194, 6.5665, true, false),
    city("Vienna", "Wenen", 48.2082, 16.3738, false, true),
    city("Copenhagen", "Kopenhagen", 55.6761, 12.5683, false, true),
    city("Prague", "Praag", 50.0755, 14.4378, false, true),
    city("Bern", "Bern", 46.9480, 7.4474, false, true),
    city("Luxembourg", "Luxemburg", 49.6116, 6.1319, true, true),
    city("Antwerp", "Antwerpen", 51.2194, 4.4025, true, false),
    city("Cologne", "Keulen", 50.9375, 6.9603, true, true),
    city("Tilburg", "Tilburg", 51.5555, 5.0913, true, false),
    city("Almere", "Almere", 52.3508, 5.2647, true, false),
    city("Breda", "Breda", 51.5719, 4.7683, true, false),
    city("Nijmegen", "Nijmegen", 51.8426, 5.8528, true, false),
    city("Arnhem", "Arnhem", 51.9851, 5.8987, true, false),
    city("Zwolle", "Zwolle", 52.5168, 6.0830, true, false),
    city("Enschede", "Enschede", 52.2215, 6.8937, true, false),
    city("Maastricht", "Maastricht", 50.8514, 5.6910, true, false),
    city("Leeuwarden", "Leeuwarden", 53.2012, 5.7999, true, false),
    city("Middelburg", "Middelburg", 51.4988, 3.6136, true, false),
    city("Hamburg", "Hamburg", 53.5511, 9.9937, false, true),
    city("Frankfurt", "Frankfurt", 50.1109, 8.6821, false, true),
    city("Munich", "München", 48.1351, 11.5820, false, true),
    city("Dublin", "Dublin", 53.3498, -6.2603, false, true),
    city("Lyon", "Lyon", 45.7640, 4.8357, false, true),
    city("Milan", "Milaan", 45.4642, 9.1900, false, true),
    city("Marseille", "Marseille", 43.2965, 5.3698, false, true),
    city("Ghent", "Gent", 51.0543, 3.7174, true, false),
    city("Liège", "Luik", 50.6326, 5.5797, true, false),
    city("Düsseldorf", "Düsseldorf", 51.2277, 6.7735, true, false),
    city("Essen", "Essen", 51.4556, 7.0116, true, false),
    city("Aachen", "Aken", 50.7753, 6.0839, true, false),
    city("Münster", "Münster", 51.9607, 7.6261, true, false),
    city("Bremen", "Bremen", 53.0793, 8.8017, true, false),
    city("Lille", "Rijsel", 50.6292, 3.0573, true, false),
];
