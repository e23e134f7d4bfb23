//! What opens over the panels: an item in full, the keys, every problem with the feed.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use crate::app::model::{FeedHealth, Model, Overlay};
use crate::feed::{Incident, Measure, Visibility};
use crate::ui::Context;
use crate::ui::banners::feed_name;

/// The open popup's title and lines, wrapped to `width` columns (`None`: nothing open).
fn content(context: Context<'_>, width: usize) -> Option<(String, Vec<Line<'static>>)> {
    let Context { model, labels, theme, .. } = context;
    let (title, lines) = match model.overlay {
        Overlay::None => return None,
        Overlay::Help => (
            labels.help_title.to_owned(),
            labels
                .keys
                .iter()
                .map(|(keys, what)| {
                    Line::from(vec![Span::styled(format!("{keys:<20}"), theme.title()), Span::raw(*what)])
                })
                .collect(),
        ),
        Overlay::Problems => (labels.problems_title.to_owned(), problem_lines(context)),
        Overlay::Journal => (crate::ui::journal::popup_title(context), crate::ui::journal::popup_lines(context)),
        Overlay::Incident(index) => {
            let picture = model.picture.as_ref()?;
            let incident = picture.feed.incidents.get(index as usize)?;
            let mut lines = incident_lines(context, incident);
            with_source(&mut lines, context, picture.incident_source(index));
            (incident.title.to_string(), lines)
        }
        Overlay::Measure(index) => {
            let picture = model.picture.as_ref()?;
            let measure = picture.feed.measures.get(index as usize)?;
            let mut lines = measure_lines(context, measure);
            with_source(&mut lines, context, picture.measure_source(index));
            (measure.location.to_string(), lines)
        }
    };
    Some((title, lines.into_iter().flat_map(|line| wrap(line, width)).collect()))
}

pub fn render(context: Context<'_>, frame: &mut Frame<'_>, area: Rect) {
    let Context { model, labels, theme, .. } = context;
    let inner_width = usize::from(area.width.saturating_sub(2));
    let Some((title, lines)) = content(context, inner_width) else { return };
    let visible = usize::from(area.height.saturating_sub(2));
    // The model's scroll, held inside the content (the screen may have grown).
    let scroll = model.overlay_scroll.min(lines.len().saturating_sub(visible));
    let more = if scroll + visible < lines.len() { format!(" {} ↓ ", labels.more) } else { String::new() };
    let earlier = if scroll > 0 { format!(" ↑ {} ", labels.more) } else { String::new() };
    frame.render_widget(Clear, area);
    let mut block = Block::bordered()
        .title(format!(" {title} "))
        .title_bottom(format!(" {} ", labels.close_hint))
        .border_style(theme.focused());
    if !more.is_empty() {
        block = block.title_bottom(Line::from(more).right_aligned());
    }
    if !earlier.is_empty() {
        block = block.title(Line::from(earlier).right_aligned());
    }
    let shown: Vec<Line<'static>> = lines.into_iter().skip(scroll).take(visible).collect();
    frame.render_widget(Paragraph::new(shown).block(block), area);
}

/// How many lines the open popup has at the current screen size (for scrolling).
#[must_use]
pub fn line_count(model: &Model) -> usize {
    let area = popup_area(model);
    with_context(model, |context| content(context, usize::from(area.width.saturating_sub(2))))
        .map_or(0, |(_, lines)| lines.len())
}

/// How many lines of the popup are on screen.
#[must_use]
pub fn visible_lines(model: &Model) -> usize {
    usize::from(popup_area(model).height.saturating_sub(2))
}

fn popup_area(model: &Model) -> Rect {
    let plan = crate::app::layout::plan(model, model.size);
    crate::app::layout::popup_area(&plan, model.size)
}

