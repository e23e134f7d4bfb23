//! The threat panel: the level in force as word, rank and gauge (large when there is
//! room), since when, the assessment behind it, scoped levels, a lapse countdown,
//! history. A level still to come or lapsed says so at every size, and so does a
//! scoped level above the national one.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};
use tui_big_text::{BigText, PixelSize};

use crate::feed::in_force::{NationalNow, Standing};
use crate::feed::{Level, ScopedLevel, Threat};
use crate::ui::Context;
use crate::ui::format::span;

/// `■■■■□` — reads without colour.
#[must_use]
pub fn gauge(level: &Level) -> String {
    let filled = usize::from(level.rank);
    let empty = usize::from(level.of).saturating_sub(filled);
    format!("{}{}", "■".repeat(filled), "□".repeat(empty))
}

/// `KRITIEK 5/5`.
fn level_words(level: &Level) -> String {
    format!("{} {}/{}", level.name.to_uppercase(), level.rank, level.of)
}

pub fn render(context: Context<'_>, frame: &mut Frame<'_>, area: Rect, big: bool) {
    let Context { model, labels, theme, .. } = context;
    let Some(picture) = &model.picture else {
        let block = Block::bordered().title(format!(" {} ", labels.threat));
        let reason = match &model.health {
            crate::app::model::FeedHealth::Rejected { problems, .. } => problems
                .iter()
                .find(|p| p.is_error())
                .map(|p| super::banners::problem_text(context, p))
                .unwrap_or_default(),
            crate::app::model::FeedHealth::Missing { reason, .. } => reason.clone(),
            _ => labels.waiting.to_owned(),
        };
        let text = vec![Line::styled(labels.no_feed_yet, theme.alarm()), Line::raw(reason)];
        frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }).block(block), area);
        return;
    };
    let threat = &picture.feed.threat;
    let national = threat.national_at(model.now);
    let border = match national.in_force() {
        Some(level) => theme.level_text(level.color),
        None => theme.warning(),
    };
    let block = Block::bordered().title(format!(" {} · {} ", labels.threat, threat.scale.name)).border_style(border);
    let inner = block.inner(area);
    frame.render_widget(block, area);

    let (badge, extras) = level_spans(context, threat, Detail::FORMS[0]);
    let level_line = Line::from(badge);
    let details = detail_lines(context, threat, &national);

    let word = match national.standing {
        Standing::Lapsed { .. } => Some((labels.lapsed.to_owned(), theme.alarm())),
        _ => national.in_force().map(|l| (l.name.to_uppercase(), theme.level_text(l.color))),
    };
    let big_width = word.as_ref().map_or(0, |(w, _)| u16::try_from(w.chars().count() * 4 + 2).unwrap_or(u16::MAX));
    if let Some((word, style)) = word.filter(|_| big && inner.height >= 5 && inner.width >= big_width + 30) {
        let left = Rect { width: big_width, height: 4, ..inner };
        let big_text = BigText::builder().pixel_size(PixelSize::Quadrant).style(style).lines(vec![word.into()]).build();
        frame.render_widget(big_text, left);
        let under = Rect { y: inner.y + 4, height: 1, width: big_width, ..inner };
        frame.render_widget(Paragraph::new(level_line), under);
        let right = Rect { x: inner.x + big_width + 1, width: inner.width - big_width - 1, ..inner };
        // What must not be missed (a level to come, a higher scoped level) goes first.
        let mut lines = Vec::new();
        if let Some(first) = extras.first() {
            let rest = extras.iter().skip(1).cloned();
            let lead = Span::styled(first.content.trim_start_matches([' ', '·']).to_owned(), first.style);
            lines.push(Line::from(std::iter::once(lead).chain(rest).collect::<Vec<_>>()));
        }
        lines.extend(details);
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), right);
    } else {
        // The level line in the fullest form that fits: a higher scoped level or a
        // level to come must not be cut off.
        let forms = Detail::FORMS.map(|detail| {
            let (badge, extras) = level_spans(context, threat, detail);
            Line::from(badge.into_iter().chain(extras).collect::<Vec<_>>())
        });
        let first = forms
            .iter()
            .find(|line| line.width() <= usize::from(inner.width))
            .or_else(|| forms.last())
            .cloned()
            .unwrap_or_default();
        let mut lines = vec![first];
        lines.extend(details);
        frame.render_widget(Paragraph::new(lines), inner);
    }
}

