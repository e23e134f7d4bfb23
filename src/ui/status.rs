//! The status line: where the picture comes from, how old it is, and the keys; while
//! filtering, the filter being typed.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::source::watch::SourceMode;
use crate::ui::Context;
use crate::ui::banners::feed_name;

pub fn render(context: Context<'_>, frame: &mut Frame<'_>, area: Rect) {
    let Context { model, labels, theme, .. } = context;
    let times = context.times();
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
            |p| format!("{} {}", labels.generated, times.relative(p.feed.generated)),
        );
        frame.render_widget(
            Paragraph::new(Line::from(vec![
                Span::raw(format!(" {age}")),
                Span::styled(format!(" · {}", labels.keys_hint_short), theme.dim()),
            ])),
            area,
        );
        return;
    }
    let mode = match &model.source_mode {
        SourceMode::Builtin => String::new(),
        SourceMode::Watching => format!(" ({})", labels.watching),
        SourceMode::Polling(reason) => format!(" ({}: {reason})", labels.polling),
    };
    let mut spans = vec![Span::styled(format!(" {}: {}{mode}", labels.feed, feed_name(context)), theme.dim())];
    let mut source = None;
    if let Some(picture) = &model.picture {
        source = picture.feed.source.as_ref().map(ToString::to_string);
        let generated = picture.feed.generated;
        spans.push(Span::raw(format!(
            " · {} {} ({})",
            labels.generated,
            times.full(generated),
            times.relative(generated)
        )));
        // Judged at the clock, not when the feed was read.
        let count = picture.overdue_reviews(model.now) + usize::from(picture.clock_skew(model.now));
        if count > 0 {
            let word = if count == 1 { labels.warning } else { labels.warnings };
            spans.push(Span::styled(format!(" · ⚠ {count} {word} (w)"), theme.warning()));
        }
    }
    let mut hint = format!(" {} ", labels.keys_hint);
    let before: usize = spans.iter().map(|s| s.content.chars().count()).sum();
    if usize::from(area.width) < before + hint.chars().count() {
        hint = format!(" {} ", labels.keys_hint_short);
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
