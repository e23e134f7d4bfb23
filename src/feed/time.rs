//! Datetimes and durations as the feed writes them.
//!
//! A datetime is RFC 3339 *with* an offset: a crisis feed never guesses the zone. In TOML
//! both the native offset datetime and the same text in a quoted string are accepted.

use std::borrow::Cow;
use std::fmt;

use chrono::{DateTime, FixedOffset};
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The private field name under which the `toml` crate hands over a native datetime.
const TOML_DATETIME_FIELD: &str = "$__toml_private_datetime";

/// A point in time with the offset the producer wrote.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(pub DateTime<FixedOffset>);

impl Timestamp {
    /// Parses RFC 3339 text, demanding an offset, with a message a producer can act on.
    ///
    /// # Errors
    /// A message saying what is wrong with `text`.
    pub fn parse(text: &str) -> Result<Self, String> {
        let text = text.trim();
        match DateTime::parse_from_rfc3339(text) {
            Ok(dt) => Ok(Self(dt)),
            Err(_) if looks_like_local(text) => {
                // A bare date needs a time as well as an offset.
                let example = if text.len() == 10 { format!("{text}T00:00:00") } else { text.to_owned() };
                Err(format!(
                    "datetime `{text}` has no offset: a crisis feed never guesses the zone; \
                     add one, e.g. `{example}+01:00` or `{example}Z`"
                ))
            }
            Err(e) => Err(format!(
                "invalid datetime `{text}`: {e}; expected RFC 3339 with an offset, \
                 e.g. `2015-11-13T21:20:00+01:00`"
            )),
        }
    }
}

/// A date or a date-time with no offset (`2015-11-13`, `2015-11-13T21:20:00`).
fn looks_like_local(text: &str) -> bool {
    let with_seconds = chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f").is_ok()
        || chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S%.f").is_ok();
    let without_seconds = chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M").is_ok();
    with_seconds || without_seconds || chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").is_ok()
}

impl fmt::Debug for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.to_rfc3339())
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.to_rfc3339())
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0.to_rfc3339())
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(TimestampVisitor)
    }
}

struct TimestampVisitor;

impl<'de> Visitor<'de> for TimestampVisitor {
    type Value = Timestamp;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an RFC 3339 datetime with an offset")
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
                self.visit_str(&text)
            }
            _ => Err(de::Error::invalid_type(de::Unexpected::Map, &self)),
        }
    }
}

impl JsonSchema for Timestamp {
    fn schema_name() -> Cow<'static, str> {
        "Timestamp".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "format": "date-time",
            "description": "RFC 3339 with an offset, e.g. 2015-11-13T21:20:00+01:00 or ...Z",
            "pattern": "(Z|z|[+-][0-9]{2}:[0-9]{2})$"
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

    #[test]
    fn timestamps_need_an_offset() {
        assert!(Timestamp::parse("2015-11-13T21:20:00+01:00").is_ok());
        assert!(Timestamp::parse("2015-11-13T20:20:00Z").is_ok());
        let err = Timestamp::parse("2015-11-13T21:20:00").unwrap_err();
        assert!(err.contains("has no offset"), "{err}");
        let err = Timestamp::parse("2015-11-13").unwrap_err();
        assert!(err.contains("has no offset"), "{err}");
        let err = Timestamp::parse("yesterday").unwrap_err();
        assert!(err.contains("invalid datetime"), "{err}");
    }

    #[test]
    fn durations_parse_and_print() {
        assert_eq!(FeedDuration::parse("90s").unwrap().as_secs(), 90);
        assert_eq!(FeedDuration::parse("15m").unwrap().as_secs(), 900);
        assert_eq!(FeedDuration::parse("2h").unwrap().as_secs(), 7200);
        assert_eq!(FeedDuration::parse("1d").unwrap().to_string(), "1d");
        for bad in ["", "h", "1.5h", "-1h", "1w", "1 h", "99999999999999999999d", "٣h"] {
            assert!(FeedDuration::parse(bad).is_err(), "{bad}");
        }
    }
}
