//! Times and spans of time as the screen writes them, in the display zone.
//!
//! A time never misleads: one in the hour that repeats at the end of summer time, or in
//! another zone abbreviation than the header's, carries its abbreviation (`02:30 CEST`);
//! one in another year carries the year and still its time of day; a plain date is shown
//! as a date, with its age in days.

use chrono::{DateTime, Datelike, TimeDelta, Utc};

use crate::feed::Timestamp;
use crate::ui::labels::Labels;
use crate::zone::Zone;

/// Formats times relative to the clock, in the display zone.
pub struct Times<'a> {
    pub zone: &'a Zone,
    pub now: DateTime<Utc>,
    pub labels: &'static Labels,
    /// The abbreviation the header shows (`CET`): a time in another one says its own.
    header_abbreviation: String,
}

impl<'a> Times<'a> {
    #[must_use]
    pub fn new(zone: &'a Zone, now: DateTime<Utc>, labels: &'static Labels) -> Self {
        let header_abbreviation = now.with_timezone(zone).offset().abbreviation().to_owned();
        Self { zone, now, labels, header_abbreviation }
    }

    /// ` CEST` where the time needs its zone to be unambiguous, else nothing.
    fn zone_mark(&self, local: &DateTime<Zone>) -> String {
        let abbreviation = local.offset().abbreviation();
        if abbreviation != self.header_abbreviation || self.zone.is_ambiguous(local.naive_local()) {
            format!(" {abbreviation}")
        } else {
            String::new()
        }
    }

    /// `2015-11-17 18:00` (a date alone: `2015-11-17`).
    #[must_use]
    pub fn full(&self, ts: Timestamp) -> String {
        if ts.is_date() {
            return self.date(ts);
        }
        let local = ts.0.with_timezone(self.zone);
        format!("{}{}", local.format("%Y-%m-%d %H:%M"), self.zone_mark(&local))
    }

    /// `2015-11-17 18:00` for a moment in UTC (a banner's own times).
    #[must_use]
    pub fn full_utc(&self, at: DateTime<Utc>) -> String {
        self.full(Timestamp::instant(at.fixed_offset()))
    }

    /// `17 nov 18:00` in the clock's year, else `1 jan 2027 00:30`; a date alone:
    /// `16 nov`, `16 nov 2014`.
    #[must_use]
    pub fn short(&self, ts: Timestamp) -> String {
        let local = ts.0.with_timezone(self.zone);
        let month = self.labels.month(local.month0());
        let same_year = local.year() == self.now.with_timezone(self.zone).year();
        let day = match same_year {
            true => format!("{:>2} {month}", local.day()),
            false => format!("{:>2} {month} {}", local.day(), local.year()),
        };
        if ts.is_date() {
            return day;
        }
        format!("{day} {}{}", local.format("%H:%M"), self.zone_mark(&local))
    }

    /// A moment as the banners give it: its time alone when it is today, else with its
    /// date (a wallboard runs past midnight and for weeks).
    #[must_use]
    pub fn banner(&self, at: DateTime<Utc>) -> String {
        let local = at.with_timezone(self.zone);
        if local.date_naive() == self.now.with_timezone(self.zone).date_naive() {
            format!("{}{}", local.format("%H:%M"), self.zone_mark(&local))
        } else {
            self.short(Timestamp::instant(at.fixed_offset())).trim_start().to_owned()
        }
    }

    /// `2015-11-17`.
    #[must_use]
    pub fn date(&self, ts: Timestamp) -> String {
        ts.0.with_timezone(self.zone).format("%Y-%m-%d").to_string()
    }

    /// `3d 4h ago` / `in 2d` / `in 40s`; a date alone: `today`, `yesterday`, `in 3 days`.
    /// A time still to come never reads as now.
    #[must_use]
    pub fn relative(&self, ts: Timestamp) -> String {
        let labels = self.labels;
        if ts.is_date() {
            let today = self.now.with_timezone(self.zone).date_naive();
            let day = ts.0.with_timezone(self.zone).date_naive();
            return labels.days_relative((day - today).num_days());
        }
        let delta = ts.0.to_utc() - self.now;
        if delta > TimeDelta::zero() {
            format!("{} {}", labels.in_future, span(delta, labels))
        } else if delta.num_seconds().abs() < 60 {
            labels.now.to_owned()
        } else {
            format!("{} {}", span(delta, labels), labels.ago)
        }
    }
}

