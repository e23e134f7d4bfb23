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
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Span;
use serde::Serialize;
use unicode_width::UnicodeWidthChar;

use crate::app::model::{FeedHealth, FeedOrigin};
use crate::cli::RunArgs;
use crate::config::Language;
use crate::feed::in_force::Standing;
use crate::feed::text::{Lines, clean};
use crate::feed::{Level, Timestamp};
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
        LineFormat::Tmux => tmux(&spans),
        LineFormat::Plain => plain(&spans),
        LineFormat::Json => json(reading, &plain(&spans)),
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

/// The spans as tmux formats: each styled span in `#[…]` and `#[default]`, and every `#`
/// of the text doubled (tmux expands `#[`, `#{` and `#(` in a command's output).
fn tmux(spans: &[Span<'_>]) -> String {
    let mut out = String::new();
    for span in spans {
        let text = span.content.replace('#', "##");
        let attributes = tmux_attributes(span.style);
        if attributes.is_empty() {
            out.push_str(&text);
        } else {
            out.push_str(&format!("#[{attributes}]{text}#[default]"));
        }
    }
    out
}

/// `fg=colour208,bold`: a style as tmux's style attributes.
fn tmux_attributes(style: Style) -> String {
    let mut attributes = Vec::new();
    if let Some(fg) = style.fg.and_then(tmux_colour) {
        attributes.push(format!("fg={fg}"));
    }
    if let Some(bg) = style.bg.and_then(tmux_colour) {
        attributes.push(format!("bg={bg}"));
    }
    let modifiers = style.add_modifier - style.sub_modifier;
    for (modifier, name) in [
        (Modifier::BOLD, "bold"),
        (Modifier::DIM, "dim"),
        (Modifier::ITALIC, "italics"),
        (Modifier::UNDERLINED, "underscore"),
        (Modifier::SLOW_BLINK, "blink"),
        (Modifier::RAPID_BLINK, "blink"),
        (Modifier::REVERSED, "reverse"),
        (Modifier::HIDDEN, "hidden"),
        (Modifier::CROSSED_OUT, "strikethrough"),
    ] {
        if modifiers.contains(modifier) && !attributes.iter().any(|a| a == name) {
            attributes.push(name.to_owned());
        }
    }
    attributes.join(",")
}

/// A colour as tmux names it.
fn tmux_colour(color: Color) -> Option<String> {
    Some(match color {
        Color::Reset => return None,
        Color::Indexed(n) => format!("colour{n}"),
        Color::Rgb(r, g, b) => format!("#{r:02x}{g:02x}{b:02x}"),
        named => match named {
            Color::Black => "black",
            Color::Red => "red",
            Color::Green => "green",
            Color::Yellow => "yellow",
            Color::Blue => "blue",
            Color::Magenta => "magenta",
            Color::Cyan => "cyan",
            Color::Gray => "white",
            Color::DarkGray => "brightblack",
            Color::LightRed => "brightred",
            Color::LightGreen => "brightgreen",
            Color::LightYellow => "brightyellow",
            Color::LightBlue => "brightblue",
            Color::LightMagenta => "brightmagenta",
            Color::LightCyan => "brightcyan",
            _ => "brightwhite",
        }
        .to_owned(),
    })
}

fn plain(spans: &[Span<'_>]) -> String {
    spans.iter().map(|s| s.content.as_ref()).collect()
}

/// The line as JSON: `text` and `class` (`ok`, `warning`, `critical`) as status bars
/// such as waybar read them, and the facts behind them.
#[derive(Debug, Serialize)]
struct LineJson {
    text: String,
    class: &'static str,
    /// `good`, `rejected` or `missing`.
    health: &'static str,
    /// The national level in force (none while only a level to come is known, or once
    /// it has lapsed).
    level: Option<LevelJson>,
    /// `in_force`, `not_yet` or `lapsed`.
    level_standing: Option<&'static str>,
    /// The level the feed declares, in force or not.
    declared_level: Option<LevelJson>,
    /// When the declared level comes into force, while it is still to come.
    level_from: Option<Timestamp>,
    scoped_above: Option<ScopedJson>,
    /// The feed is rejected or missing, and the facts are those of the last good picture
    /// this user's `line` or `status` read (kept in the cache).
    showing_last_good: bool,
    exercise: bool,
    demo: bool,
    stale: bool,
    clock_skew: bool,
    feed_age_seconds: Option<i64>,
    /// Measures in force (not ended), as the screen counts them.
    measures: Option<u32>,
    /// Incidents of the last 24 hours.
    incidents_24h: Option<usize>,
}

#[derive(Debug, Serialize)]
struct LevelJson {
    scale: String,
    name: String,
    rank: u8,
    of: u8,
    /// `#rrggbb`.
    color: String,
}

#[derive(Debug, Serialize)]
struct ScopedJson {
    scope: String,
    level: LevelJson,
}

fn json(reading: &Reading, text: &str) -> String {
    let model = &reading.model;
    let picture = model.picture.as_ref();
    let threat = picture.map(|p| &p.feed.threat);
    let national = threat.map(|t| t.national_at(model.now));
    let level_json = |level: &Level| LevelJson {
        scale: threat.map(|t| t.scale.name.clone()).unwrap_or_default(),
        name: level.name.clone(),
        rank: level.rank,
        of: level.of,
        color: format!("#{:02x}{:02x}{:02x}", level.color.0, level.color.1, level.color.2),
    };
    let health = match model.health {
        FeedHealth::Good | FeedHealth::Waiting => "good",
        FeedHealth::Rejected { .. } => "rejected",
        FeedHealth::Missing { .. } => "missing",
    };
    let stale = model.staleness().is_some();
    let clock_skew = model.clock_skew().is_some();
    let class = if health != "good" {
        "critical"
    } else if stale || clock_skew || national.is_some_and(|n| n.in_force().is_none()) {
        "warning"
    } else {
        "ok"
    };
    let report = LineJson {
        text: text.to_owned(),
        class,
        health,
        level: national.and_then(|n| n.in_force()).map(level_json),
        level_standing: national.map(|n| match n.standing {
            Standing::InForce => "in_force",
            Standing::NotYet { .. } => "not_yet",
            Standing::Lapsed { .. } => "lapsed",
        }),
        declared_level: national.map(|n| level_json(n.declared)),
        level_from: national.and_then(|n| match n.standing {
            Standing::NotYet { from } => Some(from),
            _ => None,
        }),
        scoped_above: threat
            .and_then(|t| t.scoped_above(model.now))
            .map(|s| ScopedJson { scope: s.scope.to_string(), level: level_json(&s.level) }),
        showing_last_good: picture.is_some() && health != "good",
        exercise: picture.is_some_and(|p| p.feed.exercise),
        demo: model.origin == FeedOrigin::Demo,
        stale,
        clock_skew,
        feed_age_seconds: picture.map(|_| (model.now - model.age_base()).num_seconds()),
        measures: picture.map(|_| reading.tally.measures_in_force()),
        incidents_24h: picture.map(|_| reading.incidents_last_day()),
    };
    serde_json::to_string(&report).unwrap_or_else(|_| format!("{{\"text\":{:?}}}", NO_ANSWER))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tmux_doubles_every_hash_and_closes_every_style() {
        let spans = vec![
            Span::raw("#[fg=red]x#{host}#(reboot)"),
            Span::styled("##", Style::default().fg(Color::Indexed(196)).add_modifier(Modifier::BOLD)),
        ];
        // `##` becomes `####`, then the style closes.
        assert_eq!(tmux(&spans), "##[fg=red]x##{host}##(reboot)#[fg=colour196,bold]#####[default]");
    }

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
