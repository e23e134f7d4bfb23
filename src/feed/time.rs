//! Datetimes, dates and durations as the feed writes them.
//!
//! A datetime is RFC 3339 *with* an offset: a crisis feed never guesses the zone. In TOML
//! both the native offset datetime and the same text in a quoted string are accepted, and
//! so are TOML 1.1's forms without seconds. A plain date (`2015-11-16`) says the day is
//! known and the time is not; it counts from the start of that day in the display zone.
//!
//! Leap seconds: a seconds value of 60 is accepted only for a leap second that really
//! happened (23:59:60 UTC at the end of the 27 days IERS announced, the last on
//! 2016-12-31); anywhere else it is refused, since it can only be a typo.

use std::borrow::Cow;
use std::fmt;

use chrono::{DateTime, FixedOffset, NaiveDate, Timelike};
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::zone::Zone;

/// The private field name under which the `toml` crate hands over a native datetime.
const TOML_DATETIME_FIELD: &str = "$__toml_private_datetime";

/// How much of a time is known.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Precision {
    /// A moment, with its offset.
    #[default]
    Instant,
    /// Only the day: the first field holds the start of that day in the display zone.
    Day,
}

/// A point in time with the offset the producer wrote, or a day (see [`Precision`]).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(pub DateTime<FixedOffset>, pub Precision);

/// The days that ended in a leap second (UTC), from IERS Bulletin C.
const LEAP_SECOND_DAYS: [(i32, u32, u32); 27] = [
    (1972, 6, 30),
    (1972, 12, 31),
    (1973, 12, 31),
    (1974, 12, 31),
    (1975, 12, 31),
    (1976, 12, 31),
    (1977, 12, 31),
    (1978, 12, 31),
    (1979, 12, 31),
    (1981, 6, 30),
    (1982, 6, 30),
    (1983, 6, 30),
    (1985, 6, 30),
    (1987, 12, 31),
    (1989, 12, 31),
    (1990, 12, 31),
    (1992, 6, 30),
    (1993, 6, 30),
    (1994, 6, 30),
    (1995, 12, 31),
    (1997, 6, 30),
    (1998, 12, 31),
    (2005, 12, 31),
    (2008, 12, 31),
    (2012, 6, 30),
    (2015, 6, 30),
    (2016, 12, 31),
];

impl Timestamp {
    /// A moment.
    #[must_use]
    pub fn instant(at: DateTime<FixedOffset>) -> Self {
        Self(at, Precision::Instant)
    }

    /// Whether only the day is known.
    #[must_use]
    pub fn is_date(self) -> bool {
        self.1 == Precision::Day
    }

    /// The moment in UTC (for a date: the start of its day in the display zone).
    #[must_use]
    pub fn utc(self) -> DateTime<chrono::Utc> {
        self.0.to_utc()
    }

    /// Parses RFC 3339 text with an offset, or a plain date, with a message a producer
    /// can act on.
    ///
    /// A date is anchored at midnight UTC until [`Timestamp::resolve_day`] places it in
    /// the display zone.
    ///
    /// # Errors
    /// A message saying what is wrong with `text`.
    pub fn parse(text: &str) -> Result<Self, String> {
        Self::parse_as(text, false)
    }

    /// Parses a native TOML datetime or date: as [`Timestamp::parse`], and TOML 1.1's
    /// forms without seconds (`2015-11-13T21:20+01:00`) too.
    ///
    /// # Errors
    /// A message saying what is wrong with `text`.
    pub fn parse_toml_native(text: &str) -> Result<Self, String> {
        Self::parse_as(text, true)
    }

