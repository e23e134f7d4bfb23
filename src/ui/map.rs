//! The map view (key `m`): the measures and incidents of the lists on an outline of the
//! Netherlands or of Europe (key `v`), drawn in Braille on a ratatui canvas, with city
//! labels, the selected item named, a legend, and in the corners what the map cannot
//! show: items off the map (named) and items without a position.
//!
//! ```text
//!  ┌ Map · Netherlands ─────────────────────────── v: Europe ┐
//!  │   ⣀⡠⠤⠒⠉ coast      ◦Amsterdam          │▶ ✈▲ Luchthavens │
//!  │  ⠸ ~■▲  ◦Den Haag       ⠤ ⠤ land border│  intensified ·… │
//!  │   ⠑⠤⣀ ‼ Brussel   ~╪▲                  │Legend           │
//!  └ 6 off the map: Parijs, Beiroet, … ─────────── 8 without a position ┘
//! ```

pub mod outline;
pub mod side;
pub mod survey;
pub mod taken;
pub mod words;

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier};
use ratatui::symbols::Marker as CanvasMarker;
use ratatui::text::Line;
use ratatui::widgets::Block;
use ratatui::widgets::canvas::Canvas;
use unicode_width::UnicodeWidthStr;

use crate::app::model::Model;
use crate::geo::Fit;
use crate::geo::cities::CITIES;
use crate::ui::Context;
use crate::ui::map::side::{APPROXIMATE, CITY, marker};
use crate::ui::map::survey::{Marker, Survey, name};
use crate::ui::map::taken::Taken;
use crate::ui::map::words::MapWords;

/// The side panel shows from this inner width on.
const SIDE_FROM: u16 = 64;
/// A city label for every so many cells of map.
const CELLS_PER_CITY: usize = 80;
/// The longest name written beside the selected marker.
const LABEL_MAX: usize = 28;

pub fn render(context: Context<'_>, frame: &mut Frame<'_>, area: Rect) {
    let Context { model, theme, labels, .. } = context;
    let words = MapWords::of(model.settings.language);
    let region = model.map_region;
    let mut title = format!(" {} · {} ", words.map, words.region(region));
    if !model.filter.text.is_empty() {
        title.push_str(&format!("· {}: {} ", labels.filter, model.filter.text));
    }
    let Geometry { canvas, fit, side: side_area } = geometry(model, area);
    let side_width = side_area.width;
    let survey = model.picture.as_ref().map(|picture| Survey::new(model, picture, &fit));

    let other_region = format!(" v: {} ", words.region(region.toggled()));
    let top_right = match (&survey, side_width) {
        (Some(survey), 0) => selected_title(context, survey).unwrap_or(other_region),
        _ => other_region,
    };
    let (bottom_left, bottom_right) = survey.as_ref().map(|s| corners(s, words)).unwrap_or_default();
    let room = usize::from(area.width.saturating_sub(2));
    let bottom_left = cut(&bottom_left, room.saturating_sub(bottom_right.width() + 1));
    let block = Block::bordered()
        .border_style(theme.focused())
        .title(cut(&title, room))
        .title(Line::from(cut(&top_right, room.saturating_sub(title.width() + 1))).right_aligned())
        .title_bottom(Line::from(bottom_left).left_aligned())
        .title_bottom(Line::from(bottom_right).right_aligned());
    frame.render_widget(block, area);

    draw_outline(context, frame, canvas, &fit);
    let mut taken = Taken::new(canvas);
    if let Some(survey) = &survey {
        draw_markers(context, frame.buffer_mut(), &mut taken, survey);
    }
    draw_cities(context, frame.buffer_mut(), &mut taken, &fit);
    if side_width > 0 {
        side::render(context, frame, side_area, survey.as_ref());
    }
}

/// Where the parts of the map panel go.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Geometry {
    /// The cells the map is drawn in, and how the region is fitted to them.
    pub canvas: Rect,
    pub fit: Fit,
    /// The side panel (selected item, legend); empty on narrow screens.
    pub side: Rect,
}

/// The map panel's parts for the panel at `area` (what `plan` gives the map).
#[must_use]
pub fn geometry(model: &Model, area: Rect) -> Geometry {
    let inner = Block::bordered().inner(area);
    let side_width = if inner.width >= SIDE_FROM { (inner.width / 4).clamp(24, 34) } else { 0 };
    let map_area = Rect { width: inner.width - side_width, ..inner };
    let side = Rect { x: map_area.right(), width: side_width, ..inner };
    let fit = Fit::new(model.map_region, map_area.width, map_area.height, model.settings.map_cell_aspect);
    let canvas = Rect::new(map_area.x + fit.left, map_area.y + fit.top, fit.width, fit.height);
    Geometry { canvas, fit, side }
}

