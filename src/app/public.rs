//! A public screen (`public_screen = true`, `--public`): covert measures are taken out of
//! each picture as it arrives, before anything else sees it, so no list, count, mark,
//! warning, map, popup, snapshot, `line` or `status` built on the model can show or
//! count them. Problems of a rejected feed that belong to a measure are not quoted: the
//! measure may be covert, and a rejected feed cannot tell.

use crate::feed::{Feed, Problem, Visibility};

/// What a rejected measure's problem says on a public screen instead of its message.
pub const WITHHELD: &str = "a problem with this measure (not shown on a public screen: it may be covert)";

/// Takes the covert measures out of `feed`, and the warnings about them out of
/// `warnings` (their paths count the measures as the file has them).
pub fn strip(feed: &mut Feed, warnings: &mut Vec<Problem>) {
    let covert: Vec<bool> = feed.measures.iter().map(|m| m.visibility == Visibility::Covert).collect();
    if !covert.contains(&true) {
        return;
    }
    warnings.retain(|p| !measure_index(p).is_some_and(|i| covert.get(i).copied().unwrap_or(true)));
    feed.measures.retain(|m| m.visibility != Visibility::Covert);
}

/// The problems of a rejected feed as a public screen may show them: those about a
/// measure keep where they are, not what they say.
pub fn redact(problems: &mut [Problem]) {
    for problem in problems.iter_mut().filter(|p| measure_index(p).is_some()) {
        WITHHELD.clone_into(&mut problem.message);
    }
}

/// The measure a problem belongs to (`measures[3].review` → 3).
fn measure_index(problem: &Problem) -> Option<usize> {
    let rest = problem.path.as_deref()?.strip_prefix("measures[")?;
    rest.split_once(']')?.0.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::feed::{DecodeOptions, Format, decode};

    const FEED: &str = r#"version = 1
generated = 2015-11-18T09:00:00+01:00
[threat]
level = 4
[[measures]]
id = "open"
location = "Utrecht Centraal"
category = "station"
description = "Zichtbare surveillance"
status = "active"
review = 2015-11-17T12:00:00+01:00
[[measures]]
id = "hush"
location = "Geheime locatie"
category = "other"
description = "Observatie"
status = "active"
visibility = "covert"
review = 2015-11-17T12:00:00+01:00
"#;

    #[test]
    fn covert_measures_and_their_warnings_are_taken_out() {
        let accepted = decode(FEED.as_bytes(), Format::Toml, &DecodeOptions::default()).unwrap();
        let (mut feed, mut warnings) = (accepted.feed, accepted.warnings);
        assert_eq!(warnings.len(), 2, "{warnings:?}");
        strip(&mut feed, &mut warnings);
        assert_eq!(feed.measures.len(), 1);
        assert_eq!(feed.measures[0].id.as_str(), "open");
        assert_eq!(warnings.len(), 1);
        assert!(warnings[0].message.contains("`open`"), "{warnings:?}");
    }

    #[test]
    fn problems_of_measures_are_withheld() {
        let mut problems = vec![
            Problem::error("duplicate measure id `hush`").on("measures[1].id"),
            Problem::error("unknown field `lvel`").on("threat"),
        ];
        redact(&mut problems);
        assert_eq!(problems[0].message, WITHHELD);
        assert_eq!(problems[0].path.as_deref(), Some("measures[1].id"));
        assert_eq!(problems[1].message, "unknown field `lvel`");
    }
}
