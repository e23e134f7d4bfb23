//! The header line: name, situation, DEMO / EXERCISE marks, and the clocks.

use chrono::{DateTime, Datelike, Utc};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::model::FeedOrigin;
use crate::ui::Context;
use crate::zone::Zone;

pub fn render(context: Context<'_>, frame: &mut Frame<'_>, area: Rect) {
    let Context { model, labels, theme, .. } = context;
    let mut left = vec![Span::styled(" SITREP ", theme.title().add_modifier(ratatui::style::Modifier::REVERSED))];
    if model.origin == FeedOrigin::Demo {
        left.push(Span::raw(" "));
        left.push(Span::styled(format!(" {} ", labels.demo), theme.warning()));
    }
    // Says that covert measures are hidden, so nobody takes the screen for the whole
    // picture.
    if model.settings.public_screen {
        left.push(Span::raw(" "));
        left.push(Span::styled(
            format!(" {} ", labels.public),
            theme.title().add_modifier(ratatui::style::Modifier::REVERSED),
        ));
    }
    if model.picture.as_ref().is_some_and(|p| p.feed.exercise) {
        left.push(Span::raw(" "));
        left.push(Span::styled(format!(" {} ", labels.exercise), theme.alarm()));
    }
    let clocks = if area.width < 80 { clocks_short(context) } else { clocks(context) };
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

/// The time format of the clocks.
fn time_format(seconds: bool) -> &'static str {
    if seconds { "%H:%M:%S" } else { "%H:%M" }
}

/// `18:00 CET`, for narrow screens.
fn clocks_short(context: Context<'_>) -> String {
    let model = context.model;
    let zone = &model.settings.timezone;
    // A pinned clock says so even here: it must never pass for the time now.
    let pinned = if model.clock_pinned { "⏸ " } else { "" };
    let local = model.now.with_timezone(zone);
    format!(
        "{pinned}{} {} ",
        local.format(time_format(model.settings.clock_seconds)),
        zone_word(context, zone, model.now)
    )
}

/// `CET`; `UTC — zone unknown` when the system's zone could not be determined.
fn zone_word(context: Context<'_>, zone: &Zone, now: DateTime<Utc>) -> String {
    if zone.is_unknown() {
        return format!("UTC — {}", context.labels.zone_unknown);
    }
    now.with_timezone(zone).format("%Z").to_string()
}

/// `17 nov 18:00 CET │ 17:00 UTC` (seconds when configured); the UTC clock carries its
/// date when it is another day there (`1 jan 00:30 CET │ 31 Dec 23:30 UTC`).
fn clocks(context: Context<'_>) -> String {
    let Context { model, labels, .. } = context;
    let format = time_format(model.settings.clock_seconds);
    let zone = &model.settings.timezone;
    let local = model.now.with_timezone(zone);
    let date = |day: u32, month0: u32| format!("{day} {}", labels.month(month0));
    let pinned = if model.clock_pinned { format!("{} · ", labels.clock_pinned) } else { String::new() };
    let local_part = format!(
        "{} {} {}",
        date(local.day(), local.month0()),
        local.format(format),
        zone_word(context, zone, model.now)
    );
    if zone.is_utc() {
        return format!("{pinned}{local_part} ");
    }
    let utc = model.now;
    let utc_date = if utc.date_naive() == local.date_naive() {
        String::new()
    } else {
        format!("{} ", date(utc.day(), utc.month0()))
    };
    format!("{pinned}{local_part} │ {utc_date}{} UTC ", utc.format(format))
}
