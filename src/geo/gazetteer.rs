//! A small gazetteer: where a measure is when its feed item names a known location but
//! gives no coordinates. It knows the large stations, the airports and the crossings
//! of the southern border, each by its usual names, and three groups ("Grote stations",
//! "Luchthavens", "Zuidgrens") that stand for all of their members. A place found here
//! is approximate: the screen says so.

use crate::geo::outline::LonLat;

/// A known location: one point, or several for a group.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Place {
    /// The name it is known by on screen and in tests.
    pub name: &'static str,
    pub points: &'static [LonLat],
    /// Other names it goes by, compared after [`normalize`].
    aliases: &'static [&'static str],
}

// Stations: the building, from the public record (OpenStreetMap), to about 100 m.
const AMSTERDAM_CENTRAAL: LonLat = LonLat::new(52.3789, 4.9003);
const AMSTERDAM_ZUID: LonLat = LonLat::new(52.3390, 4.8730);
const UTRECHT_CENTRAAL: LonLat = LonLat::new(52.0894, 5.1100);
const ROTTERDAM_CENTRAAL: LonLat = LonLat::new(51.9244, 4.4690);
const DEN_HAAG_CENTRAAL: LonLat = LonLat::new(52.0808, 4.3247);
const LEIDEN_CENTRAAL: LonLat = LonLat::new(52.1664, 4.4817);
const SCHIPHOL_STATION: LonLat = LonLat::new(52.3092, 4.7619);
const EINDHOVEN_CENTRAAL: LonLat = LonLat::new(51.4431, 5.4811);
const ARNHEM_CENTRAAL: LonLat = LonLat::new(51.9850, 5.8988);
const BREDA_STATION: LonLat = LonLat::new(51.5953, 4.7800);
// Airports: the terminal.
const SCHIPHOL: LonLat = LonLat::new(52.3086, 4.7639);
const ROTTERDAM_AIRPORT: LonLat = LonLat::new(51.9569, 4.4372);
const EINDHOVEN_AIRPORT: LonLat = LonLat::new(51.4501, 5.3745);
const MAASTRICHT_AIRPORT: LonLat = LonLat::new(50.9117, 5.7701);
const GRONINGEN_AIRPORT: LonLat = LonLat::new(53.1197, 6.5794);
// Crossings of the border with Belgium, west to east, where road or rail crosses it
// (a test checks each lies on the outline's border).
const SAS_VAN_GENT: LonLat = LonLat::new(51.2220, 3.7990);
const ESSEN_ROOSENDAAL: LonLat = LonLat::new(51.4760, 4.4540);
const HAZELDONK: LonLat = LonLat::new(51.4920, 4.7460);
const POPPEL: LonLat = LonLat::new(51.4560, 5.0510);
const STEIN: LonLat = LonLat::new(50.9650, 5.7490);
const EIJSDEN: LonLat = LonLat::new(50.7630, 5.7030);

/// The crossings of the southern border.
pub const SOUTHERN_CROSSINGS: &[LonLat] = &[SAS_VAN_GENT, ESSEN_ROOSENDAAL, HAZELDONK, POPPEL, STEIN, EIJSDEN];

const fn place(name: &'static str, points: &'static [LonLat], aliases: &'static [&'static str]) -> Place {
    Place { name, points, aliases }
}

