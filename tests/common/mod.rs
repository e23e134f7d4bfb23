//! Shared helpers of the dashboard tests: a start-up resolved from a controlled
//! environment (so no machine config, locale or colour setting leaks in), feeds decoded
//! from text, and the screen rendered on a `TestBackend`.

#![allow(dead_code)] // each test crate uses a different part of this module

use std::fmt::Write as _;

use chrono::{DateTime, Utc};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use sitrep::app::{FeedEvent, Message, Model, update};
use sitrep::cli::RunArgs;
use sitrep::feed::{DecodeOptions, Format, Timestamp, decode};
use sitrep::startup::Startup;

/// The demo feed's own `generated` time: the demo reads as it did that evening.
pub const DEMO_AT: &str = "2015-11-17T18:00:00+01:00";
/// Twenty minutes after `tests/feeds/valid/minimal.toml` was generated (not stale).
pub const MINIMAL_AT: &str = "2015-11-18T09:20:00+01:00";
/// Relative to the package root, where `cargo test` runs; a relative path keeps the
/// status line (which names the feed) the same on every machine.
pub const MINIMAL_FEED: &str = "tests/feeds/valid/minimal.toml";

/// The wall clock of every test; the model's clock is pinned, so this only has to be
/// fixed, not realistic.
pub fn wall_now() -> DateTime<Utc> {
    time("2026-01-01T12:00:00Z")
}

pub fn time(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text).unwrap().to_utc()
}

/// The environment a run sees: a locale, `NO_COLOR` or not, a 256-colour terminal,
/// Amsterdam time, and nothing else (no `HOME`, no `XDG_CONFIG_HOME`).
#[derive(Debug, Clone, Copy)]
pub struct Env {
    pub lang: &'static str,
    pub no_color: bool,
}

impl Env {
    pub const EN: Self = Self { lang: "en_GB.UTF-8", no_color: false };
    pub const NL: Self = Self { lang: "nl_NL.UTF-8", no_color: false };

    pub fn get(self, key: &str) -> Option<String> {
        match key {
            "LANG" => Some(self.lang.to_owned()),
            "NO_COLOR" if self.no_color => Some("1".to_owned()),
            "TERM" => Some("xterm-256color".to_owned()),
            "TZ" => Some("Europe/Amsterdam".to_owned()),
            _ => None,
        }
    }
}

/// A start-up as `sitrep --config config/default.toml [--feed F] --at AT` resolves it.
pub fn startup(feed: Option<&str>, at: &str, env: Env) -> Startup {
    let args = RunArgs {
        feed: feed.map(|f| sitrep::source::location::FeedLocation::File(f.into())).into_iter().collect(),
        feed_format: None,
        config: Some("config/default.toml".into()),
        at: Some(Timestamp::parse(at).unwrap()),
        ..RunArgs::default()
    };
    Startup::resolve(&args, |key| env.get(key), wall_now()).unwrap()
}

/// The model the dashboard shows right after its first read of the feed.
pub fn model_once(feed: Option<&str>, at: &str, env: Env, size: (u16, u16)) -> Model {
    sitrep::snapshot::model_once(&startup(feed, at, env), wall_now(), size)
}

/// A model that has not read anything yet, for a feed file that is never read (the
/// test delivers the feed events itself).
pub fn empty_model(at: &str, env: Env, size: (u16, u16)) -> Model {
    startup(Some("test-feed.toml"), at, env).model(wall_now(), size)
}

/// Decodes a TOML feed as the source would, judged at `now`.
pub fn decode_toml(text: &str, now: DateTime<Utc>) -> FeedEvent {
    let options = DecodeOptions { now, ..DecodeOptions::default() };
    match decode(text.as_bytes(), Format::Toml, &options) {
        Ok(accepted) => FeedEvent::Loaded {
            feed: Box::new(accepted.feed),
            warnings: accepted.warnings,
            at: now,
            raw: sitrep::source::RawFeed::new(text.as_bytes(), Format::Toml),
        },
        Err(rejected) => FeedEvent::Rejected { problems: rejected.problems, at: now },
    }
}

/// Delivers a feed event to the model, as the loop does.
pub fn deliver(model: &mut Model, event: FeedEvent) {
    update(model, Message::Feed(event));
}

/// The whole screen as `view` draws it at `width`×`height`.
pub fn render(model: &Model, width: u16, height: u16) -> Buffer {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|frame| sitrep::ui::view(model, frame)).unwrap();
    terminal.backend().buffer().clone()
}

/// `text` as a TOML basic string, every control character escaped (TOML allows none
/// raw), everything else as it is.
pub fn toml_str(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => write!(out, "\\u{:04x}", u32::from(c)).unwrap(),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
