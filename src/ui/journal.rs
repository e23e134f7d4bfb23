//! The journal on screen: this shift's entries in the popup (key `l`), the note being
//! typed (key `n`), the `journal off` banner and the journal's notices, in English and
//! Dutch. Everything read from the journal is cleaned again before it is shown: others
//! may write the file.

use ratatui::text::{Line, Span};

use crate::app::journal::{JournalNotice, JournalStatus};
use crate::config::Language;
use crate::feed::text::{Lines, clean};
use crate::journal::{Entry, Event, MAX_NOTE_CHARS};
use crate::ui::Context;

/// The journal's words in one language.
struct Words {
    journal: &'static str,
    title: &'static str,
    since: &'static str,
    reading: &'static str,
    empty: &'static str,
    not_kept: &'static str,
    not_kept_why: &'static str,
    unreadable: &'static str,
    /// One line skipped, several lines skipped.
    skipped: [&'static str; 2],
    off: &'static str,
    off_consequence: &'static str,
    note: &'static str,
    session_start: &'static str,
    session_stop: &'static str,
    on: &'static str,
    from: &'static str,
    first_version: &'static str,
    new_version: &'static str,
    rejected: &'static str,
    errors: &'static str,
    missing: &'static str,
    stale: &'static str,
    fresh: &'static str,
    exercise_on: &'static str,
    exercise_off: &'static str,
    acknowledged: &'static str,
    level: &'static str,
    note_written: &'static str,
    note_not_written: &'static str,
    no_journal_for_notes: &'static str,
}

static EN: Words = Words {
    journal: "journal",
    title: "Journal of this shift",
    since: "since",
    reading: "Reading the journal…",
    empty: "No entries in this shift yet.",
    not_kept: "No journal is kept this run",
    not_kept_why: "Acknowledgements and notes are not kept.",
    unreadable: "The journal cannot be read",
    skipped: ["unreadable line skipped", "unreadable lines skipped"],
    off: "journal off",
    off_consequence: "acknowledgements and notes hold on this screen only",
    note: "note",
    session_start: "session started",
    session_stop: "session ended",
    on: "on",
    from: "from",
    first_version: "feed version",
    new_version: "new feed version",
    rejected: "feed rejected",
    errors: "errors",
    missing: "feed missing",
    stale: "feed stale: no new version for",
    fresh: "feed good again",
    exercise_on: "EXERCISE on",
    exercise_off: "EXERCISE off",
    acknowledged: "acknowledged",
    level: "level",
    note_written: "note written to the journal",
    note_not_written: "note NOT written: the journal is off",
    no_journal_for_notes: "no journal is kept this run: a note cannot be written",
};

static NL: Words = Words {
    journal: "journaal",
    title: "Journaal van deze dienst",
    since: "sinds",
    reading: "Het journaal wordt gelezen…",
    empty: "Nog niets in het journaal in deze dienst.",
    not_kept: "Er wordt deze keer geen journaal bijgehouden",
    not_kept_why: "Bevestigingen en notities worden niet bewaard.",
    unreadable: "Het journaal kan niet worden gelezen",
    skipped: ["onleesbare regel overgeslagen", "onleesbare regels overgeslagen"],
    off: "journaal uit",
    off_consequence: "bevestigingen en notities gelden alleen op dit scherm",
    note: "notitie",
    session_start: "sessie gestart",
    session_stop: "sessie beëindigd",
    on: "op",
    from: "vanaf",
    first_version: "feedversie",
    new_version: "nieuwe feedversie",
    rejected: "feed geweigerd",
    errors: "fouten",
    missing: "feed ontbreekt",
    stale: "feed verouderd: geen nieuwe versie in",
    fresh: "feed weer goed",
    exercise_on: "OEFENING aan",
    exercise_off: "OEFENING uit",
    acknowledged: "bevestigd",
    level: "niveau",
    note_written: "notitie in het journaal geschreven",
    note_not_written: "notitie NIET geschreven: het journaal staat uit",
    no_journal_for_notes: "er wordt geen journaal bijgehouden: een notitie kan niet worden geschreven",
};

fn words(language: Language) -> &'static Words {
    match language {
        Language::En => &EN,
        Language::Nl => &NL,
    }
}

fn skipped(words: &Words, count: usize) -> &'static str {
    words.skipped[usize::from(count != 1)]
}

fn cleaned(text: &str) -> String {
    clean(text, Lines::Single).into_owned()
}

/// The journal popup's title: `Journal of this shift, since 07:00`.
#[must_use]
pub fn popup_title(context: Context<'_>) -> String {
    let words = words(context.labels.language);
    match &context.model.journal.shift {
        Some(log) if context.model.journal.is_kept() => {
            format!("{}, {} {}", words.title, words.since, context.times().banner(log.since))
        }
        _ => words.title.to_owned(),
    }
}

