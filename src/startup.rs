//! From the command line, the config and the environment to what the dashboard starts
//! with: settings, the feed's origin, the clock, how to read the feed.

use std::path::Path;

use chrono::{DateTime, Utc};

use crate::app::model::{FeedOrigin, Model, Settings};
use crate::app::sources::{Provides, SourceStatus};
use crate::cli::RunArgs;
use crate::clock::Clock;
use crate::config::{ColorDepth, Config, ConfigError, Language, Theme};
use crate::feed::{DEMO_FEED, DecodeOptions, Format, Problem, decode};
use crate::journal::task::JournalPlan;
use crate::journal::{JournalOptions, JournalSetting};
use crate::source::ReadOptions;
use crate::source::location::FeedLocation;
use crate::source::nats::NatsSource;
use crate::zone::{LOCALTIME, Zone, system_zone};

/// One source of the picture, ready to follow.
#[derive(Debug, Clone)]
pub struct SourceSpec {
    pub name: String,
    pub origin: FeedOrigin,
    /// This source's format, over the run's.
    pub format: Option<Format>,
    pub stale_after: Option<crate::feed::FeedDuration>,
    pub provides: Provides,
    pub priority: i64,
}

impl SourceSpec {
    /// Where it is, as shown (cleaned).
    #[must_use]
    pub fn location(&self) -> String {
        match &self.origin {
            FeedOrigin::Demo => crate::feed::DEMO_FEED_NAME.to_owned(),
            FeedOrigin::File(path) => {
                crate::feed::text::clean(&path.display().to_string(), crate::feed::text::Lines::Single).into_owned()
            }
            FeedOrigin::Nats(source) => source.address.to_string(),
        }
    }

    /// Its status before anything was read.
    #[must_use]
    pub fn status(&self) -> SourceStatus {
        SourceStatus::new(self.name.clone(), self.location(), self.provides, self.stale_after)
    }
}

/// Everything a run starts from.
#[derive(Debug, Clone)]
pub struct Startup {
    pub settings: Settings,
    /// The first source's origin (the demo when nothing is configured).
    pub origin: FeedOrigin,
    /// Every source (one for a single feed; none for the demo).
    pub sources: Vec<SourceSpec>,
    pub clock: Clock,
    pub read: ReadOptions,
    /// How to reach NATS servers (the config's `[nats]`), for `publish`.
    pub nats: crate::source::nats::NatsSettings,
    /// Where versions are kept and the journal that says when each took effect (time
    /// travel reads them).
    pub history: crate::history::HistoryPlan,
    /// Where the journal is and how it is kept (for the dashboard's journal task).
    pub journal: JournalPlan,
    /// The dashboard's log file (`--log`, else the config's `log_file`), if any.
    pub log: Option<crate::logging::LogPlan>,
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
        let sources = source_specs(args, &config);
        let origin = sources.first().map_or(FeedOrigin::Demo, |s| s.origin.clone());
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
            public_screen: config.public_screen || args.public,
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
        let journal = JournalPlan {
            setting: JournalSetting::resolve(
                args.journal.as_deref(),
                args.no_journal,
                config.journal.as_deref(),
                origin == FeedOrigin::Demo,
                &env,
            ),
            max_bytes: JournalOptions::max_bytes_of_mb(config.journal_max_mb),
            ack_scope: config.ack_scope,
            shift_starts: config.shift_starts.clone(),
            timezone: settings.timezone.clone(),
            decode: read.decode.clone(),
            feed: crate::app::journal::feed_name(&origin),
            identity: None,
            history_dir: history.dir.clone(),
        };
        let log =
            args.log.clone().or(config.log_file).map(|path| crate::logging::LogPlan::new(path, config.log_max_mb));
        Ok(Self { settings, origin, sources, clock, read, nats: config.nats, history, journal, log })
    }

    /// A model at wall time `wall_now`, before any feed has been read.
    #[must_use]
    pub fn model(&self, wall_now: DateTime<Utc>, size: (u16, u16)) -> Model {
        let mut model =
            Model::new(self.settings.clone(), self.origin.clone(), self.clock.at(wall_now), self.clock.is_pinned());
        model.size = size;
        model.sources = self.sources.iter().map(SourceSpec::status).collect();
        model
    }
}

/// The sources the command line names (`--feed`, several times for several sources,
/// each named after its file's stem), else the config's `[[sources]]`, else its `feed`.
pub fn source_specs(args: &RunArgs, config: &Config) -> Vec<SourceSpec> {
    let origin = |location: &FeedLocation| match location {
        FeedLocation::File(path) => FeedOrigin::File(path.clone()),
        FeedLocation::Nats(address) => {
            FeedOrigin::Nats(Box::new(NatsSource { address: address.clone(), settings: config.nats.clone() }))
        }
    };
    let unnamed: Vec<&FeedLocation> =
        if args.feed.is_empty() { config.feed.iter().collect() } else { args.feed.iter().collect() };
    if !unnamed.is_empty() || config.sources.is_empty() {
        let mut taken = std::collections::HashSet::new();
        return unnamed
            .into_iter()
            .map(|location| {
                let stem = match location {
                    FeedLocation::File(path) => path.file_stem().map(|s| s.to_string_lossy().into_owned()),
                    FeedLocation::Nats(address) => Some(address.key.clone()),
                };
                let base: String = stem
                    .unwrap_or_default()
                    .chars()
                    .filter(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
                    .take(20)
                    .collect();
                let base = if base.is_empty() { "feed".to_owned() } else { base };
                // Two files with one stem: the second is `name-2`.
                let mut name = base.clone();
                let mut n = 1;
                while !taken.insert(name.to_lowercase()) {
                    n += 1;
                    name = format!("{base}-{n}");
                }
                SourceSpec {
                    name,
                    origin: origin(location),
                    format: None,
                    stale_after: None,
                    provides: Provides::default(),
                    priority: 0,
                }
            })
            .collect();
    }
    config
        .sources
        .iter()
        .map(|source| SourceSpec {
            name: source.name.clone(),
            origin: origin(&source.location),
            format: source.format,
            stale_after: source.stale_after,
            provides: source.provides,
            priority: source.priority,
        })
        .collect()
}

/// The demo feed's `generated` time.
fn demo_generated() -> Option<DateTime<Utc>> {
    decode(DEMO_FEED.as_bytes(), Format::Toml, &DecodeOptions::default()).ok().map(|a| a.feed.generated.0.to_utc())
}
