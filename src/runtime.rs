//! The loop: one queue of messages (keys, resizes, clock ticks, feed events), `update`,
//! then draw. Input, clock and feed reading run as tasks at the edges.

use std::io::Write;

use chrono::Utc;
use color_eyre::eyre::{Result, WrapErr};
use crossterm::event::{Event, EventStream};
use futures_util::StreamExt;
use tokio::sync::mpsc;

use crate::app::{Command, Message, update};
use crate::clock::Clock;
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
    spawn_read(&startup, model.now, tx.clone());

    terminal.draw(|frame| view(&model, frame)).wrap_err("drawing")?;
    while let Some(message) = rx.recv().await {
        let mut commands = update(&mut model, message);
        // Take everything already queued before drawing once.
        while let Ok(message) = rx.try_recv() {
            commands.extend(update(&mut model, message));
        }
        for command in commands {
            match command {
                Command::Reload => spawn_read(&startup, model.now, tx.clone()),
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
