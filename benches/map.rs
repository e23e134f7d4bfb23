//! The map's cost: one map frame at 120×40 with the demo (target: 2 ms) and with a
//! 100 000-incident, 2 000-measure feed whose every item has a position (half of them
//! abroad), and the outline's projection into Braille dots, done once per size.

use criterion::{Criterion, criterion_group, criterion_main};
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use sitrep::app::model::{FeedOrigin, Model, Settings};
use sitrep::app::{FeedEvent, Message, update};
use sitrep::config::ColorDepth;
use sitrep::feed::{DEMO_FEED, DecodeOptions, Feed, Format, decode};
use sitrep::geo::{Fit, MapRegion, Outline};

#[path = "common/generate.rs"]
mod generate;

fn model_with(feed: Feed) -> Model {
    let settings = Settings {
        timezone: sitrep::zone::Zone::named("Europe/Amsterdam").unwrap_or_else(|_| sitrep::zone::Zone::utc()),
        colors: ColorDepth::Indexed256,
        ..Settings::default()
    };
    let now = chrono::DateTime::parse_from_rfc3339("2015-11-17T18:00:00+01:00").unwrap_or_default().to_utc();
    let mut model = Model::new(settings, FeedOrigin::File("bench.json".into()), now, true);
    update(&mut model, Message::Resize { width: 120, height: 40 });
    // A generated feed has no file: the model keeps no journal, so no bytes are needed.
    let raw = sitrep::source::RawFeed::new(Vec::new(), sitrep::feed::Format::Json);
    update(&mut model, Message::Feed(FeedEvent::Loaded { feed: Box::new(feed), warnings: Vec::new(), at: now, raw }));
    update(&mut model, Message::Key(KeyEvent::from(KeyCode::Char('m'))));
    model
}

fn demo() -> Option<Feed> {
    decode(DEMO_FEED.as_bytes(), Format::Toml, &DecodeOptions::default()).ok().map(|a| a.feed)
}

/// The large feed, every incident given a position: spread over the Netherlands, or
/// abroad for every other one.
fn large() -> Option<Feed> {
    let text = generate::json_feed(100_000, 2_000);
    let mut feed = decode(text.as_bytes(), Format::Json, &DecodeOptions::default()).ok()?.feed;
    for (i, incident) in feed.incidents.iter_mut().enumerate() {
        let step = f64::from(u32::try_from(i % 1000).unwrap_or(0)) / 1000.0;
        let abroad = i % 2 == 1;
        incident.lat = Some(if abroad { 40.0 + step * 10.0 } else { 51.0 + step * 2.4 });
        incident.lon = Some(if abroad { -20.0 + step * 60.0 } else { 3.5 + step * 3.5 });
    }
    Some(feed)
}

fn frames(c: &mut Criterion) {
    let Ok(mut terminal) = Terminal::new(TestBackend::new(120, 40));
    for (name, feed) in [("map_frame_120x40_demo", demo()), ("map_frame_120x40_100k_positioned", large())] {
        let Some(feed) = feed else { continue };
        let model = model_with(feed);
        c.bench_function(name, |b| {
            b.iter(|| {
                let Ok(_) = terminal.draw(|frame| sitrep::ui::view(&model, frame));
            });
        });
    }
}

/// What a new size costs once: the whole outline projected and rasterised.
fn outline(c: &mut Criterion) {
    let outline = Outline::builtin();
    for (name, region) in [
        ("outline_raster_netherlands_86x28", MapRegion::Netherlands),
        ("outline_raster_europe_86x28", MapRegion::Europe),
    ] {
        let fit = Fit::new(region, 86, 28, 0.5);
        c.bench_function(name, |b| b.iter(|| sitrep::ui::map::outline::rasterise(outline, &fit)));
    }
}

criterion_group!(benches, frames, outline);
criterion_main!(benches);
