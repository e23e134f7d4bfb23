//! The whole dashboard screen, pinned as insta snapshots (text and a style dump) for the
//! demo and a near-empty feed, at 120×40, 80×24 and 40×12, in English and Dutch, with and
//! without `NO_COLOR`; without colour no cell is coloured, yet the level, gauge and
//! severities still read in words and symbols.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::fmt::Write as _;

use common::{DEMO_AT, Env, MINIMAL_AT, MINIMAL_FEED};
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};
use sitrep::snapshot::buffer_text;

/// The feeds the screens are pinned for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Feed {
    /// The built-in demo at its own `generated` time.
    Demo,
    /// `tests/feeds/valid/minimal.toml`: a level and nothing else.
    Minimal,
}

impl Feed {
    fn path(self) -> Option<&'static str> {
        match self {
            Self::Demo => None,
            Self::Minimal => Some(MINIMAL_FEED),
        }
    }

    fn at(self) -> &'static str {
        match self {
            Self::Demo => DEMO_AT,
            Self::Minimal => MINIMAL_AT,
        }
    }
}

/// Renders one case, checks what must hold whatever the snapshot says, then pins the
/// text and the styles.
fn check_screen(name: &str, feed: Feed, env: Env, (width, height): (u16, u16)) {
    let model = common::model_once(feed.path(), feed.at(), env, (width, height));
    assert_eq!(model.health, sitrep::app::FeedHealth::Good, "{name}: the feed must load");
    let buffer = common::render(&model, width, height);
    let text = buffer_text(&buffer);

    for word in words_that_must_show(feed, env, (width, height)) {
        assert!(text.contains(word), "{name}: `{word}` is not on screen:\n{text}");
    }
    if env.no_color {
        assert_no_colour(name, &buffer);
    } else {
        assert!(coloured_cells(&buffer) > 0, "{name}: a colour screen shows no colour at all");
    }

    let description = format!(
        "{feed:?} feed at {}, {width}x{height}, LANG={}{}",
        feed.at(),
        env.lang,
        if env.no_color { ", NO_COLOR=1" } else { "" }
    );
    insta::with_settings!({ description => description, omit_expression => true }, {
        insta::assert_snapshot!(name, text);
        insta::assert_snapshot!(format!("{name}_styles").as_str(), style_dump(&buffer));
    });
}

/// Words that say the situation without colour: the level (always), and the severities
/// of the incidents the timeline has room for.
fn words_that_must_show(feed: Feed, env: Env, size: (u16, u16)) -> Vec<&'static str> {
    let dutch = env.lang.starts_with("nl");
    let mut words = vec!["SUBSTANTIEEL 4/5", "■■■■□"];
    match feed {
        Feed::Demo => {
            words.push("INFO");
            words.push(if dutch { "KLEIN" } else { "MINOR" });
            if size.1 >= 40 {
                words.push(if dutch { "KRIT" } else { "CRIT" });
            }
        }
        Feed::Minimal => words.push(if dutch { "Geen incidenten." } else { "No incidents." }),
    }
    words
}

fn is_coloured(color: Color) -> bool {
    color != Color::Reset
}

fn coloured_cells(buffer: &Buffer) -> usize {
    buffer.content().iter().filter(|cell| is_coloured(cell.fg) || is_coloured(cell.bg)).count()
}

/// With `NO_COLOR` every cell keeps the terminal's own colours.
fn assert_no_colour(name: &str, buffer: &Buffer) {
    let width = usize::from(buffer.area.width.max(1));
    for (i, cell) in buffer.content().iter().enumerate() {
        assert!(
            !is_coloured(cell.fg) && !is_coloured(cell.bg),
            "{name}: NO_COLOR, yet cell ({}, {}) `{}` has fg={:?} bg={:?}",
            i % width,
            i / width,
            cell.symbol(),
            cell.fg,
            cell.bg
        );
    }
}

/// Per row, the runs of cells whose style is not the default, as
/// `x0..x1 fg=.. bg=.. mods=..` (x1 exclusive); rows without any are left out.
fn style_dump(buffer: &Buffer) -> String {
    let area = buffer.area;
    let mut out = String::new();
    for y in area.top()..area.bottom() {
        let runs = style_runs(buffer, y);
        if !runs.is_empty() {
            writeln!(out, "{y:>3}: {}", runs.join("  ")).unwrap();
        }
    }
    out
}

