//! sitrep: a terminal situational-awareness dashboard for crisis-center duty officers.
#![forbid(unsafe_code)]

pub mod check;
pub mod cli;
pub mod config;
pub mod feed;
