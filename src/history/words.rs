//! What changed between two pictures, in words, one change a line, in English or Dutch:
//! the level (national and scoped), the threat's context, exercise, then each measure
//! and incident added, changed (which fields), ended or removed.

use crate::config::Language;
use crate::feed::diff::{FeedDiff, ItemChange, LevelName};
use crate::feed::text::{Lines, clean};
use crate::ui::format::Times;
use crate::ui::labels::Labels;

/// The fixed words.
struct Words {
    level: &'static str,
    scoped: &'static str,
    none: &'static str,
    threat: &'static str,
    exercise_on: &'static str,
    exercise_off: &'static str,
    measures: &'static str,
    incidents: &'static str,
    /// In the order of [`ItemChange`].
    changes: [&'static str; 4],
    same: &'static str,
}

static EN: Words = Words {
    level: "Level",
    scoped: "Level for",
    none: "none",
    threat: "Threat assessment changed",
    exercise_on: "Exercise: on",
    exercise_off: "Exercise: off",
    measures: "Measures",
    incidents: "Incidents",
    changes: ["added", "changed", "ended", "removed"],
    same: "No change: the same picture was in force.",
};

static NL: Words = Words {
    level: "Niveau",
    scoped: "Niveau voor",
    none: "geen",
    threat: "Dreigingsbeeld gewijzigd",
    exercise_on: "Oefening: aan",
    exercise_off: "Oefening: uit",
    measures: "Maatregelen",
    incidents: "Incidenten",
    changes: ["nieuw", "gewijzigd", "beëindigd", "verwijderd"],
    same: "Geen wijziging: hetzelfde beeld was van kracht.",
};

fn words(language: Language) -> &'static Words {
    match language {
        Language::En => &EN,
        Language::Nl => &NL,
    }
}

/// A field name as the journal writes it (`claimed_by` → `claimed by`).
fn field<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_value(value).ok().and_then(|v| v.as_str().map(|s| s.replace('_', " "))).unwrap_or_default()
}

fn level(level: Option<&LevelName>, none: &str) -> String {
    level.map_or_else(|| none.to_owned(), |l| format!("{} {}/{}", l.name.to_uppercase(), l.rank, l.of))
}

/// `diff` in words, one change a line (without covert measures on a public screen).
#[must_use]
pub fn describe(diff: &FeedDiff, times: &Times<'_>, public: bool) -> Vec<String> {
    let labels: &Labels = times.labels;
    let words = words(labels.language);
    let diff = if public { diff.without_covert() } else { diff.clone() };
    let safe = |text: &str| clean(text, Lines::Single).into_owned();
    let mut lines = Vec::new();
    if let Some(change) = &diff.level {
        lines.push(format!(
            "{}: {} → {}",
            words.level,
            level(Some(&change.from), words.none),
            level(Some(&change.to), words.none)
        ));
    }
    for scoped in &diff.scoped {
        lines.push(format!(
            "{} {}: {} → {}",
            words.scoped,
            safe(&scoped.scope),
            level(scoped.from.as_ref(), words.none),
            level(scoped.to.as_ref(), words.none)
        ));
    }
    if !diff.threat.is_empty() {
        let fields: Vec<String> = diff.threat.iter().map(field).collect();
        lines.push(format!("{} ({})", words.threat, fields.join(", ")));
    }
    if let Some(on) = diff.exercise {
        lines.push(if on { words.exercise_on } else { words.exercise_off }.to_owned());
    }
    let sign = |change: ItemChange| match change {
        ItemChange::Added => '+',
        ItemChange::Changed => '~',
        ItemChange::Ended => '-',
        ItemChange::Removed => 'x',
    };
    let fields_of =
        |fields: Vec<String>| if fields.is_empty() { String::new() } else { format!(" [{}]", fields.join(", ")) };
    if !diff.measures.is_empty() {
        lines.push(format!("{}:", words.measures));
        for m in &diff.measures {
            let status = match m.previous_status {
                Some(before) if before != m.status => {
                    format!("{} → {}", labels.status(before), labels.status(m.status))
                }
                _ => labels.status(m.status).to_owned(),
            };
            lines.push(format!(
                "  {} {} {} ({}): {} — {status}{}",
                sign(m.change),
                words.changes[m.change as usize],
                safe(&m.location),
                labels.category(m.category),
                safe(&m.description),
                fields_of(m.fields.iter().map(field).collect()),
            ));
        }
    }
    if !diff.incidents.is_empty() {
        lines.push(format!("{}:", words.incidents));
        for i in &diff.incidents {
            let severity = match i.previous_severity {
                Some(before) if before != i.severity => {
                    format!("{} → {}", labels.severity(before), labels.severity(i.severity))
                }
                _ => labels.severity(i.severity).to_owned(),
            };
            let location = i.location.as_deref().map(|l| format!(" — {}", safe(l))).unwrap_or_default();
            lines.push(format!(
                "  {} {} {severity} {} {}{location}{}",
                sign(i.change),
                words.changes[i.change as usize],
                times.full(i.time),
                safe(&i.title),
                fields_of(i.fields.iter().map(field).collect()),
            ));
        }
    }
    if lines.is_empty() {
        lines.push(words.same.to_owned());
    }
    lines
}
