//! The status line: where the picture comes from, how old it is, a notice (what `r`
//! found, where the selection went), and the keys; while filtering, the filter being
//! typed. Its parts keep their width as time passes, so the line never re-flows.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::model::{FeedHealth, NoticeKind};
use crate::source::watch::SourceMode;
use crate::ui::Context;
use crate::ui::banners::feed_name;
use crate::ui::format::span;
use crate::ui::measures::fit;

/// The room kept for the picture's age (`10y 11mo ago)`, `23u 59m geleden)`): what else
/// fits is decided as if the age always took this much.
const AGE_WIDTH: usize = 16;

pub fn render(context: Context<'_>, frame: &mut Frame<'_>, area: Rect) {
    let Context { model, labels, theme, .. } = context;
    let times = context.times();
    if let Some(line) = crate::ui::journal::note_line(context, usize::from(area.width)) {
        frame.render_widget(Paragraph::new(line), area);
        return;
    }
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
    let width = usize::from(area.width);
    let notice = notice_text(context);
    if width < 60 {
        // Narrow: the age of the picture (or a notice) and the way to the keys.
        let text = notice.unwrap_or_else(|| {
            model.picture.as_ref().map_or_else(
                || labels.waiting.to_owned(),
                |p| format!("{} {}", labels.generated, times.relative(p.feed.generated)),
            )
        });
        let hint = format!(" · {}", if model.wall.is_some() { labels.wallboard_hint } else { labels.keys_hint_short });
        let room = width.saturating_sub(hint.chars().count() + 1);
        frame.render_widget(
            Paragraph::new(Line::from(vec![
                Span::raw(format!(" {}", fit(&text, room))),
                Span::styled(hint, theme.dim()),
            ])),
            area,
        );
        return;
    }
    if model.several_sources() {
        render_sources(context, frame, area, notice);
        return;
    }
    let mode = match &model.source_mode {
        SourceMode::Builtin => String::new(),
        SourceMode::Watching => format!(" ({})", labels.watching),
        SourceMode::Polling(reason) => format!(" ({}: {reason})", labels.polling),
        SourceMode::Connecting { .. } => format!(" ({})", labels.waiting_for.to_lowercase()),
        SourceMode::Unreachable { .. } => format!(" ({})", labels.unreachable),
    };
    let chars = |text: &str| text.chars().count();
    let feed = format!(" {}: {}{mode}", labels.feed, feed_name(context));
    // A wall takes no keys but Ctrl-C: that is all its hint says.
    let (long_hint, short_hint) = if model.wall.is_some() {
        (format!(" {} ", labels.wallboard_hint), format!(" {} ", labels.wallboard_hint))
    } else {
        (format!(" {} ", labels.keys_hint), format!(" {} ", labels.keys_hint_short))
    };
    // Every choice below goes by widths that do not change as time passes (the age is
    // given a fixed room), so the line keeps its shape from minute to minute.
    let generated = model.picture.as_ref().map(|p| p.feed.generated);
    let long_generated = generated.map(|g| format!(" · {} {} (", labels.generated, times.full(g)));
    let short_generated = generated.map(|_| format!(" · {} ", labels.generated));
    let warnings = model.picture.as_ref().map_or(0, |p| {
        // Judged at the clock, not when the feed was read.
        p.overdue_reviews(model.now) + usize::from(p.clock_skew(model.now))
    });
    let warning_text = match warnings {
        0 => String::new(),
        1 => format!(" · ⚠ 1 {} (w)", labels.warning),
        n => format!(" · ⚠ {n} {} (w)", labels.warnings),
    };
    let needs = |generated: &Option<String>, hint: &str| {
        chars(&feed) + generated.as_deref().map_or(0, |g| chars(g) + AGE_WIDTH) + chars(&warning_text) + chars(hint)
    };
    // A notice is read in full where it can be; else the producer's name gets some room.
    let middle_needs = notice.as_ref().map_or(12, |n| chars(n) + 4);
    // For the minute a notice shows, it may take the age's place too.
    let none = None;
    let without_age = if notice.is_some() { &none } else { &short_generated };
    let (generated_head, hint) = [
        (&long_generated, &long_hint),
        (&long_generated, &short_hint),
        (&short_generated, &short_hint),
        (without_age, &short_hint),
    ]
    .into_iter()
    .find(|(g, h)| needs(g, h) + middle_needs <= width)
    .unwrap_or((&short_generated, &short_hint));
    let mut spans = vec![Span::styled(feed.clone(), theme.dim())];
    // The middle holds a notice, else the producer's name, cut to the room left.
    let room = width.saturating_sub(needs(generated_head, hint) + 3);
    let middle = match (notice, model.picture.as_ref().and_then(|p| p.feed.source.as_ref())) {
        (Some(notice), _) if room >= 8 => Some(Span::styled(format!(" · {}", fit(&notice, room)), theme.title())),
        (None, Some(source)) if room >= 8 => Some(Span::styled(format!(" · {}", fit(source, room)), theme.dim())),
        _ => None,
    };
    spans.extend(middle);
    if let (Some(head), Some(generated)) = (generated_head, generated) {
        let age = times.relative(generated);
        let age = if head.ends_with('(') { format!("{age})") } else { age };
        spans.push(Span::raw(format!("{head}{age}")));
    }
    if !warning_text.is_empty() {
        spans.push(Span::styled(warning_text, theme.warning()));
    }
    let used: usize = spans.iter().map(|s| chars(&s.content)).sum::<usize>() + chars(hint);
    spans.push(Span::raw(" ".repeat(width.saturating_sub(used))));
    spans.push(Span::styled(hint.clone(), theme.dim()));
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// Every source and its state in words (`nctv ✓ 2m · kmar STALE 3h · politie REJECTED
/// 09:12`), then a notice, then the keys.
fn render_sources(context: Context<'_>, frame: &mut Frame<'_>, area: Rect, notice: Option<String>) {
    let Context { model, labels, theme, .. } = context;
    let times = context.times();
    let mut spans = vec![Span::raw(" ")];
    for (i, source) in model.sources.iter().enumerate() {
        if i > 0 {
            spans.push(Span::styled(" · ", theme.dim()));
        }
        let stale = source.staleness(model.now, model.settings.stale_after);
        let (state, style) = match (&source.health, &source.mode, stale) {
            (_, SourceMode::Unreachable { since, .. }, _) => {
                (format!("{} {}", labels.unreachable_short, times.banner(*since)), theme.alarm())
            }
            (FeedHealth::Rejected { since, .. }, _, _) => {
                (format!("{} {}", labels.rejected_short, times.banner(*since)), theme.alarm())
            }
            (FeedHealth::Missing { since, .. }, _, _) => {
                (format!("{} {}", labels.missing_short, times.banner(*since)), theme.alarm())
            }
            (FeedHealth::Good, _, Some(age)) => (format!("{} {}", labels.stale, span(age, labels)), theme.warning()),
            (FeedHealth::Good, _, None) => {
                let age = source.age_base().map(|base| span(model.now - base, labels)).unwrap_or_default();
                (format!("✓ {age}"), theme.dim())
            }
            (FeedHealth::Waiting, _, _) => ("…".to_owned(), theme.dim()),
        };
        spans.push(Span::raw(format!("{} ", source.name)));
        spans.push(Span::styled(state, style));
    }
    if let Some(notice) = notice {
        spans.push(Span::styled(format!(" · {notice}"), theme.title()));
    }
    let hint = if model.wall.is_some() { labels.wallboard_hint } else { labels.keys_hint_short };
    let hint = format!(" {hint} ");
    let used: usize = spans.iter().map(|s| s.content.chars().count()).sum::<usize>() + hint.chars().count();
    let width = usize::from(area.width);
    if width > used {
        spans.push(Span::raw(" ".repeat(width - used)));
    }
    spans.push(Span::styled(hint, theme.dim()));
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// The notice in words, if one is showing.
fn notice_text(context: Context<'_>) -> Option<String> {
    let Context { model, labels, .. } = context;
    let notice = model.notice.as_ref()?;
    let at = context.times().banner(notice.at);
    Some(match &notice.kind {
        NoticeKind::ReadUnchanged => format!("{} {at}: {}", labels.read_again_at, labels.unchanged),
        NoticeKind::ReadNew => format!("{} {at}: {}", labels.read_again_at, labels.new_picture),
        NoticeKind::ReadFailed => format!("{} {at}: {}", labels.read_again_at, labels.read_refused),
        NoticeKind::SelectionMoved { title } => {
            format!("{}: “{title}” {}", labels.selection_moved, labels.no_longer_listed)
        }
        NoticeKind::PauseEnded => format!("{} {}", labels.pause_ended, model.settings.max_pause),
        NoticeKind::Journal(kind) => crate::ui::journal::notice_text(*kind, labels.language),
    })
}
