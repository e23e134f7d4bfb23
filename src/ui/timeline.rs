//! The timeline panel: recent criticals pinned on top when the list would not show
//! them, then upcoming items (soonest on top) and the past (newest on top); in fixed
//! columns: severity as symbol and word, time, age, badges, title, place and casualties.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use crate::app::layout::list_height;
use crate::app::model::{ItemKind, Panel, TimelineRow};
use crate::feed::{Incident, Severity};
use crate::ui::Context;
use crate::ui::measures::{Position, bottom_titles, fit, pad};

/// A symbol per severity, so it reads without colour (▲ is the measures' "intensified").
#[must_use]
pub fn severity_symbol(severity: Severity) -> &'static str {
    match severity {
        Severity::Info => "·",
        Severity::Minor => "•",
        Severity::Major => "!",
        Severity::Critical => "‼",
    }
}

/// The width of the columns in this frame.
struct Columns {
    time: usize,
    age: usize,
}

pub fn render(context: Context<'_>, frame: &mut Frame<'_>, area: Rect, hidden_note: Option<[String; 2]>) {
    let Context { model, labels, theme, .. } = context;
    let rows = model.timeline_rows();
    let mut title = format!(" {} ({}", labels.timeline, model.lists.incidents.len());
    let new = model.changes.incidents.len();
    if new > 0 {
        title.push_str(&format!(", {new} {}", labels.new_items));
    }
    title.push_str(") ");
    if !model.filter.text.is_empty() {
        title.push_str(&format!("· {}: {} ", labels.filter, model.filter.text));
    }
    // A wallboard has no selection to show.
    let focused = model.focus == Panel::Timeline && model.wall.is_none();
    let block = Block::bordered().title(title).border_style(if focused { theme.focused() } else { Style::default() });
    let (pinned, height) = model.timeline_pins(list_height(area));
    let offset = model.timeline_cursor.visible_offset(height, rows);
    let width = usize::from(area.width.saturating_sub(2));
    let page = crate::ui::page_label(context, Panel::Timeline);
    let block = bottom_titles(block, item_position(context, offset, height, rows), page, hidden_note, area.width);
    let Some(picture) = &model.picture else {
        frame.render_widget(Paragraph::new(Line::styled(labels.no_feed_yet, theme.dim())).block(block), area);
        return;
    };
    // Only the visible rows are looked at: the cost follows the screen, not the feed.
    let visible: Vec<(usize, TimelineRow)> =
        (offset..(offset + height).min(rows)).map(|r| (r, model.timeline_row(r))).collect();
    let shown = visible
        .iter()
        .filter_map(|(_, row)| match row {
            TimelineRow::Item(index) => Some(*index),
            _ => None,
        })
        .chain(pinned.iter().copied());
    let times = context.times();
    // The time column is as wide as its widest visible time, so the columns after it
    // line up (a date alone is shorter than a time, a time in another year longer).
    let columns = Columns {
        time: shown.clone().map(|i| times.short(picture.incident(i).time).chars().count()).max().unwrap_or(0),
        age: if width >= 60 {
            shown.map(|i| times.relative(picture.incident(i).time).chars().count()).max().unwrap_or(0).max(8)
        } else {
            0
        },
    };
    let mut lines: Vec<Line<'static>> = Vec::with_capacity(height + pinned.len());
    for &index in &pinned {
        let mut line = incident_line(context, index, picture.incident(index), width, &columns);
        line.spans.insert(0, Span::styled("⚑", theme.alarm()));
        lines.push(line);
    }
    for (row_index, row) in visible {
        let mut line = match row {
            TimelineRow::UpcomingHeader(n) => section(&format!("{} ({n})", labels.upcoming), width, theme.title()),
            TimelineRow::PastHeader(n) => section(&format!("{} ({n})", labels.past), width, theme.title()),
            TimelineRow::Item(index) => incident_line(context, index, picture.incident(index), width, &columns),
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
    if rows == 0 {
        let empty = if model.filter.text.is_empty() {
            labels.no_incidents.to_owned()
        } else {
            labels.none_match(picture.feed.incidents.len(), &model.filter.text)
        };
        lines.push(Line::styled(empty, theme.dim()));
    }
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

/// The timeline's position, counting items, not headings.
fn item_position(context: Context<'_>, offset: usize, height: usize, rows: usize) -> Option<Position> {
    if rows <= height || height == 0 {
        return None;
    }
    let model = context.model;
    let total = model.lists.incidents.len();
    // Items before a row: the row less the headings above it.
    let items_before = |row: usize| (0..row).filter(|&r| matches!(model.timeline_row(r), TimelineRow::Item(_))).count();
    let end = (offset + height).min(rows);
    let first = items_before(offset);
    let last = items_before(end);
    Some(Position { first: first + usize::from(last > first), last, total, earlier: offset > 0, later: end < rows })
}

fn section(text: &str, width: usize, style: Style) -> Line<'static> {
    // The selection gutter takes one column before the rule.
    let rule = width.saturating_sub(text.chars().count() + 5);
    Line::styled(format!("── {text} {}", "─".repeat(rule)), style)
}

fn incident_line(
    context: Context<'_>,
    index: u32,
    incident: &Incident,
    width: usize,
    columns: &Columns,
) -> Line<'static> {
    let Context { model, labels, theme, .. } = context;
    let times = context.times();
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
    spans.extend(crate::ui::measures::source_tag(
        context,
        model.picture.as_ref().and_then(|p| p.incident_source(index)),
    ));
    spans.push(Span::raw(pad(&times.short(incident.time), columns.time)));
    if columns.age > 0 {
        spans.push(Span::styled(pad(&times.relative(incident.time), columns.age), theme.dim()));
    }
    if model.lists.incidents_matched_hidden.contains(&index) {
        spans.push(Span::styled(format!("{} ", labels.matched_in_details), theme.dim()));
    }
    let used: usize = spans.iter().map(|s| s.content.chars().count()).sum::<usize>() + 1;
    let room = width.saturating_sub(used);
    let title = fit(&incident.title, room);
    let title_len = title.chars().count();
    spans.push(Span::styled(title, if severity >= Severity::Major { theme.title() } else { Style::default() }));
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
    let extra_room = room.saturating_sub(title_len);
    if !extra.is_empty() && extra_room > 4 {
        spans.push(Span::styled(fit(&format!(" · {}", extra.join(" · ")), extra_room), theme.dim()));
    }
    Line::from(spans)
}
