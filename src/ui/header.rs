//! The header line: name, situation, DEMO / EXERCISE marks, and the clocks.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::model::FeedOrigin;
use crate::ui::Context;

pub fn render(context: Context<'_>, frame: &mut Frame<'_>, area: Rect) {
    let Context { model, labels, theme } = context;
    let mut left = vec![Span::styled(" SITREP ", theme.title().add_modifier(ratatui::style::Modifier::REVERSED))];
    if model.origin == FeedOrigin::Demo {
        left.push(Span::raw(" "));
        left.push(Span::styled(format!(" {} ", labels.demo), theme.warning()));
    }
    if model.picture.as_ref().is_some_and(|p| p.feed.exercise) {
        left.push(Span::raw(" "));
        left.push(Span::styled(format!(" {} ", labels.exercise), theme.alarm()));
    }
    let mut clocks = clocks(context);
    if area.width < 80 {
        clocks = clocks_short(context);
    }
    let clocks_width = u16::try_from(clocks.chars().count()).unwrap_or(u16::MAX);
    let left_width = area.width.saturating_sub(clocks_width + 1);
    // The title takes what is left, cut with an ellipsis, never running into the clock.
    if let Some(title) = model.picture.as_ref().and_then(|p| p.feed.title.as_ref()) {
        let used: usize = left.iter().map(|s| s.content.chars().count()).sum();
        let room = usize::from(left_width).saturating_sub(used + 2);
        if room >= 4 {
            left.push(Span::raw(" "));
            left.push(Span::styled(crate::ui::measures::pad(title, room).trim_end().to_owned(), theme.title()));
        }
    }
    frame.render_widget(Paragraph::new(Line::from(left)), Rect { width: left_width, ..area });
    if area.width > clocks_width {
        let right = Rect { x: area.right() - clocks_width, width: clocks_width, ..area };
        frame.render_widget(Paragraph::new(Span::styled(clocks, theme.title())), right);
    }
}

/// `18:00 CET`, for narrow screens.
fn clocks_short(context: Context<'_>) -> String {
    let model = context.model;
    let format = if model.settings.clock_seconds { "%H:%M:%S %Z " } else { "%H:%M %Z " };
    // A pinned clock says so even here: it must never pass for the time now.
    let pinned = if model.clock_pinned { "⏸ " } else { "" };
    format!("{pinned}{}", model.now.with_timezone(&model.settings.timezone).format(format))
}

/// `17 nov 18:00 CET │ 17:00 UTC` (seconds when configured).
fn clocks(context: Context<'_>) -> String {
    let Context { model, labels, .. } = context;
    let format = if model.settings.clock_seconds { "%H:%M:%S" } else { "%H:%M" };
    let local = model.now.with_timezone(&model.settings.timezone);
    let month = labels.month(chrono::Datelike::month0(&local));
    let day = chrono::Datelike::day(&local);
    let pinned = if model.clock_pinned { format!("{} · ", labels.clock_pinned) } else { String::new() };
    if local.format("%Z").to_string() == "UTC" {
        return format!("{pinned}{day} {month} {} UTC ", local.format(format));
    }
    format!("{pinned}{day} {month} {} {} │ {} UTC ", local.format(format), local.format("%Z"), model.now.format(format))
}
