//! Times and spans of time as the screen writes them, in the configured zone.

use chrono::{DateTime, Datelike, TimeDelta, Utc};
use chrono_tz::Tz;

use crate::feed::Timestamp;
use crate::ui::labels::Labels;

/// `2015-11-17 18:00` in `tz`.
#[must_use]
pub fn full_time(ts: Timestamp, tz: Tz) -> String {
    ts.0.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string()
}

/// `17 nov 18:00` when in the same year as `now`, else `7 jan 2015`.
#[must_use]
pub fn short_time(ts: Timestamp, now: DateTime<Utc>, tz: Tz, labels: &Labels) -> String {
    let local = ts.0.with_timezone(&tz);
    let month = labels.month(local.month0());
    if local.year() == now.with_timezone(&tz).year() {
        format!("{:>2} {month} {}", local.day(), local.format("%H:%M"))
    } else {
        format!("{:>2} {month} {}", local.day(), local.year())
    }
}

/// `2015-11-17` in `tz`.
#[must_use]
pub fn date(ts: Timestamp, tz: Tz) -> String {
    ts.0.with_timezone(&tz).format("%Y-%m-%d").to_string()
}

/// A span in its two largest units: `2y 8mo`, `3d 4h`, `12m`, `40s`.
#[must_use]
pub fn span(delta: TimeDelta, labels: &Labels) -> String {
    let [y, mo, d, h, m, s] = labels.units();
    let secs = delta.num_seconds().unsigned_abs();
    let (days, hours, minutes) = (secs / 86_400, secs % 86_400 / 3600, secs % 3600 / 60);
    if days >= 365 {
        let (years, months) = (days / 365, days % 365 / 30);
        if months == 0 { format!("{years}{y}") } else { format!("{years}{y} {months}{mo}") }
    } else if days >= 60 {
        format!("{}{mo}", days / 30)
    } else if days > 0 {
        if hours == 0 { format!("{days}{d}") } else { format!("{days}{d} {hours}{h}") }
    } else if hours > 0 {
        if minutes == 0 { format!("{hours}{h}") } else { format!("{hours}{h} {minutes}{m}") }
    } else if minutes > 0 {
        format!("{minutes}{m}")
    } else {
        format!("{secs}{s}")
    }
}

/// `3d 4h ago` / `in 2d` (`3d 4u geleden` / `over 2d`), relative to `now`.
#[must_use]
pub fn relative(ts: Timestamp, now: DateTime<Utc>, labels: &Labels) -> String {
    let delta = ts.0.to_utc() - now;
    if delta.num_seconds().abs() < 60 {
        labels.now.to_owned()
    } else if delta > TimeDelta::zero() {
        format!("{} {}", labels.in_future, span(delta, labels))
    } else {
        format!("{} {}", span(delta, labels), labels.ago)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::labels::{EN, NL};

    fn ts(text: &str) -> Timestamp {
        Timestamp::parse(text).unwrap()
    }

    #[test]
    fn spans_and_relative_times() {
        let now = ts("2015-11-17T18:00:00+01:00").0.to_utc();
        assert_eq!(relative(ts("2015-11-13T21:20:00+01:00"), now, &EN), "3d 20h ago");
        assert_eq!(relative(ts("2015-11-20T10:00:00+01:00"), now, &NL), "over 2d 16u");
        assert_eq!(relative(ts("2013-03-13T00:00:00+01:00"), now, &EN), "2y 8mo ago");
        assert_eq!(relative(ts("2015-11-17T17:59:30+01:00"), now, &NL), "nu");
    }

    #[test]
    fn times_in_the_configured_zone() {
        let now = ts("2015-11-17T18:00:00+01:00").0.to_utc();
        let paris = ts("2015-11-13T20:20:00Z");
        assert_eq!(full_time(paris, chrono_tz::Europe::Amsterdam), "2015-11-13 21:20");
        assert_eq!(short_time(paris, now, chrono_tz::Europe::Amsterdam, &NL), "13 nov 21:20");
        assert_eq!(short_time(ts("2014-01-07T11:30:00+01:00"), now, chrono_tz::UTC, &EN), " 7 Jan 2014");
    }
}