    fn parse_as(text: &str, seconds_optional: bool) -> Result<Self, String> {
        let text = text.trim();
        if let Ok(date) = NaiveDate::parse_from_str(text, "%Y-%m-%d")
            && text.len() == 10
        {
            let midnight = date.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc().fixed_offset();
            return Ok(Self(midnight, Precision::Day));
        }
        let completed = if seconds_optional { with_seconds(text) } else { None };
        match DateTime::parse_from_rfc3339(completed.as_deref().unwrap_or(text)) {
            Ok(dt) => {
                check_leap_second(text, dt)?;
                Ok(Self::instant(dt))
            }
            Err(_) if let Some(full) = with_seconds(text).filter(|t| DateTime::parse_from_rfc3339(t).is_ok()) => {
                Err(format!(
                    "datetime `{text}` has no seconds: RFC 3339 needs them, write `{full}` \
                     (only TOML's unquoted datetimes may leave them out)"
                ))
            }
            Err(_) if looks_like_local(text) => Err(format!(
                "datetime `{text}` has no offset: a crisis feed never guesses the zone; \
                 add one, e.g. `{text}+01:00` or `{text}Z` (or give only the date)"
            )),
            Err(e) => Err(format!(
                "invalid datetime `{text}`: {e}; expected RFC 3339 with an offset, \
                 e.g. `2015-11-13T21:20:00+01:00`, or a date, e.g. `2015-11-13`"
            )),
        }
    }

    /// Parses a moment: like [`Timestamp::parse`], but a plain date is refused (for
    /// `generated` and the clock, which must be exact).
    ///
    /// # Errors
    /// A message saying what is wrong with `text`.
    pub fn parse_instant(text: &str) -> Result<Self, String> {
        let parsed = Self::parse(text)?;
        if parsed.is_date() {
            return Err(format!(
                "`{}` is a date without a time: give the moment with an offset, e.g. `{}T09:00:00+01:00`",
                text.trim(),
                text.trim()
            ));
        }
        Ok(parsed)
    }

    /// Places a date at the start of its day in `zone` (a moment is left as it is).
    pub fn resolve_day(&mut self, zone: &Zone) {
        if self.is_date() {
            self.0 = zone.start_of_day(self.0.date_naive());
        }
    }
}

/// `2015-11-13T21:20+01:00` as `2015-11-13T21:20:00+01:00`: TOML 1.1 leaves out the
/// seconds, RFC 3339 (and chrono) need them.
fn with_seconds(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let shape = bytes.len() > 16
        && matches!(bytes.get(10), Some(b'T' | b't' | b' '))
        && bytes.get(13) == Some(&b':')
        && matches!(bytes.get(16), Some(b'Z' | b'z' | b'+' | b'-'));
    shape.then(|| format!("{}:00{}", &text[..16], &text[16..]))
}

/// A seconds value of 60 must be a leap second that happened.
fn check_leap_second(text: &str, dt: DateTime<FixedOffset>) -> Result<(), String> {
    if dt.nanosecond() < 1_000_000_000 {
        return Ok(());
    }
    let utc = dt.naive_utc();
    let day = utc.date();
    let real = utc.hour() == 23
        && utc.minute() == 59
        && LEAP_SECOND_DAYS.iter().any(|&(y, m, d)| NaiveDate::from_ymd_opt(y, m, d) == Some(day));
    if real {
        Ok(())
    } else {
        Err(format!(
            "invalid datetime `{text}`: seconds 60 is a leap second, and there was none then \
             (the last was 2016-12-31T23:59:60Z); write :59 or the next minute's :00"
        ))
    }
}

/// A date-time with no offset (`2015-11-13T21:20:00`, `2015-11-13T21:20`).
fn looks_like_local(text: &str) -> bool {
    chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f").is_ok()
        || chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S%.f").is_ok()
        || chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M").is_ok()
}

impl fmt::Debug for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.1 {
            Precision::Instant => f.write_str(&self.0.to_rfc3339()),
            Precision::Day => write!(f, "{}", self.0.format("%Y-%m-%d")),
        }
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(TimestampVisitor)
    }
}

/// For `generated`: a moment, never a plain date.
///
/// # Errors
/// When the value is not a datetime with an offset.
pub fn deserialize_instant<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Timestamp, D::Error> {
    let parsed = Timestamp::deserialize(deserializer)?;
    if parsed.is_date() {
        return Err(de::Error::custom(format!(
            "`{parsed}` is a date without a time: `generated` must be the moment with an offset, \
             e.g. `{parsed}T09:00:00+01:00`"
        )));
    }
    Ok(parsed)
}