fn style_runs(buffer: &Buffer, y: u16) -> Vec<String> {
    let area = buffer.area;
    let style_at = |x: u16| {
        let cell = &buffer[(x, y)];
        (cell.fg, cell.bg, cell.modifier)
    };
    let mut runs = Vec::new();
    let mut x = area.left();
    while x < area.right() {
        let style = style_at(x);
        let start = x;
        while x < area.right() && style_at(x) == style {
            x += 1;
        }
        let (fg, bg, mods) = style;
        if (fg, bg, mods) != (Color::Reset, Color::Reset, Modifier::empty()) {
            runs.push(format!("{start}..{x} fg={fg:?} bg={bg:?} mods={}", format!("{mods:?}").replace(" | ", "|")));
        }
    }
    runs
}

const EN_COLOR: Env = Env::EN;
const EN_NO_COLOR: Env = Env { no_color: true, ..Env::EN };
const NL_COLOR: Env = Env::NL;
const NL_NO_COLOR: Env = Env { no_color: true, ..Env::NL };

macro_rules! screens {
    ($($name:ident: $feed:expr, $size:expr, $env:expr;)*) => {
        $(
            #[test]
            fn $name() {
                check_screen(stringify!($name), $feed, $env, $size);
            }
        )*
    };
}

screens! {
    demo_120x40_en_color: Feed::Demo, (120, 40), EN_COLOR;
    demo_120x40_en_no_color: Feed::Demo, (120, 40), EN_NO_COLOR;
    demo_120x40_nl_color: Feed::Demo, (120, 40), NL_COLOR;
    demo_120x40_nl_no_color: Feed::Demo, (120, 40), NL_NO_COLOR;
    demo_80x24_en_color: Feed::Demo, (80, 24), EN_COLOR;
    demo_80x24_en_no_color: Feed::Demo, (80, 24), EN_NO_COLOR;
    demo_80x24_nl_color: Feed::Demo, (80, 24), NL_COLOR;
    demo_80x24_nl_no_color: Feed::Demo, (80, 24), NL_NO_COLOR;
    demo_40x12_en_color: Feed::Demo, (40, 12), EN_COLOR;
    demo_40x12_en_no_color: Feed::Demo, (40, 12), EN_NO_COLOR;
    demo_40x12_nl_color: Feed::Demo, (40, 12), NL_COLOR;
    demo_40x12_nl_no_color: Feed::Demo, (40, 12), NL_NO_COLOR;
    minimal_120x40_en_color: Feed::Minimal, (120, 40), EN_COLOR;
    minimal_120x40_en_no_color: Feed::Minimal, (120, 40), EN_NO_COLOR;
    minimal_120x40_nl_color: Feed::Minimal, (120, 40), NL_COLOR;
    minimal_120x40_nl_no_color: Feed::Minimal, (120, 40), NL_NO_COLOR;
    minimal_80x24_en_color: Feed::Minimal, (80, 24), EN_COLOR;
    minimal_80x24_en_no_color: Feed::Minimal, (80, 24), EN_NO_COLOR;
    minimal_80x24_nl_color: Feed::Minimal, (80, 24), NL_COLOR;
    minimal_80x24_nl_no_color: Feed::Minimal, (80, 24), NL_NO_COLOR;
    minimal_40x12_en_color: Feed::Minimal, (40, 12), EN_COLOR;
    minimal_40x12_en_no_color: Feed::Minimal, (40, 12), EN_NO_COLOR;
    minimal_40x12_nl_color: Feed::Minimal, (40, 12), NL_COLOR;
    minimal_40x12_nl_no_color: Feed::Minimal, (40, 12), NL_NO_COLOR;
}

/// A row without a change mark leaves the mark's column blank; a blank drawn in the
/// warning style (reverse video) shows as a solid block on every row, as if every item
/// had changed.
#[test]
fn rows_without_a_change_mark_show_no_mark() {
    let model = common::model_once(None, DEMO_AT, EN_NO_COLOR, (120, 40));
    assert!(model.changes.is_empty(), "precondition: nothing changed");
    let buffer = common::render(&model, 120, 40);
    let marked: Vec<u16> = (0..40)
        .filter(|&y| {
            let (select, mark) = (&buffer[(1, y)], &buffer[(2, y)]);
            select.symbol() == " " && mark.symbol() == " " && mark.modifier.contains(Modifier::REVERSED)
        })
        .collect();
    assert!(marked.is_empty(), "rows {marked:?} show a reverse-video blank in the mark column");
}
