//! `pg-roundtrip.toml`: one reader for the CLI and the test harness.
//!
//! * `file`: the keys the file knows ([`FileKeys`]), typed, each value
//!   with its place in the file: an unknown key or a bad value is a
//!   [`ConfigError`] at its file, line and column (`error`);
//! * `discover`: the file in the starting directory or the nearest parent
//!   that has one, unless `--config` / `PG_ROUNDTRIP_CONFIG` names one;
//! * `layers`: the top layer ([`Overrides`]: `check`'s flags, or the
//!   harness's builder calls, and what messages call them), the
//!   environment variables and the defaults;
//! * `resolve`: the [`Effective`] configuration, every value from the
//!   highest layer that gives it (flag or builder call > environment >
//!   file > default) with its [`Origin`];
//! * `safety`: the keys that keep a run from harming a server or
//!   hanging (`lock-timeout`, `timeout`, `strict-globals`,
//!   `allow-production`, `production-tables`);
//! * `paths`: paths shown as the user would type them.

mod data_keys;
mod discover;
mod error;
mod file;
mod layers;
mod listed;
mod origin;
mod paths;
mod resolve;
mod safety;

pub use discover::{CONFIG_ENV, discover};
pub use error::{ConfigError, line_col};
pub use file::{
    BackendName, CONFIG_FILE, ConfigFile, FileKeys, IgnoreRule, LayoutName, OneOrMany, Seconds,
};
pub use layers::{DEFAULT_HISTORY, DEFAULT_STEP_TIMEOUT, DEFAULT_URL_ENV, Names, Overrides, env};
pub use origin::{Origin, Sourced};
pub use paths::shown;
pub use resolve::{Effective, Lookup, load, load_lenient, process_env, resolve, resolve_lenient};
pub use safety::{Safety, SafetyOverrides, flags as safety_flags};

#[cfg(test)]
mod tests;
