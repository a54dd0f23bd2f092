//! `pg-roundtrip.toml`: one reader for the CLI and the test harness.
//!
//! * [`file`]: the keys the file knows, typed, each value with its place
//!   in the file (an unknown key or a bad value is an error at its file,
//!   line and column);
//! * [`discover`](fn@discover): the file in the starting directory or the
//!   nearest parent that has one (or the one `--config` /
//!   `PG_ROUNDTRIP_CONFIG` names);
//! * [`resolve`](fn@resolve): the [`Effective`] configuration, every value
//!   from the highest layer that gives it (flag or builder call >
//!   environment > file > default) with its [`Origin`];
//! * [`error`]: [`ConfigError`], every problem at its place.

mod discover;
mod error;
mod file;
mod origin;
mod resolve;

pub use discover::{CONFIG_ENV, discover};
pub use error::{ConfigError, line_col};
pub use file::{
    BackendName, CONFIG_FILE, ConfigFile, FileKeys, IgnoreRule, LayoutName, OneOrMany, Seconds,
};
pub use origin::{Origin, Sourced};
pub use resolve::{
    DEFAULT_HISTORY, DEFAULT_STEP_TIMEOUT, DEFAULT_URL_ENV, Effective, Lookup, Names, Overrides,
    env, load, load_lenient, process_env, resolve, resolve_lenient, shown,
};

#[cfg(test)]
mod tests;
