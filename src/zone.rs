//! Time zones: the zone every time is shown in, found the way the C library finds it
//! (`TZ`, then `/etc/localtime`), and the adapter that lets chrono format times in it.
//!
//! The zone data comes from `jiff`, which reads IANA names, `:name`, paths to zone files,
//! POSIX rules (`CET-1CEST,M3.5.0,M10.5.0/3`) and `/etc/localtime` as a symlink or as a
//! plain copy; its tz database is built in, so a minimal server without tzdata still
//! knows `Europe/Amsterdam`.

use std::fmt;
use std::path::Path;

use chrono::{DateTime, FixedOffset, MappedLocalTime, NaiveDate, NaiveDateTime, TimeZone, Utc};

/// The C library's default for the system zone.
pub const LOCALTIME: &str = "/etc/localtime";

/// A time zone to show times in.
#[derive(Clone, PartialEq, Eq)]
pub struct Zone {
    tz: jiff::tz::TimeZone,
}

impl fmt::Debug for Zone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Zone({})", self.name().unwrap_or("unnamed"))
    }
}

impl Zone {
    /// UTC.
    #[must_use]
    pub fn utc() -> Self {
        Self { tz: jiff::tz::TimeZone::UTC }
    }

    /// UTC, marked as a stand-in: the system's zone could not be determined.
    #[must_use]
    pub fn unknown() -> Self {
        Self { tz: jiff::tz::TimeZone::unknown() }
    }

    /// A zone by its IANA name (`Europe/Amsterdam`).
    ///
    /// # Errors
    /// A message when the name is not in the tz database.
    pub fn named(name: &str) -> Result<Self, String> {
        jiff::tz::TimeZone::get(name)
            .map(|tz| Self { tz })
            .map_err(|_| format!("unknown time zone `{name}`: expected an IANA name such as \"Europe/Amsterdam\""))
    }

    /// The IANA name, where the zone has one (a POSIX rule or a copied zone file may not).
    #[must_use]
    pub fn name(&self) -> Option<&str> {
        self.tz.iana_name()
    }

    /// Whether this stands in for a zone that could not be determined.
    #[must_use]
    pub fn is_unknown(&self) -> bool {
        self.tz.is_unknown()
    }

    /// Whether this is UTC itself.
    #[must_use]
    pub fn is_utc(&self) -> bool {
        self.tz == jiff::tz::TimeZone::UTC
            || self.is_unknown()
            || matches!(
                self.name(),
                Some("UTC" | "Etc/UTC" | "UCT" | "Etc/UCT" | "Zulu" | "Etc/Zulu" | "Universal" | "Etc/Universal")
            )
    }

    /// The offset and abbreviation in force at `utc`.
    fn offset_at_utc(&self, utc: &NaiveDateTime) -> ZoneOffset {
        let seconds = utc.and_utc().timestamp();
        let timestamp = jiff::Timestamp::from_second(seconds).unwrap_or(jiff::Timestamp::UNIX_EPOCH);
        let info = self.tz.to_offset_info(timestamp);
        ZoneOffset { fixed: fixed(info.offset()), abbreviation: info.abbreviation().to_owned(), zone: self.clone() }
    }

    /// Whether `local` falls in a repeated hour (the end of summer time): shown alone
    /// it could mean two moments.
    #[must_use]
    pub fn is_ambiguous(&self, local: NaiveDateTime) -> bool {
        matches!(self.tz.to_ambiguous_timestamp(civil(local)).offset(), jiff::tz::AmbiguousOffset::Fold { .. })
    }

    /// The first moment of `date` in this zone (midnight, or the first time after a
    /// gap where midnight does not exist).
    #[must_use]
    pub fn start_of_day(&self, date: NaiveDate) -> DateTime<FixedOffset> {
        let midnight = date.and_hms_opt(0, 0, 0).unwrap_or_default();
        let start = match self.from_local_datetime(&midnight) {
            MappedLocalTime::Single(t) | MappedLocalTime::Ambiguous(t, _) => t,
            MappedLocalTime::None => {
                // Midnight fell in a gap: the day starts when the clocks jump.
                let utc = midnight - self.offset_before_gap(midnight);
                self.from_utc_datetime(&utc)
            }
        };
        start.fixed_offset()
    }

