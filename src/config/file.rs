//! The file's format: every key `pg-roundtrip.toml` knows, typed, each
//! value with the place in the file it was written (a [`Spanned`] byte
//! range, turned into a line and column for messages).
//!
//! Keys are spelled like the flags (`allow-irreversible`, `step-timeout`);
//! an unknown key or a value of the wrong kind is an error at its line.

use super::error::ConfigError;
use crate::source::Layout;
use serde::Deserialize;
use serde::de::{self, IntoDeserializer};
use std::fmt;
use std::marker::PhantomData;
use std::path::{Path, PathBuf};
use std::time::Duration;
use toml::Spanned;

/// The configuration file's name.
pub const CONFIG_FILE: &str = "pg-roundtrip.toml";

/// What a `pg-roundtrip.toml` says: every key is optional.
///
/// ```toml
/// history = "db/migrations"        # or a list: ["db/a", "db/b"]
/// layout = "flat"                  # default: detected
/// snapshots = "db/snapshots"       # default: snapshots/ beside the history
/// backend = "local"                # auto, local, docker or url
/// image = "postgres"               # docker: NAME (tag = the major) or NAME:TAG
/// pg = [15, 17]                    # PostgreSQL majors
/// url-env = "DATABASE_URL"         # the variable that holds the url backend's server
/// allow-irreversible = ["0007_drop_legacy"]
/// ignore = ["column-order"]        # column-order, ownership
/// strict-roles = true
/// jobs = 2
/// step-timeout = "5m"              # seconds, or with s, m, h
/// exclude = ["atlas.sum", "*.go"]  # files of the history left out (globs)
/// exclude-table = ["audit.my_versions"]  # [SCHEMA.]NAME, also left out
/// strict-bodies = true
/// data = "auto"                    # off, fixtures (the default), auto
/// fixtures = "db/fixtures"         # default: fixtures/ beside the history
/// allow-data-loss = ["0010_round_task_created_at"]
/// lock-timeout = "1m"              # lock_timeout of every step
/// timeout = "30m"                  # the whole run
/// strict-globals = true            # databases, tablespaces, roles left behind fail
/// allow-production = false         # url backend: use a server that looks like production
/// production-tables = 10           # url backend: more tables with rows look like production
/// ```
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct FileKeys {
    pub history: Option<Spanned<OneOrMany<PathBuf>>>,
    pub layout: Option<Spanned<LayoutName>>,
    pub snapshots: Option<Spanned<PathBuf>>,
    pub backend: Option<Spanned<BackendName>>,
    pub image: Option<Spanned<String>>,
    pub pg: Option<Spanned<OneOrMany<u32>>>,
    pub url_env: Option<Spanned<String>>,
    pub allow_irreversible: Option<Spanned<OneOrMany<String>>>,
    pub ignore: Option<Spanned<OneOrMany<IgnoreRule>>>,
    pub strict_roles: Option<Spanned<bool>>,
    pub jobs: Option<Spanned<u64>>,
    pub step_timeout: Option<Spanned<Seconds>>,
    pub exclude: Option<Spanned<OneOrMany<String>>>,
    pub exclude_table: Option<Spanned<OneOrMany<String>>>,
    pub strict_bodies: Option<Spanned<bool>>,
    pub data: Option<Spanned<crate::data::DataMode>>,
    pub fixtures: Option<Spanned<PathBuf>>,
    pub allow_data_loss: Option<Spanned<OneOrMany<String>>>,
    /// `lock_timeout` of every step (see `config::safety`).
    pub lock_timeout: Option<Spanned<Seconds>>,
    /// The longest a whole run may take.
    pub timeout: Option<Spanned<Seconds>>,
    pub strict_globals: Option<Spanned<bool>>,
    pub allow_production: Option<Spanned<bool>>,
    pub production_tables: Option<Spanned<u64>>,
}

/// A backend as the file (and `PG_ROUNDTRIP_BACKEND`) names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BackendName {
    Auto,
    Local,
    Docker,
    Url,
}

impl BackendName {
    pub const ALL: [BackendName; 4] = [
        BackendName::Auto,
        BackendName::Local,
        BackendName::Docker,
        BackendName::Url,
    ];

    pub fn name(self) -> &'static str {
        match self {
            BackendName::Auto => "auto",
            BackendName::Local => "local",
            BackendName::Docker => "docker",
            BackendName::Url => "url",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|b| b.name() == text)
    }
}

impl From<BackendName> for crate::db::BackendChoice {
    fn from(name: BackendName) -> Self {
        use crate::db::BackendChoice;
        match name {
            BackendName::Auto => BackendChoice::Auto,
            BackendName::Local => BackendChoice::Local,
            BackendName::Docker => BackendChoice::Docker,
            BackendName::Url => BackendChoice::Url,
        }
    }
}

/// A difference to ignore (`ignore = [...]`, `--ignore`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum IgnoreRule {
    /// Compare a table's columns as a set, not in order.
    ColumnOrder,
    /// Leave owners out.
    Ownership,
}

