//! The map screen pinned as insta snapshots: the demo at its own time on the map of
//! the Netherlands at 120×40, 80×24 and 40×12, in English with colour and in Dutch
//! without, and the map of Europe at 120×40.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{DEMO_AT, Env};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::style::Color;
use sitrep::app::{Message, update};
use sitrep::snapshot::buffer_text;

fn check_map(name: &str, env: Env, (width, height): (u16, u16), europe: bool) {
    let mut model = common::model_once(None, DEMO_AT, env, (width, height));
    let mut press = |c: char| update(&mut model, Message::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)));
    press('m');
    if europe {
        press('v');
    }
    let buffer = common::render(&model, width, height);
    let text = buffer_text(&buffer);
    let dutch = env.lang.starts_with("nl");
    // Whatever the snapshot says: the level, and (where the map has a frame) its name.
    assert!(text.contains("SUBSTANTIEEL 4/5"), "{name}:\n{text}");
    if height >= 12 {
        let title = match (dutch, europe) {
            (false, false) => "Map · Netherlands",
            (false, true) => "Map · Europe",
            (true, false) => "Kaart · Nederland",
            (true, true) => "Kaart · Europa",
        };
        assert!(text.contains(title), "{name}: no `{title}`:\n{text}");
    }
    let coloured = buffer.content().iter().filter(|c| c.fg != Color::Reset || c.bg != Color::Reset).count();
    if env.no_color {
        assert_eq!(coloured, 0, "{name}: colour despite NO_COLOR");
    } else {
        assert!(coloured > 0, "{name}: no colour at all");
    }
    let description = format!(
        "demo on the map{} at {DEMO_AT}, {width}x{height}, LANG={}{}",
        if europe { " of Europe" } else { "" },
        env.lang,
        if env.no_color { ", NO_COLOR=1" } else { "" }
    );
    insta::with_settings!({ description => description, omit_expression => true }, {
        insta::assert_snapshot!(name, text);
    });
}

const NL_NO_COLOR: Env = Env { no_color: true, ..Env::NL };

macro_rules! maps {
    ($($name:ident: $env:expr, $size:expr, $europe:expr;)*) => {
        $(
            #[test]
            fn $name() {
                check_map(stringify!($name), $env, $size, $europe);
            }
        )*
    };
}

maps! {
    map_120x40_en_color: Env::EN, (120, 40), false;
    map_120x40_nl_no_color: NL_NO_COLOR, (120, 40), false;
    map_80x24_en_color: Env::EN, (80, 24), false;
    map_80x24_nl_no_color: NL_NO_COLOR, (80, 24), false;
    map_40x12_en_color: Env::EN, (40, 12), false;
    map_40x12_nl_no_color: NL_NO_COLOR, (40, 12), false;
    map_europe_120x40_en_color: Env::EN, (120, 40), true;
}