/// How much of the level line fits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Detail {
    pub ranks: bool,
    pub gauge: bool,
    /// Whether a lapsed level is named beside LAPSED.
    pub lapsed_name: bool,
    /// Whether a level to come says how long until then (`(in 1d 20h)`).
    pub countdown: bool,
    /// The longest a scope's name may be (cut with `…`).
    pub scope_chars: usize,
}

impl Detail {
    /// From the fullest to the barest form of the level line.
    pub const FORMS: [Self; 6] = [
        Self { ranks: true, gauge: true, lapsed_name: true, countdown: true, scope_chars: usize::MAX },
        Self { ranks: true, gauge: false, lapsed_name: true, countdown: true, scope_chars: 24 },
        Self { ranks: false, gauge: false, lapsed_name: true, countdown: true, scope_chars: 16 },
        Self { ranks: false, gauge: false, lapsed_name: true, countdown: false, scope_chars: 8 },
        Self { ranks: false, gauge: false, lapsed_name: false, countdown: false, scope_chars: 8 },
        Self { ranks: false, gauge: false, lapsed_name: false, countdown: false, scope_chars: 4 },
    ];
}

/// The level line and what must come with it, as the one-line mode shows it: the level
/// in force (or that none is, or that it lapsed), and separately what is to come and a
/// higher scoped level (`SUBSTANTIEEL` + ` · Utrecht KRITIEK`).
#[must_use]
pub fn level_spans(context: Context<'_>, threat: &Threat, detail: Detail) -> (Vec<Span<'static>>, Vec<Span<'static>>) {
    let national = threat.national_at(context.model.now);
    let badge = level_badge(context, &national, detail);
    let mut extras = headline_extras(context, threat, &national, detail);
    // A badge ends in a space of its own: no second one before the first separator.
    if badge.last().is_some_and(|s| s.content.ends_with(' '))
        && let Some(first) = extras.first_mut()
    {
        first.content = first.content.trim_start().to_owned().into();
    }
    (badge, extras)
}

/// `KRITIEK 5/5`, or `KRITIEK` where room is short.
fn words(level: &Level, detail: Detail) -> String {
    if detail.ranks { level_words(level) } else { level.name.to_uppercase() }
}

/// ` SUBSTANTIEEL 4/5  ■■■■□`; ` LAPSED  KRITIEK 5/5` (struck through); or that no
/// level is in force.
fn level_badge(context: Context<'_>, national: &NationalNow<'_>, detail: Detail) -> Vec<Span<'static>> {
    let Context { labels, theme, .. } = context;
    match (national.standing, national.in_force()) {
        (Standing::Lapsed { .. }, _) if !detail.lapsed_name => {
            vec![Span::styled(format!(" {} ", labels.lapsed), theme.alarm())]
        }
        (Standing::Lapsed { .. }, _) => vec![
            Span::styled(format!(" {} ", labels.lapsed), theme.alarm()),
            Span::raw(" "),
            Span::styled(words(national.declared, detail), theme.dim().add_modifier(Modifier::CROSSED_OUT)),
        ],
        (_, Some(level)) => {
            let mut spans = vec![Span::styled(format!(" {} ", words(level, detail)), theme.level_badge(level.color))];
            if detail.gauge {
                spans.push(Span::raw(" "));
                spans.push(Span::styled(gauge(level), theme.level_text(level.color)));
            }
            spans
        }
        (_, None) => vec![Span::styled(format!(" {} ", labels.no_level_in_force), theme.warning())],
    }
}