    fn offset_before_gap(&self, local: NaiveDateTime) -> chrono::TimeDelta {
        let civil = civil(local);
        match self.tz.to_ambiguous_timestamp(civil).offset() {
            jiff::tz::AmbiguousOffset::Gap { before, .. } => chrono::TimeDelta::seconds(i64::from(before.seconds())),
            jiff::tz::AmbiguousOffset::Unambiguous { offset }
            | jiff::tz::AmbiguousOffset::Fold { before: offset, .. } => {
                chrono::TimeDelta::seconds(i64::from(offset.seconds()))
            }
        }
    }
}

fn fixed(offset: jiff::tz::Offset) -> FixedOffset {
    FixedOffset::east_opt(offset.seconds()).unwrap_or_else(|| FixedOffset::east_opt(0).unwrap_or(Utc.fix()))
}

use chrono::Offset as _;

fn civil(local: NaiveDateTime) -> jiff::civil::DateTime {
    use chrono::{Datelike, Timelike};
    let (year, month, day) = (local.year(), local.month(), local.day());
    jiff::civil::DateTime::new(
        i16::try_from(year).unwrap_or(if year < 0 { i16::MIN } else { i16::MAX }),
        i8::try_from(month).unwrap_or(1),
        i8::try_from(day).unwrap_or(1),
        i8::try_from(local.hour()).unwrap_or(0),
        i8::try_from(local.minute()).unwrap_or(0),
        i8::try_from(local.second().min(59)).unwrap_or(0),
        0,
    )
    .unwrap_or_default()
}

/// An offset with the zone's abbreviation (`CET`, `CEST`), which is what `%Z` prints.
#[derive(Clone, PartialEq, Eq)]
pub struct ZoneOffset {
    fixed: FixedOffset,
    abbreviation: String,
    /// The zone it belongs to, so arithmetic on a time keeps following its rules.
    zone: Zone,
}

impl ZoneOffset {
    /// `CET`, `CEST`, `UTC`; a POSIX rule may give `<+0130>`-style names, shown bare.
    #[must_use]
    pub fn abbreviation(&self) -> &str {
        &self.abbreviation
    }
}

impl fmt::Debug for ZoneOffset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.abbreviation, self.fixed)
    }
}

impl fmt::Display for ZoneOffset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.abbreviation)
    }
}

impl chrono::Offset for ZoneOffset {
    fn fix(&self) -> FixedOffset {
        self.fixed
    }
}

impl TimeZone for Zone {
    type Offset = ZoneOffset;

    fn from_offset(offset: &ZoneOffset) -> Self {
        offset.zone.clone()
    }

    fn offset_from_local_date(&self, local: &NaiveDate) -> MappedLocalTime<ZoneOffset> {
        self.offset_from_local_datetime(&local.and_hms_opt(0, 0, 0).unwrap_or_default())
    }

    fn offset_from_local_datetime(&self, local: &NaiveDateTime) -> MappedLocalTime<ZoneOffset> {
        let at = |offset: jiff::tz::Offset| {
            let utc = *local - chrono::TimeDelta::seconds(i64::from(offset.seconds()));
            self.offset_at_utc(&utc)
        };
        match self.tz.to_ambiguous_timestamp(civil(*local)).offset() {
            jiff::tz::AmbiguousOffset::Unambiguous { offset } => MappedLocalTime::Single(at(offset)),
            jiff::tz::AmbiguousOffset::Fold { before, after } => MappedLocalTime::Ambiguous(at(before), at(after)),
            jiff::tz::AmbiguousOffset::Gap { .. } => MappedLocalTime::None,
        }
    }

    fn offset_from_utc_date(&self, utc: &NaiveDate) -> ZoneOffset {
        self.offset_at_utc(&utc.and_hms_opt(0, 0, 0).unwrap_or_default())
    }

    fn offset_from_utc_datetime(&self, utc: &NaiveDateTime) -> ZoneOffset {
        self.offset_at_utc(utc)
    }
}

/// The system's zone, as the C library resolves it: `TZ` when set (empty: UTC; an IANA
/// name, `:name`, a path to a zone file, or a POSIX rule), else `localtime` (a symlink
/// into a zoneinfo folder, `posix/` and `right/` included, or a plain copy of a zone
/// file). `Ok(Zone::unknown())` when neither tells; an error when `TZ` is set but names
/// no zone (a typo must not pass silently as UTC).
///
/// # Errors
/// A message saying what is wrong with `TZ`.
pub fn system_zone(env: impl Fn(&str) -> Option<String>, localtime: &Path) -> Result<Zone, String> {
    if let Some(value) = env("TZ") {
        return zone_from_tz(&value);
    }
    Ok(zone_from_localtime(localtime).unwrap_or_else(Zone::unknown))
}

