//! What opens over the panels: an item in full, the keys, every problem with the feed.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use crate::app::model::{FeedHealth, Overlay};
use crate::feed::{Incident, Measure, Visibility};
use crate::ui::Context;
use crate::ui::banners::feed_name;

pub fn render(context: Context<'_>, frame: &mut Frame<'_>, screen: Rect) {
    let Context { model, labels, theme, .. } = context;
    let (title, lines) = match model.overlay {
        Overlay::None => return,
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
        Overlay::Incident(index) => match model.picture.as_ref().and_then(|p| p.feed.incidents.get(index as usize)) {
            Some(incident) => (incident.title.to_string(), incident_lines(context, incident)),
            None => return,
        },
        Overlay::Measure(index) => match model.picture.as_ref().and_then(|p| p.feed.measures.get(index as usize)) {
            Some(measure) => (measure.location.to_string(), measure_lines(context, measure)),
            None => return,
        },
    };
    let area = centered(screen);
    frame.render_widget(Clear, area);
    let block = Block::bordered()
        .title(format!(" {title} "))
        .title_bottom(format!(" {} ", labels.close_hint))
        .border_style(theme.focused());
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }).block(block), area);
}

/// A box over most of the area it is given (the view keeps the level above it).
fn centered(screen: Rect) -> Rect {
    let tenths = |cells: u16, n: u32| u16::try_from(u32::from(cells) * n / 10).unwrap_or(cells);
    let width = tenths(screen.width, 9).max(screen.width.min(20));
    let height = tenths(screen.height, 9).max(screen.height.min(6));
    Rect::new(screen.x + (screen.width - width) / 2, screen.y + (screen.height - height) / 2, width, height)
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