impl IgnoreRule {
    pub fn name(self) -> &'static str {
        match self {
            IgnoreRule::ColumnOrder => "column-order",
            IgnoreRule::Ownership => "ownership",
        }
    }
}

/// A layout by its `--layout` name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LayoutName(pub Layout);

impl<'de> Deserialize<'de> for LayoutName {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        text.parse::<Layout>().map(LayoutName).map_err(|_| {
            de::Error::custom(format!(
                "unknown layout `{text}`, expected one of {}",
                Layout::ALL
                    .iter()
                    .map(|l| format!("`{}`", l.name()))
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
        })
    }
}

/// A duration in whole seconds: `300`, or `"90s"`, `"5m"`, `"1h"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Seconds(pub u64);

impl Seconds {
    /// `300`, `300s`, `5m`, `1h` (what `PG_ROUNDTRIP_STEP_TIMEOUT` and the
    /// file take).
    pub fn parse(text: &str) -> Result<Self, String> {
        let text = text.trim();
        let (digits, unit) = match text.find(|c: char| !c.is_ascii_digit()) {
            Some(i) => text.split_at(i),
            None => (text, "s"),
        };
        let factor = match unit.trim() {
            "s" => 1,
            "m" => 60,
            "h" => 3600,
            _ => {
                return Err(format!(
                    "`{text}` is not a duration: give seconds (300) or a number with s, m or h (\"5m\")"
                ));
            }
        };
        digits
            .parse::<u64>()
            .ok()
            .and_then(|n| n.checked_mul(factor))
            .map(Seconds)
            .ok_or_else(|| format!("`{text}` is not a duration: give seconds (300) or a number with s, m or h (\"5m\")"))
    }

    pub fn duration(self) -> Duration {
        Duration::from_secs(self.0)
    }
}

impl<'de> Deserialize<'de> for Seconds {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl de::Visitor<'_> for V {
            type Value = Seconds;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("seconds (300) or a duration string (\"90s\", \"5m\", \"1h\")")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Seconds, E> {
                u64::try_from(v).map(Seconds).map_err(|_| {
                    E::custom(format!(
                        "{v} is not a duration: give a positive number of seconds"
                    ))
                })
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Seconds, E> {
                Ok(Seconds(v))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Seconds, E> {
                Seconds::parse(v).map_err(E::custom)
            }
        }
        d.deserialize_any(V)
    }
}

/// One value or a list of them: `history = "m"` or `history = ["a", "b"]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OneOrMany<T>(pub Vec<T>);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for OneOrMany<T> {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> de::Visitor<'de> for V<T> {
            type Value = OneOrMany<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a value or a list of values")
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut all = Vec::new();
                while let Some(item) = seq.next_element()? {
                    all.push(item);
                }
                Ok(OneOrMany(all))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                T::deserialize(v.into_deserializer()).map(|t| OneOrMany(vec![t]))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
                T::deserialize(v.into_deserializer()).map(|t| OneOrMany(vec![t]))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
                T::deserialize(v.into_deserializer()).map(|t| OneOrMany(vec![t]))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
                T::deserialize(v.into_deserializer()).map(|t| OneOrMany(vec![t]))
            }
        }
        d.deserialize_any(V(PhantomData))
    }
}

/// A configuration file, read and parsed.
#[derive(Debug, Clone)]
pub struct ConfigFile {
    /// Where it is.
    pub path: PathBuf,
    /// How messages name it (relative to where the user is).
    pub shown: PathBuf,
    /// Its text, for turning spans into lines.
    text: String,
    /// What it says.
    pub keys: FileKeys,
}

impl ConfigFile {
    /// Reads and parses the file at `path`.
    pub fn load(path: &Path) -> Result<Self, ConfigError> {
        Self::load_shown(path, path)
    }

    /// [`ConfigFile::load`], messages naming the file `shown`.
    pub fn load_shown(path: &Path, shown: &Path) -> Result<Self, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: shown.to_path_buf(),
            source,
        })?;
        let mut file = Self::parse(text, shown)?;
        file.path = path.to_path_buf();
        Ok(file)
    }

    /// Parses `text`, the contents of the file at `path`.
    pub fn parse(text: String, path: &Path) -> Result<Self, ConfigError> {
        match toml::from_str::<FileKeys>(&text) {
            Ok(keys) => Ok(ConfigFile {
                path: path.to_path_buf(),
                shown: path.to_path_buf(),
                text,
                keys,
            }),
            Err(e) => {
                let span = e.span().unwrap_or(0..0);
                Err(ConfigError::at(path, &text, span, e.message().trim_end()))
            }
        }
    }

    /// The directory the file's relative paths start from.
    pub fn dir(&self) -> &Path {
        self.path.parent().unwrap_or(Path::new("."))
    }

    /// The line (from 1) a span starts on.
    pub fn line(&self, span: &std::ops::Range<usize>) -> usize {
        super::error::line_col(&self.text, span.start).0
    }

    /// An error about the value at `span`.
    pub fn error(&self, span: std::ops::Range<usize>, message: impl Into<String>) -> ConfigError {
        ConfigError::at(&self.shown, &self.text, span, message)
    }
}
