//! Several sources, one picture. Each source keeps its last good part; the picture holds
//! the measures and incidents of every source that provides them (ids prefixed with the
//! source's name when there are several), and the threat level of the source with the
//! highest priority that provides one. Contradictions are kept beside the picture so the
//! screen can flag them. Merging, sorting and the comparison with the previous picture
//! all happen here, in the reader task, never on the UI thread.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, Utc};

use crate::app::changes::Fingerprints;
use crate::app::filter::ListFilter;
use crate::app::lists::Lists;
use crate::app::message::FeedEvent;
use crate::app::picture::{Picture, Provenance};
use crate::app::sources::{NewPicture, Provides, Read, SourceStatus, SourcesUpdate};
use crate::config::Language;
use crate::feed::{Feed, Problem, Text};
use crate::source::watch::SourceMode;

/// What the merger knows of one source besides its status.
#[derive(Debug, Clone)]
pub struct SourceMeta {
    pub name: String,
    pub provides: Provides,
    pub priority: i64,
}

/// The last good part of a source.
#[derive(Debug, Clone)]
struct Part {
    feed: Arc<Feed>,
    warnings: Vec<Problem>,
}

/// Keeps every source's last good part and status, and makes the picture.
#[derive(Debug)]
pub struct Merger {
    meta: Vec<SourceMeta>,
    parts: Vec<Option<Part>>,
    statuses: Vec<SourceStatus>,
    /// The last merged feed's items in brief, to tell what changed.
    previous: Option<Fingerprints>,
    /// The lists a screen without a filter shows, made here too.
    default_filter: ListFilter,
    /// A public screen: covert measures never enter the picture.
    public_screen: bool,
}

impl Merger {
    #[must_use]
    pub fn new(meta: Vec<SourceMeta>, statuses: Vec<SourceStatus>, language: Language, public_screen: bool) -> Self {
        let parts = vec![None; meta.len()];
        Self {
            meta,
            parts,
            statuses,
            previous: None,
            default_filter: ListFilter::from_text("", false, public_screen, language),
            public_screen,
        }
    }

    /// A merger for the run's sources.
    #[must_use]
    pub fn for_sources(specs: &[crate::startup::SourceSpec], settings: &crate::app::model::Settings) -> Self {
        let meta = specs
            .iter()
            .map(|s| SourceMeta { name: s.name.clone(), provides: s.provides, priority: s.priority })
            .collect();
        let statuses = specs.iter().map(crate::startup::SourceSpec::status).collect();
        Self::new(meta, statuses, settings.language, settings.public_screen)
    }

    /// How the sources stand now.
    #[must_use]
    pub fn statuses(&self) -> &[SourceStatus] {
        &self.statuses
    }

    /// A source changed how it learns of changes (watching, polling, unreachable).
    pub fn on_mode(&mut self, source: usize, mode: SourceMode) -> SourcesUpdate {
        if let Some(status) = self.statuses.get_mut(source) {
            status.mode = mode;
        }
        SourcesUpdate { statuses: self.statuses.clone(), reads: Vec::new(), picture: None, read: None }
    }

    /// A source read its feed: its status changes, and a good read makes a new picture.
    pub fn on_event(&mut self, source: usize, event: FeedEvent) -> SourcesUpdate {
        self.on_messages(vec![(source, crate::app::Message::Feed(event))])
    }

    /// A batch of what the sources sent (reads and modes), taken in order; one picture
    /// is made at the end if any read was good, however many there were.
    pub fn on_messages(&mut self, messages: Vec<(usize, crate::app::Message)>) -> SourcesUpdate {
        let mut read = None;
        let mut good: Option<bool> = None;
        let mut reads = Vec::new();
        let mut raw = None;
        for (source, message) in messages {
            match message {
                crate::app::Message::Feed(event) => {
                    let at = event_time(&event);
                    read = Some(at);
                    reads.push((source, Read::of(&event)));
                    if let FeedEvent::Loaded { raw: bytes, .. } = &event {
                        raw = Some(bytes.clone());
                    }
                    if let Some(same) = self.take(source, event) {
                        good = Some(good.unwrap_or(true) && same);
                        // The journal gets the decoded version too, shared, unless a
                        // public screen stripped it (the journal records what was written).
                        if let (Some((_, Read::Loaded { feed, .. })), false, Some(part)) =
                            (reads.last_mut(), self.public_screen, self.parts[source].as_ref())
                        {
                            *feed = Some(Arc::clone(&part.feed));
                        }
                    }
                }
                crate::app::Message::Source(mode) => {
                    if let Some(status) = self.statuses.get_mut(source) {
                        status.mode = mode;
                    }
                }
                _ => {}
            }
        }
        // Only a new version makes a new picture: the same one read again changes
        // nothing on screen (the status says it was read).
        let picture = match (good, read) {
            (Some(false), Some(at)) => self.picture(at, false).map(|mut new| {
                // One source's feed as written: the journal names it by these bytes.
                new.raw = raw.filter(|_| self.meta.len() == 1);
                Box::new(new)
            }),
            _ => None,
        };
        SourcesUpdate { statuses: self.statuses.clone(), reads, picture, read }
    }

