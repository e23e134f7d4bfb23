//! Banners that must not be missed: an exercise feed, a rejected or missing feed, a
//! stale picture. Each in words, not colour alone.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use crate::app::model::FeedHealth;
use crate::ui::Context;
use crate::ui::format::{full_time, span};

pub fn render(context: Context<'_>, frame: &mut Frame<'_>, area: Rect) {
    let Context { model, labels, theme } = context;
    let tz = model.settings.timezone;
    let mut lines: Vec<Line<'static>> = Vec::new();
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
    if model.picture.as_ref().is_some_and(|p| p.feed.exercise) {
        let word = format!(" {} ", labels.exercise);
        let repeated = word.repeat(usize::from(area.width) / word.chars().count() + 1);
        lines.push(Line::styled(repeated, theme.alarm()));
    }
    if let Some(change) = &model.changes.level {
        let raised = change.to.rank > change.from.rank;
        let (arrow, word) = match (raised, labels.language) {
            (true, crate::config::Language::En) => ("▲", "LEVEL RAISED"),
            (true, crate::config::Language::Nl) => ("▲", "NIVEAU VERHOOGD"),
            (false, crate::config::Language::En) => ("▼", "LEVEL LOWERED"),
            (false, crate::config::Language::Nl) => ("▼", "NIVEAU VERLAAGD"),
        };
        lines.push(Line::styled(
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
        ));
    }
    if model.paused {
        let waiting = if model.pending.is_some() { format!(" — {}", labels.newer_waiting) } else { String::new() };
        lines.push(Line::styled(format!(" ⏸ {}{waiting} (p)", labels.paused), theme.warning()));
    }
    let last_good = model.picture.as_ref().map(|p| full_time(p.feed.generated, tz));
    match &model.health {
        FeedHealth::Rejected { since, problems } => {
            let first = problems
                .iter()
                .find(|p| p.is_error())
                .map(|p| p.display_in(&feed_name(context)).to_string())
                .unwrap_or_default();
            let more = problems.iter().filter(|p| p.is_error()).count().saturating_sub(1);
            let more = if more > 0 { format!(" (+{more}, w)") } else { " (w)".to_owned() };
            let keep = last_good.as_ref().map(|t| format!(" — {} {t}", labels.showing_last_good)).unwrap_or_default();
            lines.push(Line::styled(
                format!(" ✖ {} {} {}: {first}{more}{keep}", labels.rejected, labels.since, since_local(*since)),
                theme.alarm(),
            ));
        }
        FeedHealth::Missing { since, reason } => {
            let keep = last_good.as_ref().map(|t| format!(" — {} {t}", labels.showing_last_good)).unwrap_or_default();
            lines.push(Line::styled(
                format!(" ✖ {} {} {}: {reason}{keep}", labels.missing, labels.since, since_local(*since)),
                theme.alarm(),
            ));
        }
        FeedHealth::Good | FeedHealth::Waiting => {}
    }
    if let Some(age) = model.staleness() {
        lines.push(Line::styled(
            format!(
                " ⚠ {}: {} {} (> {})",
                labels.stale,
                labels.stale_explain,
                span(age, labels),
                span(model.stale_after().to_chrono(), labels)
            ),
            theme.warning(),
        ));
    }
    frame.render_widget(Paragraph::new(lines), area);
}

/// The feed's name as problems are shown.
#[must_use]
pub fn feed_name(context: Context<'_>) -> String {
    match &context.model.origin {
        crate::app::model::FeedOrigin::Demo => crate::feed::DEMO_FEED_NAME.to_owned(),
        crate::app::model::FeedOrigin::File(path) => {
            crate::feed::text::clean(&path.display().to_string(), crate::feed::text::Lines::Single).into_owned()
        }
    }
}
