//! The clock the dashboard runs on: the wall clock, a pinned time (`--at`), or the demo's
//! clock, which starts at the demo feed's own `generated` time and runs from there.

use chrono::{DateTime, TimeDelta, Utc};

/// Which time it is, for the model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Clock {
    Wall,
    Pinned(DateTime<Utc>),
    /// Wall time plus a fixed shift.
    Shifted(TimeDelta),
}

impl Clock {
    /// A clock that reads `start` now and runs on from there.
    #[must_use]
    pub fn starting_at(start: DateTime<Utc>, wall_now: DateTime<Utc>) -> Self {
        Self::Shifted(start - wall_now)
    }

    /// The time at wall time `wall_now`.
    #[must_use]
    pub fn at(self, wall_now: DateTime<Utc>) -> DateTime<Utc> {
        match self {
            Self::Wall => wall_now,
            Self::Pinned(t) => t,
            Self::Shifted(shift) => wall_now + shift,
        }
    }

    #[must_use]
    pub fn is_pinned(self) -> bool {
        matches!(self, Self::Pinned(_))
    }

    /// How long until the clock's shown text changes (the next whole minute or second).
    #[must_use]
    pub fn until_next_change(self, wall_now: DateTime<Utc>, seconds: bool) -> std::time::Duration {
        let now = self.at(wall_now);
        let period_ms: i64 = if seconds { 1000 } else { 60_000 };
        let into = now.timestamp_millis().rem_euclid(period_ms);
        std::time::Duration::from_millis(u64::try_from(period_ms - into).unwrap_or(1000).max(1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shifted_clock_runs_from_its_start() {
        let wall = DateTime::parse_from_rfc3339("2026-11-28T12:00:00Z").unwrap().to_utc();
        let start = DateTime::parse_from_rfc3339("2015-11-17T17:00:00Z").unwrap().to_utc();
        let clock = Clock::starting_at(start, wall);
        assert_eq!(clock.at(wall), start);
        assert_eq!(clock.at(wall + TimeDelta::minutes(5)), start + TimeDelta::minutes(5));
        assert_eq!(Clock::Pinned(start).at(wall), start);
    }

    #[test]
    fn waits_until_the_shown_text_changes() {
        let wall = DateTime::parse_from_rfc3339("2026-11-28T12:00:59.250Z").unwrap().to_utc();
        assert_eq!(Clock::Wall.until_next_change(wall, false).as_millis(), 750);
        assert_eq!(Clock::Wall.until_next_change(wall, true).as_millis(), 750);
        let wall = DateTime::parse_from_rfc3339("2026-11-28T12:00:00Z").unwrap().to_utc();
        assert_eq!(Clock::Wall.until_next_change(wall, false).as_millis(), 60_000);
    }
}
