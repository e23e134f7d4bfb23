//! Publish to screen over NATS: from `Publisher::publish` (compare-and-set write) to the
//! model holding the new picture, over 200 updates on loopback; p50 and p99. Once with
//! sitrep on the publishing server, once at a site behind a leaf node. Needs a real
//! nats-server: `cargo bench --features nats-tests --bench nats_latency`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../tests/nats_server/mod.rs"]
mod nats_server;

use std::time::{Duration, Instant};

use nats_server::NatsServer;
use sitrep::app::model::{FeedOrigin, Model, Settings};
use sitrep::app::{FeedEvent, Message, update};
use sitrep::clock::Clock;
use sitrep::feed::DecodeOptions;
use sitrep::publish::{Outcome, Publisher, Version};
use sitrep::source::ReadOptions;
use sitrep::source::nats::{NatsAddress, NatsSettings, NatsSource};
use tokio::sync::mpsc;

const UPDATES: usize = 200;

fn version(n: usize) -> Version {
    let title = format!("v{n}");
    let text = sitrep::feed::DEMO_FEED.replacen("title = \"", &format!("title = \"{title} "), 1);
    let generated = sitrep::feed::decode(text.as_bytes(), sitrep::feed::Format::Toml, &DecodeOptions::default())
        .unwrap()
        .feed
        .generated
        .0
        .to_utc();
    Version { bytes: text.into(), generated }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index.min(sorted.len() - 1)]
}

async fn measure(publish_at: &str, read_at: &str, reader: NatsSettings, updates: usize) -> Vec<Duration> {
    let hub = NatsSource { address: NatsAddress::parse(publish_at).unwrap(), settings: NatsSettings::default() };
    let mut publisher = Publisher::connect(&hub, true, DecodeOptions::default()).await.unwrap();
    publisher.publish(&version(0), false).await;
    let source = NatsSource { address: NatsAddress::parse(read_at).unwrap(), settings: reader };
    let (tx, mut rx) = mpsc::channel(256);
    let (_requests, request_rx) = mpsc::channel(1);
    let options = ReadOptions { decode: DecodeOptions::default(), format: None };
    tokio::spawn(sitrep::source::nats::follow(source.clone(), options, Clock::Wall, tx, request_rx));
    let mut model = Model::new(Settings::default(), FeedOrigin::Nats(Box::new(source)), chrono::Utc::now(), false);
    let mut latencies = Vec::with_capacity(updates);
    for n in 0..=updates {
        let started = Instant::now();
        if n > 0 {
            let outcome = publisher.publish(&version(n), false).await;
            assert!(matches!(outcome, Outcome::Published(_)), "{outcome:?}");
        }
        let wanted = format!("v{n} ");
        loop {
            let message = tokio::time::timeout(Duration::from_secs(20), rx.recv()).await.unwrap().unwrap();
            let done = matches!(&message, Message::Feed(FeedEvent::Loaded { feed, .. })
                if feed.title.as_deref().is_some_and(|t| t.starts_with(&wanted)));
            update(&mut model, message);
            if done {
                break;
            }
        }
        if n > 0 {
            latencies.push(started.elapsed());
        }
    }
    latencies
}

fn report(what: &str, mut latencies: Vec<Duration>) {
    latencies.sort();
    println!(
        "{what}: {} updates, publish → model p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        latencies.len(),
        percentile(&latencies, 0.50).as_secs_f64() * 1000.0,
        percentile(&latencies, 0.99).as_secs_f64() * 1000.0,
        latencies.last().map_or(0.0, |d| d.as_secs_f64() * 1000.0)
    );
}

fn main() {
    // `cargo bench` passes --bench; `cargo test --benches` passes nothing: run briefly then.
    let updates = if std::env::args().any(|a| a == "--bench") { UPDATES } else { 5 };
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    runtime.block_on(async {
        let server = NatsServer::start("bench", "");
        let url = server.url("sitrep", "nl");
        report("one server, loopback", measure(&url, &url, NatsSettings::default(), updates).await);

        let leaf_port = nats_server::free_port();
        let hub = NatsServer::start_with(
            "hub",
            Some("domain: hub"),
            &format!("leafnodes {{ listen: 127.0.0.1:{leaf_port} }}"),
        );
        let site = NatsServer::start_with(
            "site",
            None,
            &format!("leafnodes {{ remotes: [ {{ url: \"nats-leaf://127.0.0.1:{leaf_port}\" }} ] }}"),
        );
        let at_site = NatsSettings { domain: Some("hub".into()), ..NatsSettings::default() };
        report(
            "hub → leaf node → sitrep, loopback",
            measure(&hub.url("sitrep", "nl"), &site.url("sitrep", "nl"), at_site, updates).await,
        );
    });
}