/// The coast and the land borders, from the cache for this size.
fn draw_outline(context: Context<'_>, frame: &mut Frame<'_>, canvas: Rect, fit: &Fit) {
    if canvas.is_empty() {
        return;
    }
    let model = context.model;
    let raster = outline::raster(model.map_region, fit, model.settings.map_cell_aspect);
    let coast = context.theme.coast().fg.unwrap_or(Color::Reset);
    let border = context.theme.land_border().fg.unwrap_or(Color::Reset);
    let widget =
        Canvas::default().marker(CanvasMarker::Braille).x_bounds(fit.x_bounds()).y_bounds(fit.y_bounds()).paint(
            |ctx| {
                ctx.draw(&outline::Dots { dots: &raster.coast, color: coast });
                // Borders after the coast: a cell holding both takes the border's colour.
                ctx.draw(&outline::Dots { dots: &raster.border, color: border });
            },
        );
    frame.render_widget(widget, canvas);
}

/// The selected item first (reverse video, every point of it, then named beside its
/// first marker), then the others by rank; a marker that would cover another is left
/// out.
fn draw_markers(context: Context<'_>, buffer: &mut Buffer, taken: &mut Taken, survey: &Survey<'_>) {
    let Some(picture) = &context.model.picture else { return };
    let (selected, others): (Vec<&Marker>, Vec<&Marker>) = survey.markers.iter().partition(|m| m.selected);
    let mut first = None;
    for m in selected {
        if let Some(end) = draw_marker(context, buffer, taken, m) {
            first.get_or_insert((m, end));
        }
    }
    if let Some((m, end)) = first {
        let label = format!(" {} ", cut(name(picture, m.item), LABEL_MAX).trim_end());
        let width = u16::try_from(label.width()).unwrap_or(u16::MAX);
        let style = context.theme.selected().add_modifier(Modifier::BOLD);
        let after = (end, m.cell.1);
        let before = (m.cell.0.saturating_sub(width + u16::from(m.approximate)), m.cell.1);
        for at in [after, before] {
            if let Some(x) = taken.claim_exact(at, label.width()) {
                buffer.set_string(x, taken.area.y + at.1, &label, style);
                break;
            }
        }
    }
    for m in others {
        draw_marker(context, buffer, taken, m);
    }
}

/// Draws one marker where its cells are free; the map column after it, if drawn.
fn draw_marker(context: Context<'_>, buffer: &mut Buffer, taken: &mut Taken, m: &Marker) -> Option<u16> {
    let (symbols, mut style) = marker(context, m.item);
    if m.selected {
        style = style.patch(context.theme.selected());
    }
    let text = if m.approximate { format!("{APPROXIMATE}{symbols}") } else { symbols };
    let width = text.width();
    let x = taken.claim(m.cell, u16::from(m.approximate), width)?;
    buffer.set_string(x, taken.area.y + m.cell.1, &text, style);
    Some(x - taken.area.x + u16::try_from(width).unwrap_or(0))
}

/// City names where they fit among the markers and each other, most important first:
/// beside the city, else on the row above or below it; on a small map only a few, so
/// that the markers stay readable.
fn draw_cities(context: Context<'_>, buffer: &mut Buffer, taken: &mut Taken, fit: &Fit) {
    let Context { model, theme, .. } = context;
    let mut room = (usize::from(fit.width) * usize::from(fit.height) / CELLS_PER_CITY).max(2);
    for city in CITIES.iter().filter(|c| c.shown_on(model.map_region)) {
        if room == 0 {
            break;
        }
        let Some(cell) = fit.cell(city.at) else { continue };
        let name = city.name(model.settings.language);
        let width = u16::try_from(name.width() + 1).unwrap_or(u16::MAX);
        let left = (cell.0 + 1).checked_sub(width);
        let above = cell.1.checked_sub(1);
        let candidates = [
            Some(((cell.0, cell.1), format!("{CITY}{name}"))),
            left.map(|x| ((x, cell.1), format!("{name}{CITY}"))),
            above.map(|y| ((cell.0, y), format!("{CITY}{name}"))),
            Some(((cell.0, cell.1 + 1), format!("{CITY}{name}"))),
        ];
        for (at, text) in candidates.into_iter().flatten() {
            if let Some(x) = taken.claim_exact(at, text.width()) {
                buffer.set_string(x, taken.area.y + at.1, &text, theme.dim());
                room -= 1;
                break;
            }
        }
    }
}

/// The selected item for the title when there is no side panel.
fn selected_title(context: Context<'_>, survey: &Survey<'_>) -> Option<String> {
    let picture = context.model.picture.as_ref()?;
    let (item, _) = survey.selected?;
    let (symbols, _) = marker(context, item);
    Some(format!(" ▶ {symbols} {} ", name(picture, item)))
}

/// The bottom corners: items off the map (named), items without a position.
fn corners(survey: &Survey<'_>, words: &MapWords) -> (String, String) {
    let off = if survey.off_map > 0 {
        let more = if survey.more_off_map_names { ", …" } else { "" };
        format!(" {} {}: {}{more} ", survey.off_map, words.off_map, survey.off_map_names.join(", "))
    } else {
        String::new()
    };
    let without = if survey.without_position > 0 {
        format!(" {} {} ", survey.without_position, words.without_position)
    } else {
        String::new()
    };
    (off, without)
}

/// `text` cut to `width` columns, with an ellipsis where it was cut.
fn cut(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_owned();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        used += w;
        out.push(c);
    }
    if width > 0 {
        out.push('…');
    }
    out
}
