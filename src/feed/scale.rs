//! Threat scales: ordered levels with a name and a colour each.
//!
//! Two are built in (`nctv`, `mi5`); a config may add more. A feed names a level by name
//! (case-insensitive) or by rank, 1 being the lowest.

use std::borrow::Cow;
use std::fmt;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A colour as 24-bit RGB; the terminal layer turns it into what the terminal can show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// Parses `#rrggbb`.
    ///
    /// # Errors
    /// When `text` is not `#` followed by six hex digits.
    pub fn parse(text: &str) -> Result<Self, String> {
        let hex = text
            .strip_prefix('#')
            .filter(|h| h.len() == 6 && h.bytes().all(|b| b.is_ascii_hexdigit()))
            .ok_or_else(|| format!("invalid colour `{text}`: expected `#rrggbb`"))?;
        let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).map_err(|e| e.to_string());
        Ok(Self(byte(0)?, byte(2)?, byte(4)?))
    }
}

impl fmt::Display for Rgb {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }
}

impl Serialize for Rgb {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Rgb {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = Cow::<'de, str>::deserialize(deserializer)?;
        Self::parse(&text).map_err(de::Error::custom)
    }
}

/// One level of a scale.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScaleLevel {
    pub name: String,
    pub color: Rgb,
}

/// An ordered list of levels, lowest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scale {
    pub name: String,
    pub levels: Vec<ScaleLevel>,
}

/// A level resolved against its scale.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Level {
    /// 1 = lowest.
    pub rank: u8,
    /// Of how many levels.
    pub of: u8,
    /// The scale's own spelling of the name.
    pub name: String,
    #[serde(skip)]
    pub color: Rgb,
}

impl Scale {
    fn builtin(name: &str, levels: &[(&str, Rgb)]) -> Self {
        Self {
            name: name.to_owned(),
            levels: levels.iter().map(|(name, color)| ScaleLevel { name: (*name).to_owned(), color: *color }).collect(),
        }
    }

    /// The Dutch national scale of the NCTV. Mind the order: substantieel is above
    /// aanzienlijk.
    #[must_use]
    pub fn nctv() -> Self {
        Self::builtin(
            "nctv",
            &[
                ("minimaal", Rgb(0x2e, 0x9e, 0x4a)),
                ("beperkt", Rgb(0x9a, 0xc2, 0x2b)),
                ("aanzienlijk", Rgb(0xf2, 0xc0, 0x1e)),
                ("substantieel", Rgb(0xf0, 0x7d, 0x1a)),
                ("kritiek", Rgb(0xd7, 0x26, 0x1e)),
            ],
        )
    }

    /// The UK national threat levels.
    #[must_use]
    pub fn mi5() -> Self {
        Self::builtin(
            "mi5",
            &[
                ("low", Rgb(0x2e, 0x9e, 0x4a)),
                ("moderate", Rgb(0x9a, 0xc2, 0x2b)),
                ("substantial", Rgb(0xf2, 0xc0, 0x1e)),
                ("severe", Rgb(0xf0, 0x7d, 0x1a)),
                ("critical", Rgb(0xd7, 0x26, 0x1e)),
            ],
        )
    }

    /// Checks a scale from a config: at least two levels, at most 255, unique names.
    ///
    /// # Errors
    /// What is wrong with the scale.
    pub fn check(&self) -> Result<(), String> {
        if self.name.trim().is_empty() || self.name.chars().any(crate::feed::text::is_unsafe_char) {
            return Err("a scale needs a plain, non-empty name".into());
        }
        if self.levels.len() < 2 || self.levels.len() > usize::from(u8::MAX) {
            return Err(format!("scale `{}` needs between 2 and 255 levels", self.name));
        }
        for (i, level) in self.levels.iter().enumerate() {
            if level.name.trim().is_empty() || level.name.chars().any(crate::feed::text::is_unsafe_char) {
                return Err(format!("scale `{}`: level {} needs a plain, non-empty name", self.name, i + 1));
            }
            if self.levels[..i].iter().any(|l| l.name.eq_ignore_ascii_case(&level.name)) {
                return Err(format!("scale `{}`: level `{}` appears twice", self.name, level.name));
            }
        }
        Ok(())
    }

    /// Resolves a level by name (case-insensitive) or rank.
    #[must_use]
    pub fn resolve(&self, level: &LevelRef) -> Option<Level> {
        let index = match level {
            LevelRef::Rank(rank) => usize::try_from(*rank).ok()?.checked_sub(1)?,
            LevelRef::Name(name) => self.levels.iter().position(|l| l.name.to_lowercase() == name.to_lowercase())?,
        };
        let found = self.levels.get(index)?;
        Some(Level {
            rank: u8::try_from(index + 1).ok()?,
            of: u8::try_from(self.levels.len()).ok()?,
            name: found.name.clone(),
            color: found.color,
        })
    }

    /// `1 minimaal, 2 beperkt, ...` for messages.
    #[must_use]
    pub fn describe_levels(&self) -> String {
        self.levels.iter().enumerate().map(|(i, l)| format!("{} {}", i + 1, l.name)).collect::<Vec<_>>().join(", ")
    }
}

