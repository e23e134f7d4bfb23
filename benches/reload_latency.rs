//! Reload latency: from a producer's atomic rename to the model holding the new picture,
//! over 200 updates; prints p50 and p99. Run with `cargo bench --bench reload_latency`.

use std::time::{Duration, Instant};

use sitrep::app::model::{FeedOrigin, Model, Settings};
use sitrep::app::{FeedEvent, Message, update};
use sitrep::clock::Clock;
use sitrep::feed::DecodeOptions;
use sitrep::source::ReadOptions;
use sitrep::source::watch::{Timing, follow};
use tokio::sync::mpsc;

const UPDATES: usize = 200;

fn feed_text(title: &str) -> String {
    let mut text = sitrep::feed::DEMO_FEED.to_owned();
    text = text.replacen("title = \"", &format!("title = \"{title} "), 1);
    text
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index.min(sorted.len() - 1)]
}

fn main() -> std::io::Result<()> {
    // `cargo bench` passes --bench; `cargo test --benches` passes nothing: run briefly then.
    let quick = !std::env::args().any(|a| a == "--bench");
    let updates = if quick { 5 } else { UPDATES };
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("feed.toml");
    std::fs::write(&path, feed_text("start"))?;
    let latencies = runtime.block_on(async {
        let (tx, mut rx) = mpsc::channel(256);
        let (_requests, request_rx) = mpsc::channel(1);
        let options = ReadOptions { decode: DecodeOptions::default(), format: None };
        tokio::spawn(follow(path.clone(), options, Clock::Wall, Timing::default(), tx, request_rx));
        let mut model = Model::new(Settings::default(), FeedOrigin::File(path.clone()), chrono::Utc::now(), false);
        let mut latencies = Vec::with_capacity(updates);
        for i in 0..=updates {
            let title = format!("v{i}");
            let tmp = dir.path().join(".feed.toml.tmp");
            std::fs::write(&tmp, feed_text(&title))?;
            let started = Instant::now();
            std::fs::rename(&tmp, &path)?;
            loop {
                let message = tokio::time::timeout(Duration::from_secs(5), rx.recv()).await;
                let Ok(Some(message)) = message else {
                    return Err(std::io::Error::other("no update within 5 s"));
                };
                let done = matches!(&message, Message::Feed(FeedEvent::Loaded { feed, .. })
                    if feed.title.as_deref().is_some_and(|t| t.starts_with(&format!("{title} "))));
                update(&mut model, message);
                if done {
                    break;
                }
            }
            // The first update also waits for the follower to start; leave it out.
            if i > 0 {
                latencies.push(started.elapsed());
            }
            // Let the next write be a separate update, not part of a burst.
            tokio::time::sleep(Duration::from_millis(60)).await;
        }
        Ok(latencies)
    })?;
    let mut sorted = latencies;
    sorted.sort();
    println!(
        "reload latency over {} atomic renames: p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        sorted.len(),
        percentile(&sorted, 0.50).as_secs_f64() * 1000.0,
        percentile(&sorted, 0.99).as_secs_f64() * 1000.0,
        sorted.last().map_or(0.0, |d| d.as_secs_f64() * 1000.0)
    );
    Ok(())
}
