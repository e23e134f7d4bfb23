//! The Elm Architecture's core: the [`Model`], the [`Message`]s and the pure [`update`].

pub mod banner;
pub mod changes;
pub mod filter;
pub mod journal;
pub mod layout;
pub mod lists;
pub mod map_keys;
pub mod message;
pub mod model;
pub mod picture;
pub mod public;
pub mod sources;
pub mod travel;
pub mod update;
pub mod wallboard;

pub use message::{Command, FeedEvent, Message};
pub use model::{FeedHealth, FeedOrigin, Model, Overlay, Panel, Settings, View};
pub use update::update;