/// Runs `f` with the context the view would draw `model` in.
fn with_context<T>(model: &Model, f: impl FnOnce(Context<'_>) -> T) -> T {
    let labels = crate::ui::labels::Labels::of(model.settings.language);
    let times = crate::ui::format::Times::new(&model.settings.timezone, model.now, labels);
    f(Context { model, labels, theme: crate::ui::theme::Theme::new(model.settings.colors), times: &times })
}

/// A line cut into lines of at most `width` columns, at spaces where it can be.
fn wrap(line: Line<'static>, width: usize) -> Vec<Line<'static>> {
    if width == 0 || line.width() <= width {
        return vec![line];
    }
    // Characters with their styles, so a cut keeps every span's look.
    let cells: Vec<(char, ratatui::style::Style)> =
        line.spans.iter().flat_map(|span| span.content.chars().map(move |c| (c, span.style))).collect();
    let mut out = Vec::new();
    let mut start = 0;
    while start < cells.len() {
        let mut used = 0;
        let mut end = start;
        let mut last_space = None;
        while end < cells.len() {
            let w = unicode_width::UnicodeWidthChar::width(cells[end].0).unwrap_or(0);
            if used + w > width {
                break;
            }
            if cells[end].0 == ' ' {
                last_space = Some(end);
            }
            used += w;
            end += 1;
        }
        // Break after the last space when the cut would split a word.
        if end < cells.len()
            && let Some(space) = last_space.filter(|&s| s > start)
        {
            end = space + 1;
        }
        let end = end.max(start + 1);
        out.push(spans_of(&cells[start..end]));
        start = end;
        // A continuation does not start with the space it was cut at.
        while start < cells.len() && cells[start].0 == ' ' && start < cells.len() - 1 {
            start += 1;
        }
    }
    out
}

/// Styled characters back into spans.
fn spans_of(cells: &[(char, ratatui::style::Style)]) -> Line<'static> {
    let mut spans: Vec<Span<'static>> = Vec::new();
    for &(c, style) in cells {
        match spans.last_mut() {
            Some(span) if span.style == style => span.content.to_mut().push(c),
            _ => spans.push(Span::styled(c.to_string(), style)),
        }
    }
    Line::from(spans)
}

/// The source an item came from, first among its fields, where there are several.
fn with_source(lines: &mut Vec<Line<'static>>, context: Context<'_>, source: Option<&str>) {
    if let Some(name) = source {
        // After the item's headline, its title and the blank line under them.
        lines.insert(3.min(lines.len()), field(context.labels.feed_source, name.to_owned()));
    }
}

fn field(name: &str, value: String) -> Line<'static> {
    Line::from(vec![Span::raw(format!("{name:<14}")), Span::raw(value)])
}

