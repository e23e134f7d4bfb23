//! Running the sources: a follower per source (a file watch or a NATS key), each one's
//! news tagged with its source and handed to the merger, which makes pictures on a
//! blocking thread and sends them to the loop as `Message::Sources`.

use tokio::sync::mpsc;

use crate::app::Message;
use crate::app::model::FeedOrigin;
use crate::app::model::Settings;
use crate::clock::Clock;
use crate::source::ReadOptions;
use crate::source::merge::Merger;
use crate::source::watch::{Request, Timing, follow};
use crate::startup::SourceSpec;

/// Starts every source and the merger. Returns the channels that ask a source to read
/// now (the `r` key).
pub fn spawn(
    specs: &[SourceSpec],
    read: &ReadOptions,
    clock: Clock,
    settings: &Settings,
    tx: mpsc::Sender<Message>,
) -> Vec<mpsc::Sender<Request>> {
    let (merge_tx, merge_rx) = mpsc::channel::<(usize, Message)>(256);
    let mut requests = Vec::with_capacity(specs.len());
    for (index, spec) in specs.iter().enumerate() {
        let (source_tx, mut source_rx) = mpsc::channel::<Message>(16);
        let (request_tx, request_rx) = mpsc::channel::<Request>(4);
        requests.push(request_tx);
        let options = ReadOptions { format: spec.format.or(read.format), ..read.clone() };
        match &spec.origin {
            FeedOrigin::File(path) => {
                tokio::spawn(follow(path.clone(), options, clock, Timing::default(), source_tx, request_rx));
            }
            FeedOrigin::Nats(source) => {
                tokio::spawn(crate::source::nats::follow((**source).clone(), options, clock, source_tx, request_rx));
            }
            FeedOrigin::Demo => {}
        }
        // Each source's news, logged and tagged with the source it came from.
        let merge_tx = merge_tx.clone();
        let name = spec.name.clone();
        tokio::spawn(async move {
            while let Some(message) = source_rx.recv().await {
                crate::source::news::log(&name, &message);
                if merge_tx.send((index, message)).await.is_err() {
                    return;
                }
            }
        });
    }
    let merger = Merger::for_sources(specs, settings);
    // Merging and sorting a large feed takes time: on a blocking thread, never on the
    // loop's, and never on the runtime's one worker (signals must get through).
    tokio::task::spawn_blocking(move || merge_loop(merger, merge_rx, &tx));
    requests
}

/// Takes what the sources send, a batch at a time, and sends the loop what changed.
fn merge_loop(mut merger: Merger, mut rx: mpsc::Receiver<(usize, Message)>, tx: &mpsc::Sender<Message>) {
    while let Some(first) = rx.blocking_recv() {
        // Whatever else is already waiting goes into the same picture.
        let mut batch = vec![first];
        while let Ok(more) = rx.try_recv() {
            batch.push(more);
        }
        let update = merger.on_messages(batch);
        if let Some(picture) = &update.picture {
            let changed = picture.delta.as_ref().map_or(0, |d| d.measures.len() + d.incidents.len());
            tracing::debug!(unchanged = picture.unchanged, changed, "picture merged");
        }
        if tx.blocking_send(Message::Sources(update)).is_err() {
            return;
        }
    }
}
