//! `view`: draws the model. Pure: it reads the model and writes cells, nothing else.

pub mod banners;
pub mod format;
pub mod header;
pub mod labels;
pub mod layout;
pub mod map;
pub mod measures;
pub mod overlay;
pub mod status;
pub mod theme;
pub mod threat;
pub mod timeline;

use ratatui::Frame;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::model::Model;
use crate::ui::labels::Labels;
use crate::ui::theme::Theme;

/// What every panel needs besides the model.
#[derive(Clone, Copy)]
pub struct Context<'a> {
    pub model: &'a Model,
    pub labels: &'static Labels,
    pub theme: Theme,
}

/// Draws the whole screen.
pub fn view(model: &Model, frame: &mut Frame<'_>) {
    let context =
        Context { model, labels: Labels::of(model.settings.language), theme: Theme::new(model.settings.colors) };
    // The frame's own size wins over the model's (they differ only between a resize and
    // its message).
    let area = frame.area();
    let plan = layout::plan(model, (area.width, area.height));
    if let Some(line) = plan.one_line {
        frame.render_widget(Paragraph::new(one_line(context)), line);
        return;
    }
    header::render(context, frame, plan.header);
    banners::render(context, frame, plan.banners);
    threat::render(context, frame, plan.threat, plan.big_threat);
    if let Some(area) = plan.measures {
        measures::render(context, frame, area);
    }
    if let Some(area) = plan.timeline {
        timeline::render(context, frame, area);
    }
    if let Some(area) = plan.map {
        map::render(context, frame, area);
    }
    status::render(context, frame, plan.status);
    // Overlays leave the header, the banners and the level line in view.
    let keep = plan.threat.y + 2;
    let below = ratatui::layout::Rect { y: keep, height: area.height.saturating_sub(keep), ..area };
    overlay::render(context, frame, below);
}

/// The smallest view: the level and what is wrong, on one line.
fn one_line(context: Context<'_>) -> Line<'static> {
    let Context { model, labels, theme } = context;
    let mut spans = Vec::new();
    match &model.picture {
        Some(picture) => {
            let level = &picture.feed.threat.level;
            spans.push(Span::styled(
                format!("{} {}/{}", level.name.to_uppercase(), level.rank, level.of),
                theme.level_badge(level.color),
            ));
            if picture.feed.exercise {
                spans.push(Span::styled(format!(" {}", labels.exercise), theme.alarm()));
            }
        }
        None => spans.push(Span::raw(labels.waiting)),
    }
    if model.staleness().is_some() {
        spans.push(Span::styled(format!(" {}", labels.stale), theme.warning()));
    }
    match &model.health {
        crate::app::model::FeedHealth::Rejected { .. } => {
            spans.push(Span::styled(format!(" {}", labels.rejected), theme.alarm()));
        }
        crate::app::model::FeedHealth::Missing { .. } => {
            spans.push(Span::styled(format!(" {}", labels.missing), theme.alarm()));
        }
        _ => {}
    }
    Line::from(spans)
}
