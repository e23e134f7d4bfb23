//! Ids for new items: readable (`i-20151113-2120-a3`: kind, date, time of day, a short
//! suffix) and never one the list already has.

use std::collections::HashSet;

use crate::edit::change::ItemKind;
use crate::edit::when::Moment;

/// Two-character suffixes: a letter and a digit, 234 of them a minute.
const LETTERS: &[u8] = b"abcdefghijklmnopqrstuvwxyz";
const DIGITS: &[u8] = b"123456789";

/// A new id for an item of `kind` named by `moment` (an incident's time, a measure's
/// `since` or now), unique among `existing`. The suffix starts from a hash of `seed`
/// (the title, say), so the same item at the same minute gets the same id, and two
/// items of one minute seldom need to look far.
#[must_use]
pub fn new_id(kind: ItemKind, moment: Moment, seed: &str, existing: &[String]) -> String {
    let prefix = match kind {
        ItemKind::Incident => "i",
        ItemKind::Measure => "m",
    };
    let stem = format!("{prefix}-{}", moment.naive().format("%Y%m%d-%H%M"));
    let taken: HashSet<&str> = existing.iter().map(String::as_str).filter(|id| id.starts_with(&stem)).collect();
    let slots = LETTERS.len() * DIGITS.len();
    let start = usize::try_from(fnv1a(seed) % slots as u64).unwrap_or(0);
    for n in (0..slots).map(|i| (start + i) % slots) {
        let candidate =
            format!("{stem}-{}{}", char::from(LETTERS[n / DIGITS.len()]), char::from(DIGITS[n % DIGITS.len()]));
        if !taken.contains(candidate.as_str()) {
            return candidate;
        }
    }
    // More than 234 items in one minute: count on.
    (1..).map(|n| format!("{stem}-x{n}")).find(|c| !taken.contains(c.as_str())).unwrap_or(stem)
}

/// FNV-1a: a small, stable hash (std's hasher may change between releases).
fn fnv1a(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> Moment {
        Moment::At(chrono::DateTime::parse_from_rfc3339(text).unwrap())
    }

    #[test]
    fn ids_are_readable_stable_and_unique() {
        let moment = at("2015-11-13T21:20:00+01:00");
        let first = new_id(ItemKind::Incident, moment, "Parijs", &[]);
        assert!(first.starts_with("i-20151113-2120-"), "{first}");
        assert_eq!(first.len(), "i-20151113-2120-a3".len());
        assert_eq!(new_id(ItemKind::Incident, moment, "Parijs", &[]), first, "stable for the same item");
        let mut existing = vec![first.clone()];
        for _ in 0..300 {
            let next = new_id(ItemKind::Incident, moment, "Parijs", &existing);
            assert!(!existing.contains(&next), "{next} is taken");
            existing.push(next);
        }
        let measure =
            new_id(ItemKind::Measure, Moment::Date(chrono::NaiveDate::from_ymd_opt(2015, 11, 16).unwrap()), "", &[]);
        assert!(measure.starts_with("m-20151116-0000-"), "{measure}");
    }
}
