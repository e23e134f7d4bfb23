//! The loop: one queue of messages (keys, resizes, clock ticks, feed events), `update`,
//! then draw. Input, clock and feed reading run as tasks at the edges.

use std::io::Write;

use chrono::Utc;
use color_eyre::eyre::{Result, WrapErr};
use tokio::sync::mpsc;

use crate::app::journal::{JournalState, JournalStatus};
use crate::app::{Command, Message, Model, update};
use crate::clock::Clock;
use crate::exit::{ExitCell, ExitReason};
use crate::journal::JournalSetting;
use crate::journal::task::{Job, JournalEvent, JournalTask, answer_without_journal};
use crate::source::watch::Request;
use crate::source::{ReadOptions, read};
use crate::startup::Startup;
use crate::terminal::{Screen, TerminalGuard};
use crate::ui::view;

/// Runs the dashboard until the operator quits or the terminal goes away.
///
/// # Errors
/// When drawing to the terminal fails.
pub async fn run(startup: Startup, guard: &mut TerminalGuard) -> Result<()> {
    let area = guard.screen.get_frame().area();
    let mut model = startup.model(Utc::now(), (area.width, area.height));
    tracing::info!(
        version = crate::version::LONG,
        feed = %if startup.sources.is_empty() {
            crate::feed::DEMO_FEED_NAME.to_owned()
        } else {
            startup.sources.iter().map(crate::startup::SourceSpec::location).collect::<Vec<_>>().join(", ")
        },
        size = %format!("{}x{}", area.width, area.height),
        "the dashboard starts"
    );
    let (tx, rx) = mpsc::channel::<Message>(256);
    let exit = ExitCell::default();
    let journal = start_journal(&startup, &mut model, &tx);
    tokio::spawn(watch_signals(tx.clone(), journal.as_ref().map(|task| task.jobs.clone()), exit.clone()));
    let result = run_loop(&startup, model, &mut guard.screen, (tx, rx), journal.as_ref(), &exit).await;
    if let Err(error) = &result {
        exit.set(ExitReason::Error(format!("{error:#}")));
    }
    let reason = exit.get().unwrap_or(ExitReason::QueueClosed);
    tracing::info!(%reason, "exit");
    // Every way out comes here (q, Ctrl-C, a signal, a hangup, a failed draw): the
    // session's stop goes into the journal, waited for briefly.
    if let Some(journal) = journal {
        journal.stop(JOURNAL_STOP_PATIENCE).await;
    }
    result
}

/// How long an exit waits for the session's stop entry.
const JOURNAL_STOP_PATIENCE: std::time::Duration = std::time::Duration::from_millis(500);

/// The journal task, when a journal is kept; the model learns whether one is.
fn start_journal(startup: &Startup, model: &mut Model, tx: &mpsc::Sender<Message>) -> Option<JournalTask> {
    match &startup.journal.setting {
        JournalSetting::Off(why) => {
            model.journal.status = JournalStatus::NotKept((*why).to_owned());
            None
        }
        JournalSetting::At { .. } => {
            model.journal = JournalState::kept();
            let tx = tx.clone();
            Some(crate::journal::task::spawn(startup.journal.clone(), move |event| {
                log_journal(&event);
                tx.blocking_send(Message::Journal(event)).is_ok()
            }))
        }
    }
}

/// The journal's troubles (and its recovery) in the log.
fn log_journal(event: &JournalEvent) {
    match event {
        JournalEvent::On => tracing::info!("journal on"),
        JournalEvent::Off(why) => tracing::error!(%why, "journal off: entries are not kept"),
        JournalEvent::Acknowledged { written: false } => {
            tracing::error!("journal: an acknowledgement holds only on this screen");
        }
        JournalEvent::Noted(None) => tracing::error!("journal: a note could not be written"),
        _ => {}
    }
}

