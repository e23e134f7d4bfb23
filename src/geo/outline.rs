//! The map's outline: coasts and land borders of the Netherlands and Europe around it,
//! decoded from `assets/outline.bin` (made by `scripts/make-outline.py` from Natural
//! Earth; the format is documented there), and whether a point lies on land.

use std::sync::OnceLock;

/// The asset, built into the binary.
const ASSET: &[u8] = include_bytes!("../../assets/outline.bin");

/// A place in degrees (WGS84).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LonLat {
    pub lon: f64,
    pub lat: f64,
}

impl LonLat {
    #[must_use]
    pub const fn new(lat: f64, lon: f64) -> Self {
        Self { lon, lat }
    }
}

/// What a line of the outline is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    /// Land meets the sea (or a lake large enough to be left out of a country).
    Coast,
    /// Land meets another country's land.
    Border,
}

/// One polyline of the outline.
#[derive(Debug, Clone, PartialEq)]
pub struct OutlineLine {
    pub kind: LineKind,
    /// The country (ISO 3166 alpha-3) and, for a border, its neighbour.
    pub countries: ([u8; 3], Option<[u8; 3]>),
    pub points: Vec<LonLat>,
}

impl OutlineLine {
    /// Whether this line is the border between `a` and `b` (in either order).
    #[must_use]
    pub fn is_border_between(&self, a: &str, b: &str) -> bool {
        let codes = (self.countries.0.as_slice(), self.countries.1.as_ref().map(<[u8; 3]>::as_slice));
        self.kind == LineKind::Border
            && (codes == (a.as_bytes(), Some(b.as_bytes())) || codes == (b.as_bytes(), Some(a.as_bytes())))
    }
}

/// A closed ring of one country's land (islands are rings of their own; a point is on
/// the country's land when an odd number of its rings hold it).
#[derive(Debug, Clone, PartialEq)]
struct Ring {
    country: [u8; 3],
    points: Vec<LonLat>,
}

/// The decoded outline.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Outline {
    pub lines: Vec<OutlineLine>,
    rings: Vec<Ring>,
}

/// Why the asset could not be read (only a broken build could cause this; a test
/// guards it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutlineError {
    pub offset: usize,
    pub what: &'static str,
}

impl std::fmt::Display for OutlineError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "map outline, byte {}: {}", self.offset, self.what)
    }
}

impl std::error::Error for OutlineError {}

impl Outline {
    /// The built-in outline, decoded once; empty (and drawn as such) if the asset is
    /// broken.
    #[must_use]
    pub fn builtin() -> &'static Self {
        static OUTLINE: OnceLock<Outline> = OnceLock::new();
        OUTLINE.get_or_init(|| Self::decode(ASSET).unwrap_or_default())
    }

    /// Decodes the asset format of `scripts/make-outline.py`.
    ///
    /// # Errors
    /// Where the bytes do not follow the format.
    pub fn decode(bytes: &[u8]) -> Result<Self, OutlineError> {
        let mut reader = Reader { bytes, at: 0 };
        if reader.take(4)? != b"SRMO" {
            return Err(reader.error("not a sitrep outline (magic)"));
        }
        if reader.byte()? != 1 {
            return Err(reader.error("unknown format version"));
        }
        let country_count = reader.count()?;
        let mut countries = Vec::with_capacity(country_count);
        for _ in 0..country_count {
            let code = reader.take(3)?;
            countries.push([code[0], code[1], code[2]]);
        }
        let country = |reader: &mut Reader<'_>| -> Result<[u8; 3], OutlineError> {
            let index = reader.varint()?;
            usize::try_from(index)
                .ok()
                .and_then(|i| countries.get(i).copied())
                .ok_or_else(|| reader.error("country index out of range"))
        };
        let line_count = reader.count()?;
        let mut lines = Vec::with_capacity(line_count);
        for _ in 0..line_count {
            let kind = match reader.byte()? {
                0 => LineKind::Coast,
                1 => LineKind::Border,
                _ => return Err(reader.error("unknown line kind")),
            };
            let first = country(&mut reader)?;
            let second = if kind == LineKind::Border { Some(country(&mut reader)?) } else { None };
            let point_count = reader.count()?;
            if point_count < 2 {
                return Err(reader.error("a line needs two points"));
            }
            let mut points = Vec::with_capacity(point_count);
            let (mut lon, mut lat) = (0_i64, 0_i64);
            for _ in 0..point_count {
                lon += reader.signed()?;
                lat += reader.signed()?;
                points.push(from_thousandths(lon, lat).ok_or_else(|| reader.error("point out of range"))?);
            }
            lines.push(OutlineLine { kind, countries: (first, second), points });
        }
        let ring_count = reader.count()?;
        let mut rings = Vec::with_capacity(ring_count);
        for _ in 0..ring_count {
            let owner = country(&mut reader)?;
            let mut points = Vec::new();
            for _ in 0..reader.count()? {
                let reference = reader.signed()?;
                let (index, reversed) = if reference < 0 { (-reference - 1, true) } else { (reference, false) };
                let line = usize::try_from(index)
                    .ok()
                    .and_then(|i| lines.get(i))
                    .ok_or_else(|| reader.error("ring refers to a missing line"))?;
                // Consecutive lines of a ring share their end points.
                if reversed {
                    points.extend(line.points.iter().rev().skip(usize::from(!points.is_empty())));
                } else {
                    points.extend(line.points.iter().skip(usize::from(!points.is_empty())));
                }
            }
            rings.push(Ring { country: owner, points });
        }
        if reader.at != bytes.len() {
            return Err(reader.error("bytes after the rings"));
        }
        Ok(Self { lines, rings })
    }

    /// The country (ISO alpha-3) whose land holds `point`, among those with rings in
    /// the asset: the Netherlands, Belgium and Luxembourg.
    #[must_use]
    pub fn country_at(&self, point: LonLat) -> Option<&str> {
        let mut found: Option<(&[u8; 3], bool)> = None;
        for ring in &self.rings {
            if !ring_holds(&ring.points, point) {
                continue;
            }
            found = match found {
                // A second ring of the same country holding the point is a hole.
                Some((code, inside)) if *code == ring.country => Some((code, !inside)),
                Some(other) => Some(other),
                None => Some((&ring.country, true)),
            };
        }
        found.filter(|(_, inside)| *inside).and_then(|(code, _)| std::str::from_utf8(code).ok())
    }

    /// Whether `point` lies on the land of a country with rings (see [`Self::country_at`]).
    #[must_use]
    pub fn on_land(&self, point: LonLat) -> bool {
        self.country_at(point).is_some()
    }

    /// The shortest distance from `point` to any border between `a` and `b`, in degrees
    /// of latitude (x scaled as the map projects it).
    #[must_use]
    pub fn distance_to_border(&self, point: LonLat, a: &str, b: &str) -> Option<f64> {
        let scale = crate::geo::projection::X_SCALE;
        let (px, py) = (point.lon * scale, point.lat);
        self.lines
            .iter()
            .filter(|line| line.is_border_between(a, b))
            .flat_map(|line| line.points.windows(2))
            .map(|pair| {
                let (ax, ay, bx, by) = (pair[0].lon * scale, pair[0].lat, pair[1].lon * scale, pair[1].lat);
                let (dx, dy) = (bx - ax, by - ay);
                let length = dx * dx + dy * dy;
                let t = if length > 0.0 { (((px - ax) * dx + (py - ay) * dy) / length).clamp(0.0, 1.0) } else { 0.0 };
                (px - (ax + t * dx)).hypot(py - (ay + t * dy))
            })
            .min_by(f64::total_cmp)
    }
}

