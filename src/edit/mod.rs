//! Writing feeds safely: changes as data applied to a feed's text (keeping how it was
//! written), validation with `sitrep check`'s rules, a lock beside the feed, an atomic
//! replace, and the editor loop of `sitrep edit`.

pub mod args;
pub mod change;
pub mod command;
pub mod copy;
pub mod document;
pub mod editor;
pub mod error;
pub mod ids;
pub mod json_doc;
pub mod json_scan;
pub mod lock;
pub mod replace;
pub mod toml_append;
pub mod toml_doc;
pub mod toml_lines;
pub mod when;
pub mod write;

pub use change::{
    Applied, Change, Context, Effect, IncidentFields, ItemKind, LevelChange, MeasureFields, apply, stamp_generated,
};
pub use error::EditError;
pub use when::{Moment, When};