async fn run_loop(
    startup: &Startup,
    mut model: Model,
    terminal: &mut Screen,
    (tx, mut rx): (mpsc::Sender<Message>, mpsc::Receiver<Message>),
    journal: Option<&JournalTask>,
    exit: &ExitCell,
) -> Result<()> {
    start_input(&tx, exit);
    tokio::spawn(watch_resizes(tx.clone(), exit.clone()));
    tokio::spawn(watch_terminal(tx.clone(), exit.clone()));
    tokio::spawn(run_clock(startup.clock, startup.settings.clock_seconds, tx.clone()));
    if startup.settings.wallboard_mode {
        let wallboard = &startup.settings.wallboard;
        tokio::spawn(run_every(wallboard.page_every.as_secs(), Message::PageTurn, tx.clone()));
        if wallboard.rotate.len() > 1 {
            tokio::spawn(run_every(wallboard.rotate_every.as_secs(), Message::ViewTurn, tx.clone()));
        }
    }
    // Every source is followed, and merged off the loop's thread; the demo is read once.
    let requests =
        crate::source::run::spawn(&startup.sources, &startup.read, startup.clock, &startup.settings, tx.clone());
    if startup.sources.is_empty() {
        spawn_read(startup, model.now, tx.clone());
    }

    draw(terminal, &model)?;
    let mut last_draw = std::time::Instant::now();
    loop {
        // Wake for the next message, or when time alone changes the screen (a picture
        // turning stale, a level lapsing, a review falling due).
        let deadline = model.next_deadline().filter(|_| !startup.clock.is_pinned());
        let now = startup.clock.at(Utc::now());
        let wait = deadline.map_or(std::time::Duration::from_secs(3600), |d| {
            (d - now).to_std().unwrap_or_default() + std::time::Duration::from_millis(5)
        });
        let message = tokio::select! {
            message = rx.recv() => match message {
                Some(message) => message,
                None => break,
            },
            () = tokio::time::sleep(wait), if deadline.is_some() => Message::Tick(startup.clock.at(Utc::now())),
        };
        let mut commands = step(&mut model, message, exit);
        // Take everything already queued before drawing once.
        while let Ok(message) = rx.try_recv() {
            commands.extend(step(&mut model, message, exit));
        }
        let mut redraw = false;
        for command in commands {
            redraw |= command == Command::Redraw;
            carry_out(command, startup, &model, &tx, &requests, journal);
        }
        if !model.running {
            break;
        }
        // At most one frame per FRAME_INTERVAL: a storm of events (a held key, a resize
        // storm) is drawn as its latest state, not frame by frame.
        let since_last = last_draw.elapsed();
        if since_last < FRAME_INTERVAL {
            tokio::time::sleep(FRAME_INTERVAL - since_last).await;
            while let Ok(message) = rx.try_recv() {
                for command in step(&mut model, message, exit) {
                    carry_out(command, startup, &model, &tx, &requests, journal);
                }
            }
            if !model.running {
                break;
            }
        }
        if redraw {
            // Forget what the screen is thought to hold: the next frame paints it all.
            terminal.clear().wrap_err("clearing the screen")?;
        }
        draw(terminal, &model)?;
        last_draw = std::time::Instant::now();
    }
    Ok(())
}

/// `update`, noting the reason when the message ends the run (a key; a hangup's edge
/// noted its own reason before sending it).
fn step(model: &mut Model, message: Message, exit: &ExitCell) -> Vec<Command> {
    let reason = match &message {
        Message::Key(key) => Some(ExitReason::key(key)),
        Message::Hangup => Some(ExitReason::Hangup("the terminal went away".to_owned())),
        _ => None,
    };
    let commands = update(model, message);
    if let Some(reason) = reason.filter(|_| !model.running) {
        exit.set(reason);
    }
    commands
}

/// Sends `message` every `seconds` (a wallboard's pages and views); a late turn is not
/// made up for.
async fn run_every(seconds: u64, message: Message, tx: mpsc::Sender<Message>) {
    let period = std::time::Duration::from_secs(seconds.max(1));
    let mut interval = tokio::time::interval_at(tokio::time::Instant::now() + period, period);
    interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        interval.tick().await;
        if tx.send(message.clone()).await.is_err() {
            return;
        }
    }
}

/// The shortest time between two frames (a cap of 60 frames a second).
const FRAME_INTERVAL: std::time::Duration = std::time::Duration::from_millis(16);

fn carry_out(
    command: Command,
    startup: &Startup,
    model: &Model,
    tx: &mpsc::Sender<Message>,
    requests: &[mpsc::Sender<Request>],
    journal: Option<&JournalTask>,
) {
    match command {
        Command::Reload if requests.is_empty() => {
            tracing::info!("reload asked for (key r)");
            spawn_read(startup, model.now, tx.clone());
        }
        Command::Reload => {
            tracing::info!("reload asked for (key r)");
            for request in requests {
                let _ = request.try_send(Request::Reload);
            }
        }
        Command::Bell => {
            let _ = std::io::stdout().write_all(b"\x07");
        }
        // Carried out by the loop, which owns the terminal.
        Command::Redraw => {}
        Command::History(job) => {
            let (plan, decode, tx) = (startup.history.clone(), startup.read.decode.clone(), tx.clone());
            tokio::spawn(async move {
                let load = move || crate::history::past::carry_out(&plan, &decode, job);
                if let Ok(news) = tokio::task::spawn_blocking(load).await {
                    let _ = tx.send(Message::History(news)).await;
                }
            });
        }
        Command::Journal(job) => {
            let Some(journal) = journal else { return };
            if let Err(mpsc::error::SendError(job)) = journal.jobs.send(job) {
                // The task is gone (it cannot be, short of a bug): the screen must not
                // wait for it forever.
                let why = "the journal's task has stopped";
                let _ = tx.try_send(Message::Journal(JournalEvent::Off(why.to_owned())));
                if let Some(answer) = answer_without_journal(&job, Some(why)) {
                    let _ = tx.try_send(Message::Journal(answer));
                }
            }
        }
    }
}

