//! Following a NATS key: connect (waiting as long as it takes, and saying so), bind to the
//! existing bucket, watch the key from its latest value on, and after a lost link or a
//! silent hub, bind again and catch up. Sends the same messages as the file follower.

use std::time::Duration;

use async_nats::jetstream::kv;
use chrono::{DateTime, Utc};
use futures_util::StreamExt;
use tokio::sync::mpsc;

use crate::app::{FeedEvent, Message};
use crate::clock::Clock;
use crate::source::ReadOptions;
use crate::source::nats::{BindError, NatsSource, bind, connect, decode_value, jetstream, reason};
use crate::source::watch::{Request, SourceMode};

/// The longest wait between two attempts to reach a server or bind a bucket.
const MAX_BACKOFF: Duration = Duration::from_secs(4);

/// Follows `source` until the message channel closes: its latest value, then every
/// update. `requests` asks for the latest value again now (the `r` key).
pub async fn follow(
    source: NatsSource,
    options: ReadOptions,
    clock: Clock,
    tx: mpsc::Sender<Message>,
    requests: mpsc::Receiver<Request>,
) {
    let mut follower = Follower { source, options, clock, tx, requests, last_revision: None, down_since: None };
    let _ = follower.run().await;
}

/// Why following stopped: the loop is gone.
struct Gone;

struct Follower {
    source: NatsSource,
    options: ReadOptions,
    clock: Clock,
    tx: mpsc::Sender<Message>,
    requests: mpsc::Receiver<Request>,
    /// The revision of the value last decoded: a catch-up that finds it again is quiet.
    last_revision: Option<u64>,
    /// Since when the source has been out of reach (kept across attempts).
    down_since: Option<DateTime<Utc>>,
}

impl Follower {
    async fn run(&mut self) -> Result<(), Gone> {
        let (event_tx, mut events) = mpsc::unbounded_channel();
        let client = self.connect(event_tx).await?;
        let context = jetstream(client.clone(), self.source.settings.domain.as_deref());
        let mut attempt = 0;
        loop {
            let store = match bind(&context, &self.source.address).await {
                Ok(store) => store,
                Err(error) => {
                    match error {
                        BindError::NoBucket(reason) => {
                            // The server answers: the link is fine, the bucket is not.
                            self.reachable().await?;
                            self.send(Message::Feed(FeedEvent::Missing { reason, at: self.now() })).await?;
                        }
                        BindError::Unreachable(reason) | BindError::Refused(reason) => self.unreachable(reason).await?,
                    }
                    attempt += 1;
                    self.pause(backoff(attempt), &mut events).await?;
                    continue;
                }
            };
            match self.watch(&client, &store, &mut events).await? {
                Some(reason) => {
                    self.unreachable(reason).await?;
                    attempt = 1;
                    self.pause(backoff(attempt), &mut events).await?;
                }
                None => attempt = 0,
            }
        }
    }

    /// Connects, retrying with backoff; meanwhile the screen says what it waits for.
    async fn connect(&mut self, events: mpsc::UnboundedSender<async_nats::Event>) -> Result<async_nats::Client, Gone> {
        let since = self.now();
        let waiting = |reason: String| Message::Source(SourceMode::Connecting { since, reason });
        self.send(waiting(format!("connecting to {}", self.source.address.server()))).await?;
        let mut attempt = 0;
        loop {
            tokio::select! {
                result = connect(&self.source, "sitrep", Some(events.clone())) => match result {
                    Ok(client) => return Ok(client),
                    Err(reason) => self.send(waiting(reason)).await?,
                },
                () = self.tx.closed() => return Err(Gone),
            }
            attempt += 1;
            let delay = backoff(attempt);
            tokio::select! {
                () = tokio::time::sleep(delay) => {}
                request = self.requests.recv() => if request.is_none() { return Err(Gone) },
                () = self.tx.closed() => return Err(Gone),
            }
        }
    }

