//! The keys that keep a run from harming a server or hanging, resolved
//! like the others (flag > file > default): `lock-timeout`, `timeout`
//! (the whole run), `strict-globals`, and what the url backend accepts
//! (`allow-production`, `production-tables`).

use super::error::ConfigError;
use super::file::{ConfigFile, FileKeys};
use super::origin::{Origin, Sourced};
use crate::db::{DEFAULT_LOCK_TIMEOUT, DEFAULT_MAX_FILLED_TABLES, UrlGuard};
use std::time::Duration;

/// The flags of these keys.
pub mod flags {
    pub const LOCK_TIMEOUT: &str = "--lock-timeout";
    pub const TIMEOUT: &str = "--timeout";
    pub const STRICT_GLOBALS: &str = "--strict-globals";
    pub const ALLOW_PRODUCTION: &str = "--allow-production";
    pub const PRODUCTION_TABLES: &str = "--production-tables";
}

/// What the top layer says about these keys; `None` where it says nothing.
#[derive(Debug, Clone, Default)]
pub struct SafetyOverrides {
    /// Seconds.
    pub lock_timeout: Option<u64>,
    /// Seconds.
    pub timeout: Option<u64>,
    pub strict_globals: Option<bool>,
    pub allow_production: Option<bool>,
    pub production_tables: Option<u64>,
}

/// These keys in force, each with its origin.
#[derive(Debug, Clone)]
pub struct Safety {
    /// `lock_timeout` of every step.
    pub lock_timeout: Sourced<Duration>,
    /// The longest a whole run may take (`None`: no limit).
    pub timeout: Sourced<Option<Duration>>,
    /// Databases, tablespaces and roles a downgrade leaves behind fail
    /// the revision.
    pub strict_globals: Sourced<bool>,
    /// The url backend may use a server that looks like production.
    pub allow_production: Sourced<bool>,
    /// More user tables with rows than this look like production.
    pub production_tables: Sourced<usize>,
}

impl Safety {
    /// What the url backend accepts.
    pub fn url_guard(&self) -> UrlGuard {
        UrlGuard {
            allow_production: self.allow_production.value,
            max_filled_tables: self.production_tables.value,
        }
    }
}

