//! Bytes → decode → clean → render: whatever a feed holds, decoding never panics,
//! drawing never panics at any size, and no cell ever holds a control or bidi character.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use sitrep::app::model::{FeedOrigin, Model, Overlay, Settings, View};
use sitrep::app::{FeedEvent, Message, update};
use sitrep::config::{ColorDepth, Language};
use sitrep::feed::text::is_unsafe_char;
use sitrep::feed::{DecodeOptions, Format, decode};

fuzz_target!(|data: &[u8]| {
    // Header: width, height, options; the rest is the feed.
    let [w, h, flags, feed @ ..] = data else { return };
    let scale = |byte: u8, max: u32| u16::try_from(u32::from(byte) * max / 255).unwrap_or(0);
    let (width, height) = (scale(*w, 300), scale(*h, 100));
    let format = if flags & 1 == 0 { Format::Toml } else { Format::Json };
    let now = chrono::DateTime::from_timestamp(1_447_779_600, 0).unwrap_or_default();
    let options = DecodeOptions { now, ..DecodeOptions::default() };
    let event = match decode(feed, format, &options) {
        Ok(accepted) => FeedEvent::Loaded {
            feed: Box::new(accepted.feed),
            warnings: accepted.warnings,
            at: now,
            raw: sitrep::source::RawFeed::new(feed, format),
        },
        Err(rejected) => FeedEvent::Rejected { problems: rejected.problems, at: now },
    };
    let settings = Settings {
        timezone: sitrep::zone::Zone::named("Europe/Amsterdam").unwrap_or_else(|_| sitrep::zone::Zone::utc()),
        language: if flags & 2 == 0 { Language::En } else { Language::Nl },
        colors: if flags & 4 == 0 { ColorDepth::TrueColor } else { ColorDepth::None },
        public_screen: flags & 8 != 0,
        clock_seconds: flags & 16 != 0,
        ..Settings::default()
    };
    let mut model = Model::new(settings, FeedOrigin::File("fuzz.toml".into()), now, true);
    update(&mut model, Message::Resize { width, height });
    update(&mut model, Message::Feed(event));
    model.overlay = match flags >> 5 {
        1 => Overlay::Help,
        2 => Overlay::Problems,
        3 if model.picture.as_ref().is_some_and(|p| !p.feed.incidents.is_empty()) => Overlay::Incident(0),
        4 if model.picture.as_ref().is_some_and(|p| !p.feed.measures.is_empty()) => Overlay::Measure(0),
        _ => Overlay::None,
    };
    // 5 and 6: the map of the Netherlands and of Europe (their names come from the feed).
    if flags >> 5 >= 5 {
        model.view = View::Map;
        if flags >> 5 == 6 {
            model.map_region = sitrep::geo::MapRegion::Europe;
        }
    }
    let Ok(mut terminal) = Terminal::new(TestBackend::new(width, height));
    let Ok(_) = terminal.draw(|frame| sitrep::ui::view(&model, frame));
    for cell in terminal.backend().buffer().content() {
        assert!(!cell.symbol().chars().any(is_unsafe_char), "unsafe character on screen: {:?}", cell.symbol());
    }
});
