//! The measures panel: grouped by category in a fixed order, with counts per group and
//! status; a row per measure with location, status, agency, since and review.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use crate::app::model::{ItemKind, Panel};
use crate::app::picture::MeasureRow;
use crate::feed::{Measure, MeasureStatus, Visibility};
use crate::ui::Context;
use crate::ui::format::{relative, short_time};
use crate::ui::layout::list_height;

/// Every status, in the order of the feed format.
pub const STATUSES: [MeasureStatus; 5] = [
    MeasureStatus::Planned,
    MeasureStatus::Active,
    MeasureStatus::Intensified,
    MeasureStatus::ScaledDown,
    MeasureStatus::Ended,
];

/// A symbol per status, so the status reads without colour.
#[must_use]
pub fn status_symbol(status: MeasureStatus) -> &'static str {
    match status {
        MeasureStatus::Planned => "○",
        MeasureStatus::Active => "●",
        MeasureStatus::Intensified => "▲",
        MeasureStatus::ScaledDown => "▼",
        MeasureStatus::Ended => "–",
    }
}

pub fn render(context: Context<'_>, frame: &mut Frame<'_>, area: Rect) {
    let Context { model, labels, theme } = context;
    let rows = &model.lists.measure_rows;
    let items = rows.iter().filter(|r| matches!(r, MeasureRow::Item(_))).count();
    let mut title = format!(" {} ({items}) ", labels.measures);
    if model.lists.hidden_ended > 0 {
        title.push_str(&format!("· {} {} ", model.lists.hidden_ended, labels.ended_hidden));
    }
    if !model.filter.text.is_empty() {
        title.push_str(&format!("· {}: {} ", labels.filter, model.filter.text));
    }
    let focused = model.focus == Panel::Measures;
    let block = Block::bordered().title(title).border_style(if focused { theme.focused() } else { Style::default() });
    let height = list_height(area);
    let offset = model.measures_cursor.visible_offset(height, rows.len());
    let block = with_position(block, offset, height, rows.len());
    let Some(picture) = &model.picture else {
        frame.render_widget(Paragraph::new(Line::styled(labels.no_feed_yet, theme.dim())).block(block), area);
        return;
    };
    let width = usize::from(area.width.saturating_sub(2));
    let mut lines: Vec<Line<'static>> = Vec::with_capacity(height);
    // Only the visible rows are drawn: the cost follows the screen, not the feed.
    for (row_index, row) in rows.iter().enumerate().skip(offset).take(height) {
        let mut line = match *row {
            MeasureRow::Group { category, count, by_status } => {
                let counts: Vec<String> = STATUSES
                    .iter()
                    .zip(by_status)
                    .filter(|(_, n)| *n > 0)
                    .map(|(status, n)| format!("{n} {}", labels.status(*status)))
                    .collect();
                Line::from(vec![
                    Span::styled(format!("{} ({count})", labels.category(category)), theme.title()),
                    Span::styled(format!("  {}", counts.join(" · ")), theme.dim()),
                ])
            }
            MeasureRow::Item(index) => measure_line(context, picture.measure(index), width),
        };
        let selected = focused && row_index == model.measures_cursor.selected;
        if selected {
            line = line.patch_style(theme.selected());
        }
        // The selection shows as a mark too, not only as reverse video.
        line.spans.insert(0, Span::raw(if selected { "▶" } else { " " }));
        lines.push(line);
    }
    if rows.is_empty() {
        lines.push(Line::styled(labels.no_measures, theme.dim()));
    }
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

fn measure_line(context: Context<'_>, m: &Measure, width: usize) -> Line<'static> {
    let Context { model, labels, theme } = context;
    let tz = model.settings.timezone;
    let location_width = (width / 4).clamp(10, 28);
    let marked = model.changes.marks(ItemKind::Measure, &m.id);
    let mut spans = vec![
        if marked { Span::styled("✱", theme.warning()) } else { Span::raw(" ") },
        Span::styled(format!("{} ", status_symbol(m.status)), theme.status(m.status)),
        Span::raw(pad(&m.location, location_width)),
        Span::styled(pad(labels.status(m.status), 12), theme.status(m.status)),
    ];
    // What must not be cut off comes right after the status; the optional columns
    // follow while they fit.
    if m.visibility == Visibility::Covert {
        spans.push(Span::styled(format!("[{}] ", labels.covert), Style::default().add_modifier(Modifier::ITALIC)));
    }
    let overdue = m.review.filter(|r| r.0 < model.now && m.status != MeasureStatus::Ended);
    if let Some(review) = overdue {
        spans.push(Span::styled(
            format!("⚠ {} {} {}", labels.review, labels.overdue, relative(review, model.now, labels)),
            theme.warning(),
        ));
        spans.push(Span::raw(" "));
    }
    let mut used: usize = spans.iter().map(|s| s.content.chars().count()).sum::<usize>() + 1;
    let mut optional = |text: String, style: Style, spans: &mut Vec<Span<'static>>| {
        let len = text.chars().count();
        if used + len <= width {
            used += len;
            spans.push(Span::styled(text, style));
        }
    };
    optional(pad(m.agency.as_deref().unwrap_or("–"), 16), Style::default(), &mut spans);
    if let Some(since) = m.since {
        optional(
            pad(&format!("{} {}", labels.since, short_time(since, model.now, tz, labels)), 19),
            theme.dim(),
            &mut spans,
        );
    }
    if let Some(review) = m.review.filter(|_| overdue.is_none()) {
        optional(
            pad(&format!("{} {}", labels.review, short_time(review, model.now, tz, labels)), 22),
            theme.dim(),
            &mut spans,
        );
    }
    if width >= used + 20 {
        spans.push(Span::styled(m.description.to_string(), theme.dim()));
    }
    let line = Line::from(spans);
    if m.status == MeasureStatus::Ended { line.patch_style(theme.dim()) } else { line }
}

/// Where the visible rows are in a longer list (`7–12 / 19 ↓`), on the frame's bottom
/// edge, so that what is out of view is never mistaken for absent.
#[must_use]
pub fn with_position(block: Block<'static>, offset: usize, height: usize, rows: usize) -> Block<'static> {
    if rows <= height || height == 0 {
        return block;
    }
    let last = (offset + height).min(rows);
    let more = if last < rows { " ↓" } else { "" };
    let earlier = if offset > 0 { "↑ " } else { "" };
    block.title_bottom(format!(" {earlier}{}–{last} / {rows}{more} ", offset + 1))
}

/// `text` cut or padded to `width` characters, then a space.
#[must_use]
pub fn pad(text: &str, width: usize) -> String {
    let count = text.chars().count();
    if count > width {
        let cut: String = text.chars().take(width.saturating_sub(1)).collect();
        format!("{cut}… ")
    } else {
        format!("{text}{} ", " ".repeat(width - count))
    }
}