fn zone_from_tz(value: &str) -> Result<Zone, String> {
    let spec = value.strip_prefix(':').unwrap_or(value);
    if spec.is_empty() {
        // As GNU and BSD tools agree: `TZ=` means UTC.
        return Ok(Zone::utc());
    }
    let unknown = || {
        format!(
            "TZ=`{}` names no time zone: expected an IANA name (Europe/Amsterdam), \
             a path to a zone file, or a POSIX rule (CET-1CEST,M3.5.0,M10.5.0/3)",
            crate::feed::text::clean(value, crate::feed::text::Lines::Single)
        )
    };
    if spec.starts_with('/') || spec.starts_with("./") || spec.starts_with("../") {
        return zone_from_file(Path::new(spec)).ok_or_else(unknown);
    }
    if let Some(zone) = zoneinfo_name(spec).and_then(|name| Zone::named(name).ok()) {
        return Ok(zone);
    }
    if let Ok(zone) = Zone::named(spec) {
        return Ok(zone);
    }
    if let Ok(tz) = jiff::tz::TimeZone::posix(spec) {
        return Ok(Zone { tz });
    }
    Err(unknown())
}

/// A zone file: by the name its path ends in where the database knows it, else read
/// as TZif.
fn zone_from_file(path: &Path) -> Option<Zone> {
    let by_name = path.to_str().and_then(zoneinfo_name).and_then(|name| Zone::named(name).ok());
    by_name.or_else(|| {
        let metadata = std::fs::metadata(path).ok()?;
        // A zone file is small; anything else is not one.
        if !metadata.is_file() || metadata.len() > 1024 * 1024 {
            return None;
        }
        let data = std::fs::read(path).ok()?;
        let name = path.to_str().and_then(zoneinfo_name).unwrap_or("localtime");
        jiff::tz::TimeZone::tzif(name, &data).ok().map(|tz| Zone { tz })
    })
}

fn zone_from_localtime(localtime: &Path) -> Option<Zone> {
    if let Ok(target) = std::fs::read_link(localtime) {
        let target = if target.is_relative() {
            localtime.parent().map_or(target.clone(), |dir| dir.join(&target))
        } else {
            target
        };
        if let Some(zone) = target.to_str().and_then(zoneinfo_name).and_then(|name| Zone::named(name).ok()) {
            return Some(zone);
        }
    }
    zone_from_file(localtime)
}

