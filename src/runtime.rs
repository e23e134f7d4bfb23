//! The loop: one queue of messages (keys, resizes, clock ticks, feed events), `update`,
//! then draw. Input, clock and feed reading run as tasks at the edges.

use std::io::Write;

use chrono::Utc;
use color_eyre::eyre::{Result, WrapErr};
use crossterm::event::{Event, EventStream};
use futures_util::StreamExt;
use tokio::sync::mpsc;

use crate::app::model::FeedOrigin;
use crate::app::{Command, Message, update};
use crate::clock::Clock;
use crate::source::watch::{Request, Timing, follow};
use crate::source::{ReadOptions, read};
use crate::startup::Startup;
use crate::terminal::TerminalGuard;
use crate::ui::view;

/// Runs the dashboard until the operator quits or the terminal goes away.
///
/// # Errors
/// When drawing to the terminal fails.
pub async fn run(startup: Startup, guard: &mut TerminalGuard) -> Result<()> {
    let terminal = &mut guard.terminal;
    let size = terminal.size().wrap_err("reading the terminal size")?;
    let mut model = startup.model(Utc::now(), (size.width, size.height));
    let (tx, mut rx) = mpsc::channel::<Message>(256);

    tokio::spawn(read_input(tx.clone()));
    tokio::spawn(run_clock(startup.clock, startup.settings.clock_seconds, tx.clone()));
    let (request_tx, request_rx) = mpsc::channel::<Request>(4);
    match &startup.origin {
        FeedOrigin::File(path) => {
            tokio::spawn(follow(
                path.clone(),
                startup.read.clone(),
                startup.clock,
                Timing::default(),
                tx.clone(),
                request_rx,
            ));
        }
        FeedOrigin::Demo => spawn_read(&startup, model.now, tx.clone()),
    }

    terminal.draw(|frame| view(&model, frame)).wrap_err("drawing")?;
    loop {
        // Wake for the next message, or when time alone changes the screen (a picture
        // turning stale, a level lapsing, a review falling due).
        let deadline = model.next_deadline().filter(|_| !startup.clock.is_pinned());
        let wait = deadline.map_or(std::time::Duration::from_secs(3600), |d| {
            (d - model.now).to_std().unwrap_or_default() + std::time::Duration::from_millis(5)
        });
        let message = tokio::select! {
            message = rx.recv() => match message {
                Some(message) => message,
                None => break,
            },
            () = tokio::time::sleep(wait), if deadline.is_some() => Message::Tick(startup.clock.at(Utc::now())),
        };
        let mut commands = update(&mut model, message);
        // Take everything already queued before drawing once.
        while let Ok(message) = rx.try_recv() {
            commands.extend(update(&mut model, message));
        }
        for command in commands {
            match command {
                Command::Reload => match startup.origin {
                    FeedOrigin::File(_) => {
                        let _ = request_tx.try_send(Request::Reload);
                    }
                    FeedOrigin::Demo => spawn_read(&startup, model.now, tx.clone()),
                },
                Command::Bell => {
                    let _ = std::io::stdout().write_all(b"\x07");
                }
            }
        }
        if !model.running {
            break;
        }
        terminal.draw(|frame| view(&model, frame)).wrap_err("drawing")?;
    }
    Ok(())
}

/// Reads the feed off the loop's thread and sends what it found.
fn spawn_read(startup: &Startup, now: chrono::DateTime<Utc>, tx: mpsc::Sender<Message>) {
    let origin = startup.origin.clone();
    let options: ReadOptions = startup.read.clone();
    tokio::spawn(async move {
        if let Ok(event) = tokio::task::spawn_blocking(move || read(&origin, &options, now)).await {
            let _ = tx.send(Message::Feed(event)).await;
        }
    });
}

/// Keys and resizes from the terminal. When the terminal's input ends or fails, the
/// terminal is gone: say so and stop (never spin on a dead terminal).
async fn read_input(tx: mpsc::Sender<Message>) {
    let mut events = EventStream::new();
    loop {
        let message = match events.next().await {
            Some(Ok(Event::Key(key))) => Message::Key(key),
            Some(Ok(Event::Resize(width, height))) => Message::Resize { width, height },
            Some(Ok(_)) => continue,
            Some(Err(_)) | None => Message::Hangup,
        };
        let hangup = matches!(message, Message::Hangup);
        if tx.send(message).await.is_err() || hangup {
            return;
        }
    }
}

/// Ticks when the clock's shown text changes: every minute (or second), not at a frame
/// rate. A pinned clock never ticks.
async fn run_clock(clock: Clock, seconds: bool, tx: mpsc::Sender<Message>) {
    if clock.is_pinned() {
        return;
    }
    loop {
        tokio::time::sleep(clock.until_next_change(Utc::now(), seconds)).await;
        if tx.send(Message::Tick(clock.at(Utc::now()))).await.is_err() {
            return;
        }
    }
}
