//! `view`: draws the model. Pure: it reads the model and writes cells, nothing else.

pub mod banners;
pub mod format;
pub mod header;
pub mod history;
pub mod journal;
pub mod labels;
pub mod map;
pub mod measures;
pub mod overlay;
pub mod status;
pub mod theme;
pub mod threat;
pub mod timeline;
pub mod translate;

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
    /// Times as this screen writes them: the display zone, the model's clock.
    pub times: &'a format::Times<'a>,
}

impl<'a> Context<'a> {
    /// Times as this screen writes them.
    #[must_use]
    pub fn times(&self) -> &'a format::Times<'a> {
        self.times
    }
}

/// Draws the whole screen.
pub fn view(model: &Model, frame: &mut Frame<'_>) {
    // Time travel: the past screen under its HISTORY banner, never the live one.
    if let Some(travel) = &model.travel {
        history::render(model, travel, frame);
        return;
    }
    let labels = Labels::of(model.settings.language);
    let times = format::Times::new(&model.settings.timezone, model.now, labels);
    let context = Context { model, labels, theme: Theme::new(model.settings.colors), times: &times };
    // The frame's own size wins over the model's (they differ only between a resize and
    // its message).
    let area = frame.area();
    let plan = crate::app::layout::plan(model, (area.width, area.height));
    if let Some(line) = plan.one_line {
        frame.render_widget(Paragraph::new(one_line(context, line.width)), line);
        return;
    }
    header::render(context, frame, plan.header);
    banners::render(context, frame, plan.banners);
    threat::render(context, frame, plan.threat, plan.big_threat);
    // A panel without room says so in the other one's frame, with the way to it.
    let measures_count = model.lists.measure_count();
    let hidden = |count: usize, is_measures: bool| {
        (count > 0).then(|| {
            let what = context.labels.count_of(count, is_measures);
            let labels = context.labels;
            [format!("{what} {} — {}", labels.hidden_by_size, labels.zoom_hint), format!("+{count} (z)")]
        })
    };
    if let Some(area) = plan.measures {
        let note = if plan.timeline.is_none() { hidden(model.lists.incidents.len(), false) } else { None };
        measures::render(context, frame, area, note);
    }
    if let Some(area) = plan.timeline {
        let note = if plan.measures.is_none() { hidden(measures_count, true) } else { None };
        timeline::render(context, frame, area, note);
    }
    if let Some(area) = plan.map {
        map::render(context, frame, area);
    }
    status::render(context, frame, plan.status);
    // Popups leave the header, the banners and the level line in view.
    overlay::render(context, frame, crate::app::layout::popup_area(&plan, (area.width, area.height)));
}

/// `page 2/3` where a wallboard pages through a list.
#[must_use]
pub fn page_label(context: Context<'_>, panel: crate::app::model::Panel) -> Option<String> {
    let (page, count) = crate::app::wallboard::pages(context.model, panel)?;
    Some(format!("{} {page}/{count}", context.labels.page))
}

/// The smallest view: the level, what is wrong, and what must come with the level (a
/// higher scoped level, a level still to come), on one line, in the fullest form that
/// fits.
fn one_line(context: Context<'_>, width: u16) -> Line<'static> {
    let Context { model, labels, theme, .. } = context;
    let mut alarms = Vec::new();
    if model.picture.as_ref().is_some_and(|p| p.feed.exercise) {
        alarms.push(Span::styled(format!(" {}", labels.exercise), theme.alarm()));
    }
    if model.clock_skew().is_some() {
        alarms.push(Span::styled(format!(" {}", labels.clock_skew), theme.warning()));
    }
    if model.staleness().is_some() {
        alarms.push(Span::styled(format!(" {}", labels.stale), theme.warning()));
    }
    match &model.health {
        crate::app::model::FeedHealth::Rejected { .. } => {
            alarms.push(Span::styled(format!(" {}", labels.rejected), theme.alarm()));
        }
        crate::app::model::FeedHealth::Missing { .. } => {
            alarms.push(Span::styled(format!(" {}", labels.missing), theme.alarm()));
        }
        _ => {}
    }
    if let crate::source::watch::SourceMode::Unreachable { .. } = model.source_mode {
        alarms.push(Span::styled(format!(" {}", labels.unreachable), theme.alarm()));
    }
    let Some(picture) = &model.picture else {
        let mut spans = vec![Span::raw(labels.waiting)];
        spans.extend(alarms);
        return Line::from(spans);
    };
    let form = |detail| {
        let (badge, extras) = threat::level_spans(context, &picture.feed.threat, detail);
        Line::from(badge.into_iter().chain(alarms.iter().cloned()).chain(extras).collect::<Vec<_>>())
    };
    let forms = threat::Detail::FORMS.map(form);
    let fits = |line: &&Line<'static>| line.width() <= usize::from(width);
    forms.iter().find(fits).or_else(|| forms.last()).cloned().unwrap_or_default()
}
