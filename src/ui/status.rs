//! The status line: where the picture comes from, how old it is, and the keys; while
//! filtering, the filter being typed.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::source::watch::SourceMode;
use crate::ui::Context;
use crate::ui::banners::feed_name;
use crate::ui::format::{full_time, relative};

pub fn render(context: Context<'_>, frame: &mut Frame<'_>, area: Rect) {
    let Context { model, labels, theme } = context;
    if model.filter.editing {
        let line = Line::from(vec![
            Span::styled(format!(" {}: /", labels.filter), theme.title()),
            Span::raw(model.filter.text.clone()),
            Span::styled("█", theme.title()),
            Span::styled("   Enter ✓  Esc ✗", theme.dim()),
        ]);
        frame.render_widget(Paragraph::new(line), area);
        return;
    }
    if area.width < 60 {
        // Narrow: the age of the picture and the way to the keys, nothing else.
        let age = model.picture.as_ref().map_or_else(
            || labels.waiting.to_owned(),
            |p| format!("{} {}", labels.generated, relative(p.feed.generated, model.now, labels)),
        );
        frame.render_widget(
            Paragraph::new(Line::from(vec![Span::raw(format!(" {age}")), Span::styled(" · ?", theme.dim())])),
            area,
        );
        return;
    }
    let mode = match &model.source_mode {
        SourceMode::Builtin => String::new(),
        SourceMode::Watching => format!(" ({})", labels.watching),
        SourceMode::Polling(reason) => format!(" ({}: {reason})", labels.polling),
        SourceMode::Connecting { .. } => format!(" ({})", labels.waiting_for.to_lowercase()),
        SourceMode::Unreachable { .. } => format!(" ({})", labels.unreachable),
    };
    let mut spans = vec![Span::styled(format!(" {}: {}{mode}", labels.feed, feed_name(context)), theme.dim())];
    let mut source = None;
    if let Some(picture) = &model.picture {
        source = picture.feed.source.as_ref().map(ToString::to_string);
        let generated = picture.feed.generated;
        spans.push(Span::raw(format!(
            " · {} {} ({})",
            labels.generated,
            full_time(generated, model.settings.timezone),
            relative(generated, model.now, labels)
        )));
        // Judged at the clock, not when the feed was read.
        let count = picture.overdue_reviews(model.now) + usize::from(picture.clock_skew(model.now));
        if count > 0 {
            spans.push(Span::styled(format!(" · ⚠ {count} {} (w)", labels.warnings), theme.warning()));
        }
    }
    let mut hint = format!(" {} ", labels.keys_hint);
    let before: usize = spans.iter().map(|s| s.content.chars().count()).sum();
    if usize::from(area.width) < before + hint.chars().count() {
        hint = " ?:keys ".to_owned();
    }
    let mut used: usize = spans.iter().map(|s| s.content.chars().count()).sum();
    let hint_width = hint.chars().count();
    // The producer's name goes where there is room left, cut to fit.
    if let Some(source) = source {
        let room = usize::from(area.width).saturating_sub(used + hint_width + 3);
        if room >= 8 {
            let source = crate::ui::measures::pad(&source, room - 1);
            let source = format!(" · {}", source.trim_end());
            used += source.chars().count();
            spans.insert(1, Span::styled(source, theme.dim()));
        }
    }
    if usize::from(area.width) >= used + hint_width {
        spans.push(Span::raw(" ".repeat(usize::from(area.width) - used - hint_width)));
        spans.push(Span::styled(hint, theme.dim()));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}