/// The journal popup's lines: newest first, each with its time and operator.
#[must_use]
pub fn popup_lines(context: Context<'_>) -> Vec<Line<'static>> {
    let Context { model, labels, theme, .. } = context;
    let words = words(labels.language);
    let mut lines = Vec::new();
    if let JournalStatus::NotKept(why) = &model.journal.status {
        let why = if why.is_empty() { String::new() } else { format!(": {}", cleaned(why)) };
        lines.push(Line::raw(format!("{}{why}.", words.not_kept)));
        lines.push(Line::raw(words.not_kept_why));
        return lines;
    }
    if let Some(why) = model.journal.off_reason() {
        lines.push(Line::styled(format!("✖ {}: {}", words.off, cleaned(why)), theme.alarm()));
    }
    let Some(log) = &model.journal.shift else {
        lines.push(Line::raw(words.reading));
        return lines;
    };
    if let Some(error) = &log.error {
        lines.push(Line::styled(format!("{}: {error}", words.unreadable), theme.alarm()));
    }
    if let Some(first) = log.skipped.first() {
        let count = log.skipped.len();
        lines.push(Line::styled(format!("⚠ {count} {}: {first}", skipped(words, count)), theme.warning()));
    }
    if log.entries.is_empty() && log.error.is_none() {
        lines.push(Line::raw(words.empty));
    }
    let times = context.times();
    for entry in &log.entries {
        let (text, style) = describe(context, entry);
        lines.push(Line::from(vec![
            Span::styled(format!("{:>5}  ", times.banner(entry.time)), theme.dim()),
            Span::styled(format!("{:<10} ", cleaned(&entry.operator)), theme.title()),
            Span::styled(text, style),
        ]));
    }
    lines
}

/// One entry in words, and how it stands out.
fn describe(context: Context<'_>, entry: &Entry) -> (String, ratatui::style::Style) {
    let Context { model, labels, theme, .. } = context;
    let words = words(labels.language);
    let plain = ratatui::style::Style::default();
    let (text, style) = match &entry.event {
        Event::SessionStart(session) | Event::SessionStop(session) => {
            let what =
                if matches!(entry.event, Event::SessionStart(_)) { words.session_start } else { words.session_stop };
            let tty = session.tty.as_ref().map(|tty| format!(" {} {tty}", words.on)).unwrap_or_default();
            let ssh = session.ssh_client.as_ref().map(|ssh| format!(" {} {ssh}", words.from)).unwrap_or_default();
            (format!("{what}{tty}{ssh}"), theme.dim())
        }
        Event::FeedAccepted(version) => match &version.diff {
            Some(diff) => {
                let diff = if model.settings.public_screen { diff.without_covert() } else { diff.clone() };
                let style = if diff.level.is_some() { theme.alarm() } else { plain };
                (format!("{}: {}", words.new_version, diff.summary(labels.language)), style)
            }
            None => (
                format!(
                    "{} {}: {} {}",
                    words.first_version,
                    version.hash.short(),
                    words.level,
                    version.level.describe()
                ),
                plain,
            ),
        },
        Event::FeedRejected(rejected) => {
            let more =
                if rejected.errors > 1 { format!(" ({} {})", rejected.errors, words.errors) } else { String::new() };
            (format!("{}: {}{more}", words.rejected, rejected.error), theme.alarm())
        }
        Event::FeedMissing { reason, .. } => (format!("{}: {reason}", words.missing), theme.alarm()),
        Event::FeedStale { stale_after, .. } => (format!("{} {stale_after}", words.stale), theme.warning()),
        Event::FeedFresh { .. } => (words.fresh.to_owned(), plain),
        Event::Exercise { on, .. } => {
            (if *on { words.exercise_on } else { words.exercise_off }.to_owned(), theme.alarm())
        }
        Event::Ack(what) => {
            let mut parts = Vec::new();
            if let Some(level) = &what.level {
                parts.push(format!("{} {} → {}", words.level, level.from.describe(), level.to.describe()));
            }
            for (count, measures) in [(what.measures.len(), true), (what.incidents.len(), false)] {
                if count > 0 {
                    parts.push(labels.count_of(count, measures));
                }
            }
            let parts = if parts.is_empty() { String::new() } else { format!(": {}", parts.join("; ")) };
            (format!("{}{parts}", words.acknowledged), plain)
        }
        Event::Note { text } => (format!("{}: {text}", words.note), theme.title()),
    };
    (cleaned(&text), style)
}

/// The `journal off: <why>` banner.
#[must_use]
pub fn banner_line(context: Context<'_>) -> Option<Line<'static>> {
    let why = context.model.journal.off_reason()?;
    let words = words(context.labels.language);
    Some(Line::styled(
        format!(" ✖ {}: {} — {}", words.off, cleaned(why), words.off_consequence),
        context.theme.warning(),
    ))
}

/// The note being typed, for the status line: its end stays in view.
#[must_use]
pub fn note_line(context: Context<'_>, width: usize) -> Option<Line<'static>> {
    let Context { model, labels, theme, .. } = context;
    let note = model.journal.note.as_ref()?;
    let words = words(labels.language);
    let head = format!(" {}: ", words.note);
    let count = note.chars().count();
    let tail = format!("   Enter ✓  Esc ✗  {count}/{MAX_NOTE_CHARS}");
    let room = width.saturating_sub(head.chars().count() + tail.chars().count() + 1).max(1);
    let shown: String = if count > room {
        let skip = count - room + 1;
        std::iter::once('…').chain(note.chars().skip(skip)).collect()
    } else {
        note.clone()
    };
    Some(Line::from(vec![
        Span::styled(head, theme.title()),
        Span::raw(shown),
        Span::styled("█", theme.title()),
        Span::styled(tail, theme.dim()),
    ]))
}

/// A journal notice in words.
#[must_use]
pub fn notice_text(notice: JournalNotice, language: Language) -> String {
    let words = words(language);
    match notice {
        JournalNotice::NoteWritten => words.note_written.to_owned(),
        JournalNotice::NoteNotWritten => words.note_not_written.to_owned(),
        JournalNotice::NotKept => words.no_journal_for_notes.to_owned(),
        JournalNotice::Skipped(count) => format!("{}: {count} {} (l)", words.journal, skipped(words, count)),
    }
}
