//! The threat panel: the level as word, rank and gauge (large when there is room),
//! since when, the assessment behind it, scoped levels, a lapse countdown, history.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};
use tui_big_text::{BigText, PixelSize};

use crate::feed::{Level, Threat};
use crate::ui::Context;
use crate::ui::format::{date, full_time, relative, span};

/// `■■■■□` — reads without colour.
#[must_use]
pub fn gauge(level: &Level) -> String {
    let filled = usize::from(level.rank);
    let empty = usize::from(level.of).saturating_sub(filled);
    format!("{}{}", "■".repeat(filled), "□".repeat(empty))
}

pub fn render(context: Context<'_>, frame: &mut Frame<'_>, area: Rect, big: bool) {
    let Context { model, labels, theme } = context;
    let Some(picture) = &model.picture else {
        let block = Block::bordered().title(format!(" {} ", labels.threat));
        let reason = match &model.health {
            crate::app::model::FeedHealth::Rejected { problems, .. } => problems
                .iter()
                .find(|p| p.is_error())
                .map(|p| p.display_in(&super::banners::feed_name(context)).to_string())
                .unwrap_or_default(),
            crate::app::model::FeedHealth::Missing { reason, .. } => reason.clone(),
            _ => labels.waiting.to_owned(),
        };
        let text = vec![Line::styled(labels.no_feed_yet, theme.alarm()), Line::raw(reason)];
        frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }).block(block), area);
        return;
    };
    let threat = &picture.feed.threat;
    let block = Block::bordered()
        .title(format!(" {} · {} ", labels.threat, threat.scale.name))
        .border_style(theme.level_text(threat.level.color));
    let inner = block.inner(area);
    frame.render_widget(block, area);

    let level_line = Line::from(vec![
        Span::styled(
            format!(" {} {}/{} ", threat.level.name.to_uppercase(), threat.level.rank, threat.level.of),
            theme.level_badge(threat.level.color),
        ),
        Span::raw(" "),
        Span::styled(gauge(&threat.level), theme.level_text(threat.level.color)),
    ]);
    let details = detail_lines(context, threat);

    let big_width = u16::try_from(threat.level.name.chars().count() * 4 + 2).unwrap_or(u16::MAX);
    if big && inner.height >= 5 && inner.width >= big_width + 30 {
        let left = Rect { width: big_width, height: 4, ..inner };
        let big_text = BigText::builder()
            .pixel_size(PixelSize::Quadrant)
            .style(theme.level_text(threat.level.color))
            .lines(vec![threat.level.name.to_uppercase().into()])
            .build();
        frame.render_widget(big_text, left);
        let under = Rect { y: inner.y + 4, height: 1, width: big_width, ..inner };
        frame.render_widget(Paragraph::new(level_line), under);
        let right = Rect { x: inner.x + big_width + 1, width: inner.width - big_width - 1, ..inner };
        frame.render_widget(Paragraph::new(details).wrap(Wrap { trim: true }), right);
    } else {
        let mut lines = vec![level_line];
        lines.extend(details);
        frame.render_widget(Paragraph::new(lines), inner);
    }
}

/// The lines beside the level, most important first.
fn detail_lines(context: Context<'_>, threat: &Threat) -> Vec<Line<'static>> {
    let Context { model, labels, theme } = context;
    let tz = model.settings.timezone;
    let now = model.now;
    let mut lines = Vec::new();
    if let Some(until) = threat.until {
        if until.0 <= now {
            lines.push(Line::styled(
                format!(
                    "{} {} {}: {}",
                    labels.until,
                    full_time(until, tz),
                    relative(until, now, labels),
                    labels.lapsed
                ),
                theme.alarm(),
            ));
        } else {
            lines.push(Line::styled(
                format!("{} {} ({})", labels.until, full_time(until, tz), relative(until, now, labels)),
                theme.title(),
            ));
        }
    }
    let mut facts = Vec::new();
    if let Some(since) = threat.since {
        facts.push(format!("{} {} ({})", labels.since, date(since, tz), span(now - since.0.to_utc(), labels)));
    }
    if let Some(assessed) = threat.assessed {
        facts.push(format!("{} {}", labels.assessed, date(assessed, tz)));
    }
    if let Some(reference) = &threat.reference {
        facts.push(reference.to_string());
    }
    if !facts.is_empty() {
        lines.push(Line::raw(facts.join(" · ")));
    }
    if let Some(summary) = &threat.summary {
        lines.push(Line::styled(summary.to_string(), theme.dim()));
    }
    for scoped in &threat.scoped {
        let mut spans = vec![
            Span::raw(format!("{}: ", scoped.scope)),
            Span::styled(
                format!("{} {}/{}", scoped.level.name.to_uppercase(), scoped.level.rank, scoped.level.of),
                theme.level_text(scoped.level.color),
            ),
        ];
        if let Some(until) = scoped.until {
            let lapsed = if until.0 <= now { format!(" {}", labels.lapsed) } else { String::new() };
            spans.push(Span::raw(format!(
                " {} {} ({}){lapsed}",
                labels.until,
                full_time(until, tz),
                relative(until, now, labels)
            )));
        }
        lines.push(Line::from(spans));
    }
    if !threat.history.is_empty() {
        let history: Vec<String> = threat
            .history
            .iter()
            .map(|h| format!("{} {}/{} {} {}", h.level.name, h.level.rank, h.level.of, labels.since, date(h.since, tz)))
            .collect();
        lines.push(Line::styled(format!("{}: {}", labels.history, history.join(" · ")), theme.dim()));
    }
    lines
}
