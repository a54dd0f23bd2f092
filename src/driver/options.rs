//! How an external tool is started and how it is told the database URL.
//! Plain data, shared by the Alembic reader (`source::alembic`) and the
//! walk's driver.

use std::fmt;
use std::str::FromStr;

/// How the scratch database's URL reaches an Alembic project's `env.py`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum UrlVia {
    /// An environment variable (`AlembicOptions::url_env`, default
    /// `DATABASE_URL`), as most `env.py` files read it.
    #[default]
    Env,
    /// `-x url=…`, read with `context.get_x_argument(as_dictionary=True)`.
    XArg,
    /// `sqlalchemy.url` set in the config, read with
    /// `config.get_main_option("sqlalchemy.url")`.
    Ini,
}

impl UrlVia {
    pub const NAMES: [&'static str; 3] = ["env", "x", "ini"];

    /// The name the helper and `--alembic-url-via` use.
    pub fn name(self) -> &'static str {
        match self {
            UrlVia::Env => "env",
            UrlVia::XArg => "x",
            UrlVia::Ini => "ini",
        }
    }
}

impl fmt::Display for UrlVia {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for UrlVia {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "env" => Ok(UrlVia::Env),
            "x" => Ok(UrlVia::XArg),
            "ini" => Ok(UrlVia::Ini),
            other => Err(format!(
                "unknown URL passing `{other}`; give one of {}",
                UrlVia::NAMES.join(", ")
            )),
        }
    }
}

/// How to run an Alembic project: its interpreter and how its `env.py`
/// learns the database URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AlembicOptions {
    /// The command that starts the project's Python (`--python`), split on
    /// whitespace: `.venv/bin/python`, `uv run python`, `poetry run python`.
    /// `None`: chosen from the project (see [`super::Python::resolve`]).
    pub python: Option<String>,
    pub url_via: UrlVia,
    /// The variable `UrlVia::Env` sets.
    pub url_env: String,
    /// The SQLAlchemy scheme of the URL (`postgresql+asyncpg`,
    /// `postgresql+psycopg`); `None`: asyncpg for an async `env.py` when it
    /// is installed, else psycopg, else plain `postgresql`.
    pub scheme: Option<String>,
    /// Start a new Python process (interpreter, alembic, the project) for
    /// every step instead of one resident process per walk
    /// (`--alembic-process-per-step`): slower; for an `env.py` that keeps
    /// state between runs, and for measuring.
    pub process_per_step: bool,
}

impl Default for AlembicOptions {
    fn default() -> Self {
        AlembicOptions {
            python: None,
            url_via: UrlVia::Env,
            url_env: "DATABASE_URL".into(),
            scheme: None,
            process_per_step: false,
        }
    }
}

impl AlembicOptions {
    /// What the helper's `serve` and `list` modes take, as JSON.
    pub fn helper_json(&self) -> String {
        self.helper_json_for(None)
    }

    /// [`helper_json`](Self::helper_json) for a helper that serves the
    /// database at `url`: with `--alembic-url-via env` the helper puts it
    /// in the environment before it imports anything, for projects whose
    /// settings read the URL once at import (Prefect).
    pub fn helper_json_for(&self, url: Option<&str>) -> String {
        serde_json::json!({
            "url_via": self.url_via.name(),
            "url_env": self.url_env,
            "scheme": self.scheme,
            "url": url,
        })
        .to_string()
    }
}