    /// Takes in one read: `Some(same version as before)` for a good one.
    fn take(&mut self, source: usize, event: FeedEvent) -> Option<bool> {
        let status = self.statuses.get_mut(source)?;
        match event {
            FeedEvent::Loaded { mut feed, mut warnings, at, .. } => {
                // On a public screen, covert measures (and what names them) go first.
                if self.public_screen {
                    crate::app::public::strip(&mut feed, &mut warnings);
                }
                let same = self.parts[source].as_ref().is_some_and(|p| *p.feed == *feed);
                // The same version read again keeps the moment it first arrived.
                let received = status.received.filter(|_| same).unwrap_or(at);
                status.took_good(&feed, &warnings, received);
                if !same {
                    self.parts[source] = Some(Part { feed: Arc::new(*feed), warnings });
                }
                Some(same)
            }
            FeedEvent::Rejected { mut problems, at } => {
                if self.public_screen {
                    crate::app::public::redact(&mut problems);
                }
                status.took_rejected(problems, at);
                None
            }
            FeedEvent::Missing { reason, at } => {
                status.took_missing(reason, at);
                None
            }
        }
    }

    /// The picture of every source's last good part, what changed against the previous
    /// one, and the unfiltered lists.
    fn picture(&mut self, at: DateTime<Utc>, unchanged: bool) -> Option<NewPicture> {
        let (feed, warnings, provenance) = merge(&self.meta, &self.parts)?;
        let delta = self.previous.as_ref().map(|old| old.delta(&feed));
        self.previous = Some(Fingerprints::of(&feed));
        // The age of a merged picture counts from its oldest part's arrival.
        let received = self.statuses.iter().filter_map(|s| s.received).min().unwrap_or(at);
        let picture = Picture::with_provenance(feed, warnings, received, provenance);
        let lists = Lists::new(&picture, &self.default_filter);
        Some(NewPicture { picture, lists, filter: self.default_filter.clone(), delta, at, unchanged, raw: None })
    }
}

fn event_time(event: &FeedEvent) -> DateTime<Utc> {
    match event {
        FeedEvent::Loaded { at, .. } | FeedEvent::Rejected { at, .. } | FeedEvent::Missing { at, .. } => *at,
    }
}

/// The sources' last good parts as one feed (none before any good read); ids prefixed
/// with their source's name when there are several sources. With one source the feed is
/// that source's, as it was written.
fn merge(meta: &[SourceMeta], parts: &[Option<Part>]) -> Option<(Arc<Feed>, Vec<Problem>, Provenance)> {
    let several = meta.len() > 1;
    // One source that gives everything: its feed as it is, shared, not copied.
    if let ([only], [Some(part)]) = (meta, parts)
        && only.provides == Provides::default()
    {
        return Some((Arc::clone(&part.feed), part.warnings.clone(), Provenance::default()));
    }
    let present: Vec<(usize, &Part)> = parts.iter().enumerate().filter_map(|(i, p)| Some((i, p.as_ref()?))).collect();
    // The threat: the highest priority among the sources that provide one (the first
    // of equals in config order).
    let threat_source = present
        .iter()
        .filter(|(i, _)| meta[*i].provides.threat)
        .max_by_key(|(i, _)| (meta[*i].priority, std::cmp::Reverse(*i)))
        .or_else(|| present.first())
        .map(|(i, _)| *i);
    let base = threat_source.and_then(|i| parts[i].as_ref())?;
    let mut feed = Feed { measures: Vec::new(), incidents: Vec::new(), ..(*base.feed).clone() };
    let mut warnings = Vec::new();
    let mut provenance = Provenance {
        names: if several { meta.iter().map(|m| m.name.clone()).collect() } else { Vec::new() },
        threat_source: threat_source.map(|i| u16::try_from(i).unwrap_or(u16::MAX)),
        ..Provenance::default()
    };
    let prefix = |name: &str, id: &Text| if several { Text::new(&format!("{name}:{id}")) } else { id.clone() };
    for &(i, part) in &present {
        let source = u16::try_from(i).unwrap_or(u16::MAX);
        let name = &meta[i].name;
        if meta[i].provides.measures {
            for m in &part.feed.measures {
                feed.measures.push(crate::feed::Measure { id: prefix(name, &m.id), ..m.clone() });
                provenance.measures.push(source);
            }
        }
        if meta[i].provides.incidents {
            for incident in &part.feed.incidents {
                feed.incidents.push(crate::feed::Incident { id: prefix(name, &incident.id), ..incident.clone() });
                provenance.incidents.push(source);
            }
        }
        if several {
            // Each source's own warnings stay with its status (their positions are in
            // its file); another source's threat is kept to flag a contradiction.
            if Some(i) != threat_source && meta[i].provides.threat {
                provenance.other_threats.push((source, part.feed.threat.clone()));
            }
        } else {
            warnings.extend(part.warnings.iter().cloned());
        }
        // A merged picture is as old as its oldest part, and an exercise if any part is.
        if part.feed.generated < feed.generated {
            feed.generated = part.feed.generated;
        }
        feed.exercise |= part.feed.exercise;
    }
    provenance.conflicting_measures = conflicting_measures(&feed, &provenance);
    Some((Arc::new(feed), warnings, provenance))
}

/// Measures of one location and category to which two sources give a different status.
fn conflicting_measures(feed: &Feed, provenance: &Provenance) -> std::collections::HashSet<u32> {
    let mut conflicts = std::collections::HashSet::new();
    if provenance.names.is_empty() {
        return conflicts;
    }
    let mut seen: HashMap<(String, crate::feed::Category), Vec<usize>> = HashMap::new();
    for (i, m) in feed.measures.iter().enumerate() {
        seen.entry((m.location.to_lowercase(), m.category)).or_default().push(i);
    }
    for indices in seen.values() {
        let statuses: std::collections::HashSet<_> = indices.iter().map(|&i| feed.measures[i].status).collect();
        let sources: std::collections::HashSet<_> = indices.iter().map(|&i| provenance.measures[i]).collect();
        if statuses.len() > 1 && sources.len() > 1 {
            conflicts.extend(indices.iter().filter_map(|&i| u32::try_from(i).ok()));
        }
    }
    conflicts
}
