//! One full frame at 120×40 with a 100 000-incident, 2 000-measure feed (target: 2 ms),
//! and scrolling through it: drawing costs what is visible, not what is in the feed.

use criterion::{Criterion, criterion_group, criterion_main};
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use sitrep::app::model::{FeedOrigin, Model, Settings};
use sitrep::app::{FeedEvent, Message, update};
use sitrep::config::ColorDepth;
use sitrep::feed::{DecodeOptions, Format, decode};

#[path = "common/generate.rs"]
mod generate;

fn large_model() -> Model {
    let text = generate::json_feed(100_000, 2_000);
    let accepted = decode(text.as_bytes(), Format::Json, &DecodeOptions::default()).ok();
    let settings = Settings {
        timezone: sitrep::zone::Zone::named("Europe/Amsterdam").unwrap_or_else(|_| sitrep::zone::Zone::utc()),
        colors: ColorDepth::Indexed256,
        ..Settings::default()
    };
    let now = chrono::DateTime::parse_from_rfc3339("2015-11-17T18:00:00+01:00").unwrap_or_default().to_utc();
    let mut model = Model::new(settings, FeedOrigin::File("large.json".into()), now, true);
    update(&mut model, Message::Resize { width: 120, height: 40 });
    if let Some(accepted) = accepted {
        update(
            &mut model,
            Message::Feed(FeedEvent::Loaded {
                feed: Box::new(accepted.feed),
                warnings: accepted.warnings,
                at: now,
                raw: sitrep::source::RawFeed::new(Vec::new(), sitrep::feed::Format::Json),
            }),
        );
    }
    model
}

fn render(c: &mut Criterion) {
    let mut model = large_model();
    let Ok(mut terminal) = Terminal::new(TestBackend::new(120, 40));
    c.bench_function("frame_120x40_100k_incidents", |b| {
        b.iter(|| {
            let Ok(_) = terminal.draw(|frame| sitrep::ui::view(&model, frame));
        })
    });
    c.bench_function("scroll_page_and_frame_100k_incidents", |b| {
        b.iter(|| {
            update(&mut model, Message::Key(KeyEvent::from(KeyCode::PageDown)));
            let Ok(_) = terminal.draw(|frame| sitrep::ui::view(&model, frame));
        })
    });
}

/// Typing one letter of a filter with that feed: the lists are filtered again (the
/// searchable text is made on the first keystroke, then reused).
fn filter(c: &mut Criterion) {
    let mut model = large_model();
    update(&mut model, Message::Key(KeyEvent::from(KeyCode::Char('/'))));
    update(&mut model, Message::Key(KeyEvent::from(KeyCode::Char('9'))));
    c.bench_function("filter_keystroke_100k_incidents", |b| {
        b.iter(|| {
            update(&mut model, Message::Key(KeyEvent::from(KeyCode::Char('9'))));
            update(&mut model, Message::Key(KeyEvent::from(KeyCode::Backspace)));
        })
    });
}

criterion_group!(benches, render, filter);
criterion_main!(benches);