/// Days in a month, on average, for ages in months and years.
const DAYS_PER_MONTH: f64 = 365.2425 / 12.0;

/// A span in its two largest units: `2y 8mo`, `3d 4h`, `12m`, `40s`. Months and years
/// round to the nearest month (725 days is `2y`, never `1y 12mo`).
#[must_use]
pub fn span(delta: TimeDelta, labels: &Labels) -> String {
    let [y, mo, d, h, m, s] = labels.units();
    let secs = delta.num_seconds().unsigned_abs();
    let (days, hours, minutes) = (secs / 86_400, secs % 86_400 / 3600, secs % 3600 / 60);
    if days >= 60 {
        // Rounded, whole months: never "12mo" beside a year.
        #[allow(clippy::cast_precision_loss, clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let months = (days as f64 / DAYS_PER_MONTH).round() as u64;
        let (years, months) = (months / 12, months % 12);
        match (years, months) {
            (0, months) => format!("{months}{mo}"),
            (years, 0) => format!("{years}{y}"),
            (years, months) => format!("{years}{y} {months}{mo}"),
        }
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

/// An age that visibly exceeds `limit`: the largest units first, down to the unit that
/// shows it is past the limit (`1m 35s` past `90s`, `1h 0m 5s` past `3601s`).
#[must_use]
pub fn span_beyond(age: TimeDelta, limit_seconds: u64, labels: &Labels) -> String {
    let [_, _, d, h, m, s] = labels.units();
    let secs = age.num_seconds().unsigned_abs();
    // Months and years, where they leave no doubt.
    if secs >= 60 * 86_400 && secs / 3 >= limit_seconds / 2 {
        return span(age, labels);
    }
    let units = [(86_400, d), (3600, h), (60, m), (1, s)];
    let Some(first) = units.iter().position(|&(size, _)| secs >= size) else { return format!("0{s}") };
    let mut parts = Vec::new();
    let (mut rest, mut shown) = (secs, 0);
    for &(size, name) in &units[first..] {
        let count = rest / size;
        rest %= size;
        shown += count * size;
        parts.push(format!("{count}{name}"));
        // Two units at least, as everywhere; more until the shown age passes the limit.
        if parts.len() >= 2 && shown > limit_seconds {
            break;
        }
    }
    parts.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::labels::{EN, NL};

    fn ts(text: &str) -> Timestamp {
        Timestamp::parse(text).unwrap()
    }

    fn amsterdam() -> Zone {
        Zone::named("Europe/Amsterdam").unwrap()
    }

    #[test]
    fn spans_and_relative_times() {
        let zone = amsterdam();
        let now = ts("2015-11-17T18:00:00+01:00").0.to_utc();
        let en = Times::new(&zone, now, &EN);
        let nl = Times::new(&zone, now, &NL);
        assert_eq!(en.relative(ts("2015-11-13T21:20:00+01:00")), "3d 20h ago");
        assert_eq!(nl.relative(ts("2015-11-20T10:00:00+01:00")), "over 2d 16u");
        assert_eq!(en.relative(ts("2013-03-13T00:00:00+01:00")), "2y 8mo ago");
        assert_eq!(nl.relative(ts("2015-11-17T17:59:30+01:00")), "nu");
        // Time still to come is counted down to the second, never "now".
        assert_eq!(en.relative(ts("2015-11-17T18:00:40+01:00")), "in 40s");
        assert_eq!(en.relative(ts("2015-11-17T18:00:01+01:00")), "in 1s");
    }

    #[test]
    fn ages_round_to_whole_months() {
        let day = TimeDelta::days(1);
        assert_eq!(span(day * 725, &EN), "2y");
        assert_eq!(span(day * 364, &EN), "1y");
        assert_eq!(span(day * 400, &EN), "1y 1mo");
        assert_eq!(span(day * 90, &EN), "3mo");
        assert_eq!(span(day * 59, &EN), "59d");
    }

    #[test]
    fn ages_beyond_a_limit_show_it() {
        assert_eq!(span_beyond(TimeDelta::seconds(95), 90, &EN), "1m 35s");
        assert_eq!(span_beyond(TimeDelta::seconds(3605), 3601, &EN), "1h 0m 5s");
        assert_eq!(span_beyond(TimeDelta::seconds(7300), 3600, &EN), "2h 1m");
        assert_eq!(span_beyond(TimeDelta::seconds(7201), 7200, &EN), "2h 0m 1s");
        assert_eq!(span_beyond(TimeDelta::seconds(2 * 86_400 + 5), 86_400, &EN), "2d 0h");
        assert_eq!(span_beyond(TimeDelta::seconds(50), 30, &EN), "50s");
        assert_eq!(span_beyond(TimeDelta::days(400), 1800, &EN), "1y 1mo");
    }

    #[test]
    fn times_in_the_display_zone() {
        let zone = amsterdam();
        let now = ts("2015-11-17T18:00:00+01:00").0.to_utc();
        let paris = ts("2015-11-13T20:20:00Z");
        let nl = Times::new(&zone, now, &NL);
        assert_eq!(nl.full(paris), "2015-11-13 21:20");
        assert_eq!(nl.short(paris), "13 nov 21:20");
        let utc = Zone::utc();
        let en = Times::new(&utc, now, &EN);
        // Another year keeps its time of day.
        assert_eq!(en.short(ts("2014-01-07T11:30:00+00:00")), " 7 Jan 2014 11:30");
        assert_eq!(en.short(ts("2027-01-01T00:30:00+00:00")), " 1 Jan 2027 00:30");
    }

    #[test]
    fn ambiguous_and_other_zone_times_carry_their_abbreviation() {
        let zone = amsterdam();
        // The clock in the first 02:30 of 25 October 2026 (CEST).
        let now = ts("2026-10-25T02:30:00+02:00").0.to_utc();
        let times = Times::new(&zone, now, &EN);
        assert_eq!(times.short(ts("2026-10-25T02:10:00+02:00")), "25 Oct 02:10 CEST");
        assert_eq!(times.short(ts("2026-10-25T02:10:00+01:00")), "25 Oct 02:10 CET");
        assert_eq!(times.short(ts("2026-10-25T04:00:00+01:00")), "25 Oct 04:00 CET");
        assert_eq!(times.short(ts("2026-10-24T12:00:00+02:00")), "24 Oct 12:00");
        // In winter, a summer time says so.
        let winter = Times::new(&zone, ts("2026-12-01T12:00:00+01:00").0.to_utc(), &EN);
        assert_eq!(winter.full(ts("2026-07-01T12:00:00+02:00")), "2026-07-01 12:00 CEST");
        assert_eq!(winter.full(ts("2026-11-01T12:00:00+01:00")), "2026-11-01 12:00");
    }

    #[test]
    fn dates_are_dates() {
        let zone = amsterdam();
        let now = ts("2015-11-17T18:00:00+01:00").0.to_utc();
        let mut day = ts("2015-11-16");
        day.resolve_day(&zone);
        let en = Times::new(&zone, now, &EN);
        let nl = Times::new(&zone, now, &NL);
        assert_eq!(en.full(day), "2015-11-16");
        assert_eq!(en.short(day), "16 Nov");
        assert_eq!(en.relative(day), "yesterday");
        assert_eq!(nl.relative(day), "gisteren");
        let mut later = ts("2015-11-20");
        later.resolve_day(&zone);
        assert_eq!(en.relative(later), "in 3 days");
        assert_eq!(nl.relative(later), "over 3 dagen");
        let mut today = ts("2015-11-17");
        today.resolve_day(&zone);
        assert_eq!(en.relative(today), "today");
        let mut long_ago = ts("2013-03-13");
        long_ago.resolve_day(&zone);
        assert_eq!(en.relative(long_ago), "2y 8mo ago");
    }
}
