//! The handover report for people: the model laid out once as headings, lines and tables
//! in the configured language, then printed as plain text or as markdown. Every string
//! that came from a feed or the journal is cleaned before it is printed.

use std::fmt::Write;

use chrono::{DateTime, Utc};

use crate::config::Language;
use crate::feed::diff::{ItemChange, LevelName};
use crate::feed::text::{Lines, clean};
use crate::feed::{MeasureStatus, Timestamp};
use crate::report::handover::{Due, Handover, Trouble};
use crate::ui::format::span;
use crate::ui::labels::Labels;

/// One piece of the laid-out report.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Block {
    /// EXERCISE / OEFENING, DEMO: above everything.
    Banner(String),
    Title(String),
    Heading(String),
    Line(String),
    Table {
        header: Vec<String>,
        rows: Vec<Vec<String>>,
    },
}

/// The words of the report.
struct Words {
    title: &'static str,
    period: &'static str,
    host: &'static str,
    operators: &'static str,
    feed: &'static str,
    producer: &'static str,
    report_time: &'static str,
    public: &'static str,
    threat_now: &'static str,
    from_journal: &'static str,
    level_changes: &'static str,
    national: &'static str,
    measures: &'static str,
    started: &'static str,
    changed: &'static str,
    ended: &'static str,
    removed: &'static str,
    incidents: &'static str,
    new: &'static str,
    updated: &'static str,
    open_items: &'static str,
    overdue_reviews: &'static str,
    next_24h: &'static str,
    unacknowledged: &'static str,
    unknown_without_feed: &'static str,
    feed_health: &'static str,
    still_going: &'static str,
    notes: &'static str,
    warnings: &'static str,
    none: &'static str,
    columns: Columns,
    due: [&'static str; 3],
    trouble: [&'static str; 3],
}

struct Columns {
    time: &'static str,
    from: &'static str,
    to: &'static str,
    scope: &'static str,
    location: &'static str,
    what: &'static str,
    status: &'static str,
    severity: &'static str,
    title: &'static str,
    how_long: &'static str,
    operator: &'static str,
    note: &'static str,
    due: &'static str,
    changes: &'static str,
}

static EN: Words = Words {
    title: "Handover",
    period: "Period",
    host: "Host",
    operators: "Operators",
    feed: "Feed",
    producer: "producer",
    report_time: "Report time",
    public: "PUBLIC: covert measures are left out",
    threat_now: "Threat level now",
    from_journal: "from the journal: the feed cannot be read now",
    level_changes: "Level changes",
    national: "national",
    measures: "Measures",
    started: "Started",
    changed: "Changed",
    ended: "Ended",
    removed: "removed from the feed",
    incidents: "Incidents new or updated",
    new: "new",
    updated: "updated",
    open_items: "Open items",
    overdue_reviews: "Overdue reviews",
    next_24h: "Due in the next 24 h",
    unacknowledged: "Changes nobody acknowledged",
    unknown_without_feed: "not known: the feed cannot be read now",
    feed_health: "Feed health",
    still_going: "still going",
    notes: "Notes",
    warnings: "Warnings",
    none: "none",
    columns: Columns {
        time: "time",
        from: "from",
        to: "to",
        scope: "scope",
        location: "location",
        what: "what",
        status: "status",
        severity: "severity",
        title: "title",
        how_long: "how long",
        operator: "operator",
        note: "note",
        due: "due",
        changes: "changes",
    },
    due: ["incident", "review", "measure starts"],
    trouble: ["REJECTED", "MISSING", "STALE"],
};

static NL: Words = Words {
    title: "Overdracht",
    period: "Periode",
    host: "Server",
    operators: "Operators",
    feed: "Feed",
    producer: "bron",
    report_time: "Rapporttijd",
    public: "PUBLIEK: onzichtbare maatregelen zijn weggelaten",
    threat_now: "Dreigingsniveau nu",
    from_journal: "uit het journaal: de feed is nu niet leesbaar",
    level_changes: "Niveauwijzigingen",
    national: "nationaal",
    measures: "Maatregelen",
    started: "Gestart",
    changed: "Gewijzigd",
    ended: "Beëindigd",
    removed: "uit de feed verwijderd",
    incidents: "Incidenten nieuw of bijgewerkt",
    new: "nieuw",
    updated: "bijgewerkt",
    open_items: "Openstaand",
    overdue_reviews: "Herijkingen te laat",
    next_24h: "Komende 24 uur",
    unacknowledged: "Wijzigingen die niemand bevestigde",
    unknown_without_feed: "onbekend: de feed is nu niet leesbaar",
    feed_health: "Feedstatus",
    still_going: "duurt nog",
    notes: "Notities",
    warnings: "Waarschuwingen",
    none: "geen",
    columns: Columns {
        time: "tijd",
        from: "van",
        to: "tot",
        scope: "gebied",
        location: "locatie",
        what: "wat",
        status: "status",
        severity: "ernst",
        title: "titel",
        how_long: "duur",
        operator: "operator",
        note: "notitie",
        due: "wat komt",
        changes: "wijzigingen",
    },
    due: ["incident", "herijking", "maatregel start"],
    trouble: ["GEWEIGERD", "ONTBREEKT", "VEROUDERD"],
};

/// One line of untrusted text, safe for a terminal.
fn safe(text: &str) -> String {
    clean(text, Lines::Single).into_owned()
}

/// Times as the report writes them, in its zone (at its own time).
fn times<'a>(report: &'a Handover, labels: &'static Labels) -> crate::ui::format::Times<'a> {
    crate::ui::format::Times::new(&report.zone, report.report_time, labels)
}

fn level(level: Option<&LevelName>, none: &str) -> String {
    level.map_or_else(|| none.to_owned(), |l| safe(&l.describe()).to_uppercase())
}

fn status_change(labels: &Labels, status: MeasureStatus, previous: Option<MeasureStatus>) -> String {
    match previous {
        Some(previous) => format!("{} → {}", labels.status(previous), labels.status(status)),
        None => labels.status(status).to_owned(),
    }
}

/// Field names (as the journal writes them) in the report's language.
fn serde_words<T: serde::Serialize>(items: &[T], language: Language) -> String {
    const DUTCH: [(&str, &str); 18] = [
        ("location", "locatie"),
        ("category", "categorie"),
        ("description", "omschrijving"),
        ("agency", "dienst"),
        ("visibility", "zichtbaarheid"),
        ("since", "sinds"),
        ("review", "herijking"),
        ("region", "regio"),
        ("position", "positie"),
        ("notes", "notities"),
        ("time", "tijd"),
        ("title", "titel"),
        ("severity", "ernst"),
        ("tags", "labels"),
        ("casualties", "slachtoffers"),
        ("claimed_by", "opgeëist door"),
        ("source", "bron"),
        ("details", "details"),
    ];
    items
        .iter()
        .filter_map(|item| {
            let name = serde_json::to_value(item).ok()?.as_str()?.to_owned();
            let dutch = DUTCH.iter().find(|(en, _)| *en == name).map(|(_, nl)| (*nl).to_owned());
            Some(match language {
                Language::Nl => dutch.unwrap_or(name),
                Language::En => name.replace('_', " "),
            })
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Lays the report out.
#[allow(clippy::too_many_lines)] // one section after another, in the order of the issue
fn layout(report: &Handover) -> Vec<Block> {
    let (w, labels) = match report.language {
        Language::En => (&EN, Labels::of(Language::En)),
        Language::Nl => (&NL, Labels::of(Language::Nl)),
    };
    let times = times(report, labels);
    let t = |time: DateTime<Utc>| times.full_utc(time);
    let ts = |time: Timestamp| times.full(time);
    let mut blocks = Vec::new();
    if report.exercise {
        blocks.push(Block::Banner(format!("{0} {0} {0}", labels.exercise)));
    }
    if report.demo {
        blocks.push(Block::Banner(labels.demo.to_owned()));
    }
    blocks.push(Block::Title(format!(
        "{} · {} – {} ({})",
        w.title,
        t(report.period.from),
        t(report.period.to),
        report.timezone
    )));
    let mut header = vec![
        format!(
            "{}: {} – {} ({})",
            w.period,
            t(report.period.from),
            t(report.period.to),
            span(report.period.to - report.period.from, labels)
        ),
        format!("{}: {}", w.host, safe(&report.host)),
        format!(
            "{}: {}",
            w.operators,
            if report.operators.is_empty() { w.none.to_owned() } else { safe(&report.operators.join(", ")) }
        ),
    ];
    let producer = report.source.as_deref().map(|s| format!(" ({}: {})", w.producer, safe(s))).unwrap_or_default();
    header.push(format!("{}: {}{producer}", w.feed, safe(&report.feed)));
    header.push(format!("{}: {}", w.report_time, t(report.report_time)));
    if report.public {
        header.push(w.public.to_owned());
    }
    blocks.extend(header.into_iter().map(Block::Line));

    blocks.push(Block::Heading(w.threat_now.to_owned()));
    match &report.threat {
        Some(threat) => {
            let mut line = level(Some(&threat.level), w.none);
            if let Some(since) = threat.since {
                let _ = write!(
                    line,
                    " · {} {} ({})",
                    labels.since,
                    ts(since),
                    span(report.report_time - since.0.to_utc(), labels)
                );
            }
            if let Some(assessed) = threat.assessed {
                let _ = write!(line, " · {} {}", labels.assessed, ts(assessed));
            }
            if let Some(reference) = &threat.reference {
                let _ = write!(line, " · {}", safe(reference));
            }
            if threat.from_journal {
                let _ = write!(line, " ({})", w.from_journal);
            }
            blocks.push(Block::Line(line));
        }
        None => blocks.push(Block::Line(w.unknown_without_feed.to_owned())),
    }
    let c = &w.columns;
    blocks.push(Block::Heading(w.level_changes.to_owned()));
    table(
        &mut blocks,
        w.none,
        vec![c.time, c.scope, c.from, c.to],
        report.level_changes.iter().map(|change| {
            vec![
                t(change.time),
                change.scope.as_deref().map_or_else(|| w.national.to_owned(), safe),
                level(change.from.as_ref(), w.none),
                level(change.to.as_ref(), w.none),
            ]
        }),
    );

    blocks.push(Block::Heading(w.measures.to_owned()));
    for (name, events) in [
        (w.started, &report.measures.started),
        (w.changed, &report.measures.changed),
        (w.ended, &report.measures.ended),
    ] {
        blocks.push(Block::Line(format!("{name}:")));
        table(
            &mut blocks,
            w.none,
            vec![c.time, c.location, c.what, c.status, c.changes],
            events.iter().map(|m| {
                let changes = if m.change == ItemChange::Removed {
                    w.removed.to_owned()
                } else {
                    serde_words(&m.fields, report.language)
                };
                vec![
                    t(m.time),
                    safe(&m.location),
                    safe(&m.description),
                    status_change(labels, m.status, m.previous_status),
                    changes,
                ]
            }),
        );
    }

    blocks.push(Block::Heading(w.incidents.to_owned()));
    table(
        &mut blocks,
        w.none,
        vec![c.severity, c.time, c.title, c.location, c.changes],
        report.incidents.iter().map(|i| {
            let how = if i.new && !i.fields.is_empty() {
                format!("{}; {}: {}", w.new, w.updated, serde_words(&i.fields, report.language))
            } else if i.new {
                w.new.to_owned()
            } else if i.removed {
                w.removed.to_owned()
            } else {
                format!("{}: {}", w.updated, serde_words(&i.fields, report.language))
            };
            vec![
                labels.severity(i.severity).to_owned(),
                ts(i.time),
                safe(&i.title),
                i.location.as_deref().map(safe).unwrap_or_default(),
                how,
            ]
        }),
    );

    blocks.push(Block::Heading(w.open_items.to_owned()));
    blocks.push(Block::Line(format!("{}:", w.overdue_reviews)));
    match &report.open_items.overdue_reviews {
        Some(reviews) => table(
            &mut blocks,
            w.none,
            vec![labels.review, c.location, c.what],
            reviews.iter().map(|r| vec![ts(r.review), safe(&r.location), safe(&r.description)]),
        ),
        None => blocks.push(Block::Line(w.unknown_without_feed.to_owned())),
    }
    blocks.push(Block::Line(format!("{}:", w.next_24h)));
    match &report.open_items.upcoming {
        Some(upcoming) => table(
            &mut blocks,
            w.none,
            vec![c.time, c.due, c.what],
            upcoming.iter().map(|u| {
                let due = match u.due {
                    Due::Incident => w.due[0],
                    Due::Review => w.due[1],
                    Due::MeasureStart => w.due[2],
                };
                vec![ts(u.time), due.to_owned(), safe(&u.what)]
            }),
        ),
        None => blocks.push(Block::Line(w.unknown_without_feed.to_owned())),
    }
    blocks.push(Block::Line(format!("{}:", w.unacknowledged)));
    table(
        &mut blocks,
        w.none,
        vec![c.time, c.changes],
        report.open_items.unacknowledged.iter().map(|u| vec![t(u.time), safe(&u.summary)]),
    );

    blocks.push(Block::Heading(w.feed_health.to_owned()));
    table(
        &mut blocks,
        w.none,
        vec![c.what, c.from, c.to, c.how_long, c.note],
        report.feed_health.iter().map(|e| {
            let trouble = match e.trouble {
                Trouble::Rejected => w.trouble[0],
                Trouble::Missing => w.trouble[1],
                Trouble::Stale => w.trouble[2],
            };
            vec![
                trouble.to_owned(),
                t(e.from),
                e.to.map_or_else(|| w.still_going.to_owned(), t),
                span(chrono::TimeDelta::seconds(e.seconds), labels),
                e.detail.as_deref().map(safe).unwrap_or_default(),
            ]
        }),
    );

    blocks.push(Block::Heading(w.notes.to_owned()));
    table(
        &mut blocks,
        w.none,
        vec![c.time, c.operator, c.note],
        report.notes.iter().map(|n| vec![t(n.time), safe(&n.operator), safe(&n.text)]),
    );
    if !report.warnings.is_empty() {
        blocks.push(Block::Heading(w.warnings.to_owned()));
        blocks.extend(report.warnings.iter().map(|warning| Block::Line(safe(warning))));
    }
    blocks
}

/// A table, or `none` when there are no rows.
fn table(blocks: &mut Vec<Block>, none: &str, header: Vec<&str>, rows: impl Iterator<Item = Vec<String>>) {
    let rows: Vec<Vec<String>> = rows.collect();
    if rows.is_empty() {
        blocks.push(Block::Line(format!("  {none}")));
    } else {
        blocks.push(Block::Table { header: header.into_iter().map(str::to_owned).collect(), rows });
    }
}

/// The report as plain text: aligned columns, no escape codes.
#[must_use]
pub fn text(report: &Handover) -> String {
    let mut out = String::new();
    for block in layout(report) {
        match block {
            Block::Banner(text) => {
                let _ = writeln!(out, "*** {text} ***");
            }
            Block::Title(text) => {
                let _ = writeln!(out, "{text}\n{}", "=".repeat(unicode_width::UnicodeWidthStr::width(text.as_str())));
            }
            Block::Heading(text) => {
                let _ = writeln!(out, "\n{text}\n{}", "-".repeat(unicode_width::UnicodeWidthStr::width(text.as_str())));
            }
            Block::Line(text) => {
                let _ = writeln!(out, "{text}");
            }
            Block::Table { header, rows } => {
                let width = |cell: &str| unicode_width::UnicodeWidthStr::width(cell);
                let mut widths: Vec<usize> = header.iter().map(|h| width(h)).collect();
                for row in &rows {
                    for (i, cell) in row.iter().enumerate() {
                        widths[i] = widths[i].max(width(cell));
                    }
                }
                for row in std::iter::once(&header).chain(&rows) {
                    let mut line = String::from(" ");
                    for (i, cell) in row.iter().enumerate() {
                        let _ = write!(line, " {cell}{}", " ".repeat(widths[i] - width(cell)));
                    }
                    let _ = writeln!(out, "{}", line.trim_end());
                }
            }
        }
    }
    out
}

/// Ends `out` with one empty line (markdown needs one before a heading or a table).
fn blank_line(out: &mut String) {
    if !out.is_empty() && !out.ends_with("\n\n") {
        out.push('\n');
    }
}

/// The report as markdown, with tables.
#[must_use]
pub fn markdown(report: &Handover) -> String {
    // `|` ends a cell; `\` and the markup characters would change the text's meaning.
    let cell = |text: &str| {
        let mut out = String::with_capacity(text.len());
        for c in text.chars() {
            if matches!(c, '|' | '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '#') {
                out.push('\\');
            }
            out.push(c);
        }
        out
    };
    let mut out = String::new();
    for block in layout(report) {
        match block {
            Block::Banner(text) => {
                let _ = writeln!(out, "> **{}**\n", cell(&text));
            }
            Block::Title(text) => {
                let _ = writeln!(out, "# {}\n", cell(&text));
            }
            Block::Heading(text) => {
                blank_line(&mut out);
                let _ = writeln!(out, "## {}\n", cell(&text));
            }
            Block::Line(text) => {
                let _ = writeln!(out, "{}  ", cell(text.trim_start()));
            }
            Block::Table { header, rows } => {
                let row =
                    |cells: &[String]| format!("| {} |", cells.iter().map(|c| cell(c)).collect::<Vec<_>>().join(" | "));
                blank_line(&mut out);
                let _ = writeln!(out, "{}", row(&header));
                let _ = writeln!(out, "|{}", "---|".repeat(header.len()));
                for cells in &rows {
                    let _ = writeln!(out, "{}", row(cells));
                }
                out.push('\n');
            }
        }
    }
    out
}
