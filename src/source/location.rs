//! Where a feed is, as the command line or the config names it: a file path, or a
//! `nats://` address. A `nats://` text is always an address (or an error), never a path.

use std::ffi::OsStr;
use std::path::PathBuf;

use crate::source::nats::NatsAddress;

/// A feed's location before it is resolved against the config.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FeedLocation {
    File(PathBuf),
    Nats(NatsAddress),
}

impl FeedLocation {
    /// Reads a location: `nats://…` is a NATS key, anything else a file path (which may
    /// be any bytes the system allows).
    ///
    /// # Errors
    /// A `nats://` address that does not parse.
    pub fn parse(text: &OsStr) -> Result<Self, String> {
        match text.to_str() {
            Some(text) if NatsAddress::is_nats(text) => NatsAddress::parse(text).map(Self::Nats),
            _ => Ok(Self::File(PathBuf::from(text))),
        }
    }
}

/// The clap parser of `--feed`: keeps non-UTF-8 paths, and reads `nats://` as an address.
#[derive(Debug, Clone, Copy, Default)]
pub struct LocationParser;

impl clap::builder::TypedValueParser for LocationParser {
    type Value = FeedLocation;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &OsStr,
    ) -> Result<Self::Value, clap::Error> {
        FeedLocation::parse(value).map_err(|message| {
            let name = arg.map_or_else(|| "--feed".to_owned(), ToString::to_string);
            clap::Error::raw(clap::error::ErrorKind::ValueValidation, format!("invalid value for {name}: {message}\n"))
                .with_cmd(cmd)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nats_addresses_and_paths() {
        let nats = FeedLocation::parse(OsStr::new("nats://127.0.0.1:4222/sitrep/nl")).unwrap();
        assert!(matches!(nats, FeedLocation::Nats(a) if a.key == "nl"));
        let file = FeedLocation::parse(OsStr::new("feeds/nats:/x.toml")).unwrap();
        assert_eq!(file, FeedLocation::File(PathBuf::from("feeds/nats:/x.toml")));
        assert!(FeedLocation::parse(OsStr::new("nats://hub/only-a-bucket")).is_err());
    }
}
