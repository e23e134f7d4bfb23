//! The feed contract (`FEED.md`, format version 1): model, decoding, validation, cleaning
//! of untrusted text, threat scales, and the JSON Schema. This layer knows nothing of the
//! terminal.

pub mod decode;
pub mod diff;
pub mod in_force;
pub mod json_scan;
pub mod locate;
pub mod model;
pub mod problem;
pub mod recover;
pub mod scale;
pub mod schema;
pub mod text;
pub mod time;
pub mod valid;
pub mod validate;

pub use decode::{Accepted, DecodeOptions, Format, Rejected, decode, read_file};
pub use model::{Casualties, Category, Incident, Measure, MeasureStatus, Severity, Visibility};
pub use problem::{Position, Problem};
pub use scale::{Level, LevelRef, Rgb, Scale, Scales};
pub use text::{LongText, Text};
pub use time::{FeedDuration, Timestamp};
pub use valid::{Feed, PastLevel, ScopedLevel, Threat};

/// The built-in demo feed: the situation of Kamerstuk 29 754, nr. 327 (November 2015).
pub const DEMO_FEED: &str = include_str!("../../assets/demo-feed.toml");

/// The name the demo feed goes by in messages and on screen.
pub const DEMO_FEED_NAME: &str = "demo-feed.toml (built in)";
