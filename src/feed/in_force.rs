//! Which threat levels are in force at a moment: a level whose `since` is still to come
//! is not in force yet, one whose `until` has passed has lapsed. Every view (the screen,
//! snapshots, the one-line mode, `line`, `status`, reports) asks here, so none of them
//! can call a level current that is not.

use chrono::{DateTime, Utc};

use crate::feed::scale::Level;
use crate::feed::time::Timestamp;
use crate::feed::valid::{ScopedLevel, Threat};

/// Where a level stands at a moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    InForce,
    /// Its `since` is still to come.
    NotYet {
        from: Timestamp,
    },
    /// Its `until` has passed.
    Lapsed {
        at: Timestamp,
    },
}

impl Standing {
    /// Where a level with `since` and `until` stands at `now`.
    #[must_use]
    pub fn of(since: Option<Timestamp>, until: Option<Timestamp>, now: DateTime<Utc>) -> Self {
        match (since, until) {
            (Some(from), _) if from.utc() > now => Self::NotYet { from },
            (_, Some(at)) if at.utc() <= now => Self::Lapsed { at },
            _ => Self::InForce,
        }
    }
}

/// The national level at a moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NationalNow<'a> {
    /// The feed's level (current, coming or lapsed: see `standing`).
    pub declared: &'a Level,
    pub standing: Standing,
    /// While the declared level is not yet in force: the latest earlier level from the
    /// history that has begun, which still stands.
    pub before: Option<&'a Level>,
}

impl<'a> NationalNow<'a> {
    /// The level in force, if any: the declared one once in force, the earlier one while
    /// the declared one is to come, none once it has lapsed.
    #[must_use]
    pub fn in_force(&self) -> Option<&'a Level> {
        match self.standing {
            Standing::InForce => Some(self.declared),
            Standing::NotYet { .. } => self.before,
            Standing::Lapsed { .. } => None,
        }
    }
}

impl Threat {
    /// The national level at `now`.
    #[must_use]
    pub fn national_at(&self, now: DateTime<Utc>) -> NationalNow<'_> {
        let standing = Standing::of(self.since, self.until, now);
        let before = match standing {
            // History is newest first: the first that has begun stands.
            Standing::NotYet { .. } => self.history.iter().find(|h| h.since.utc() <= now).map(|h| &h.level),
            _ => None,
        };
        NationalNow { declared: &self.level, standing, before }
    }

    /// The level in force at `now` (see [`NationalNow::in_force`]).
    #[must_use]
    pub fn level_in_force(&self, now: DateTime<Utc>) -> Option<&Level> {
        self.national_at(now).in_force()
    }

    /// The highest scoped level in force at `now` that is above the national level in
    /// force (above nothing, when none is): it must stay visible at every size.
    #[must_use]
    pub fn scoped_above(&self, now: DateTime<Utc>) -> Option<&ScopedLevel> {
        let national = self.level_in_force(now).map_or(0, |l| l.rank);
        self.scoped
            .iter()
            .filter(|s| s.standing(now) == Standing::InForce && s.level.rank > national)
            .max_by_key(|s| s.level.rank)
    }

    /// The moments at which a level comes into force or lapses, after `now` (the screen
    /// changes then by time alone).
    pub fn changes_after(&self, now: DateTime<Utc>) -> impl Iterator<Item = DateTime<Utc>> + '_ {
        let national = [self.since, self.until];
        let scoped = self.scoped.iter().flat_map(|s| [s.since, s.until]);
        national.into_iter().chain(scoped).flatten().map(Timestamp::utc).filter(move |t| *t > now)
    }
}

impl ScopedLevel {
    /// Where this scoped level stands at `now`.
    #[must_use]
    pub fn standing(&self, now: DateTime<Utc>) -> Standing {
        Standing::of(self.since, self.until, now)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::feed::{DecodeOptions, Format, decode};

    fn threat(text: &str) -> Threat {
        let feed = format!("version = 1\ngenerated = 2015-11-18T09:00:00+01:00\n{text}");
        decode(feed.as_bytes(), Format::Toml, &DecodeOptions::default()).unwrap().feed.threat
    }

    fn at(text: &str) -> DateTime<Utc> {
        Timestamp::parse(text).unwrap().utc()
    }

    #[test]
    fn a_level_still_to_come_is_not_in_force() {
        let t = threat(
            "[threat]\nlevel = \"kritiek\"\nsince = 2015-11-19T10:00:00+01:00\n\
             history = [{ level = \"substantieel\", since = 2013-03-13 }]\n",
        );
        let now = t.national_at(at("2015-11-18T09:00:00+01:00"));
        assert_eq!(now.standing, Standing::NotYet { from: Timestamp::parse("2015-11-19T10:00:00+01:00").unwrap() });
        assert_eq!(now.in_force().map(|l| l.name.as_str()), Some("substantieel"));
        assert_eq!(t.level_in_force(at("2015-11-19T10:00:00+01:00")).map(|l| l.rank), Some(5));
        // Without history nothing is known to be in force yet.
        let t = threat("[threat]\nlevel = \"kritiek\"\nsince = 2015-11-19T10:00:00+01:00\n");
        assert_eq!(t.level_in_force(at("2015-11-18T09:00:00+01:00")), None);
    }

    #[test]
    fn a_lapsed_level_is_in_force_no_more() {
        let t = threat("[threat]\nlevel = \"kritiek\"\nuntil = 2015-11-18T22:00:00+01:00\n");
        assert!(t.level_in_force(at("2015-11-18T21:59:59+01:00")).is_some());
        let now = t.national_at(at("2015-11-18T22:00:00+01:00"));
        assert!(matches!(now.standing, Standing::Lapsed { .. }));
        assert_eq!(now.in_force(), None);
    }

    #[test]
    fn a_higher_scoped_level_in_force_is_found() {
        let t = threat(
            "[threat]\nlevel = \"substantieel\"\n\
             [[threat.scoped]]\nscope = \"Utrecht\"\nlevel = \"kritiek\"\nuntil = 2015-11-18T22:00:00+01:00\n\
             [[threat.scoped]]\nscope = \"Schiphol\"\nlevel = \"kritiek\"\nsince = 2015-11-19T00:00:00+01:00\n\
             [[threat.scoped]]\nscope = \"Venlo\"\nlevel = \"beperkt\"\n",
        );
        let above = t.scoped_above(at("2015-11-18T12:00:00+01:00")).map(|s| s.scope.as_str());
        assert_eq!(above, Some("Utrecht"));
        // Lapsed, and the other not yet in force: nothing above the national level.
        assert_eq!(t.scoped_above(at("2015-11-18T23:00:00+01:00")), None);
        assert_eq!(t.scoped_above(at("2015-11-19T01:00:00+01:00")).map(|s| s.scope.as_str()), Some("Schiphol"));
    }
}