/// Resolves these keys; `at` turns a span of the file into an origin.
pub(super) fn resolve(
    overrides: &SafetyOverrides,
    file: Option<&ConfigFile>,
    at: &dyn Fn(&std::ops::Range<usize>) -> Origin,
    errors: &mut Vec<ConfigError>,
) -> Safety {
    let keys: Option<&FileKeys> = file.map(|f| &f.keys);
    let mut positive = |value: u64, flag: &'static str, key: &str, span: Option<_>| {
        if value > 0 {
            return;
        }
        match (span, file) {
            (Some(span), Some(f)) => {
                errors.push(f.error(span, format!("{key} = 0: give at least 1 second")))
            }
            _ => errors.push(ConfigError::Value {
                what: format!("{flag} 0"),
                message: "give at least 1 second".into(),
            }),
        }
    };
    let lock_timeout = match (
        overrides.lock_timeout,
        keys.and_then(|k| k.lock_timeout.as_ref()),
    ) {
        (Some(s), _) => {
            positive(s, flags::LOCK_TIMEOUT, "lock-timeout", None);
            Sourced::new(Duration::from_secs(s), Origin::Flag(flags::LOCK_TIMEOUT))
        }
        (None, Some(s)) => {
            positive(
                s.get_ref().0,
                flags::LOCK_TIMEOUT,
                "lock-timeout",
                Some(s.span()),
            );
            Sourced::new(s.get_ref().duration(), at(&s.span()))
        }
        (None, None) => Sourced::default_value(DEFAULT_LOCK_TIMEOUT),
    };
    let timeout = match (overrides.timeout, keys.and_then(|k| k.timeout.as_ref())) {
        (Some(s), _) => {
            positive(s, flags::TIMEOUT, "timeout", None);
            Sourced::new(Some(Duration::from_secs(s)), Origin::Flag(flags::TIMEOUT))
        }
        (None, Some(s)) => {
            positive(s.get_ref().0, flags::TIMEOUT, "timeout", Some(s.span()));
            Sourced::new(Some(s.get_ref().duration()), at(&s.span()))
        }
        (None, None) => Sourced::default_value(None),
    };
    let switch = |flag: Option<bool>, key: Option<&toml::Spanned<bool>>, name: &'static str| match (
        flag, key,
    ) {
        (Some(v), _) => Sourced::new(v, Origin::Flag(name)),
        (None, Some(v)) => Sourced::new(*v.get_ref(), at(&v.span())),
        (None, None) => Sourced::default_value(false),
    };
    let strict_globals = switch(
        overrides.strict_globals,
        keys.and_then(|k| k.strict_globals.as_ref()),
        flags::STRICT_GLOBALS,
    );
    let allow_production = switch(
        overrides.allow_production,
        keys.and_then(|k| k.allow_production.as_ref()),
        flags::ALLOW_PRODUCTION,
    );
    let as_count = |n: u64| usize::try_from(n).unwrap_or(usize::MAX);
    let production_tables = match (
        overrides.production_tables,
        keys.and_then(|k| k.production_tables.as_ref()),
    ) {
        (Some(n), _) => Sourced::new(as_count(n), Origin::Flag(flags::PRODUCTION_TABLES)),
        (None, Some(n)) => Sourced::new(as_count(*n.get_ref()), at(&n.span())),
        (None, None) => Sourced::default_value(DEFAULT_MAX_FILLED_TABLES),
    };
    Safety {
        lock_timeout,
        timeout,
        strict_globals,
        allow_production,
        production_tables,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Lookup, Names, Overrides, resolve};
    use std::path::{Path, PathBuf};

    fn effective(text: &str, safety: SafetyOverrides) -> crate::config::Effective {
        let file = ConfigFile::parse(text.to_string(), Path::new("/p/pg-roundtrip.toml"))
            .unwrap_or_else(|e| panic!("{e}"));
        let nothing = |_: &str| None;
        let lookup = Lookup {
            start: Path::new("/p"),
            explicit: None,
            env: &nothing,
        };
        let overrides = Overrides {
            safety,
            ..Overrides::none(Names::FLAGS)
        };
        resolve(Some(&file), &lookup, &overrides).unwrap_or_else(|e| panic!("{e:?}"))
    }

    fn line(n: usize) -> Origin {
        Origin::File {
            path: PathBuf::from("pg-roundtrip.toml"),
            line: n,
        }
    }

    #[test]
    fn the_file_keys_reach_the_walk_and_the_url_guard() {
        let e = effective(
            "lock-timeout = \"2m\"\ntimeout = \"1h\"\nstrict-globals = true\nallow-production = true\nproduction-tables = 3\n",
            SafetyOverrides::default(),
        );
        let s = &e.safety;
        assert_eq!(
            s.lock_timeout,
            Sourced::new(Duration::from_secs(120), line(1))
        );
        assert_eq!(
            s.timeout,
            Sourced::new(Some(Duration::from_secs(3600)), line(2))
        );
        let walk = e.walk_options();
        assert_eq!(walk.lock_timeout, Duration::from_secs(120));
        assert!(walk.strict_globals);
        assert_eq!(
            e.backend_settings().url_guard,
            UrlGuard {
                allow_production: true,
                max_filled_tables: 3
            }
        );
    }

    #[test]
    fn flags_win_and_defaults_are_sane() {
        let e = effective(
            "lock-timeout = 5\nproduction-tables = 3\n",
            SafetyOverrides {
                lock_timeout: Some(7),
                production_tables: Some(0),
                ..SafetyOverrides::default()
            },
        );
        let s = &e.safety;
        assert_eq!(s.lock_timeout.value, Duration::from_secs(7));
        assert_eq!(s.lock_timeout.origin, Origin::Flag(flags::LOCK_TIMEOUT));
        assert_eq!(s.production_tables.value, 0);
        assert_eq!(s.timeout.value, None);
        assert!(!s.strict_globals.value && !s.allow_production.value);
        let defaults = effective("", SafetyOverrides::default());
        assert_eq!(defaults.safety.lock_timeout.value, DEFAULT_LOCK_TIMEOUT);
        assert_eq!(
            defaults.safety.production_tables.value,
            DEFAULT_MAX_FILLED_TABLES
        );
    }
}