/// The schema of a moment (`generated`).
#[must_use]
pub fn instant_schema(_: &mut SchemaGenerator) -> Schema {
    json_schema!({
        "type": "string",
        "format": "date-time",
        "description": "RFC 3339 with an offset, e.g. 2015-11-13T21:20:00+01:00 or ...Z",
        "pattern": "(Z|z|[+-][0-9]{2}:[0-9]{2})$"
    })
}

struct TimestampVisitor;

impl<'de> Visitor<'de> for TimestampVisitor {
    type Value = Timestamp;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an RFC 3339 datetime with an offset, or a date")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Timestamp, E> {
        Timestamp::parse(text).map_err(E::custom)
    }

    // A native TOML datetime arrives as a one-entry map holding its text.
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Timestamp, A::Error> {
        let key: Option<Cow<'de, str>> = map.next_key()?;
        match key.as_deref() {
            Some(TOML_DATETIME_FIELD) => {
                let text: Cow<'de, str> = map.next_value()?;
                Timestamp::parse_toml_native(&text).map_err(de::Error::custom)
            }
            _ => Err(de::Error::invalid_type(de::Unexpected::Map, &self)),
        }
    }
}

impl JsonSchema for Timestamp {
    fn schema_name() -> Cow<'static, str> {
        "Timestamp".into()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "anyOf": [
                instant_schema(generator),
                {
                    "type": "string",
                    "format": "date",
                    "description": "a plain date, e.g. 2015-11-16: the day is known, the time is not",
                    "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
                }
            ]
        })
    }
}

/// A span of time written as a whole number and a unit: `90s`, `15m`, `2h`, `1d`.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FeedDuration {
    seconds: u64,
}

impl FeedDuration {
    #[must_use]
    pub const fn from_secs(seconds: u64) -> Self {
        Self { seconds }
    }

    #[must_use]
    pub const fn as_secs(self) -> u64 {
        self.seconds
    }

    #[must_use]
    pub fn to_chrono(self) -> chrono::Duration {
        chrono::Duration::seconds(i64::try_from(self.seconds).unwrap_or(i64::MAX))
    }

    /// Parses `<whole number><s|m|h|d>`.
    ///
    /// # Errors
    /// A message saying what is wrong with `text`.
    pub fn parse(text: &str) -> Result<Self, String> {
        let bad = || {
            format!(
                "invalid duration `{text}`: expected a whole number followed by s, m, h or d (e.g. `90s`, `15m`, `2h`, `1d`)"
            )
        };
        let unit = text.chars().last().ok_or_else(bad)?;
        let number = &text[..text.len() - unit.len_utf8()];
        if number.is_empty() || !number.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        let count: u64 = number.parse().map_err(|_| bad())?;
        let factor = match unit {
            's' => 1,
            'm' => 60,
            'h' => 3600,
            'd' => 86_400,
            _ => return Err(bad()),
        };
        // Bounded so that adding it to any datetime stays representable.
        const MAX_SECONDS: u64 = 100 * 365 * 86_400;
        match count.checked_mul(factor) {
            Some(0) => Err(format!("duration `{text}` is zero: use a positive duration (e.g. `90s`, `15m`)")),
            Some(seconds) if seconds <= MAX_SECONDS => Ok(Self { seconds }),
            _ => Err(format!("duration `{text}` is longer than 100 years")),
        }
    }
}

impl fmt::Display for FeedDuration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = self.seconds;
        if s != 0 && s.is_multiple_of(86_400) {
            write!(f, "{}d", s / 86_400)
        } else if s != 0 && s.is_multiple_of(3600) {
            write!(f, "{}h", s / 3600)
        } else if s != 0 && s.is_multiple_of(60) {
            write!(f, "{}m", s / 60)
        } else {
            write!(f, "{s}s")
        }
    }
}

