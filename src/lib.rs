//! sitrep: a terminal situational-awareness dashboard for crisis-center duty officers.
//!
//! `feed` is the contract (knows nothing of the terminal); `app` holds the model and its
//! pure `update`; `ui` the pure `view`; `runtime`, `source`, `clock` and `terminal` are
//! the edges where effects happen. `geo` is the map's geography (no terminal either).
#![forbid(unsafe_code)]

pub mod app;
pub mod check;
pub mod cli;
pub mod clock;
pub mod commands;
pub mod completions;
pub mod config;
pub mod doctor;
pub mod edit;
pub mod etc_config;
pub mod exit;
pub mod feed;
pub mod geo;
pub mod history;
pub mod input;
pub mod journal;
pub mod logging;
pub mod manual;
pub mod publish;
pub mod replay;
pub mod report;
pub mod runtime;
pub mod snapshot;
pub mod source;
pub mod startup;
pub mod synced;
pub mod terminal;
pub mod ui;
pub mod version;
pub mod zone;
