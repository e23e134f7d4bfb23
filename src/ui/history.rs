//! Time travel on screen: the HISTORY banner on the top row, on every size of screen
//! (the one-line mode too), and the past screen drawn below it exactly as the dashboard
//! drew it then. The banner says which moment, which version, and how many live
//! versions arrived meanwhile: nothing here can be taken for live.

use ratatui::Frame;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

use crate::app::model::Model;
use crate::app::travel::TimeTravel;
use crate::config::Language;
use crate::ui::format::Times;
use crate::ui::labels::Labels;

/// The words of time travel.
struct Words {
    history: &'static str,
    as_of: &'static str,
    version: &'static str,
    of: &'static str,
    newer_one: &'static str,
    newer_many: &'static str,
    esc: &'static str,
    esc_short: &'static str,
    loading: &'static str,
    keys: &'static str,
}

static EN: Words = Words {
    history: "HISTORY",
    as_of: "the picture as of",
    version: "version",
    of: "of",
    newer_one: "newer version",
    newer_many: "newer versions",
    esc: "Esc returns to live",
    esc_short: "Esc: live",
    loading: "loading the picture as of",
    keys: "[ ] version · { } hour · Esc live",
};

static NL: Words = Words {
    history: "GESCHIEDENIS",
    as_of: "het beeld van",
    version: "versie",
    of: "van",
    newer_one: "nieuwere versie",
    newer_many: "nieuwere versies",
    esc: "Esc: terug naar live",
    esc_short: "Esc: live",
    loading: "het beeld laden van",
    keys: "[ ] versie · { } uur · Esc live",
};

fn words(language: Language) -> &'static Words {
    match language {
        Language::En => &EN,
        Language::Nl => &NL,
    }
}

/// The banner's text in the fullest form that fits `width` (the first word always).
#[must_use]
pub fn banner_text(model: &Model, travel: &TimeTravel, width: u16) -> String {
    let labels = Labels::of(model.settings.language);
    let words = words(model.settings.language);
    let times = Times::new(&model.settings.timezone, model.now, labels);
    let when = times.full_utc(travel.at);
    let short_when = times.banner(travel.at);
    let version =
        (travel.number > 0).then(|| format!("({} {} {} {})", words.version, travel.number, words.of, travel.count));
    let short_version = (travel.number > 0).then(|| format!("{}/{}", travel.number, travel.count));
    let newer = (travel.newer > 0)
        .then(|| format!("{} {}", travel.newer, if travel.newer == 1 { words.newer_one } else { words.newer_many }));
    let short_newer = (travel.newer > 0).then(|| format!("+{}", travel.newer));
    let picture = match (&travel.problem, travel.loading) {
        (Some(problem), _) => problem.clone(),
        (None, true) => format!("{} {when}", words.loading),
        (None, false) => format!("{} {when}", words.as_of),
    };
    let join = |parts: &[Option<&str>]| {
        let parts: Vec<&str> = parts.iter().flatten().copied().collect();
        format!(" {} ", parts.join(" · "))
    };
    let long_picture = match &version {
        Some(v) if travel.problem.is_none() => format!("{picture} {v}"),
        _ => picture.clone(),
    };
    let candidates = [
        join(&[Some(words.history), Some(&long_picture), newer.as_deref(), Some(words.esc)]),
        join(&[Some(words.history), Some(&long_picture), newer.as_deref(), Some(words.esc_short)]),
        join(&[Some(words.history), Some(&long_picture), short_newer.as_deref(), Some(words.esc_short)]),
        join(&[
            Some(words.history),
            Some(&short_when),
            short_version.as_deref(),
            short_newer.as_deref(),
            Some(words.esc_short),
        ]),
        join(&[Some(words.history), Some(&short_when), short_version.as_deref(), short_newer.as_deref()]),
        join(&[Some(words.history), Some(&short_when)]),
        format!(" {}", words.history),
    ];
    let fits = |text: &String| text.width() <= usize::from(width);
    candidates.iter().find(|t| fits(t)).cloned().unwrap_or_else(|| words.history.to_owned())
}

/// The keys of time travel, for the past screen's last row.
fn keys_line(model: &Model) -> &'static str {
    words(model.settings.language).keys
}

/// Draws time travel: the banner, then the past screen (or why there is none).
pub fn render(model: &Model, travel: &TimeTravel, frame: &mut Frame<'_>) {
    let area = frame.area();
    if area.width == 0 || area.height == 0 {
        return;
    }
    // Reversed and bold whatever the colours: it must not pass for a live banner.
    let style = Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD);
    let banner = Rect { height: 1, ..area };
    let text = banner_text(model, travel, area.width);
    let padded = format!("{text:<width$}", width = usize::from(area.width));
    frame.render_widget(Paragraph::new(Line::styled(padded, style)), banner);
    let body = Rect { y: area.y + 1, height: area.height - 1, ..area };
    if body.height == 0 {
        return;
    }
    match travel.past.as_deref() {
        Some(past) => draw_past(past, frame, body),
        None => {
            let labels = Labels::of(model.settings.language);
            let message = travel.problem.clone().unwrap_or_else(|| labels.waiting.to_owned());
            let lines =
                vec![Line::raw(format!(" {message}")), Line::raw(""), Line::raw(format!(" {}", keys_line(model)))];
            frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), body);
        }
    }
}

/// The past screen, drawn by the dashboard's own view off screen and copied below the
/// banner.
fn draw_past(past: &Model, frame: &mut Frame<'_>, body: Rect) {
    // A TestBackend cannot fail.
    let Ok(mut terminal) = ratatui::Terminal::new(TestBackend::new(body.width, body.height));
    let Ok(_) = terminal.draw(|inner| crate::ui::view(past, inner));
    let drawn = terminal.backend().buffer();
    let buffer = frame.buffer_mut();
    for y in 0..body.height {
        for x in 0..body.width {
            if let (Some(cell), Some(target)) = (drawn.cell((x, y)), buffer.cell_mut((body.x + x, body.y + y))) {
                *target = cell.clone();
            }
        }
    }
}