/// Even-odd ray casting.
fn ring_holds(ring: &[LonLat], point: LonLat) -> bool {
    let mut inside = false;
    for pair in ring.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        if (a.lat > point.lat) != (b.lat > point.lat) {
            let lon = a.lon + (point.lat - a.lat) / (b.lat - a.lat) * (b.lon - a.lon);
            if point.lon < lon {
                inside = !inside;
            }
        }
    }
    inside
}

fn from_thousandths(lon: i64, lat: i64) -> Option<LonLat> {
    let (lon, lat) = (i32::try_from(lon).ok()?, i32::try_from(lat).ok()?);
    let point = LonLat { lon: f64::from(lon) / 1000.0, lat: f64::from(lat) / 1000.0 };
    ((-180.0..=180.0).contains(&point.lon) && (-90.0..=90.0).contains(&point.lat)).then_some(point)
}

/// Reads the asset's varints.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn error(&self, what: &'static str) -> OutlineError {
        OutlineError { offset: self.at, what }
    }

    fn take(&mut self, n: usize) -> Result<&[u8], OutlineError> {
        let slice = self.bytes.get(self.at..self.at + n).ok_or_else(|| self.error("ends too early"))?;
        self.at += n;
        Ok(slice)
    }

    fn byte(&mut self) -> Result<u8, OutlineError> {
        Ok(self.take(1)?[0])
    }

    fn varint(&mut self) -> Result<u64, OutlineError> {
        let mut value = 0_u64;
        for shift in (0..64).step_by(7) {
            let byte = self.byte()?;
            value |= u64::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                return Ok(value);
            }
        }
        Err(self.error("varint too long"))
    }

    /// A count, bounded by what the rest of the bytes could hold (so a broken count
    /// cannot ask for a huge allocation).
    fn count(&mut self) -> Result<usize, OutlineError> {
        let value = self.varint()?;
        usize::try_from(value)
            .ok()
            .filter(|n| *n <= self.bytes.len() - self.at.min(self.bytes.len()) + 1)
            .ok_or_else(|| self.error("count larger than the file"))
    }

    fn signed(&mut self) -> Result<i64, OutlineError> {
        let value = self.varint()?;
        let magnitude = i64::try_from(value >> 1).map_err(|_| self.error("number too large"))?;
        Ok(if value & 1 == 0 { magnitude } else { -magnitude - 1 })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_asset_decodes_whole() {
        let outline = Outline::decode(ASSET).unwrap();
        assert!(outline.lines.len() > 100);
        assert!(outline.lines.iter().any(|l| l.is_border_between("NLD", "BEL")));
        assert!(outline.lines.iter().any(|l| l.is_border_between("DEU", "NLD")));
        assert!(outline.lines.iter().any(|l| l.kind == LineKind::Coast && &l.countries.0 == b"NLD"));
    }

    #[test]
    fn broken_assets_are_errors_not_panics() {
        assert!(Outline::decode(b"").is_err());
        assert!(Outline::decode(b"SRMO\x02").is_err());
        for cut in 0..ASSET.len().min(400) {
            assert!(Outline::decode(&ASSET[..cut]).is_err(), "cut at {cut}");
        }
        let mut longer = ASSET.to_vec();
        longer.push(0);
        assert!(Outline::decode(&longer).is_err());
        // A huge count.
        assert!(Outline::decode(b"SRMO\x01\xff\xff\xff\xff\xff\xff\xff\xff\x7f").is_err());
    }
}