/// The IANA name in a path into a zoneinfo folder (`/usr/share/zoneinfo/posix/Europe/
/// Amsterdam` → `Europe/Amsterdam`).
fn zoneinfo_name(path: &str) -> Option<&str> {
    let name = &path[path.rfind("zoneinfo/")? + "zoneinfo/".len()..];
    let name = name.strip_prefix("posix/").or_else(|| name.strip_prefix("right/")).unwrap_or(name);
    (!name.is_empty()).then_some(name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Datelike;

    fn env(tz: Option<&'static str>) -> impl Fn(&str) -> Option<String> {
        move |key| if key == "TZ" { tz.map(str::to_owned) } else { None }
    }

    fn nowhere() -> &'static Path {
        Path::new("/nonexistent/sitrep-test/localtime")
    }

    /// The abbreviation in force at a UTC time.
    fn abbreviation(zone: &Zone, utc: &str) -> String {
        let t = DateTime::parse_from_rfc3339(utc).unwrap().to_utc();
        t.with_timezone(zone).format("%Z").to_string()
    }

    #[test]
    fn tz_takes_names_paths_and_posix_rules() {
        let amsterdam = system_zone(env(Some("Europe/Amsterdam")), nowhere()).unwrap();
        assert_eq!(amsterdam.name(), Some("Europe/Amsterdam"));
        assert_eq!(abbreviation(&amsterdam, "2026-07-01T12:00:00Z"), "CEST");
        let colon = system_zone(env(Some(":Europe/Amsterdam")), nowhere()).unwrap();
        assert_eq!(colon.name(), Some("Europe/Amsterdam"));
        let posix = system_zone(env(Some("CET-1CEST,M3.5.0,M10.5.0/3")), nowhere()).unwrap();
        assert_eq!(abbreviation(&posix, "2026-01-15T12:00:00Z"), "CET");
        assert_eq!(abbreviation(&posix, "2026-07-15T12:00:00Z"), "CEST");
        let path = system_zone(env(Some("/usr/share/zoneinfo/posix/Europe/Brussels")), nowhere()).unwrap();
        assert_eq!(path.name(), Some("Europe/Brussels"));
        assert!(system_zone(env(Some("")), nowhere()).unwrap().is_utc());
    }

    #[test]
    fn a_misspelt_tz_is_an_error_not_utc() {
        let err = system_zone(env(Some("Europe/Amsterdm")), nowhere()).unwrap_err();
        assert!(err.contains("TZ=`Europe/Amsterdm` names no time zone"), "{err}");
        assert!(system_zone(env(Some("/nonexistent/zone")), nowhere()).is_err());
    }

    #[test]
    fn localtime_as_symlink_or_copy() {
        let dir = tempfile::tempdir().unwrap();
        // A symlink into zoneinfo/posix/: the name is found without reading the file.
        let link = dir.path().join("localtime-link");
        std::os::unix::fs::symlink("/usr/share/zoneinfo/posix/Europe/Amsterdam", &link).unwrap();
        let zone = system_zone(env(None), &link).unwrap();
        assert_eq!(zone.name(), Some("Europe/Amsterdam"));
        // A plain copy of a zone file (hardened servers): read as TZif. The fixture is
        // tzdata's Europe/Amsterdam (public domain).
        let copy = dir.path().join("localtime-copy");
        std::fs::copy(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/zoneinfo/Europe-Amsterdam.tzif"), &copy)
            .unwrap();
        let zone = system_zone(env(None), &copy).unwrap();
        assert_eq!(abbreviation(&zone, "2026-07-01T12:00:00Z"), "CEST");
        assert_eq!(abbreviation(&zone, "2026-01-01T12:00:00Z"), "CET");
        // TZ as a path to a file outside any zoneinfo folder.
        let copy_name = copy.to_str().unwrap().to_owned();
        let zone = system_zone(move |k: &str| (k == "TZ").then(|| copy_name.clone()), nowhere()).unwrap();
        assert_eq!(abbreviation(&zone, "2026-07-01T12:00:00Z"), "CEST");
        // Nothing at all: UTC, marked unknown.
        let zone = system_zone(env(None), nowhere()).unwrap();
        assert!(zone.is_unknown() && zone.is_utc());
        // Garbage in the file: unknown, not a crash.
        let junk = dir.path().join("localtime-junk");
        std::fs::write(&junk, b"not a zone file").unwrap();
        assert!(system_zone(env(None), &junk).unwrap().is_unknown());
    }

    #[test]
    fn the_repeated_hour_is_ambiguous() {
        let zone = Zone::named("Europe/Amsterdam").unwrap();
        let at = |text: &str| NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").unwrap();
        assert!(zone.is_ambiguous(at("2026-10-25 02:30")));
        assert!(!zone.is_ambiguous(at("2026-10-25 03:30")));
        assert!(!zone.is_ambiguous(at("2026-03-29 02:30")), "a gap is not a repeat");
        // Both 02:30s convert back to their own offsets.
        let first = DateTime::parse_from_rfc3339("2026-10-25T00:30:00Z").unwrap().with_timezone(&zone);
        let second = DateTime::parse_from_rfc3339("2026-10-25T01:30:00Z").unwrap().with_timezone(&zone);
        assert_eq!(first.format("%H:%M %Z").to_string(), "02:30 CEST");
        assert_eq!(second.format("%H:%M %Z").to_string(), "02:30 CET");
    }

    #[test]
    fn days_start_at_local_midnight() {
        let zone = Zone::named("Europe/Amsterdam").unwrap();
        let start = zone.start_of_day(NaiveDate::from_ymd_opt(2015, 11, 16).unwrap());
        assert_eq!(start.to_rfc3339(), "2015-11-16T00:00:00+01:00");
        // A zone whose clocks skip midnight (Santiago, DST start): the day starts at 01:00.
        let santiago = Zone::named("America/Santiago").unwrap();
        let start = santiago.start_of_day(NaiveDate::from_ymd_opt(2022, 9, 11).unwrap());
        assert_eq!(start.day(), 11);
        assert_eq!(start.format("%H:%M").to_string(), "01:00");
    }
}
