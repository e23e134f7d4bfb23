//! `sitrep line`: one line for a status bar (tmux's `status-right`, as `#(sitrep line)`):
//! the level in force in its colour, a higher scoped level or a level still to come,
//! what is wrong in words (STALE 2h, REJECTED, MISSING, CLOCK SKEW, EXERCISE), and short
//! counts. Built as spans with the dashboard's own theme and words, then written as
//! tmux formats, plain text or JSON. In tmux's format every `#` from the feed is
//! doubled, so a feed cannot inject formats into the officers' status lines.

use std::io::Write;
use std::process::ExitCode;
use std::time::Duration;

use clap::{Args, ValueEnum};
use ratatui::style::Modifier;
use ratatui::text::Span;
use unicode_width::UnicodeWidthChar;

use crate::app::model::{FeedHealth, FeedOrigin};
use crate::cli::RunArgs;
use crate::config::Language;
use crate::feed::Level;
use crate::feed::in_force::Standing;
use crate::feed::text::{Lines, clean};
use crate::report::reading::{self, Failure, Reading};
use crate::ui::format::{Times, span};
use crate::ui::labels::Labels;
use crate::ui::theme::Theme;

/// What `line` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LineFormat {
    /// tmux formats (`#[fg=colour208,bold]…#[default]`), for `#(sitrep line)`.
    Tmux,
    /// Text without any markup.
    Plain,
    /// One JSON object (`text`, `class` and the facts), for other status bars.
    Json,
}

#[derive(Debug, Args)]
pub struct LineArgs {
    #[arg(long, value_enum, default_value_t = LineFormat::Tmux)]
    pub format: LineFormat,
    /// Cut the line to this many columns (least important parts go first).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub max_width: Option<u16>,
    /// How long to wait for the feed before printing `sitrep: no answer` (`1s`, `500ms`).
    #[arg(long, value_name = "TIME", default_value = "1s", value_parser = reading::parse_limit)]
    pub timeout: Duration,
    /// Read the feed even when the cache holds an unchanged copy.
    #[arg(long)]
    pub no_cache: bool,
}

/// What is printed when the feed does not answer in time.
pub const NO_ANSWER: &str = "sitrep: no answer";

/// How much a part of the line matters: when the line is too wide, the least goes first.
/// The level and what is wrong are never left out (only cut).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Weight {
    Incidents,
    Measures,
    Demo,
    LevelToCome,
    ScopedAbove,
    Trouble,
    Level,
}

/// One part of the line.
#[derive(Debug, Clone)]
struct Part {
    spans: Vec<Span<'static>>,
    weight: Weight,
}

/// The words of the line beyond the dashboard's labels.
struct Words {
    rejected: &'static str,
    missing: &'static str,
}

impl Words {
    fn of(language: Language) -> Self {
        match language {
            Language::En => Self { rejected: "REJECTED", missing: "MISSING" },
            Language::Nl => Self { rejected: "GEWEIGERD", missing: "ONTBREEKT" },
        }
    }
}