fn incident_lines(context: Context<'_>, i: &Incident) -> Vec<Line<'static>> {
    let Context { labels, theme, .. } = context;
    let times = context.times();
    let mut lines = vec![
        Line::from(vec![
            Span::styled(
                format!("{} {}", super::timeline::severity_symbol(i.severity), labels.severity(i.severity)),
                theme.severity(i.severity),
            ),
            Span::raw(format!("  {} ({})", times.full(i.time), times.relative(i.time))),
        ]),
        Line::styled(i.title.to_string(), theme.title()),
        Line::default(),
    ];
    if let Some(location) = &i.location {
        lines.push(field(labels.location, location.to_string()));
    }
    lines.extend(coordinates(i.lat, i.lon));
    if let Some(c) = i.casualties {
        let mut parts = Vec::new();
        if let Some(dead) = c.dead {
            parts.push(format!("{dead} {}", labels.dead));
        }
        if let Some(injured) = c.injured {
            parts.push(format!("{injured} {}", labels.injured));
        }
        lines.push(field("", parts.join(", ")));
    }
    if let Some(claimed) = &i.claimed_by {
        lines.push(field(labels.claimed_by, claimed.to_string()));
    }
    if !i.tags.is_empty() {
        lines.push(field(labels.tags, i.tags.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")));
    }
    if let Some(source) = &i.source {
        lines.push(field(labels.source, source.to_string()));
    }
    with_id_and_text(lines, &i.id, i.details.as_deref())
}

/// An item's id last among its fields, then its free text (details, notes) in full.
fn with_id_and_text(mut lines: Vec<Line<'static>>, id: &str, text: Option<&str>) -> Vec<Line<'static>> {
    lines.push(field("id", id.to_owned()));
    if let Some(text) = text {
        lines.push(Line::default());
        lines.extend(text.lines().map(|l| Line::raw(l.to_owned())));
    }
    lines
}

/// `lat, lon` when the item has both.
fn coordinates(lat: Option<f64>, lon: Option<f64>) -> Option<Line<'static>> {
    Some(field("lat, lon", format!("{:.5}, {:.5}", lat?, lon?)))
}

fn measure_lines(context: Context<'_>, m: &Measure) -> Vec<Line<'static>> {
    let Context { model, labels, theme, .. } = context;
    let times = context.times();
    let mut lines = vec![
        Line::from(vec![
            Span::styled(
                format!("{} {}", super::measures::status_symbol(m.status), labels.status(m.status)),
                theme.status(m.status),
            ),
            Span::raw(format!("  {}", labels.category(m.category))),
            Span::raw(if m.visibility == Visibility::Covert {
                format!("  [{}]", labels.covert)
            } else {
                String::new()
            }),
        ]),
        Line::styled(m.description.to_string(), theme.title()),
        Line::default(),
    ];
    if let Some(agency) = &m.agency {
        lines.push(field(labels.agency, agency.to_string()));
    }
    if let Some(region) = &m.region {
        lines.push(field(labels.region, region.to_string()));
    }
    if let Some(since) = m.since {
        lines.push(field(labels.since, format!("{} ({})", times.full(since), times.relative(since))));
    }
    if let Some(review) = m.review {
        // An ended measure's review is moot: never overdue.
        let overdue = review.utc() < model.now && m.status != crate::feed::MeasureStatus::Ended;
        let overdue = if overdue { format!(" — {}", labels.overdue) } else { String::new() };
        lines.push(field(labels.review, format!("{} ({}){overdue}", times.full(review), times.relative(review))));
    }
    lines.extend(coordinates(m.lat, m.lon));
    with_id_and_text(lines, &m.id, m.notes.as_deref())
}

fn problem_lines(context: Context<'_>) -> Vec<Line<'static>> {
    if context.model.several_sources() {
        return source_problem_lines(context);
    }
    let Context { model, labels, theme, .. } = context;
    let name = feed_name(context);
    let mut lines = Vec::new();
    if let FeedHealth::Rejected { problems, .. } = &model.health {
        lines.extend(problems.iter().map(|p| {
            let style = if p.is_error() { theme.alarm() } else { theme.warning() };
            Line::styled(super::banners::problem_text(context, p), style)
        }));
    }
    if let FeedHealth::Missing { reason, .. } = &model.health {
        let reason = crate::ui::translate::message(reason, labels.language);
        lines.push(Line::styled(format!("{name}: {reason}"), theme.alarm()));
    }
    if let Some(picture) = &model.picture {
        lines.extend(
            picture.time_warnings(model.now).iter().map(|p| Line::raw(super::banners::problem_text(context, p))),
        );
    }
    if lines.is_empty() {
        lines.push(Line::raw(labels.none));
    }
    lines
}

/// With several sources: each source under its own heading, its errors and warnings in
/// its own file's positions, its state in words; then what the clock finds in the merged
/// picture (overdue reviews, by item id).
fn source_problem_lines(context: Context<'_>) -> Vec<Line<'static>> {
    let Context { model, labels, theme, .. } = context;
    let mut lines = Vec::new();
    for source in &model.sources {
        lines.push(Line::styled(format!("── {} · {}", source.name, source.location), theme.title()));
        let before = lines.len();
        match &source.health {
            FeedHealth::Rejected { problems, .. } => lines.extend(problems.iter().map(|p| {
                let style = if p.is_error() { theme.alarm() } else { theme.warning() };
                Line::styled(crate::ui::translate::problem(p, &source.location, labels.language), style)
            })),
            FeedHealth::Missing { reason, .. } => lines.push(Line::styled(
                format!("{}: {}", source.location, crate::ui::translate::message(reason, labels.language)),
                theme.alarm(),
            )),
            FeedHealth::Good | FeedHealth::Waiting => {}
        }
        if let Some(age) = source.staleness(model.now, model.settings.stale_after) {
            let limit = source.limit(model.settings.stale_after);
            lines.push(Line::styled(
                format!("{}: {} ({} {limit})", labels.stale, crate::ui::format::span(age, labels), labels.limit),
                theme.warning(),
            ));
        }
        lines.extend(
            source
                .warnings
                .iter()
                .map(|p| Line::raw(crate::ui::translate::problem(p, &source.location, labels.language))),
        );
        if lines.len() == before {
            lines.push(Line::raw(labels.none));
        }
    }
    if let Some(picture) = &model.picture {
        let warnings = picture.time_warnings(model.now);
        if !warnings.is_empty() {
            lines.push(Line::styled("──", theme.title()));
            // Paths into the merged picture mean nothing to a producer: the messages
            // name the items by id.
            lines.extend(
                warnings
                    .iter()
                    .map(|p| Line::raw(crate::ui::translate::message(&p.message, labels.language).into_owned())),
            );
        }
    }
    lines
}
