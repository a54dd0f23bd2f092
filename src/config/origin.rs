//! Where a value of the effective configuration came from.

use std::fmt;
use std::path::PathBuf;

/// The layer a value was taken from, highest first: a flag (or a call of
/// the harness's builder), an environment variable, the file, the
/// default.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// `--backend`, or `Harness::backend` for the harness.
    Flag(&'static str),
    /// The environment variable of that name.
    Env(String),
    /// The file, at the line the key is on.
    File { path: PathBuf, line: usize },
    /// pg-roundtrip's default.
    Default,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::Flag(flag) if flag.starts_with('-') => write!(f, "flag {flag}"),
            Origin::Flag(arg) if arg.chars().all(|c| c.is_ascii_uppercase()) => {
                write!(f, "argument {arg}")
            }
            Origin::Flag(call) => f.write_str(call),
            Origin::Env(var) => write!(f, "env {var}"),
            Origin::File { path, line } => write!(f, "{}:{line}", path.display()),
            Origin::Default => f.write_str("default"),
        }
    }
}

/// A value and where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sourced<T> {
    pub value: T,
    pub origin: Origin,
}

impl<T> Sourced<T> {
    pub fn new(value: T, origin: Origin) -> Self {
        Sourced { value, origin }
    }

    pub fn default_value(value: T) -> Self {
        Sourced::new(value, Origin::Default)
    }
}
