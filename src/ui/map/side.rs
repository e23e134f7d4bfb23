//! The map's side panel and its symbols: the selected item named, and a legend of what
//! the markers on the map mean (only the symbols the map shows).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use crate::feed::{Category, MeasureStatus, Severity};
use crate::ui::Context;
use crate::ui::map::survey::{MapItem, Survey, Whereabouts, name};
use crate::ui::map::words::MapWords;
use crate::ui::measures::status_symbol;
use crate::ui::timeline::severity_symbol;

/// A symbol per category, so that a measure's marker says where it is in force.
#[must_use]
pub fn category_symbol(category: Category) -> &'static str {
    match category {
        Category::Station => "■",
        Category::Airport => "✈",
        Category::Border => "╪",
        Category::Government => "⌂",
        Category::Event => "★",
        Category::Infrastructure => "◆",
        Category::Other => "◇",
    }
}

/// Before a marker placed by the gazetteer.
pub const APPROXIMATE: &str = "~";
/// Beside a city's name.
pub const CITY: &str = "◦";

/// A marker's symbols and style: a measure's category and status in the status's
/// colour, an incident's severity in its colour.
#[must_use]
pub fn marker(context: Context<'_>, item: MapItem) -> (String, Style) {
    let Context { model, theme, .. } = context;
    let Some(picture) = &model.picture else { return (String::new(), Style::default()) };
    match item {
        MapItem::Measure(index) => {
            let m = picture.measure(index);
            (
                format!("{}{}", category_symbol(m.category), status_symbol(m.status)),
                theme.status(m.status).add_modifier(Modifier::BOLD),
            )
        }
        MapItem::Incident(index) => {
            let severity = picture.incident(index).severity;
            (severity_symbol(severity).to_owned(), theme.severity(severity).add_modifier(Modifier::BOLD))
        }
    }
}

pub fn render(context: Context<'_>, frame: &mut Frame<'_>, area: Rect, survey: Option<&Survey<'_>>) {
    let Context { model, labels, theme, .. } = context;
    let words = MapWords::of(model.settings.language);
    let mut lines = Vec::new();
    match survey {
        None => lines.push(Line::styled(labels.no_feed_yet, theme.dim())),
        Some(survey) => {
            lines.extend(selected_lines(context, survey, words));
            lines.push(Line::default());
            lines.extend(legend_lines(context, survey, words));
        }
    }
    let block = Block::default().borders(Borders::LEFT).border_style(theme.dim());
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }).block(block), area);
}

fn selected_lines(context: Context<'_>, survey: &Survey<'_>, words: &MapWords) -> Vec<Line<'static>> {
    let Context { model, labels, theme, .. } = context;
    let (Some(picture), Some((item, whereabouts))) = (&model.picture, survey.selected) else {
        return vec![Line::styled(words.nothing_selected, theme.dim())];
    };
    let (symbols, style) = marker(context, item);
    let mut lines = vec![Line::from(vec![
        Span::raw("▶ "),
        Span::styled(symbols, style),
        Span::styled(format!(" {}", name(picture, item)), theme.title()),
    ])];
    let detail = match item {
        MapItem::Measure(index) => {
            let m = picture.measure(index);
            let mut parts = vec![labels.status(m.status).to_owned(), labels.category(m.category).to_owned()];
            parts.extend(m.agency.as_ref().map(ToString::to_string));
            Line::styled(parts.join(" · "), theme.status(m.status))
        }
        MapItem::Incident(index) => {
            let incident = picture.incident(index);
            let when = context.times().short(incident.time);
            Line::from(vec![
                Span::styled(labels.severity(incident.severity), theme.severity(incident.severity)),
                Span::raw(format!(" · {when}")),
            ])
        }
    };
    lines.push(detail);
    if let MapItem::Incident(index) = item
        && picture.incident(index).location.is_some()
    {
        lines.push(Line::raw(picture.incident(index).title.to_string()));
    }
    let place = match whereabouts {
        Whereabouts::Exact => None,
        Whereabouts::Approximate(1) => Some(format!("{APPROXIMATE} {}", words.approximate)),
        Whereabouts::Approximate(n) => Some(format!("{APPROXIMATE} {n} {}, {}", words.places, words.approximate)),
        Whereabouts::OffMap => {
            let other = model.map_region.toggled();
            Some(format!("{} (v: {})", words.off_map, words.region(other)))
        }
        Whereabouts::Nowhere => Some(words.no_position.to_owned()),
    };
    lines.extend(place.map(|text| Line::styled(text, theme.dim())));
    lines
}

fn legend_lines(context: Context<'_>, survey: &Survey<'_>, words: &MapWords) -> Vec<Line<'static>> {
    let Context { model, labels, theme, .. } = context;
    let Some(picture) = &model.picture else { return Vec::new() };
    let (mut categories, mut statuses, mut severities, mut approximate) = ([false; 7], [false; 5], [false; 4], false);
    for marker in &survey.markers {
        match marker.item {
            MapItem::Measure(index) => {
                let m = picture.measure(index);
                categories[m.category as usize] = true;
                statuses[m.status as usize] = true;
            }
            MapItem::Incident(index) => severities[picture.incident(index).severity as usize] = true,
        }
        approximate |= marker.approximate;
    }
    let mut lines = vec![Line::styled(words.legend, theme.title())];
    for category in Category::ALL.into_iter().filter(|c| categories[*c as usize]) {
        lines.push(Line::raw(format!("{} {}", category_symbol(category), labels.category(category))));
    }
    for status in MeasureStatus::ALL.into_iter().filter(|s| statuses[*s as usize]) {
        lines.push(Line::styled(format!("{} {}", status_symbol(status), labels.status(status)), theme.status(status)));
    }
    const SEVERITIES: [Severity; 4] = [Severity::Critical, Severity::Major, Severity::Minor, Severity::Info];
    for severity in SEVERITIES.into_iter().filter(|s| severities[*s as usize]) {
        lines.push(Line::styled(
            format!("{} {}", severity_symbol(severity), labels.severity(severity)),
            theme.severity(severity),
        ));
    }
    if approximate {
        lines.push(Line::raw(format!("{APPROXIMATE} {}", words.approximate)));
    }
    lines.push(Line::styled(format!("{CITY} {}", words.city), theme.dim()));
    lines.push(Line::from(vec![Span::styled("⠤⠤⠤⠤", theme.coast()), Span::raw(format!(" {}", words.coast))]));
    lines.push(Line::from(vec![
        Span::styled("⠤ ⠤ ", theme.land_border()),
        Span::raw(format!(" {}", words.land_border)),
    ]));
    lines
}
