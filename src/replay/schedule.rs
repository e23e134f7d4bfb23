//! The versions a scenario makes, worked out and checked before anything is written:
//! the start feed, then each inject applied to the version before it (a whole feed
//! replaces it; changes go through the edit layer, as `sitrep add` and `set` do), each
//! result checked with `sitrep check`'s rules and refused unless `exercise = true`.

use chrono::{DateTime, FixedOffset, TimeDelta};

use crate::edit::change::{Context, apply, stamp_generated};
use crate::edit::write::check;
use crate::feed::{DecodeOptions, Feed, Format};
use crate::replay::scenario::{Content, Scenario, resolve};

/// One version of the schedule.
#[derive(Debug, Clone)]
pub struct Step {
    /// From the scenario's start.
    pub offset: TimeDelta,
    /// `+00:45` as written (`+00:00` for the start feed).
    pub at: String,
    /// The scenario's time of this version (start plus offset).
    pub moment: DateTime<FixedOffset>,
    pub title: String,
    /// Where the inject's information comes from (`None` for the start feed).
    pub source: Option<String>,
    /// The feed's text, `generated` still to be stamped when it is written.
    pub text: String,
    /// The check of the version (stamped with `moment`).
    pub check: Result<Checked, Vec<String>>,
}

/// What a good version holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checked {
    /// `SUBSTANTIEEL 4/5`.
    pub level: String,
    pub measures: usize,
    pub incidents: usize,
    pub warnings: usize,
}

impl Checked {
    fn of(feed: &Feed, warnings: usize) -> Self {
        let level = &feed.threat.level;
        Self {
            level: format!("{} {}/{}", level.name.to_uppercase(), level.rank, level.of),
            measures: feed.measures.len(),
            incidents: feed.incidents.len(),
            warnings,
        }
    }
}

/// Every version of `scenario` with its start at `start`, checked with `decode`'s rules.
#[must_use]
pub fn build(scenario: &Scenario, start: DateTime<FixedOffset>, decode: &DecodeOptions) -> Vec<Step> {
    let format = scenario.format;
    let mut steps = Vec::with_capacity(scenario.injects.len() + 1);
    let first = verify(&scenario.feed, format, start, decode);
    let mut current = scenario.feed.clone();
    steps.push(Step {
        offset: TimeDelta::zero(),
        at: "+00:00".to_owned(),
        moment: start,
        title: "start feed".to_owned(),
        source: None,
        text: current.clone(),
        check: first,
    });
    for inject in &scenario.injects {
        let moment = start + inject.offset;
        let made = match &inject.content {
            Content::Feed(text) => Ok(text.clone()),
            Content::Changes(changes) => {
                let context = Context { now: moment, scales: &decode.scales };
                changes.iter().enumerate().try_fold(current.clone(), |text, (k, planned)| {
                    apply(&text, format, &resolve(planned, start), &context)
                        .map(|applied| applied.text)
                        .map_err(|e| vec![format!("change {}: {e}", k + 1)])
                })
            }
        };
        let (text, check) = match made {
            Ok(text) => {
                let check = verify(&text, format, moment, decode);
                (text, check)
            }
            Err(problems) => (current.clone(), Err(problems)),
        };
        // A refused inject leaves the version before it in place for what follows.
        if check.is_ok() {
            current.clone_from(&text);
        }
        steps.push(Step {
            offset: inject.offset,
            at: inject.at.clone(),
            moment,
            title: inject.title.clone(),
            source: Some(inject.source.clone()),
            text,
            check,
        });
    }
    steps
}

/// Stamps `generated` with `moment` and checks the result: valid, and an exercise.
fn verify(
    text: &str,
    format: Format,
    moment: DateTime<FixedOffset>,
    decode: &DecodeOptions,
) -> Result<Checked, Vec<String>> {
    let stamped = stamp_generated(text, format, moment).map_err(|e| vec![e.to_string()])?;
    let (feed, warnings) = checked(&stamped, format, moment, decode)?;
    Ok(Checked::of(&feed, warnings))
}

/// `sitrep check`'s rules on `text` at `moment`, and `exercise = true`.
///
/// # Errors
/// Every error, or that the version is not marked as an exercise.
pub fn checked(
    text: &str,
    format: Format,
    moment: DateTime<FixedOffset>,
    decode: &DecodeOptions,
) -> Result<(Feed, usize), Vec<String>> {
    let options = DecodeOptions { now: moment.to_utc(), ..decode.clone() };
    let accepted = check(text.as_bytes(), format, &options).map_err(|problems| {
        problems.iter().filter(|p| p.is_error()).map(|p| p.display_in("feed").to_string()).collect::<Vec<_>>()
    })?;
    if !accepted.feed.exercise {
        return Err(vec![
            "the version is not marked as an exercise: a replay writes only versions with `exercise = true`".into(),
        ]);
    }
    Ok((accepted.feed, accepted.warnings.len()))
}