/// `sitrep line`: exit 0 with a good feed, 1 when it is rejected, missing or does not
/// answer, 2 when the config cannot be used or the feed is a `nats://` key.
///
/// # Errors
/// When the line cannot be written.
pub fn command(run: &RunArgs, args: &LineArgs, out: &mut impl Write) -> std::io::Result<ExitCode> {
    let request = reading::Request { run: run.clone(), limit: args.timeout, cache: !args.no_cache };
    let reading = match reading::take(&request) {
        Ok(reading) => reading,
        Err(Failure::Internal) => {
            eprintln!("sitrep line: internal error: the feed reader failed");
            writeln!(out, "{NO_ANSWER}")?;
            return Ok(ExitCode::from(1));
        }
        Err(Failure::NoAnswer(_)) => {
            match args.format {
                LineFormat::Json => {
                    let answer = serde_json::json!({ "text": NO_ANSWER, "class": "critical", "health": "no_answer" });
                    writeln!(out, "{answer}")?;
                }
                LineFormat::Tmux | LineFormat::Plain => writeln!(out, "{NO_ANSWER}")?,
            }
            return Ok(ExitCode::from(1));
        }
        Err(Failure::Config(error)) => {
            eprintln!("{error}");
            return Ok(ExitCode::from(2));
        }
        Err(Failure::Nats) => {
            eprintln!("sitrep line: not supported for nats:// feeds (it reads a feed file once)");
            return Ok(ExitCode::from(2));
        }
    };
    writeln!(out, "{}", render(&reading, args.format, args.max_width.map(usize::from)))?;
    Ok(if reading.model.health == FeedHealth::Good { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

/// The line for `reading` in `format`, at most `max_width` columns wide.
#[must_use]
pub fn render(reading: &Reading, format: LineFormat, max_width: Option<usize>) -> String {
    let spans = fit(parts(reading), max_width.unwrap_or(usize::MAX));
    match format {
        LineFormat::Tmux => crate::report::tmux::format(&spans),
        LineFormat::Plain => plain(&spans),
        LineFormat::Json => crate::report::line_json::json(reading, &plain(&spans)),
    }
}

/// The parts of the line, in the order they show.
fn parts(reading: &Reading) -> Vec<Part> {
    let model = &reading.model;
    let labels = Labels::of(model.settings.language);
    let words = Words::of(model.settings.language);
    let theme = Theme::new(model.settings.colors);
    let times = Times::new(&model.settings.timezone, model.now, labels);
    let part = |weight, spans| Part { spans, weight };
    let mut parts = Vec::new();
    let trouble = |text: String| part(Weight::Trouble, vec![Span::styled(text, theme.alarm())]);
    let health = match &model.health {
        FeedHealth::Rejected { .. } => Some(trouble(words.rejected.to_owned())),
        FeedHealth::Missing { .. } => Some(trouble(words.missing.to_owned())),
        FeedHealth::Good | FeedHealth::Waiting => None,
    };
    if model.picture.is_none() {
        parts.extend(health.clone());
    }
    // A rejected or missing feed with a last good picture (kept in the cache) shows it,
    // as the dashboard does, with what is wrong after the level.
    if let Some(picture) = &model.picture {
        let threat = &picture.feed.threat;
        let national = threat.national_at(model.now);
        let level = |level: &Level| Span::styled(level_words(level), theme.level_text(level.color));
        parts.push(part(
            Weight::Level,
            match (national.standing, national.in_force()) {
                (Standing::Lapsed { .. }, _) => vec![
                    Span::styled(labels.lapsed, theme.alarm()),
                    Span::raw(" "),
                    Span::styled(level_words(national.declared), theme.dim().add_modifier(Modifier::CROSSED_OUT)),
                ],
                (_, Some(in_force)) => vec![level(in_force)],
                (_, None) => vec![Span::styled(labels.no_level_in_force, theme.warning())],
            },
        ));
        if let Some(scoped) = threat.scoped_above(model.now) {
            parts.push(part(Weight::ScopedAbove, vec![Span::raw(format!("{} ", scoped.scope)), level(&scoped.level)]));
        }
        if let Standing::NotYet { from } = national.standing {
            let when = format!(" {} {}", labels.from, times.short(from).trim_start());
            parts.push(part(Weight::LevelToCome, vec![level(national.declared), Span::styled(when, theme.title())]));
        }
        parts.extend(health);
        if let Some(age) = model.staleness() {
            let age = span(age, labels);
            let largest = age.split(' ').next().unwrap_or_default();
            parts.push(trouble(format!("{} {largest}", labels.stale)));
        }
        if model.clock_skew().is_some() {
            parts.push(part(Weight::Trouble, vec![Span::styled(labels.clock_skew, theme.warning())]));
        }
        if picture.feed.exercise {
            parts.push(trouble(labels.exercise.to_owned()));
        }
    }
    if model.origin == FeedOrigin::Demo {
        parts.push(part(Weight::Demo, vec![Span::styled(labels.demo, theme.dim())]));
    }
    if model.picture.is_some() {
        let measures = usize::try_from(reading.tally.measures_in_force()).unwrap_or(usize::MAX);
        parts.push(part(Weight::Measures, vec![Span::raw(labels.count_of(measures, true))]));
        let hours = labels.units()[3];
        let incidents = format!("{} 24{hours}", labels.count_of(reading.incidents_last_day(), false));
        parts.push(part(Weight::Incidents, vec![Span::raw(incidents)]));
    }
    parts
}

/// `KRITIEK 5/5`.
fn level_words(level: &Level) -> String {
    format!("{} {}/{}", level.name.to_uppercase(), level.rank, level.of)
}

/// The parts joined, without the least important ones while the line is wider than
/// `max_width`, then cut with `…` if it still is. Text is cleaned here, so widths count
/// what shows.
fn fit(mut parts: Vec<Part>, max_width: usize) -> Vec<Span<'static>> {
    for part in &mut parts {
        for span in &mut part.spans {
            if let std::borrow::Cow::Owned(cleaned) = clean(&span.content, Lines::Single) {
                span.content = cleaned.into();
            }
        }
    }
    let join = |parts: &[Part]| -> Vec<Span<'static>> {
        let mut spans = Vec::new();
        for (i, part) in parts.iter().enumerate() {
            if i > 0 {
                spans.push(Span::raw(" · "));
            }
            spans.extend(part.spans.iter().cloned());
        }
        spans
    };
    let width = |spans: &[Span<'_>]| spans.iter().map(Span::width).sum::<usize>();
    let mut spans = join(&parts);
    while width(&spans) > max_width {
        let least = parts.iter().enumerate().filter(|(_, p)| p.weight < Weight::Trouble).min_by_key(|(_, p)| p.weight);
        let Some((index, _)) = least else { break };
        parts.remove(index);
        spans = join(&parts);
    }
    if width(&spans) <= max_width {
        return spans;
    }
    cut(spans, max_width)
}

/// The first `max_width - 1` columns of `spans`, and `…`.
fn cut(spans: Vec<Span<'static>>, max_width: usize) -> Vec<Span<'static>> {
    let room = max_width.saturating_sub(1);
    let mut used = 0;
    let mut out = Vec::new();
    for span in spans {
        let mut kept = String::new();
        for c in span.content.chars() {
            let w = c.width().unwrap_or(0);
            if used + w > room {
                if !kept.is_empty() {
                    out.push(Span::styled(kept, span.style));
                }
                out.push(Span::styled("…", span.style));
                return out;
            }
            used += w;
            kept.push(c);
        }
        out.push(Span::styled(kept, span.style));
    }
    out
}

fn plain(spans: &[Span<'_>]) -> String {
    spans.iter().map(|s| s.content.as_ref()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cutting_keeps_the_level_and_trouble_and_ends_in_an_ellipsis() {
        let part = |text: &str, weight| Part { spans: vec![Span::raw(text.to_owned())], weight };
        let parts = || {
            vec![
                part("SUBSTANTIEEL 4/5", Weight::Level),
                part("STALE 2h", Weight::Trouble),
                part("12 measures", Weight::Measures),
                part("3 incidents 24h", Weight::Incidents),
            ]
        };
        assert_eq!(plain(&fit(parts(), 100)), "SUBSTANTIEEL 4/5 · STALE 2h · 12 measures · 3 incidents 24h");
        assert_eq!(plain(&fit(parts(), 41)), "SUBSTANTIEEL 4/5 · STALE 2h · 12 measures");
        assert_eq!(plain(&fit(parts(), 27)), "SUBSTANTIEEL 4/5 · STALE 2h");
        assert_eq!(plain(&fit(parts(), 20)), "SUBSTANTIEEL 4/5 · …");
        assert_eq!(plain(&fit(parts(), 1)), "…");
        // Wide characters are never split.
        assert_eq!(plain(&fit(vec![part("界界界", Weight::Level)], 4)), "界…");
    }

    #[test]
    fn control_characters_are_cleaned_before_widths_are_counted() {
        let spans = fit(vec![Part { spans: vec![Span::raw("a\u{1b}]0;x\u{7}b")], weight: Weight::Level }], 100);
        assert_eq!(plain(&spans), "a^[]0;x^Gb");
    }
}