impl fmt::Debug for FeedDuration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl Serialize for FeedDuration {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for FeedDuration {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = Cow::<'de, str>::deserialize(deserializer)?;
        Self::parse(&text).map_err(de::Error::custom)
    }
}

impl JsonSchema for FeedDuration {
    fn schema_name() -> Cow<'static, str> {
        "Duration".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "pattern": "^[0-9]+[smhd]$",
            "description": "a whole number followed by s, m, h or d: 90s, 15m, 2h, 1d"
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::zone::Zone;

    #[test]
    fn timestamps_need_an_offset() {
        assert!(Timestamp::parse("2015-11-13T21:20:00+01:00").is_ok());
        assert!(Timestamp::parse("2015-11-13T20:20:00Z").is_ok());
        let err = Timestamp::parse("2015-11-13T21:20:00").unwrap_err();
        assert!(err.contains("has no offset"), "{err}");
        let err = Timestamp::parse("2015-11-13T21:20").unwrap_err();
        assert!(err.contains("has no offset"), "{err}");
        let err = Timestamp::parse("yesterday").unwrap_err();
        assert!(err.contains("invalid datetime"), "{err}");
    }

    #[test]
    fn native_toml_may_leave_out_the_seconds() {
        let short = Timestamp::parse_toml_native("2015-11-13T21:20+01:00").unwrap();
        assert_eq!(short, Timestamp::parse("2015-11-13T21:20:00+01:00").unwrap());
        let utc = Timestamp::parse_toml_native("2015-11-13T20:20Z").unwrap();
        assert_eq!(utc.to_string(), "2015-11-13T20:20:00+00:00");
        // A string is RFC 3339, which has seconds.
        let err = Timestamp::parse("2015-11-13T21:20+01:00").unwrap_err();
        assert!(err.contains("write `2015-11-13T21:20:00+01:00`"), "{err}");
    }

    #[test]
    fn plain_dates_are_days() {
        let mut day = Timestamp::parse("2015-11-16").unwrap();
        assert!(day.is_date());
        assert_eq!(day.to_string(), "2015-11-16");
        day.resolve_day(&Zone::named("Europe/Amsterdam").unwrap());
        assert_eq!(day.0.to_rfc3339(), "2015-11-16T00:00:00+01:00");
        assert_eq!(day.to_string(), "2015-11-16");
        let err = Timestamp::parse_instant("2015-11-16").unwrap_err();
        assert!(err.contains("date without a time"), "{err}");
        assert!(Timestamp::parse("2015-13-16").is_err());
    }

    #[test]
    fn only_real_leap_seconds_pass() {
        let leap = Timestamp::parse("2016-12-31T23:59:60Z").unwrap();
        assert!(leap.0 > Timestamp::parse("2016-12-31T23:59:59Z").unwrap().0);
        assert!(leap.0 < Timestamp::parse("2017-01-01T00:00:00Z").unwrap().0);
        // The same second written in Dutch winter time.
        assert!(Timestamp::parse("2017-01-01T00:59:60+01:00").is_ok());
        for bad in ["2015-11-13T21:20:60+01:00", "2017-12-31T23:59:60Z", "2016-12-31T22:59:60Z"] {
            let err = Timestamp::parse(bad).unwrap_err();
            assert!(err.contains("leap second"), "{bad}: {err}");
        }
    }

    #[test]
    fn durations_parse_and_print() {
        assert_eq!(FeedDuration::parse("90s").unwrap().as_secs(), 90);
        assert_eq!(FeedDuration::parse("15m").unwrap().as_secs(), 900);
        assert_eq!(FeedDuration::parse("2h").unwrap().as_secs(), 7200);
        assert_eq!(FeedDuration::parse("1d").unwrap().to_string(), "1d");
        let err = FeedDuration::parse("0s").unwrap_err();
        assert!(err.contains("use a positive duration"), "{err}");
        assert!(FeedDuration::parse("0d").is_err());
        for bad in ["", "h", "1.5h", "-1h", "1w", "1 h", "99999999999999999999d", "٣h"] {
            assert!(FeedDuration::parse(bad).is_err(), "{bad}");
        }
    }
}