    /// Watches the key until the link fails (the reason) or a reconnect asks for a fresh
    /// bind (`None`).
    async fn watch(
        &mut self,
        client: &async_nats::Client,
        store: &kv::Store,
        events: &mut mpsc::UnboundedReceiver<async_nats::Event>,
    ) -> Result<Option<String>, Gone> {
        let key = self.source.address.key.clone();
        // What happened to the connection before this bind is told by its state now.
        while events.try_recv().is_ok() {}
        if client.connection_state() != async_nats::connection::State::Connected {
            return Ok(Some(format!("{}: connection lost", self.source.address.server())));
        }
        // From the latest value on: a catch-up after a cut starts where the key is now.
        let mut watch = match store.watch_with_history(&key).await {
            Ok(watch) => watch,
            Err(e) => return Ok(Some(format!("{}: cannot watch the key: {}", self.source.address, reason(&e)))),
        };
        match store.entry(key.clone()).await {
            Ok(None) => {
                let reason = format!("{}: no value under the key yet", self.source.address);
                self.send(Message::Feed(FeedEvent::Missing { reason, at: self.now() })).await?;
            }
            Ok(Some(_)) => {}
            Err(e) => return Ok(Some(format!("{}: {}", self.source.address, reason(&e)))),
        }
        self.reachable().await?;
        loop {
            tokio::select! {
                entry = watch.next() => match entry {
                    // A newer value is already on its way: only the latest is decoded.
                    Some(Ok(entry)) if entry.delta > 0 => {}
                    Some(Ok(entry)) => self.take(&entry, false).await?,
                    Some(Err(e)) => return Ok(Some(format!("{}: {}", self.source.address, reason(&e)))),
                    None => return Ok(Some(format!("{}: the watch ended", self.source.address))),
                },
                event = events.recv() => match event {
                    Some(async_nats::Event::Disconnected) => {
                        let reason = format!("{}: connection lost", self.source.address.server());
                        return Ok(Some(reason));
                    }
                    // Reconnected without our noticing a loss: bind afresh all the same.
                    Some(async_nats::Event::Connected) => return Ok(None),
                    Some(_) => {}
                    None => return Err(Gone),
                },
                request = self.requests.recv() => match request {
                    Some(Request::Reload) => match store.entry(key.clone()).await {
                        Ok(Some(entry)) => self.take(&entry, true).await?,
                        Ok(None) => {
                            let reason = format!("{}: no value under the key yet", self.source.address);
                            self.send(Message::Feed(FeedEvent::Missing { reason, at: self.now() })).await?;
                        }
                        Err(e) => return Ok(Some(format!("{}: {}", self.source.address, reason(&e)))),
                    },
                    None => return Err(Gone),
                },
                () = self.tx.closed() => return Err(Gone),
            }
        }
    }

    /// Decodes one entry (unless it is the one already shown) and sends the outcome.
    async fn take(&mut self, entry: &kv::Entry, again: bool) -> Result<(), Gone> {
        if !again && self.last_revision == Some(entry.revision) {
            return Ok(());
        }
        self.last_revision = Some(entry.revision);
        let now = self.now();
        let event = match entry.operation {
            kv::Operation::Put => {
                let (value, options) = (entry.value.clone(), self.options.clone());
                tokio::task::spawn_blocking(move || decode_value(&value, &options, now)).await.unwrap_or_else(|e| {
                    FeedEvent::Rejected {
                        problems: vec![crate::feed::Problem::error(format!("internal error while decoding: {e}"))],
                        at: now,
                    }
                })
            }
            kv::Operation::Delete | kv::Operation::Purge => FeedEvent::Missing {
                reason: format!("{}: the value was deleted (revision {})", self.source.address, entry.revision),
                at: now,
            },
        };
        self.send(Message::Feed(event)).await
    }

    /// Waits `delay`, or less when the client reconnects or the operator asks to read.
    async fn pause(
        &mut self,
        delay: Duration,
        events: &mut mpsc::UnboundedReceiver<async_nats::Event>,
    ) -> Result<(), Gone> {
        let deadline = tokio::time::Instant::now() + delay;
        loop {
            tokio::select! {
                () = tokio::time::sleep_until(deadline) => return Ok(()),
                event = events.recv() => match event {
                    Some(async_nats::Event::Connected) => return Ok(()),
                    Some(async_nats::Event::Disconnected) => {
                        let reason = format!("{}: connection lost", self.source.address.server());
                        self.unreachable(reason).await?;
                    }
                    Some(_) => {}
                    None => return Err(Gone),
                },
                request = self.requests.recv() => match request {
                    Some(Request::Reload) => return Ok(()),
                    None => return Err(Gone),
                },
                () = self.tx.closed() => return Err(Gone),
            }
        }
    }

    async fn unreachable(&mut self, reason: String) -> Result<(), Gone> {
        let since = *self.down_since.get_or_insert_with(|| self.clock.at(Utc::now()));
        let reason = crate::feed::text::clean(&reason, crate::feed::text::Lines::Single).into_owned();
        self.send(Message::Source(SourceMode::Unreachable { since, reason })).await
    }

    async fn reachable(&mut self) -> Result<(), Gone> {
        self.down_since = None;
        self.send(Message::Source(SourceMode::Watching)).await
    }

    fn now(&self) -> DateTime<Utc> {
        self.clock.at(Utc::now())
    }

    async fn send(&self, message: Message) -> Result<(), Gone> {
        self.tx.send(message).await.map_err(|_| Gone)
    }
}

/// 250 ms, 500 ms, 1 s, 2 s, then 4 s between attempts.
fn backoff(attempt: u32) -> Duration {
    Duration::from_millis(250u64.saturating_mul(1 << attempt.saturating_sub(1).min(4))).min(MAX_BACKOFF)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_to_a_ceiling() {
        let delays: Vec<u64> = (1..=7).map(|n| backoff(n).as_millis() as u64).collect();
        assert_eq!(delays, [250, 500, 1000, 2000, 4000, 4000, 4000]);
    }
}
