//! From the command line, the config and the environment to what the dashboard starts
//! with: settings, the feed's origin, the clock, how to read the feed.

use std::path::Path;

use chrono::{DateTime, Utc};

use crate::app::model::{FeedOrigin, Model, Settings};
use crate::cli::RunArgs;
use crate::clock::Clock;
use crate::config::{ColorDepth, Config, ConfigError, Language, Theme};
use crate::feed::{DEMO_FEED, DecodeOptions, Format, Problem, decode};
use crate::source::ReadOptions;
use crate::source::location::FeedLocation;
use crate::source::nats::NatsSource;
use crate::zone::{LOCALTIME, Zone, system_zone};

/// Everything a run starts from.
#[derive(Debug, Clone)]
pub struct Startup {
    pub settings: Settings,
    pub origin: FeedOrigin,
    pub clock: Clock,
    pub read: ReadOptions,
    /// How to reach NATS servers (the config's `[nats]`), for `publish`.
    pub nats: crate::source::nats::NatsSettings,
    /// Where versions are kept and the journal that says when each took effect (time
    /// travel reads them).
    pub history: crate::history::HistoryPlan,
}

impl Startup {
    /// Resolves the run. `env` reads environment variables; `wall_now` is the wall clock.
    ///
    /// # Errors
    /// A problem with the config file.
    pub fn resolve(
        args: &RunArgs,
        env: impl Fn(&str) -> Option<String>,
        wall_now: DateTime<Utc>,
    ) -> Result<Self, ConfigError> {
        let config = Config::load(args.config.as_deref(), &env)?;
        let origin = match args.feed.clone().or_else(|| config.feed.clone()) {
            Some(FeedLocation::File(path)) => FeedOrigin::File(path),
            Some(FeedLocation::Nats(address)) => {
                FeedOrigin::Nats(Box::new(NatsSource { address, settings: config.nats.clone() }))
            }
            None => FeedOrigin::Demo,
        };
        let clock = match (args.at, &origin) {
            (Some(at), _) => Clock::Pinned(at.0.to_utc()),
            // The demo reads as it did that week: its clock starts at its own time.
            (None, FeedOrigin::Demo) => Clock::starting_at(demo_generated().unwrap_or(wall_now), wall_now),
            (None, FeedOrigin::File(_) | FeedOrigin::Nats(_)) => Clock::Wall,
        };
        let colors = match config.theme {
            Theme::Fixed(depth) => {
                // NO_COLOR is honoured whatever the config says.
                if env("NO_COLOR").is_some_and(|v| !v.is_empty()) { ColorDepth::None } else { depth }
            }
            Theme::Auto => ColorDepth::from_environment(&env),
        };
        let timezone = match (&config.timezone, &origin) {
            (Some(zone), _) => zone.clone(),
            // The demo tells a Dutch situation: unless a zone is configured, it shows
            // Dutch time, as the letter does.
            (None, FeedOrigin::Demo) => Zone::named("Europe/Amsterdam").unwrap_or_else(|_| Zone::utc()),
            (None, FeedOrigin::File(_) | FeedOrigin::Nats(_)) => system_zone(&env, Path::new(LOCALTIME))
                .map_err(|message| ConfigError { file: "TZ".to_owned(), problem: Problem::error(message) })?,
        };
        let settings = Settings {
            timezone: timezone.clone(),
            language: config.language.unwrap_or_else(|| Language::from_environment(&env)),
            colors,
            stale_after: config.stale_after,
            public_screen: config.public_screen,
            bell: config.bell,
            clock_seconds: config.clock_seconds,
            keep_critical_in_view: config.keep_critical_in_view,
            max_pause: config.max_pause,
            map_cell_aspect: config.map_cell_aspect,
            wallboard_mode: args.wallboard || config.wallboard,
            wallboard: config.wallboard_settings.clone(),
        };
        let read = ReadOptions {
            decode: DecodeOptions {
                scales: config.scales.clone(),
                now: wall_now,
                max_bytes: config.max_feed_bytes,
                zone: timezone,
            },
            format: args.feed_format.or(config.feed_format),
        };
        let history = crate::history::HistoryPlan::resolve(args, &config, origin == FeedOrigin::Demo, &env);
        Ok(Self { settings, origin, clock, read, nats: config.nats, history })
    }

    /// A model at wall time `wall_now`, before any feed has been read.
    #[must_use]
    pub fn model(&self, wall_now: DateTime<Utc>, size: (u16, u16)) -> Model {
        let mut model =
            Model::new(self.settings.clone(), self.origin.clone(), self.clock.at(wall_now), self.clock.is_pinned());
        model.size = size;
        model
    }
}

/// The demo feed's `generated` time.
fn demo_generated() -> Option<DateTime<Utc>> {
    decode(DEMO_FEED.as_bytes(), Format::Toml, &DecodeOptions::default()).ok().map(|a| a.feed.generated.0.to_utc())
}
