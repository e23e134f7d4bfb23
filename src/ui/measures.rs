//! The measures panel: grouped by category in a fixed order, with counts per group and
//! status; a row per measure in fixed columns: location, status, agency, since, a badge
//! column (review date, OVERDUE, covert, a match in hidden text), then the description.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use crate::app::layout::list_height;
use crate::app::lists::MeasureRow;
use crate::app::model::{ItemKind, Panel};
use crate::feed::{Measure, MeasureStatus, Visibility};
use crate::ui::Context;

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

/// The widths of the columns in this frame: as wide as their widest visible cell, so
/// every row lines up and a badge never pushes the agency or description aside.
struct Columns {
    location: usize,
    agency: usize,
    since: usize,
    badges: usize,
}

pub fn render(context: Context<'_>, frame: &mut Frame<'_>, area: Rect, hidden_note: Option<[String; 2]>) {
    let Context { model, labels, theme, .. } = context;
    let rows = &model.lists.measure_rows;
    let items = model.lists.measure_count();
    let mut title = format!(" {} ({items}", labels.measures);
    let new = model.changes.measures.len();
    if new > 0 {
        title.push_str(&format!(", {new} {}", labels.new_items));
    }
    title.push_str(") ");
    if model.lists.hidden_ended > 0 {
        title.push_str(&format!("· {} {} ", model.lists.hidden_ended, labels.ended_hidden));
    }
    if !model.filter.text.is_empty() {
        title.push_str(&format!("· {}: {} ", labels.filter, model.filter.text));
    }
    // A wallboard has no selection to show.
    let focused = model.focus == Panel::Measures && model.wall.is_none();
    let block = Block::bordered().title(title).border_style(if focused { theme.focused() } else { Style::default() });
    let height = list_height(area);
    let offset = model.measures_cursor.visible_offset(height, rows.len());
    let page = crate::ui::page_label(context, Panel::Measures);
    let block = bottom_titles(block, item_position(rows, offset, height), page, hidden_note, area.width);
    let Some(picture) = &model.picture else {
        frame.render_widget(Paragraph::new(Line::styled(labels.no_feed_yet, theme.dim())).block(block), area);
        return;
    };
    let width = usize::from(area.width.saturating_sub(2));
    let visible: Vec<(usize, MeasureRow)> = rows.iter().copied().enumerate().skip(offset).take(height).collect();
    let measures = || {
        visible.iter().filter_map(|(_, row)| match row {
            MeasureRow::Item(index) => Some((*index, picture.measure(*index))),
            MeasureRow::Group { .. } => None,
        })
    };
    let widest = |cell: &dyn Fn(u32, &Measure) -> String| measures().map(|(i, m)| cell(i, m).chars().count()).max();
    let columns = Columns {
        location: (width / 4).clamp(10, 28),
        agency: widest(&|_, m| m.agency.as_deref().unwrap_or("–").to_owned()).unwrap_or(0).min(16),
        since: widest(&|_, m| since_text(context, m)).unwrap_or(0),
        badges: widest(&|i, m| badges(context, i, m).iter().map(|(t, _)| t.clone()).collect::<Vec<_>>().join(" "))
            .unwrap_or(0)
            .min(32),
    };
    let mut lines: Vec<Line<'static>> = Vec::with_capacity(height);
    // Only the visible rows are drawn: the cost follows the screen, not the feed.
    for (row_index, row) in visible.iter().copied() {
        let mut line = match row {
            MeasureRow::Group { category, count, by_status } => {
                let counts: Vec<String> = MeasureStatus::ALL
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
            MeasureRow::Item(index) => measure_line(context, index, picture.measure(index), width, &columns),
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
        let empty = if model.filter.text.is_empty() {
            labels.no_measures.to_owned()
        } else {
            labels.none_match(model.lists.measures_before_words as usize, &model.filter.text)
        };
        lines.push(Line::styled(empty, theme.dim()));
    }
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

/// `since 14 Nov 06:00`, or nothing.
fn since_text(context: Context<'_>, m: &Measure) -> String {
    m.since
        .map(|since| format!("{} {}", context.labels.since, context.times().short(since).trim_start()))
        .unwrap_or_default()
}

/// The badges of a measure, with their styles: the review (OVERDUE when past, never for
/// an ended measure), covert, a filter match in hidden text.
fn badges(context: Context<'_>, index: u32, m: &Measure) -> Vec<(String, Style)> {
    let Context { model, labels, theme, .. } = context;
    let times = context.times();
    let mut out = Vec::new();
    if m.visibility == Visibility::Covert {
        out.push((format!("[{}]", labels.covert), Style::default().add_modifier(Modifier::ITALIC)));
    }
    if let Some(review) = m.review.filter(|_| m.status != MeasureStatus::Ended) {
        if review.utc() < model.now {
            out.push((format!("⚠ {} {} {}", labels.review, labels.overdue, times.relative(review)), theme.warning()));
        } else {
            out.push((format!("{} {}", labels.review, times.short(review).trim_start()), theme.dim()));
        }
    }
    // Two sources disagree about this place: never hidden.
    if model.picture.as_ref().is_some_and(|p| p.provenance.conflicting_measures.contains(&index)) {
        out.push((format!("⚠ {}", labels.conflict_badge), theme.alarm()));
    }
    if model.lists.measures_matched_hidden.contains(&index) {
        out.push((labels.matched_in_details.to_owned(), theme.dim()));
    }
    out
}

/// The source tag column (`kmar `), where the picture has several sources.
#[must_use]
pub fn source_tag(context: Context<'_>, name: Option<&str>) -> Option<Span<'static>> {
    let picture = context.model.picture.as_ref()?;
    let width = picture.provenance.names.iter().map(|n| n.chars().count()).max()?.min(10);
    Some(Span::styled(pad(name.unwrap_or(""), width), context.theme.dim()))
}

fn measure_line(context: Context<'_>, index: u32, m: &Measure, width: usize, columns: &Columns) -> Line<'static> {
    let Context { model, labels, theme, .. } = context;
    let marked = model.changes.marks(ItemKind::Measure, &m.id);
    let mut spans = vec![
        if marked { Span::styled("✱", theme.warning()) } else { Span::raw(" ") },
        Span::styled(format!("{} ", status_symbol(m.status)), theme.status(m.status)),
    ];
    spans.extend(source_tag(context, model.picture.as_ref().and_then(|p| p.measure_source(index))));
    spans.extend([
        Span::raw(pad(&m.location, columns.location)),
        Span::styled(pad(labels.status(m.status), 12), theme.status(m.status)),
    ]);
    let mut used: usize = spans.iter().map(|s| s.content.chars().count()).sum::<usize>() + 1;
    // The badges must show; the agency and since columns only where the badges still
    // fit after them.
    let badge_room = if columns.badges > 0 { columns.badges + 1 } else { 0 };
    for (text, column, style) in [
        (m.agency.as_deref().unwrap_or("–").to_owned(), columns.agency, Style::default()),
        (since_text(context, m), columns.since, theme.dim()),
    ] {
        if column > 0 && used + column + 1 + badge_room <= width {
            spans.push(Span::styled(pad(&text, column), style));
            used += column + 1;
        }
    }
    if columns.badges > 0 {
        let mut badge_spans = Vec::new();
        let mut badge_used = 0;
        for (text, style) in badges(context, index, m) {
            if badge_used > 0 {
                badge_spans.push(Span::raw(" "));
                badge_used += 1;
            }
            badge_used += text.chars().count();
            badge_spans.push(Span::styled(text, style));
        }
        let room = columns.badges.min(width.saturating_sub(used));
        if badge_used > room {
            // Cut to the column, with an ellipsis.
            let text: String = badge_spans.iter().map(|s| s.content.as_ref()).collect();
            badge_spans = vec![Span::styled(pad(&text, room).trim_end().to_owned(), theme.warning())];
            badge_used = badge_spans[0].content.chars().count();
        }
        spans.extend(badge_spans);
        spans.push(Span::raw(" ".repeat(room.saturating_sub(badge_used) + 1)));
        used += room + 1;
    }
    if width >= used + 20 {
        spans.push(Span::styled(fit(&m.description, width - used), theme.dim()));
    }
    let line = Line::from(spans);
    if m.status == MeasureStatus::Ended { line.patch_style(theme.dim()) } else { line }
}

/// Where the visible items stand in a longer list: (first, last, of how many), counting
/// items, not headings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    pub first: usize,
    pub last: usize,
    pub total: usize,
    pub earlier: bool,
    pub later: bool,
}

/// The measures' position: items in rows `offset..offset + height`.
fn item_position(rows: &[MeasureRow], offset: usize, height: usize) -> Option<Position> {
    if rows.len() <= height || height == 0 {
        return None;
    }
    let is_item = |r: &MeasureRow| matches!(r, MeasureRow::Item(_));
    let before = rows.iter().take(offset).filter(|r| is_item(r)).count();
    let shown = rows.iter().skip(offset).take(height).filter(|r| is_item(r)).count();
    let total = rows.iter().filter(|r| is_item(r)).count();
    Some(Position {
        first: before + usize::from(shown > 0),
        last: before + shown,
        total,
        earlier: offset > 0,
        later: offset + height < rows.len(),
    })
}

/// The frame's bottom edge: where the visible items are in a longer list (`7–12 / 19 ↓`),
/// so that what is out of view is never mistaken for absent; and, right-aligned, a note
/// that the other panel has no room (`12 measures hidden — z: zoom`, or `+12 (z)`), left
/// out where the edge is too short for both.
#[must_use]
pub fn bottom_titles(
    block: Block<'static>,
    position: Option<Position>,
    page: Option<String>,
    note: Option<[String; 2]>,
    width: u16,
) -> Block<'static> {
    let position = position.map(|p| {
        let more = if p.later { " ↓" } else { "" };
        let earlier = if p.earlier { "↑ " } else { "" };
        let page = page.map(|page| format!(" · {page}")).unwrap_or_default();
        format!(" {earlier}{}–{} / {}{more}{page} ", p.first, p.last, p.total)
    });
    let room = usize::from(width).saturating_sub(4 + position.as_deref().map_or(0, |p| p.chars().count()));
    // The note's long form, else its short one, where it fits.
    let note = note.into_iter().flatten().map(|n| format!(" {n} ")).find(|n| n.chars().count() <= room);
    let block = match position {
        Some(position) => block.title_bottom(position),
        None => block,
    };
    match note {
        Some(note) => block.title_bottom(Line::from(note).right_aligned()),
        None => block,
    }
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

/// `text` cut to `width` characters with an ellipsis when it does not fit.
#[must_use]
pub fn fit(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        text.to_owned()
    } else {
        let cut: String = text.chars().take(width.saturating_sub(1)).collect();
        format!("{cut}…")
    }
}
