//! Banners that must not be missed: an exercise feed, a change of the level, a rejected
//! or missing feed, a producer's clock running ahead, a stale picture. Each in words,
//! not colour alone.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use crate::app::banner::{Banner, active};
use crate::app::model::FeedHealth;
use crate::feed::{Level, Problem};
use crate::source::watch::SourceMode;
use crate::ui::Context;
use crate::ui::format::{span, span_beyond};

pub fn render(context: Context<'_>, frame: &mut Frame<'_>, area: Rect) {
    let lines: Vec<Line<'static>> =
        active(context.model).into_iter().filter_map(|banner| line(context, banner, area.width)).collect();
    frame.render_widget(Paragraph::new(lines), area);
}

/// `KRITIEK 5/5`, or that no level is in force.
fn level_name(level: Option<&Level>, context: Context<'_>) -> String {
    level.map_or_else(
        || context.labels.no_level_in_force.to_owned(),
        |l| format!("{} {}/{}", l.name.to_uppercase(), l.rank, l.of),
    )
}

fn line(context: Context<'_>, banner: Banner, width: u16) -> Option<Line<'static>> {
    let Context { model, labels, theme, .. } = context;
    let times = context.times();
    let keep = || {
        model
            .picture
            .as_ref()
            .map(|p| format!(" — {} {}", labels.showing_last_good, times.full(p.feed.generated)))
            .unwrap_or_default()
    };
    if model.several_sources()
        && let Some(line) = several_sources_line(context, banner)
    {
        return Some(line);
    }
    Some(match banner {
        Banner::Conflict => {
            // Never hidden: the level shown and every source that says otherwise.
            let picture = model.picture.as_ref()?;
            let shown_from =
                picture.provenance.threat_source.and_then(|s| picture.provenance.name(s)).unwrap_or_default();
            let shown = level_name(picture.feed.threat.level_in_force(model.now), context);
            let others: Vec<String> = model
                .level_conflicts()
                .into_iter()
                .map(|(name, level)| format!("{name} {}", level_name(level, context)))
                .collect();
            Line::styled(
                format!(
                    " ≠ {}: {shown_from} {shown} · {} — {} {shown_from}",
                    labels.conflict,
                    others.join(" · "),
                    labels.shown_from
                ),
                theme.alarm(),
            )
        }
        Banner::Exercise => {
            let word = format!(" {} ", labels.exercise);
            let repeated = word.repeat(usize::from(width) / word.chars().count() + 1);
            Line::styled(repeated, theme.alarm())
        }
        Banner::LevelChange => {
            let change = model.changes.level.as_ref()?;
            let rank = |level: Option<&Level>| level.map_or(0, |l| l.rank);
            let (arrow, word, style) = match rank(change.to()).cmp(&rank(change.from.as_ref())) {
                std::cmp::Ordering::Greater => ("▲", labels.level_raised, theme.alarm()),
                std::cmp::Ordering::Less => ("▼", labels.level_lowered, theme.warning()),
                // Up and back down (or the reverse) while nobody acknowledged: still news.
                std::cmp::Ordering::Equal => ("▲▼", labels.level_changed, theme.alarm()),
            };
            // The whole chain since the operator last acknowledged, each step with the
            // moment it took effect.
            let mut chain = level_name(change.from.as_ref(), context);
            for step in &change.steps {
                chain.push_str(&format!(" → {} ({})", level_name(step.level.as_ref(), context), times.banner(step.at)));
            }
            Line::styled(format!(" {arrow} {word}: {chain} — a: {}", labels.acknowledge), style)
        }
        Banner::NewCritical => {
            let picture = model.picture.as_ref()?;
            let id = model.changes.new_critical.last()?;
            let incident = picture.feed.incidents.iter().find(|i| i.id.as_str() == id)?;
            let more = model.changes.new_critical.len() - 1;
            let more = if more > 0 { format!(" (+{more})") } else { String::new() };
            Line::styled(
                format!(
                    " ‼ {} {}: {}{more} · a: {}",
                    labels.new_critical,
                    times.banner(incident.time.utc()),
                    incident.title,
                    labels.acknowledge
                ),
                theme.alarm(),
            )
        }
        Banner::Paused => {
            let waiting = match &model.pending {
                Some(event) => format!(" — {}{}", labels.newer_waiting, held_level_change(context, event)),
                None => String::new(),
            };
            Line::styled(format!(" ⏸ {}{waiting} (p)", labels.paused), theme.warning())
        }
        Banner::Health => match &model.health {
            FeedHealth::Rejected { since, problems } => {
                let mut errors = problems.iter().filter(|p| p.is_error());
                let first = errors.next().map(|p| problem_text(context, p)).unwrap_or_default();
                let more = errors.count();
                let more = if more > 0 { format!(" (+{more}, w)") } else { " (w)".to_owned() };
                Line::styled(
                    format!(
                        " ✖ {} {} {}: {first}{more}{}",
                        labels.rejected,
                        labels.since,
                        times.banner(*since),
                        keep()
                    ),
                    theme.alarm(),
                )
            }
            FeedHealth::Missing { since, reason } => Line::styled(
                format!(
                    " ✖ {} {} {}: {}{}",
                    labels.missing,
                    labels.since,
                    times.banner(*since),
                    crate::ui::translate::message(reason, labels.language),
                    keep()
                ),
                theme.alarm(),
            ),
            FeedHealth::Good | FeedHealth::Waiting => return None,
        },
        Banner::Source => match &model.source_mode {
            SourceMode::Connecting { since, reason } => Line::styled(
                format!(
                    " ⚠ {} {} {} {}: {reason}",
                    labels.waiting_for,
                    feed_name(context),
                    labels.since,
                    times.banner(*since)
                ),
                theme.warning(),
            ),
            SourceMode::Unreachable { since, reason } => Line::styled(
                format!(" ✖ {} {} {}: {reason}{}", labels.unreachable, labels.since, times.banner(*since), keep()),
                theme.alarm(),
            ),
            SourceMode::Builtin | SourceMode::Watching | SourceMode::Polling(_) => return None,
        },
        Banner::ClockSkew => {
            let ahead = model.clock_skew()?;
            let generated = model.picture.as_ref()?.feed.generated;
            Line::styled(
                format!(
                    " ⚠ {}: {} {} {} {} — {} {}",
                    labels.clock_skew,
                    labels.generated,
                    times.full(generated),
                    span(ahead, labels),
                    labels.clock_skew_explain,
                    labels.age_counts_from,
                    times.banner(model.age_base()),
                ),
                theme.warning(),
            )
        }
        Banner::JournalOff => return crate::ui::journal::banner_line(context),
        Banner::Stale => {
            let age = model.staleness()?;
            let limit = model.stale_after();
            Line::styled(
                format!(
                    " ⚠ {}: {} {} ({} {limit})",
                    labels.stale,
                    labels.stale_explain,
                    span_beyond(age, limit.as_secs(), labels),
                    labels.limit,
                ),
                theme.warning(),
            )
        }
    })
}

/// `: level KRITIEK 5/5 → MINIMAAL 1/5` when the held picture changes the level in force.
fn held_level_change(context: Context<'_>, held: &crate::app::sources::NewPicture) -> String {
    let feed = &held.picture.feed;
    let now = context.model.now;
    let shown = context.model.picture.as_ref().and_then(|p| p.feed.threat.level_in_force(now));
    let held = feed.threat.level_in_force(now);
    if shown.map(|l| (l.rank, &l.name)) == held.map(|l| (l.rank, &l.name)) {
        return String::new();
    }
    format!(": {} {} → {}", context.labels.level_word, level_name(shown, context), level_name(held, context))
}

/// The banners that name sources, where there are several: one line each, every
/// source in trouble on it (`None`: the banner is not about sources).
fn several_sources_line(context: Context<'_>, banner: Banner) -> Option<Line<'static>> {
    let Context { model, labels, theme, .. } = context;
    let times = context.times();
    let keep = format!(" — {}", labels.showing_last_parts);
    match banner {
        Banner::Health => {
            let parts: Vec<String> = model
                .sources
                .iter()
                .filter_map(|s| match &s.health {
                    FeedHealth::Rejected { since, problems } => {
                        let first = problems
                            .iter()
                            .find(|p| p.is_error())
                            .map(|p| crate::ui::translate::problem(p, &s.location, labels.language));
                        Some(format!(
                            "{} {} {} {}: {}",
                            s.name,
                            labels.rejected,
                            labels.since,
                            times.banner(*since),
                            first.unwrap_or_default()
                        ))
                    }
                    FeedHealth::Missing { since, reason } => Some(format!(
                        "{} {} {} {}: {}",
                        s.name,
                        labels.missing,
                        labels.since,
                        times.banner(*since),
                        crate::ui::translate::message(reason, labels.language)
                    )),
                    FeedHealth::Good | FeedHealth::Waiting => None,
                })
                .collect();
            Some(Line::styled(format!(" ✖ {} (w){keep}", parts.join(" · ")), theme.alarm()))
        }
        Banner::Stale => {
            let parts: Vec<String> = model
                .stale_sources()
                .into_iter()
                .map(|(i, age)| {
                    let limit = model.sources[i].limit(model.settings.stale_after);
                    format!(
                        "{} {} {} ({} {limit})",
                        model.sources[i].name,
                        labels.stale_explain,
                        span_beyond(age, limit.as_secs(), labels),
                        labels.limit
                    )
                })
                .collect();
            Some(Line::styled(format!(" ⚠ {}: {}", labels.stale, parts.join(" · ")), theme.warning()))
        }
        Banner::Source => {
            let parts: Vec<String> = model
                .sources
                .iter()
                .filter_map(|s| match &s.mode {
                    SourceMode::Connecting { since, reason } => Some(format!(
                        "{} {} {} {}: {reason}",
                        s.name,
                        labels.waiting_for,
                        labels.since,
                        times.banner(*since)
                    )),
                    SourceMode::Unreachable { since, reason } => Some(format!(
                        "{} {} {} {}: {reason}",
                        s.name,
                        labels.unreachable,
                        labels.since,
                        times.banner(*since)
                    )),
                    _ => None,
                })
                .collect();
            Some(Line::styled(format!(" ✖ {}{keep}", parts.join(" · ")), theme.alarm()))
        }
        _ => None,
    }
}

/// A problem with the feed as the screen shows it: `FILE:LINE:COLUMN: error: …`, in the
/// screen's language.
#[must_use]
pub fn problem_text(context: Context<'_>, problem: &Problem) -> String {
    crate::ui::translate::problem(problem, &feed_name(context), context.labels.language)
}

/// The feed's name as problems are shown.
#[must_use]
pub fn feed_name(context: Context<'_>) -> String {
    crate::app::journal::feed_name(&context.model.origin)
}
