//! A point in time as a change names it: `now`, an RFC 3339 datetime with an offset, or
//! a plain date (the day is known, the time is not).

use std::fmt;

use chrono::{DateTime, FixedOffset, NaiveDate};

use crate::feed::Timestamp;

/// When something happened or is due, as the user gave it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    /// The moment the change is written.
    Now,
    At(Timestamp),
    /// A plain date, written as `2015-11-16`.
    Date(NaiveDate),
}

impl When {
    /// Parses `now`, RFC 3339 with an offset, or `YYYY-MM-DD`. A datetime without an
    /// offset is refused, as in the feed.
    ///
    /// # Errors
    /// What is wrong with `text`, and what would be right.
    pub fn parse(text: &str) -> Result<Self, String> {
        let text = text.trim();
        if text.eq_ignore_ascii_case("now") {
            return Ok(Self::Now);
        }
        if text.len() == 10
            && let Ok(date) = NaiveDate::parse_from_str(text, "%Y-%m-%d")
        {
            return Ok(Self::Date(date));
        }
        Timestamp::parse(text).map(Self::At)
    }

    /// The concrete value, with `now` filled in.
    #[must_use]
    pub fn resolve(self, now: DateTime<FixedOffset>) -> Moment {
        match self {
            Self::Now => Moment::At(trim_to_seconds(now)),
            Self::At(at) => Moment::At(at.0),
            Self::Date(date) => Moment::Date(date),
        }
    }
}

/// A resolved point in time, ready to be written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Moment {
    At(DateTime<FixedOffset>),
    Date(NaiveDate),
}

impl Moment {
    /// The date and time the id generator names it by (a date alone counts from midnight).
    #[must_use]
    pub fn naive(self) -> chrono::NaiveDateTime {
        match self {
            Self::At(at) => at.naive_local(),
            Self::Date(date) => date.and_time(chrono::NaiveTime::MIN),
        }
    }
}

impl fmt::Display for Moment {
    /// RFC 3339 with seconds and the offset as given (`Z` for UTC), or `YYYY-MM-DD`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::At(at) => f.write_str(&at.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)),
            Self::Date(date) => write!(f, "{}", date.format("%Y-%m-%d")),
        }
    }
}

/// Feeds are written to the second: a fraction would only be noise.
#[must_use]
pub fn trim_to_seconds(at: DateTime<FixedOffset>) -> DateTime<FixedOffset> {
    use chrono::Timelike;
    at.with_nanosecond(0).unwrap_or(at)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_now_datetimes_and_dates() {
        assert_eq!(When::parse("now"), Ok(When::Now));
        assert!(matches!(When::parse("2015-11-13T21:20:00+01:00"), Ok(When::At(_))));
        assert_eq!(When::parse("2015-11-16"), Ok(When::Date(NaiveDate::from_ymd_opt(2015, 11, 16).unwrap())));
        let err = When::parse("2015-11-13T21:20:00").unwrap_err();
        assert!(err.contains("has no offset"), "{err}");
        assert!(When::parse("tomorrow").is_err());
    }

    #[test]
    fn moments_print_as_the_feed_writes_them() {
        let at = DateTime::parse_from_rfc3339("2015-11-13T21:20:00.123+01:00").unwrap();
        assert_eq!(When::Now.resolve(at).to_string(), "2015-11-13T21:20:00+01:00");
        let utc = DateTime::parse_from_rfc3339("2015-11-13T20:20:00Z").unwrap();
        assert_eq!(When::Now.resolve(utc).to_string(), "2015-11-13T20:20:00Z");
        assert_eq!(When::parse("2015-11-16").unwrap().resolve(at).to_string(), "2015-11-16");
    }
}