/// What the level line must carry besides the level: the declared level still to
/// come, and the highest scoped level above the national one.
fn headline_extras(
    context: Context<'_>,
    threat: &Threat,
    national: &NationalNow<'_>,
    detail: Detail,
) -> Vec<Span<'static>> {
    let Context { model, labels, theme, .. } = context;
    let times = context.times();
    let mut spans = vec![];
    let separator = || Span::raw(" · ");
    if let Some(scoped) = threat.scoped_above(model.now) {
        let scope = crate::ui::measures::pad(&scoped.scope, detail.scope_chars.min(scoped.scope.chars().count()));
        spans.push(separator());
        spans.push(Span::raw(scope));
        spans.push(Span::styled(words(&scoped.level, detail), theme.level_badge(scoped.level.color)));
    }
    // Another source gives another level: named beside the one shown, never hidden.
    for (name, level) in model.level_conflicts() {
        spans.push(separator());
        let word = level.map_or_else(|| labels.no_level_in_force.to_owned(), |l| words(l, detail));
        let style = level.map_or_else(|| theme.warning(), |l| theme.level_badge(l.color));
        spans.push(Span::styled(format!("≠ {name} {word}"), style));
    }
    if let Standing::NotYet { from } = national.standing {
        let countdown = if detail.countdown { format!(" ({})", times.relative(from)) } else { String::new() };
        spans.push(separator());
        spans.push(Span::styled(
            format!(
                "{} {} {}{countdown}",
                words(national.declared, detail),
                labels.from,
                times.short(from).trim_start()
            ),
            theme.level_text(national.declared.color).add_modifier(Modifier::BOLD),
        ));
    }
    spans
}

/// The lines beside the level, most important first.
fn detail_lines(context: Context<'_>, threat: &Threat, national: &NationalNow<'_>) -> Vec<Line<'static>> {
    let Context { model, labels, theme, .. } = context;
    let times = context.times();
    let now = model.now;
    let mut lines = Vec::new();
    if let Some(until) = threat.until {
        let text = format!("{} {} ({})", labels.until, times.full(until), times.relative(until));
        lines.push(match national.standing {
            Standing::Lapsed { .. } => Line::styled(format!("{text}: {}", labels.lapsed), theme.alarm()),
            _ => Line::styled(text, theme.title()),
        });
    }
    let mut facts = Vec::new();
    if let Some(since) = threat.since.filter(|s| s.utc() <= now) {
        facts.push(format!("{} {} ({})", labels.since, times.date(since), span(now - since.utc(), labels)));
    }
    if let Some(assessed) = threat.assessed {
        facts.push(format!("{} {}", labels.assessed, times.date(assessed)));
    }
    if let Some(reference) = &threat.reference {
        facts.push(reference.to_string());
    }
    if !facts.is_empty() {
        lines.push(Line::raw(facts.join(" · ")));
    }
    if let Some(summary) = &threat.summary {
        lines.push(Line::styled(summary.to_string(), theme.dim()));
    }
    for scoped in &threat.scoped {
        lines.push(scoped_line(context, scoped));
    }
    if !threat.history.is_empty() {
        let history: Vec<String> = threat
            .history
            .iter()
            .map(|h| {
                format!("{} {}/{} {} {}", h.level.name, h.level.rank, h.level.of, labels.since, times.date(h.since))
            })
            .collect();
        lines.push(Line::styled(format!("{}: {}", labels.history, history.join(" · ")), theme.dim()));
    }
    lines
}

/// `Provincie Utrecht: KRITIEK 5/5 until … (in 3h)`, `… from … (in 1d 20h)`, `… LAPSED`.
fn scoped_line(context: Context<'_>, scoped: &ScopedLevel) -> Line<'static> {
    let Context { model, labels, theme, .. } = context;
    let times = context.times();
    let standing = scoped.standing(model.now);
    let level_style = match standing {
        Standing::InForce => theme.level_text(scoped.level.color),
        Standing::NotYet { .. } => theme.level_text(scoped.level.color).add_modifier(Modifier::ITALIC),
        Standing::Lapsed { .. } => theme.dim().add_modifier(Modifier::CROSSED_OUT),
    };
    let mut spans =
        vec![Span::raw(format!("{}: ", scoped.scope)), Span::styled(level_words(&scoped.level), level_style)];
    match standing {
        Standing::NotYet { from } => spans.push(Span::styled(
            format!(" {} {} ({})", labels.from, times.full(from), times.relative(from)),
            theme.title(),
        )),
        Standing::Lapsed { at } => {
            spans.push(Span::styled(format!(" {}", labels.lapsed), theme.alarm()));
            spans.push(Span::raw(format!(" {} {} ({})", labels.until, times.full(at), times.relative(at))));
        }
        Standing::InForce => {
            if let Some(until) = scoped.until {
                spans.push(Span::raw(format!(" {} {} ({})", labels.until, times.full(until), times.relative(until))));
            }
        }
    }
    Line::from(spans).style(Style::default())
}