/// Draws one frame: ratatui writes only the cells that changed, and the backend wraps
/// them in synchronized output (see `synced`), so an unchanged frame costs no bytes.
fn draw(terminal: &mut Screen, model: &Model) -> Result<()> {
    let (width, height) = model.size;
    let area = ratatui::layout::Rect::new(0, 0, width, height);
    if terminal.get_frame().area() != area {
        terminal.backend_mut().set_size(area.as_size());
        terminal.resize(area).wrap_err("resizing")?;
    }
    terminal.draw(|frame| view(model, frame)).wrap_err("drawing")?;
    Ok(())
}

/// SIGTERM, SIGHUP, SIGQUIT and SIGINT end the dashboard cleanly (the terminal is given
/// back on the way out).
///
/// A SIGHUP that was ignored when sitrep started (a `nohup`-style wrapper) stays ignored,
/// as shells do; the terminal watch still ends sitrep when the terminal goes away.
async fn watch_signals(tx: mpsc::Sender<Message>, journal: Option<mpsc::UnboundedSender<Job>>, exit: ExitCell) {
    use tokio::signal::unix::{SignalKind, signal};
    let mut kinds = vec![
        (SignalKind::terminate(), "SIGTERM"),
        (SignalKind::quit(), "SIGQUIT"),
        (SignalKind::interrupt(), "SIGINT"),
    ];
    if sighup_ignored() {
        tracing::info!("SIGHUP was ignored at start and stays ignored");
    } else {
        kinds.push((SignalKind::hangup(), "SIGHUP"));
    }
    let (mut streams, names): (Vec<_>, Vec<_>) =
        kinds.into_iter().filter_map(|(kind, name)| signal(kind).ok().map(|stream| (stream, name))).unzip();
    if streams.is_empty() {
        return;
    }
    let any = futures_util::future::select_all(streams.iter_mut().map(|s| Box::pin(s.recv())));
    let (_, index, _) = any.await;
    let name = names.get(index).copied().unwrap_or("a signal");
    exit.set(ExitReason::Signal(name));
    let _ = tx.try_send(Message::Hangup);
    // The loop normally ends at once. If it is stuck (a write to a stalled SSH link),
    // a signal must still end the process, with the session's stop in the journal.
    // Giving the terminal back would block on the same stalled link: just end.
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    if let Some(journal) = journal {
        let _ = journal.send(Job::Stop);
    }
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let reason = exit.get().unwrap_or(ExitReason::Signal(name));
    tracing::warn!(%reason, "exit: forced, the loop did not end within a second (a stalled terminal?)");
    crate::logging::finish();
    std::process::exit(1);
}

/// Whether SIGHUP was ignored when the process started (from `/proc/self/status`).
fn sighup_ignored() -> bool {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix("SigIgn:"))
        .and_then(|mask| u64::from_str_radix(mask.trim(), 16).ok())
        .is_some_and(|mask| mask & 1 != 0)
}

/// Asks the terminal for its size once a second: after a hangup (the SSH connection or
/// the tmux pane gone) the tty answers with an error even where SIGHUP is ignored and
/// the input reader never reports it, and sitrep must not live on without a screen.
async fn watch_terminal(tx: mpsc::Sender<Message>, exit: ExitCell) {
    let mut interval = tokio::time::interval(std::time::Duration::from_secs(1));
    interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        interval.tick().await;
        if let Err(e) = crate::terminal::window_size() {
            exit.set(ExitReason::Hangup(format!("the terminal stopped answering ({e})")));
            let _ = tx.send(Message::Hangup).await;
            return;
        }
    }
}

/// Reads the feed off the loop's thread and sends what it found.
fn spawn_read(startup: &Startup, now: chrono::DateTime<Utc>, tx: mpsc::Sender<Message>) {
    let origin = startup.origin.clone();
    let options: ReadOptions = startup.read.clone();
    tokio::spawn(async move {
        if let Ok(event) = tokio::task::spawn_blocking(move || read(&origin, &options, now)).await {
            let message = Message::Feed(event);
            crate::source::news::log(crate::feed::DEMO_FEED_NAME, &message);
            let _ = tx.send(message).await;
        }
    });
}

/// Keys from the terminal's own reader thread (see `input`).
fn start_input(tx: &mpsc::Sender<Message>, exit: &ExitCell) {
    let (keys, gone, exit) = (tx.clone(), tx.clone(), exit.clone());
    crate::input::spawn_reader(
        move |key| keys.blocking_send(Message::Key(key)).is_ok(),
        move || {
            exit.set(ExitReason::Hangup("the terminal's input ended".to_owned()));
            let _ = gone.blocking_send(Message::Hangup);
        },
    );
}

/// Resizes: on SIGWINCH, ask the terminal for its size.
async fn watch_resizes(tx: mpsc::Sender<Message>, exit: ExitCell) {
    use tokio::signal::unix::{SignalKind, signal};
    let Ok(mut resizes) = signal(SignalKind::window_change()) else { return };
    while resizes.recv().await.is_some() {
        let message = match crate::terminal::window_size() {
            Ok((width, height)) => {
                tracing::debug!("resized to {width}x{height}");
                Message::Resize { width, height }
            }
            Err(e) => {
                exit.set(ExitReason::Hangup(format!("the terminal stopped answering ({e})")));
                Message::Hangup
            }
        };
        if tx.send(message).await.is_err() {
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
