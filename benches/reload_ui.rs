//! What a reload of a 100 000-incident feed costs the UI thread. The merger (reader
//! task) decodes, merges, sorts and compares; the loop only takes the result in. Measured
//! here: `update` with a ready `Message::Sources` (target: never holding up a key, well
//! under the 50 ms the UI thread spent on sorting and comparing before), beside what the
//! merger spends off the UI thread on the same reload.

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use sitrep::app::model::{FeedOrigin, Model, Settings};
use sitrep::app::sources::{Provides, SourceStatus};
use sitrep::app::{FeedEvent, Message, update};
use sitrep::feed::{DecodeOptions, Format, decode};
use sitrep::source::merge::{Merger, SourceMeta};

#[path = "common/generate.rs"]
mod generate;

fn loaded(text: &str, at: chrono::DateTime<chrono::Utc>) -> Option<FeedEvent> {
    let accepted =
        decode(text.as_bytes(), Format::Json, &DecodeOptions { now: at, ..DecodeOptions::default() }).ok()?;
    let raw = sitrep::source::RawFeed::new(text.as_bytes(), Format::Json);
    Some(FeedEvent::Loaded { feed: Box::new(accepted.feed), warnings: accepted.warnings, at, raw })
}

fn reload(c: &mut Criterion) {
    let now = chrono::DateTime::parse_from_rfc3339("2015-11-17T18:00:00+01:00").unwrap_or_default().to_utc();
    let first = generate::json_feed(100_000, 2_000);
    // The next version: one incident's title changed.
    let second = first.replacen("Incident 5000:", "Incident 5000 (bijgewerkt):", 1);
    let (Some(first), Some(second)) = (loaded(&first, now), loaded(&second, now)) else { return };
    let meta = vec![SourceMeta { name: "large".into(), provides: Provides::default(), priority: 0 }];
    let status = SourceStatus::new("large".into(), "large.json".into(), Provides::default(), None);
    let mut merger = Merger::new(meta, vec![status.clone()], sitrep::config::Language::En, false);
    let mut model = Model::new(Settings::default(), FeedOrigin::File("large.json".into()), now, true);
    model.sources = vec![status];
    update(&mut model, Message::Resize { width: 120, height: 40 });
    update(&mut model, Message::Sources(merger.on_event(0, first.clone())));

    let mut group = c.benchmark_group("reload_100k");
    group.sample_size(20);
    // The UI thread's share: taking a ready picture in.
    let ready = merger.on_event(0, second.clone());
    group.bench_function("ui_thread_update", |b| {
        b.iter_batched(
            || (model.clone(), ready.clone()),
            |(mut model, ready)| update(&mut model, Message::Sources(ready)),
            BatchSize::LargeInput,
        );
    });
    // The merger's share, off the UI thread: merge, sort, compare, lists.
    group.bench_function("merger_off_ui_thread", |b| {
        let mut flip = false;
        b.iter(|| {
            flip = !flip;
            merger.on_event(0, if flip { first.clone() } else { second.clone() })
        });
    });
    group.finish();
}

criterion_group!(benches, reload);
criterion_main!(benches);
