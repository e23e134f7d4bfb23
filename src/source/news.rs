//! What the sources' news says in the log: each read (loaded, rejected, missing) and each
//! change of how a source is followed (watching, polling and why, a server out of reach).
//! Called at the edge, where the news passes on its way to the merger; never from
//! `update`.

use crate::app::{FeedEvent, Message};
use crate::source::watch::SourceMode;

/// Logs `message` from the source named `source` (`demo` for the built-in feed).
pub fn log(source: &str, message: &Message) {
    match message {
        Message::Feed(event) => log_read(source, event),
        Message::Source(mode) => log_mode(source, mode),
        _ => {}
    }
}

fn log_read(source: &str, event: &FeedEvent) {
    match event {
        FeedEvent::Loaded { feed, warnings, raw, .. } => tracing::info!(
            source,
            generated = %feed.generated.0.to_rfc3339(),
            level = %feed.threat.level.name,
            measures = feed.measures.len(),
            incidents = feed.incidents.len(),
            warnings = warnings.len(),
            bytes = raw.bytes.len(),
            "feed loaded"
        ),
        FeedEvent::Rejected { problems, .. } => {
            let first: Vec<String> = problems.iter().take(3).map(|p| p.display_in(source).to_string()).collect();
            tracing::warn!(source, problems = problems.len(), first = %first.join(" | "), "feed rejected");
        }
        FeedEvent::Missing { reason, .. } => tracing::warn!(source, %reason, "feed missing"),
    }
}

fn log_mode(source: &str, mode: &SourceMode) {
    match mode {
        SourceMode::Builtin => tracing::info!(source, "the built-in demo: nothing to follow"),
        SourceMode::Watching => tracing::info!(source, "watching for changes"),
        SourceMode::Polling(reason) => tracing::warn!(source, %reason, "polling every second"),
        SourceMode::Connecting { reason, .. } => tracing::warn!(source, %reason, "connecting"),
        SourceMode::Unreachable { since, reason } => {
            tracing::warn!(source, %reason, since = %since.to_rfc3339(), "out of reach: the last picture stays");
        }
    }
}
