//! The timeline panel: upcoming items first (soonest on top), then the past (newest on
//! top); severity as symbol, word and colour; time in the configured zone and age.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use crate::app::model::{ItemKind, Panel, TimelineRow};
use crate::feed::{Incident, Severity};
use crate::ui::Context;
use crate::ui::layout::list_height;
use crate::ui::measures::{pad, with_position};

/// A symbol per severity, so it reads without colour.
#[must_use]
pub fn severity_symbol(severity: Severity) -> &'static str {
    match severity {
        Severity::Info => "·",
        Severity::Minor => "•",
        Severity::Major => "!",
        Severity::Critical => "‼",
    }
}

pub fn render(context: Context<'_>, frame: &mut Frame<'_>, area: Rect) {
    let Context { model, labels, theme, .. } = context;
    let rows = model.timeline_rows();
    let mut title = format!(" {} ({}) ", labels.timeline, model.lists.incidents.len());
    if !model.filter.text.is_empty() {
        title.push_str(&format!("· {}: {} ", labels.filter, model.filter.text));
    }
    let focused = model.focus == Panel::Timeline;
    let block = Block::bordered().title(title).border_style(if focused { theme.focused() } else { Style::default() });
    let height = list_height(area);
    let offset = model.timeline_cursor.visible_offset(height, rows);
    let width = usize::from(area.width.saturating_sub(2));
    let block = with_position(block, offset, height, rows);
    let mut lines: Vec<Line<'static>> = Vec::with_capacity(height);
    // Only the visible rows are looked at: the cost follows the screen, not the feed.
    let visible: Vec<(usize, TimelineRow)> =
        (offset..(offset + height).min(rows)).map(|r| (r, model.timeline_row(r))).collect();
    // The time column is as wide as its widest visible time, so the columns after it
    // line up (a date alone is shorter than a time, a time in another year longer).
    let time_width = visible
        .iter()
        .filter_map(|(_, row)| match (row, &model.picture) {
            (TimelineRow::Item(index), Some(picture)) => {
                Some(context.times().short(picture.incident(*index).time).chars().count())
            }
            _ => None,
        })
        .max()
        .unwrap_or(0);
    for (row_index, row) in visible {
        let mut line = match row {
            TimelineRow::UpcomingHeader(n) => section(&format!("{} ({n})", labels.upcoming), width, theme.title()),
            TimelineRow::PastHeader(n) => section(&format!("{} ({n})", labels.past), width, theme.title()),
            TimelineRow::Item(index) => match &model.picture {
                Some(picture) => incident_line(context, picture.incident(index), width, time_width),
                None => Line::default(),
            },
            TimelineRow::Nothing => Line::default(),
        };
        let selected = focused && row_index == model.timeline_cursor.selected;
        if selected {
            line = line.patch_style(theme.selected());
        }
        // The selection shows as a mark too, not only as reverse video.
        line.spans.insert(0, Span::raw(if selected { "▶" } else { " " }));
        lines.push(line);
    }
    if model.picture.is_none() {
        lines.push(Line::styled(labels.no_feed_yet, theme.dim()));
    } else if rows == 0 {
        lines.push(Line::styled(labels.no_incidents, theme.dim()));
    }
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

fn section(text: &str, width: usize, style: Style) -> Line<'static> {
    // The selection gutter takes one column before the rule.
    let rule = width.saturating_sub(text.chars().count() + 5);
    Line::styled(format!("── {text} {}", "─".repeat(rule)), style)
}

fn incident_line(context: Context<'_>, incident: &Incident, width: usize, time_width: usize) -> Line<'static> {
    let Context { model, labels, theme, .. } = context;
    let severity = incident.severity;
    let mark = if model.changes.marks(ItemKind::Incident, &incident.id) {
        Span::styled("✱", theme.warning())
    } else {
        Span::raw(" ")
    };
    let mut spans = vec![
        mark,
        Span::styled(
            format!("{} {:<5} ", severity_symbol(severity), labels.severity(severity)),
            theme.severity(severity),
        ),
    ];
    let times = context.times();
    spans.push(Span::raw(pad(&times.short(incident.time), time_width)));
    if width >= 60 {
        spans.push(Span::styled(pad(&times.relative(incident.time), 16), theme.dim()));
    }
    spans.push(Span::styled(
        incident.title.to_string(),
        if severity >= Severity::Major { theme.title() } else { Style::default() },
    ));
    let mut extra = Vec::new();
    if let Some(location) = &incident.location {
        extra.push(location.to_string());
    }
    if let Some(casualties) = incident.casualties {
        if let Some(dead) = casualties.dead {
            extra.push(format!("{dead} {}", labels.dead));
        }
        if let Some(injured) = casualties.injured {
            extra.push(format!("{injured} {}", labels.injured));
        }
    }
    if !extra.is_empty() {
        spans.push(Span::styled(format!(" · {}", extra.join(" · ")), theme.dim()));
    }
    Line::from(spans)
}
