//! Banners that must not be missed: an exercise feed, a rejected or missing feed, a
//! stale picture. Each in words, not colour alone.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use crate::app::model::{FeedHealth, Model};
use crate::source::watch::SourceMode;
use crate::ui::Context;
use crate::ui::format::{full_time, span};

/// A banner, in the order they stand on screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Banner {
    Exercise,
    LevelChange,
    Paused,
    /// The feed was rejected or is missing.
    Health,
    /// The source is not reached yet, or out of reach (a NATS server or its hub).
    Source,
    Stale,
}

/// The banners the model calls for; the layout counts them, `render` draws them.
#[must_use]
pub fn active(model: &Model) -> Vec<Banner> {
    [
        (model.picture.as_ref().is_some_and(|p| p.feed.exercise), Banner::Exercise),
        (model.changes.level.is_some(), Banner::LevelChange),
        (model.paused, Banner::Paused),
        (matches!(model.health, FeedHealth::Rejected { .. } | FeedHealth::Missing { .. }), Banner::Health),
        (matches!(model.source_mode, SourceMode::Connecting { .. } | SourceMode::Unreachable { .. }), Banner::Source),
        (model.staleness().is_some(), Banner::Stale),
    ]
    .into_iter()
    .filter_map(|(on, banner)| on.then_some(banner))
    .collect()
}

pub fn render(context: Context<'_>, frame: &mut Frame<'_>, area: Rect) {
    let lines: Vec<Line<'static>> =
        active(context.model).into_iter().filter_map(|banner| line(context, banner, area.width)).collect();
    frame.render_widget(Paragraph::new(lines), area);
}

fn line(context: Context<'_>, banner: Banner, width: u16) -> Option<Line<'static>> {
    let Context { model, labels, theme } = context;
    let tz = model.settings.timezone;
    // A time alone where it is today; with its date after midnight or days into a run.
    let since_local = |since: chrono::DateTime<chrono::Utc>| {
        let local = since.with_timezone(&tz);
        if local.date_naive() == model.now.with_timezone(&tz).date_naive() {
            local.format("%H:%M").to_string()
        } else {
            crate::ui::format::short_time(crate::feed::Timestamp(local.fixed_offset()), model.now, tz, labels)
                .trim_start()
                .to_owned()
        }
    };
    let keep = || {
        model
            .picture
            .as_ref()
            .map(|p| format!(" — {} {}", labels.showing_last_good, full_time(p.feed.generated, tz)))
            .unwrap_or_default()
    };
    Some(match banner {
        Banner::Exercise => {
            let word = format!(" {} ", labels.exercise);
            let repeated = word.repeat(usize::from(width) / word.chars().count() + 1);
            Line::styled(repeated, theme.alarm())
        }
        Banner::LevelChange => {
            let change = model.changes.level.as_ref()?;
            let raised = change.to.rank > change.from.rank;
            let (arrow, word) = match (raised, labels.language) {
                (true, crate::config::Language::En) => ("▲", "LEVEL RAISED"),
                (true, crate::config::Language::Nl) => ("▲", "NIVEAU VERHOOGD"),
                (false, crate::config::Language::En) => ("▼", "LEVEL LOWERED"),
                (false, crate::config::Language::Nl) => ("▼", "NIVEAU VERLAAGD"),
            };
            Line::styled(
                format!(
                    " {arrow} {word}: {} {}/{} → {} {}/{} ({}) — a: {}",
                    change.from.name.to_uppercase(),
                    change.from.rank,
                    change.from.of,
                    change.to.name.to_uppercase(),
                    change.to.rank,
                    change.to.of,
                    since_local(change.at),
                    labels.acknowledge
                ),
                if raised { theme.alarm() } else { theme.warning() },
            )
        }
        Banner::Paused => {
            let waiting =
                if model.pending.is_some() { format!(" — {}", labels.newer_waiting) } else { String::new() };
            Line::styled(format!(" ⏸ {}{waiting} (p)", labels.paused), theme.warning())
        }
        Banner::Health => match &model.health {
            FeedHealth::Rejected { since, problems } => {
                let mut errors = problems.iter().filter(|p| p.is_error());
                let first = errors.next().map(|p| p.display_in(&feed_name(context)).to_string()).unwrap_or_default();
                let more = errors.count();
                let more = if more > 0 { format!(" (+{more}, w)") } else { " (w)".to_owned() };
                Line::styled(
                    format!(" ✖ {} {} {}: {first}{more}{}", labels.rejected, labels.since, since_local(*since), keep()),
                    theme.alarm(),
                )
            }
            FeedHealth::Missing { since, reason } => Line::styled(
                format!(" ✖ {} {} {}: {reason}{}", labels.missing, labels.since, since_local(*since), keep()),
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
                    since_local(*since)
                ),
                theme.warning(),
            ),
            SourceMode::Unreachable { since, reason } => Line::styled(
                format!(" ✖ {} {} {}: {reason}{}", labels.unreachable, labels.since, since_local(*since), keep()),
                theme.alarm(),
            ),
            SourceMode::Builtin | SourceMode::Watching | SourceMode::Polling(_) => return None,
        },
        Banner::Stale => {
            let age = model.staleness()?;
            Line::styled(
                format!(
                    " ⚠ {}: {} {} (> {})",
                    labels.stale,
                    labels.stale_explain,
                    span(age, labels),
                    span(model.stale_after().to_chrono(), labels)
                ),
                theme.warning(),
            )
        }
    })
}

/// The feed's name as problems are shown.
#[must_use]
pub fn feed_name(context: Context<'_>) -> String {
    match &context.model.origin {
        crate::app::model::FeedOrigin::Demo => crate::feed::DEMO_FEED_NAME.to_owned(),
        crate::app::model::FeedOrigin::File(path) => {
            crate::feed::text::clean(&path.display().to_string(), crate::feed::text::Lines::Single).into_owned()
        }
        crate::app::model::FeedOrigin::Nats(source) => source.address.to_string(),
    }
}