/// Every known location; "Grote stations" are the largest stations of the four big
/// cities, Eindhoven and Arnhem, and Breda for the trains to Belgium. A station's name
/// also matches with "station" before or after
/// it, and "X Centraal" as "X CS".
pub static PLACES: &[Place] = &[
    place("Amsterdam Centraal", &[AMSTERDAM_CENTRAAL], &["amsterdam central station"]),
    place("Amsterdam Zuid", &[AMSTERDAM_ZUID], &[]),
    place("Utrecht Centraal", &[UTRECHT_CENTRAAL], &["utrecht central station"]),
    place("Rotterdam Centraal", &[ROTTERDAM_CENTRAAL], &["rotterdam central station"]),
    place("Den Haag Centraal", &[DEN_HAAG_CENTRAAL], &["the hague central station", "den haag cs"]),
    place("Leiden Centraal", &[LEIDEN_CENTRAAL], &["leiden central station"]),
    place("Schiphol Airport station", &[SCHIPHOL_STATION], &["station schiphol", "station schiphol airport"]),
    place("Eindhoven Centraal", &[EINDHOVEN_CENTRAAL], &["station eindhoven", "eindhoven central station"]),
    place("Arnhem Centraal", &[ARNHEM_CENTRAAL], &["arnhem central station"]),
    place("Breda", &[BREDA_STATION], &["station breda"]),
    place(
        "Schiphol",
        &[SCHIPHOL],
        &["luchthaven schiphol", "schiphol airport", "amsterdam airport schiphol", "amsterdam schiphol", "ams", "eham"],
    ),
    place(
        "Rotterdam The Hague Airport",
        &[ROTTERDAM_AIRPORT],
        &["rotterdam airport", "luchthaven rotterdam", "rotterdam den haag airport", "zestienhoven", "rtm", "ehrd"],
    ),
    place("Eindhoven Airport", &[EINDHOVEN_AIRPORT], &["luchthaven eindhoven", "ein", "eheh"]),
    place(
        "Maastricht Aachen Airport",
        &[MAASTRICHT_AIRPORT],
        &["maastricht airport", "luchthaven maastricht", "mst", "ehbk"],
    ),
    place(
        "Groningen Airport Eelde",
        &[GRONINGEN_AIRPORT],
        &["groningen airport", "eelde", "luchthaven eelde", "grq", "ehgg"],
    ),
    place("Sas van Gent", &[SAS_VAN_GENT], &["zelzate", "grensovergang sas van gent"]),
    place("Essen–Roosendaal", &[ESSEN_ROOSENDAAL], &["essen roosendaal", "roosendaal essen"]),
    place("Hazeldonk", &[HAZELDONK], &["grensovergang hazeldonk", "a16 hazeldonk", "hazeldonk meer"]),
    place("Poppel", &[POPPEL], &["grensovergang poppel", "goirle poppel"]),
    place("Stein–Maasmechelen", &[STEIN], &["stein maasmechelen", "maasmechelen", "a76 stein"]),
    place("Eijsden", &[EIJSDEN], &["grensovergang eijsden", "eijsden vise", "a2 eijsden"]),
    place(
        "Grote stations",
        &[
            AMSTERDAM_CENTRAAL,
            UTRECHT_CENTRAAL,
            ROTTERDAM_CENTRAAL,
            DEN_HAAG_CENTRAAL,
            EINDHOVEN_CENTRAAL,
            ARNHEM_CENTRAAL,
            BREDA_STATION,
        ],
        &["large stations", "major stations", "de grote stations", "stations"],
    ),
    place(
        "Luchthavens",
        &[SCHIPHOL, ROTTERDAM_AIRPORT, EINDHOVEN_AIRPORT, MAASTRICHT_AIRPORT, GRONINGEN_AIRPORT],
        &["airports", "de luchthavens", "the airports", "vliegvelden"],
    ),
    place(
        "Zuidgrens",
        SOUTHERN_CROSSINGS,
        &["de zuidgrens", "southern border", "the southern border", "grens met belgie", "belgische grens"],
    ),
];

/// The known location `location` names, if any.
#[must_use]
pub fn locate(location: &str) -> Option<&'static Place> {
    let wanted = normalize(location);
    if wanted.is_empty() {
        return None;
    }
    // A station goes by its name with "station" before or after it.
    let bare =
        wanted.strip_prefix("station ").or_else(|| wanted.strip_suffix(" station")).unwrap_or(&wanted).to_owned();
    PLACES.iter().find(|place| {
        let name = normalize(place.name);
        let short = name.strip_suffix(" centraal").map(|stem| format!("{stem} cs"));
        [wanted.as_str(), bare.as_str()].iter().any(|w| {
            *w == name || short.as_deref() == Some(*w) || place.aliases.iter().any(|alias| normalize(alias) == *w)
        })
    })
}

/// Lower case, accents taken off the common letters, punctuation as spaces, one space
/// between words.
#[must_use]
pub fn normalize(text: &str) -> String {
    let folded: String = text
        .chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'á' | 'à' | 'â' | 'ä' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'í' | 'ì' | 'î' | 'ï' => 'i',
            'ó' | 'ò' | 'ô' | 'ö' => 'o',
            'ú' | 'ù' | 'û' | 'ü' => 'u',
            c if c.is_alphanumeric() => c,
            _ => ' ',
        })
        .collect();
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_found_in_their_usual_forms() {
        let name = |text: &str| locate(text).map(|p| p.name);
        assert_eq!(name("Schiphol"), Some("Schiphol"));
        assert_eq!(name("Luchthaven Schiphol"), Some("Schiphol"));
        assert_eq!(name("  SCHIPHOL airport "), Some("Schiphol"));
        assert_eq!(name("Station Utrecht Centraal"), Some("Utrecht Centraal"));
        assert_eq!(name("Utrecht CS"), Some("Utrecht Centraal"));
        assert_eq!(name("Rotterdam Centraal station"), Some("Rotterdam Centraal"));
        assert_eq!(name("Eindhoven Airport"), Some("Eindhoven Airport"));
        assert_eq!(name("Station Eindhoven"), Some("Eindhoven Centraal"));
        assert_eq!(name("Zuidgrens"), Some("Zuidgrens"));
        assert_eq!(name("Grens met België"), Some("Zuidgrens"));
        assert_eq!(name("Grote stations"), Some("Grote stations"));
        assert_eq!(name("Luchthavens"), Some("Luchthavens"));
        assert_eq!(name("Hazeldonk"), Some("Hazeldonk"));
    }

    #[test]
    fn unknown_and_partial_names_are_not_guessed() {
        for text in ["", "   ", "Landelijk", "Overheidsgebouwen", "Amsterdam", "Rotterdam", "Schiphol-Oost hangar 12"] {
            assert_eq!(locate(text), None, "{text}");
        }
    }

    #[test]
    fn groups_hold_their_members() {
        let airports = locate("Luchthavens").unwrap();
        for member in ["Schiphol", "Eindhoven Airport", "Rotterdam The Hague Airport"] {
            let point = locate(member).unwrap().points[0];
            assert!(airports.points.contains(&point), "{member}");
        }
        assert_eq!(locate("Zuidgrens").unwrap().points, SOUTHERN_CROSSINGS);
    }
}
