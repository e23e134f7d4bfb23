//! The text filter (`/`): it matches the words the screen shows for an item (severity
//! and status in the screen's language, location, title, agency, source, tags), and
//! also the item's hidden text (details, notes, id), marking such a match so the
//! operator sees why an item is listed.

use crate::config::Language;
use crate::feed::{Incident, Measure, MeasureStatus, Visibility};
use crate::ui::labels::Labels;

/// What the operator narrows the lists to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListFilter {
    /// Lower-case words; every word must occur in the item.
    pub words: Vec<String>,
    /// `src:NAME` words: the item must come from a source whose name starts so.
    pub sources: Vec<String>,
    pub show_ended: bool,
    pub hide_covert: bool,
    /// The screen's language: the words the filter sees are the screen's.
    pub language: Language,
}

impl Default for ListFilter {
    fn default() -> Self {
        Self { words: Vec::new(), sources: Vec::new(), show_ended: false, hide_covert: false, language: Language::En }
    }
}

/// How an item matched the filter's words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Match {
    No,
    /// Every word is in what the list shows.
    Shown,
    /// Some word is found only in text the list does not show (details, notes, id).
    Hidden,
}

/// An item's searchable text, lower case: what the list shows, and what it does not.
/// Fields are apart by a line break, so a word never matches across two of them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Haystack {
    pub shown: Box<str>,
    pub hidden: Box<str>,
}

impl ListFilter {
    #[must_use]
    pub fn from_text(text: &str, show_ended: bool, hide_covert: bool, language: Language) -> Self {
        let (sources, words): (Vec<String>, Vec<String>) =
            text.split_whitespace().map(str::to_lowercase).partition(|w| w.starts_with("src:"));
        let sources = sources.into_iter().map(|w| w["src:".len()..].to_owned()).collect();
        Self { words, sources, show_ended, hide_covert, language }
    }

    /// Whether the filter is narrowing by text or source at all.
    #[must_use]
    pub fn has_words(&self) -> bool {
        !self.words.is_empty() || !self.sources.is_empty()
    }

    /// Whether an item from source `name` (`None`: there is one source) passes the
    /// `src:` words.
    #[must_use]
    pub fn keeps_source(&self, name: Option<&str>) -> bool {
        self.sources.is_empty()
            || name.is_some_and(|n| self.sources.iter().any(|s| n.to_lowercase().starts_with(s.as_str())))
    }

    /// How `haystack` matches every word.
    #[must_use]
    pub fn matches(&self, haystack: &Haystack) -> Match {
        let mut hidden = false;
        for word in &self.words {
            if haystack.shown.contains(word.as_str()) {
                continue;
            }
            if haystack.hidden.contains(word.as_str()) {
                hidden = true;
                continue;
            }
            return Match::No;
        }
        if hidden { Match::Hidden } else { Match::Shown }
    }

    /// Whether a measure is listed at all, before any words: ended ones only when
    /// asked for, covert ones never on a public screen.
    #[must_use]
    pub fn lists_measure(&self, m: &Measure) -> bool {
        (m.status != MeasureStatus::Ended || self.show_ended)
            && (m.visibility != Visibility::Covert || !self.hide_covert)
    }
}

fn lower(parts: &[&str]) -> Box<str> {
    parts.join("\n").to_lowercase().into_boxed_str()
}

/// What the timeline shows of an incident, and what only its details show.
#[must_use]
pub fn incident_haystack(i: &Incident, language: Language) -> Haystack {
    let labels = Labels::of(language);
    let mut shown = vec![labels.severity(i.severity), i.severity.as_str(), &i.title, opt(&i.location), opt(&i.source)];
    shown.extend(i.tags.iter().map(|t| t.as_str()));
    let hidden = [&i.id as &str, opt(&i.claimed_by), i.details.as_deref().unwrap_or("")];
    Haystack { shown: lower(&shown), hidden: lower(&hidden) }
}

/// What the measures panel shows of a measure, and what only its details show.
#[must_use]
pub fn measure_haystack(m: &Measure, language: Language) -> Haystack {
    let labels = Labels::of(language);
    let covert = if m.visibility == Visibility::Covert { labels.covert } else { "" };
    let shown = [
        &m.location as &str,
        labels.status(m.status),
        m.status.as_str(),
        labels.category(m.category),
        opt(&m.agency),
        &m.description,
        covert,
    ];
    let hidden = [&m.id as &str, opt(&m.region), m.notes.as_deref().unwrap_or("")];
    Haystack { shown: lower(&shown), hidden: lower(&hidden) }
}

fn opt(text: &Option<crate::feed::Text>) -> &str {
    text.as_deref().unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn haystack(shown: &str, hidden: &str) -> Haystack {
        Haystack { shown: shown.into(), hidden: hidden.into() }
    }

    #[test]
    fn every_word_must_match_and_hidden_matches_are_told() {
        let filter = ListFilter::from_text("Parijs crit", false, false, Language::En);
        assert_eq!(filter.matches(&haystack("crit\nparijs, fr", "")), Match::Shown);
        assert_eq!(filter.matches(&haystack("crit", "aanslagen in parijs")), Match::Hidden);
        assert_eq!(filter.matches(&haystack("crit", "")), Match::No);
    }
}
