//! The map's geography against places everyone knows: cities and airports on Dutch
//! land, the Westerschelde and the Wadden Sea outside it, the southern border crossings
//! on the border with Belgium, and the gazetteer's places where they belong.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use sitrep::geo::gazetteer::{self, SOUTHERN_CROSSINGS};
use sitrep::geo::projection::DATA_EXTENT;
use sitrep::geo::{LonLat, MapRegion, Outline};

fn country(lat: f64, lon: f64) -> Option<&'static str> {
    Outline::builtin().country_at(LonLat::new(lat, lon))
}

#[test]
fn amsterdam_schiphol_and_rotterdam_are_in_the_netherlands() {
    for (name, lat, lon) in [
        ("Amsterdam", 52.3731, 4.8922),
        ("Schiphol", 52.3086, 4.7639),
        ("Rotterdam", 51.9225, 4.4792),
        ("Den Haag", 52.0799, 4.3113),
        ("Groningen", 53.2194, 6.5665),
        ("Maastricht", 50.8514, 5.6910),
        ("Middelburg (Walcheren)", 51.4988, 3.6136),
        ("Terneuzen (Zeeuws-Vlaanderen)", 51.3356, 3.8281),
        ("Texel", 53.0547, 4.7977),
    ] {
        assert_eq!(country(lat, lon), Some("NLD"), "{name}");
    }
}

#[test]
fn the_westerschelde_and_the_wadden_sea_are_not_land() {
    for (name, lat, lon) in [
        ("Westerschelde off Vlissingen", 51.425, 3.60),
        ("Westerschelde off Borssele", 51.40, 3.70),
        ("Westerschelde off Hansweert", 51.42, 3.98),
        ("Wadden Sea off Harlingen", 53.25, 5.25),
        ("Wadden Sea north of the Afsluitdijk", 53.10, 5.10),
        ("Wadden Sea south of Ameland", 53.38, 5.80),
        ("North Sea off Scheveningen", 52.15, 4.10),
    ] {
        assert_eq!(country(lat, lon), None, "{name}");
    }
}

#[test]
fn the_neighbours_are_told_apart() {
    assert_eq!(country(50.8503, 4.3517), Some("BEL"), "Brussels");
    assert_eq!(country(51.2194, 4.4025), Some("BEL"), "Antwerp");
    assert_eq!(country(49.6116, 6.1319), Some("LUX"), "Luxembourg");
    // Germany has no rings in the asset: on the map, but not Dutch land.
    assert_eq!(country(50.9375, 6.9603), None, "Cologne");
}

#[test]
fn the_southern_crossings_sit_on_the_border_with_belgium() {
    let outline = Outline::builtin();
    for &crossing in SOUTHERN_CROSSINGS {
        let distance = outline.distance_to_border(crossing, "NLD", "BEL").unwrap();
        // 0.02 degree of latitude is about 2 km: the outline's own accuracy at 1:10m.
        assert!(distance < 0.02, "{crossing:?} is {distance:.3} degrees from the border");
    }
    let zuidgrens = gazetteer::locate("Zuidgrens").unwrap();
    assert_eq!(zuidgrens.points, SOUTHERN_CROSSINGS);
    // The check can fail: Utrecht is far from that border.
    assert!(outline.distance_to_border(LonLat::new(52.09, 5.12), "NLD", "BEL").unwrap() > 0.5);
}

#[test]
fn every_dutch_place_of_the_gazetteer_is_on_dutch_land_or_its_border() {
    let outline = Outline::builtin();
    for place in gazetteer::PLACES {
        for &point in place.points {
            let on_land = outline.country_at(point) == Some("NLD");
            let on_border = outline.distance_to_border(point, "NLD", "BEL").is_some_and(|d| d < 0.02);
            assert!(on_land || on_border, "{} at {point:?}", place.name);
        }
    }
}

#[test]
fn the_regions_lie_within_the_outline_data() {
    for region in [MapRegion::Netherlands, MapRegion::Europe] {
        let extent = region.extent();
        assert!(extent.west >= DATA_EXTENT.west && extent.east <= DATA_EXTENT.east, "{region:?}");
        assert!(extent.south >= DATA_EXTENT.south && extent.north <= DATA_EXTENT.north, "{region:?}");
    }
    let paris = LonLat::new(48.8566, 2.3522);
    let brussels = LonLat::new(50.8503, 4.3517);
    assert!(!MapRegion::Netherlands.extent().contains(paris));
    assert!(MapRegion::Europe.extent().contains(paris) && MapRegion::Europe.extent().contains(brussels));
}

#[test]
fn the_asset_is_a_few_kilobytes_and_has_both_kinds_of_line() {
    let bytes = std::fs::read("assets/outline.bin").unwrap();
    assert!(bytes.len() < 16 * 1024, "{} bytes", bytes.len());
    let outline = Outline::decode(&bytes).unwrap();
    assert_eq!(&outline, Outline::builtin());
    let borders = outline.lines.iter().filter(|l| l.kind == sitrep::geo::LineKind::Border).count();
    assert!(borders >= 20 && outline.lines.len() - borders >= 20);
}