/// The scales known to this run: the built-ins plus those from config.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scales {
    scales: Vec<Scale>,
    default_name: String,
}

impl Default for Scales {
    fn default() -> Self {
        Self { scales: vec![Scale::nctv(), Scale::mi5()], default_name: "nctv".into() }
    }
}

impl Scales {
    /// Adds or replaces a scale (a config may redefine a built-in's colours).
    ///
    /// # Errors
    /// When the scale does not pass [`Scale::check`].
    pub fn insert(&mut self, scale: Scale) -> Result<(), String> {
        scale.check()?;
        match self.scales.iter_mut().find(|s| s.name.eq_ignore_ascii_case(&scale.name)) {
            Some(existing) => *existing = scale,
            None => self.scales.push(scale),
        }
        Ok(())
    }

    /// Sets the scale used when a feed names none.
    ///
    /// # Errors
    /// When no such scale is known.
    pub fn set_default(&mut self, name: &str) -> Result<(), String> {
        let scale = self.get(name).ok_or_else(|| format!("unknown scale `{name}`; known: {}", self.names()))?;
        self.default_name = scale.name.clone();
        Ok(())
    }

    #[must_use]
    pub fn get(&self, name: &str) -> Option<&Scale> {
        self.scales.iter().find(|s| s.name.eq_ignore_ascii_case(name))
    }

    /// The scale a feed gets when it names none.
    #[must_use]
    pub fn default_scale(&self) -> &Scale {
        self.get(&self.default_name).unwrap_or(&self.scales[0])
    }

    #[must_use]
    pub fn names(&self) -> String {
        self.scales.iter().map(|s| format!("`{}`", s.name)).collect::<Vec<_>>().join(", ")
    }
}

/// How a feed names a level: by name or by rank.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LevelRef {
    Name(crate::feed::text::Text),
    Rank(i64),
}

impl fmt::Display for LevelRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Name(name) => write!(f, "`{name}`"),
            Self::Rank(rank) => write!(f, "rank {rank}"),
        }
    }
}

impl Serialize for LevelRef {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Name(name) => serializer.serialize_str(name),
            Self::Rank(rank) => serializer.serialize_i64(*rank),
        }
    }
}

impl<'de> Deserialize<'de> for LevelRef {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct LevelVisitor;
        impl Visitor<'_> for LevelVisitor {
            type Value = LevelRef;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a level name (string) or a rank (integer, 1 = lowest)")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<LevelRef, E> {
                Ok(LevelRef::Name(v.into()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<LevelRef, E> {
                Ok(LevelRef::Rank(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<LevelRef, E> {
                Ok(LevelRef::Rank(i64::try_from(v).unwrap_or(i64::MAX)))
            }
        }
        deserializer.deserialize_any(LevelVisitor)
    }
}

impl JsonSchema for LevelRef {
    fn schema_name() -> Cow<'static, str> {
        "LevelRef".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "a level's name in the scale (case-insensitive) or its rank, 1 = lowest",
            "oneOf": [
                { "type": "string", "minLength": 1 },
                { "type": "integer", "minimum": 1 }
            ]
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nctv_order_puts_substantieel_above_aanzienlijk() {
        let nctv = Scale::nctv();
        let sub = nctv.resolve(&LevelRef::Name("SUBSTANTIEEL".into())).unwrap();
        let aan = nctv.resolve(&LevelRef::Name("aanzienlijk".into())).unwrap();
        assert_eq!((sub.rank, sub.of, sub.name.as_str()), (4, 5, "substantieel"));
        assert_eq!(aan.rank, 3);
        assert_eq!(nctv.resolve(&LevelRef::Rank(5)).unwrap().name, "kritiek");
        assert_eq!(nctv.resolve(&LevelRef::Rank(0)), None);
        assert_eq!(nctv.resolve(&LevelRef::Rank(6)), None);
        assert_eq!(nctv.resolve(&LevelRef::Rank(-1)), None);
        assert_eq!(nctv.resolve(&LevelRef::Name("severe".into())), None);
    }

    #[test]
    fn mi5_levels() {
        assert_eq!(Scale::mi5().resolve(&LevelRef::Name("Severe".into())).unwrap().rank, 4);
    }

    #[test]
    fn config_scales_are_checked() {
        let mut scales = Scales::default();
        let amber = Rgb::parse("#ffbf00").unwrap();
        let ok = Scale {
            name: "airport".into(),
            levels: vec![
                ScaleLevel { name: "normal".into(), color: amber },
                ScaleLevel { name: "raised".into(), color: amber },
            ],
        };
        scales.insert(ok).unwrap();
        assert!(scales.get("AIRPORT").is_some());
        let dup = Scale {
            name: "x".into(),
            levels: vec![ScaleLevel { name: "a".into(), color: amber }, ScaleLevel { name: "A".into(), color: amber }],
        };
        assert!(scales.insert(dup).is_err());
        assert!(scales.set_default("nope").is_err());
        assert!(Rgb::parse("#12345").is_err());
        assert_eq!(Rgb::parse("#0a0B0c").unwrap(), Rgb(10, 11, 12));
    }
}
