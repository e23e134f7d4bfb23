//! Decoding and validating a 100 000-incident JSON feed (target: under 1 s).

use criterion::{Criterion, criterion_group, criterion_main};
use sitrep::feed::{DecodeOptions, Format, decode};

#[path = "common/generate.rs"]
mod generate;

fn decode_large(c: &mut Criterion) {
    let text = generate::json_feed(100_000, 2_000);
    let options = DecodeOptions::default();
    let mut group = c.benchmark_group("decode");
    group.sample_size(10);
    group.bench_function("json_100k_incidents_2k_measures", |b| {
        b.iter(|| decode(text.as_bytes(), Format::Json, &options).map(|a| a.feed.incidents.len()))
    });
    let toml_text = toml::to_string(
        &serde_json::from_str::<serde_json::Value>(&generate::json_feed(10_000, 500)).unwrap_or_default(),
    )
    .unwrap_or_default();
    group.bench_function("toml_10k_incidents_500_measures", |b| {
        b.iter(|| decode(toml_text.as_bytes(), Format::Toml, &options).map(|a| a.feed.incidents.len()))
    });
    group.finish();
}

criterion_group!(benches, decode_large);
criterion_main!(benches);
