//! The effective configuration: for every key, the highest layer that
//! says something (flag > environment > file > default), and where that
//! was. The CLI's flags and the harness's builder calls are the top layer
//! ([`Overrides`]); every problem of every layer is reported at once.

use super::discover::{CONFIG_ENV, discover};
use super::error::ConfigError;
use super::file::{BackendName, ConfigFile, IgnoreRule, Seconds};
use super::layers::{DEFAULT_HISTORY, DEFAULT_STEP_TIMEOUT, DEFAULT_URL_ENV, Overrides, env};
use super::origin::{Origin, Sourced};
use super::paths::shown;
use crate::db::{BackendChoice, BackendSettings, MIN_MAJOR};
use crate::introspect::InspectOptions;
use crate::source::Layout;
use crate::walk::WalkOptions;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The configuration in force, each value with its [`Origin`]. Paths are
/// relative to the directory the lookup started in (or absolute).
#[derive(Debug, Clone)]
pub struct Effective {
    /// The file that was read, if any.
    pub file: Option<Sourced<PathBuf>>,
    pub histories: Sourced<Vec<PathBuf>>,
    /// `None`: detected from each directory.
    pub layout: Sourced<Option<Layout>>,
    /// `None`: `snapshots/` beside each history.
    pub snapshots: Sourced<Option<PathBuf>>,
    pub backend: Sourced<BackendChoice>,
    /// `None`: `postgres:<major>`.
    pub image: Sourced<Option<String>>,
    /// Empty: the installed server's major (17 for docker without one).
    pub majors: Sourced<Vec<u32>>,
    pub url_env: Sourced<String>,
    pub url: Sourced<Option<String>>,
    /// `None`: searched for.
    pub pg_bin: Sourced<Option<PathBuf>>,
    pub allow_irreversible: Sourced<Vec<String>>,
    pub ignore: Sourced<Vec<IgnoreRule>>,
    pub strict_roles: Sourced<bool>,
    /// `None`: the number of CPUs.
    pub jobs: Sourced<Option<usize>>,
    pub step_timeout: Sourced<Duration>,
    /// Files of the history directories left out (`exclude`, `--exclude`).
    pub exclude: Sourced<Vec<String>>,
    /// Tables left out of the schema, `[SCHEMA.]NAME` (`exclude-table`).
    pub exclude_table: Sourced<Vec<String>>,
    pub strict_bodies: Sourced<bool>,
    /// `--data` / `data`.
    pub data: Sourced<crate::data::DataMode>,
    /// `None`: `fixtures/` beside each history.
    pub fixtures: Sourced<Option<PathBuf>>,
    pub allow_data_loss: Sourced<Vec<String>>,
    /// `lock-timeout`, `timeout`, `strict-globals`, the url guard.
    pub safety: super::safety::Safety,
}

impl Effective {
    /// The server settings (the default cluster cache).
    pub fn backend_settings(&self) -> BackendSettings {
        BackendSettings {
            choice: self.backend.value,
            majors: self.majors.value.clone(),
            image: self.image.value.clone(),
            url: self.url.value.clone(),
            pg_bin: self.pg_bin.value.clone(),
            cache_dir: None,
            url_guard: self.safety.url_guard(),
        }
    }

    /// The walk's options (no progress callback).
    pub fn walk_options(&self) -> WalkOptions {
        WalkOptions {
            ignore_column_order: self.ignore.value.contains(&IgnoreRule::ColumnOrder),
            step_timeout: self.step_timeout.value,
            allow_irreversible: self.allow_irreversible.value.clone(),
            inspect: InspectOptions {
                ignore_ownership: self.ignore.value.contains(&IgnoreRule::Ownership),
                ignore_tables: self.exclude_table.value.clone(),
                ..InspectOptions::default()
            },
            strict_roles: self.strict_roles.value,
            strict_bodies: self.strict_bodies.value,
            data: crate::data::DataOptions {
                mode: self.data.value,
                fixtures: self.fixtures.value.clone(),
                allow_data_loss: self.allow_data_loss.value.clone(),
            },
            strict_globals: self.safety.strict_globals.value,
            lock_timeout: self.safety.lock_timeout.value,
            ..WalkOptions::default()
        }
    }

    /// Walks at once: `jobs`, else the number of CPUs.
    pub fn jobs_or_cpus(&self) -> usize {
        self.jobs
            .value
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(2, |n| n.get()))
    }
}

/// Where to look, and the environment to read.
pub struct Lookup<'a> {
    /// The directory the command runs in (or the crate root): the file is
    /// looked for here and in its parents, and paths are given relative
    /// to it.
    pub start: &'a Path,
    /// A file named explicitly (`--config`); then nothing is looked for.
    pub explicit: Option<&'a Path>,
    /// The environment (`std::env::var` in the binary; a table in tests).
    pub env: &'a dyn Fn(&str) -> Option<String>,
}

impl Lookup<'_> {
    fn var(&self, name: &str) -> Option<String> {
        (self.env)(name).filter(|v| !v.is_empty())
    }
}

/// The process's environment, for [`Lookup::env`].
pub fn process_env(name: &str) -> Option<String> {
    std::env::var(name).ok()
}

/// Finds and reads the file, then layers `overrides` over the
/// environment over the file over the defaults.
pub fn load(lookup: &Lookup<'_>, overrides: &Overrides) -> Result<Effective, Vec<ConfigError>> {
    let (effective, errors) = load_lenient(lookup, overrides).map_err(|e| vec![e])?;
    if errors.is_empty() {
        Ok(effective)
    } else {
        Err(errors)
    }
}

/// [`load`], but a value that cannot work is an error beside a
/// configuration that uses the layer below instead, so that a caller can
/// report it with every other problem it finds. A file that cannot be
/// read or parsed is the one error.
pub fn load_lenient(
    lookup: &Lookup<'_>,
    overrides: &Overrides,
) -> Result<(Effective, Vec<ConfigError>), ConfigError> {
    let named = match lookup.explicit {
        Some(path) => Some((path.to_path_buf(), Origin::Flag("--config"))),
        None => lookup
            .var(CONFIG_ENV)
            .map(|p| (PathBuf::from(p), Origin::Env(CONFIG_ENV.into()))),
    };
    let (path, origin) = match named {
        Some(named) => (Some(named.0), named.1),
        None => (discover(lookup.start), Origin::Default),
    };
    let file = match path {
        Some(path) => Some(ConfigFile::load_shown(&path, &shown(lookup.start, &path))?),
        None => None,
    };
    let (mut effective, errors) = resolve_lenient(file.as_ref(), lookup, overrides);
    effective.file = file.map(|f| Sourced::new(shown(lookup.start, &f.path), origin));
    Ok((effective, errors))
}

/// Layers `overrides` over the environment over `file` over the
/// defaults.
pub fn resolve(
    file: Option<&ConfigFile>,
    lookup: &Lookup<'_>,
    overrides: &Overrides,
) -> Result<Effective, Vec<ConfigError>> {
    let (effective, errors) = resolve_lenient(file, lookup, overrides);
    if errors.is_empty() {
        Ok(effective)
    } else {
        Err(errors)
    }
}

/// [`resolve`], with the errors beside the configuration (see
/// [`load_lenient`]).
pub fn resolve_lenient(
    file: Option<&ConfigFile>,
    lookup: &Lookup<'_>,
    overrides: &Overrides,
) -> (Effective, Vec<ConfigError>) {
    let mut errors: Vec<ConfigError> = Vec::new();
    let names = overrides.names;
    let keys = file.map(|f| &f.keys);
    let at = |span: &std::ops::Range<usize>| match file {
        Some(f) => Origin::File {
            path: shown(lookup.start, &f.path),
            line: f.line(span),
        },
        None => Origin::Default,
    };
    // A relative path in the file starts at the file's directory.
    let from_file = |p: &Path| match file {
        Some(f) => shown(lookup.start, &f.dir().join(p)),
        None => p.to_path_buf(),
    };

    let histories = match (&overrides.histories, keys.and_then(|k| k.history.as_ref())) {
        (Some(dirs), _) => flag(dirs.clone(), names.history),
        (None, Some(h)) => {
            if h.get_ref().0.is_empty()
                && let Some(f) = file
            {
                errors.push(f.error(h.span(), "history = []: name at least one directory"));
            }
            Sourced::new(
                h.get_ref().0.iter().map(|p| from_file(p)).collect(),
                at(&h.span()),
            )
        }
        (None, None) => Sourced::default_value(vec![from_file(Path::new(DEFAULT_HISTORY))]),
    };
    let layout = match (overrides.layout, keys.and_then(|k| k.layout.as_ref())) {
        (Some(l), _) => flag(Some(l), names.layout),
        (None, Some(l)) => Sourced::new(Some(l.get_ref().0), at(&l.span())),
        (None, None) => Sourced::default_value(None),
    };
    let snapshots = match (
        &overrides.snapshots,
        keys.and_then(|k| k.snapshots.as_ref()),
    ) {
        (Some(s), _) => flag(Some(s.clone()), names.snapshots),
        (None, Some(s)) => Sourced::new(Some(from_file(s.get_ref())), at(&s.span())),
        (None, None) => Sourced::default_value(None),
    };

    let backend = if let Some(b) = overrides.backend {
        flag(b, names.backend)
    } else if let Some(text) = lookup.var(env::BACKEND) {
        match BackendName::parse(&text) {
            Some(b) => Sourced::new(b.into(), Origin::Env(env::BACKEND.into())),
            None => {
                errors.push(env_error(
                    env::BACKEND,
                    &text,
                    "expected one of auto, local, docker, url",
                ));
                Sourced::default_value(BackendChoice::Auto)
            }
        }
    } else if let Some(b) = keys.and_then(|k| k.backend.as_ref()) {
        Sourced::new((*b.get_ref()).into(), at(&b.span()))
    } else {
        Sourced::default_value(BackendChoice::Auto)
    };

    let image = if let Some(i) = &overrides.image {
        flag(Some(i.clone()), names.image)
    } else if let Some(text) = lookup.var(env::IMAGE) {
        Sourced::new(Some(text), Origin::Env(env::IMAGE.into()))
    } else if let Some(i) = keys.and_then(|k| k.image.as_ref()) {
        if i.get_ref().trim().is_empty()
            && let Some(f) = file
        {
            errors.push(f.error(
                i.span(),
                "image = \"\": give NAME or NAME:TAG, e.g. \"postgres\"",
            ));
        }
        Sourced::new(Some(i.get_ref().clone()), at(&i.span()))
    } else {
        Sourced::default_value(None)
    };

    let majors = if let Some(m) = &overrides.majors {
        flag(m.clone(), names.pg)
    } else if let Some(text) = lookup.var(env::PG) {
        match parse_majors(&text) {
            Ok(m) => Sourced::new(m, Origin::Env(env::PG.into())),
            Err(message) => {
                errors.push(env_error(env::PG, &text, &message));
                Sourced::default_value(Vec::new())
            }
        }
    } else if let Some(m) = keys.and_then(|k| k.pg.as_ref()) {
        if let Some(f) = file {
            for major in &m.get_ref().0 {
                if *major < MIN_MAJOR {
                    errors.push(f.error(
                        m.span(),
                        format!("pg: PostgreSQL {major} is not supported: pg-roundtrip needs {MIN_MAJOR} or later"),
                    ));
                }
            }
        }
        Sourced::new(m.get_ref().0.clone(), at(&m.span()))
    } else {
        Sourced::default_value(Vec::new())
    };

    let url_env = match keys.and_then(|k| k.url_env.as_ref()) {
        Some(v) => {
            if !is_variable_name(v.get_ref())
                && let Some(f) = file
            {
                errors.push(f.error(
                    v.span(),
                    format!("url-env = {:?}: give the name of an environment variable, e.g. \"DATABASE_URL\"", v.get_ref()),
                ));
            }
            Sourced::new(v.get_ref().clone(), at(&v.span()))
        }
        None => Sourced::default_value(DEFAULT_URL_ENV.to_string()),
    };
    let url = match &overrides.url {
        Some(u) => flag(Some(u.clone()), names.url),
        None => match lookup.var(&url_env.value) {
            Some(u) => Sourced::new(Some(u), Origin::Env(url_env.value.clone())),
            None => Sourced::default_value(None),
        },
    };
    let pg_bin = match (&overrides.pg_bin, lookup.var(env::PG_BIN)) {
        (Some(p), _) => flag(Some(p.clone()), names.pg_bin),
        (None, Some(p)) => Sourced::new(Some(PathBuf::from(p)), Origin::Env(env::PG_BIN.into())),
        (None, None) => Sourced::default_value(None),
    };

    let allow_irreversible = match (
        &overrides.allow_irreversible,
        keys.and_then(|k| k.allow_irreversible.as_ref()),
    ) {
        (Some(a), _) => flag(a.clone(), names.allow_irreversible),
        (None, Some(a)) => {
            if a.get_ref().0.iter().any(|r| r.trim().is_empty())
                && let Some(f) = file
            {
                errors.push(f.error(a.span(), "allow-irreversible: an empty revision name; give ids like \"0007_drop_legacy\" or versions"));
            }
            Sourced::new(a.get_ref().0.clone(), at(&a.span()))
        }
        (None, None) => Sourced::default_value(Vec::new()),
    };
    let ignore = match (&overrides.ignore, keys.and_then(|k| k.ignore.as_ref())) {
        (Some(i), _) => flag(i.clone(), names.ignore),
        (None, Some(i)) => Sourced::new(dedup(&i.get_ref().0), at(&i.span())),
        (None, None) => Sourced::default_value(Vec::new()),
    };
    let strict_roles = match (
        overrides.strict_roles,
        keys.and_then(|k| k.strict_roles.as_ref()),
    ) {
        (Some(s), _) => flag(s, names.strict_roles),
        (None, Some(s)) => Sourced::new(*s.get_ref(), at(&s.span())),
        (None, None) => Sourced::default_value(false),
    };

    let jobs = if let Some(j) = overrides.jobs {
        if j == 0 {
            errors.push(ConfigError::Value {
                what: format!("{} 0", names.jobs),
                message: "give at least 1 (walks to run at once)".into(),
            });
        }
        flag(usize::try_from(j).ok(), names.jobs)
    } else if let Some(text) = lookup.var(env::JOBS) {
        match text.trim().parse::<usize>() {
            Ok(n) if n > 0 => Sourced::new(Some(n), Origin::Env(env::JOBS.into())),
            _ => {
                errors.push(env_error(
                    env::JOBS,
                    &text,
                    "give a number of walks to run at once, at least 1",
                ));
                Sourced::default_value(None)
            }
        }
    } else if let Some(j) = keys.and_then(|k| k.jobs.as_ref()) {
        if *j.get_ref() == 0
            && let Some(f) = file
        {
            errors.push(f.error(j.span(), "jobs = 0: give at least 1 (walks to run at once)"));
        }
        Sourced::new(usize::try_from(*j.get_ref()).ok(), at(&j.span()))
    } else {
        Sourced::default_value(None)
    };

    let step_timeout = if let Some(s) = overrides.step_timeout {
        if s == 0 {
            errors.push(ConfigError::Value {
                what: format!("{} 0", names.step_timeout),
                message: "give at least 1 (seconds one step may run)".into(),
            });
        }
        flag(Duration::from_secs(s), names.step_timeout)
    } else if let Some(text) = lookup.var(env::STEP_TIMEOUT) {
        match Seconds::parse(&text) {
            Ok(s) if s.0 > 0 => Sourced::new(s.duration(), Origin::Env(env::STEP_TIMEOUT.into())),
            Ok(_) => {
                errors.push(env_error(
                    env::STEP_TIMEOUT,
                    &text,
                    "give at least 1 second",
                ));
                Sourced::default_value(Duration::from_secs(DEFAULT_STEP_TIMEOUT))
            }
            Err(message) => {
                errors.push(env_error(env::STEP_TIMEOUT, &text, &message));
                Sourced::default_value(Duration::from_secs(DEFAULT_STEP_TIMEOUT))
            }
        }
    } else if let Some(s) = keys.and_then(|k| k.step_timeout.as_ref()) {
        if s.get_ref().0 == 0
            && let Some(f) = file
        {
            errors.push(f.error(s.span(), "step-timeout = 0: give at least 1 second"));
        }
        Sourced::new(s.get_ref().duration(), at(&s.span()))
    } else {
        Sourced::default_value(Duration::from_secs(DEFAULT_STEP_TIMEOUT))
    };

    let listed = super::listed::resolve_listed(overrides, keys, &at);
    let (data, fixtures, allow_data_loss) =
        super::data_keys::resolve(overrides, keys, file, &mut errors, &at, &from_file);
    let safety = super::safety::resolve(&overrides.safety, file, &at, &mut errors);
    let effective = Effective {
        exclude: listed.exclude,
        exclude_table: listed.exclude_table,
        strict_bodies: listed.strict_bodies,
        file: None,
        histories,
        layout,
        snapshots,
        backend,
        image,
        majors,
        url_env,
        url,
        pg_bin,
        allow_irreversible,
        ignore,
        strict_roles,
        jobs,
        step_timeout,
        data,
        fixtures,
        allow_data_loss,
        safety,
    };
    (effective, errors)
}

/// A value the top layer gave.
fn flag<T>(value: T, name: &'static str) -> Sourced<T> {
    Sourced::new(value, Origin::Flag(name))
}

fn env_error(var: &str, value: &str, message: &str) -> ConfigError {
    ConfigError::Env {
        var: var.to_string(),
        value: value.to_string(),
        message: message.to_string(),
    }
}

/// `15,17` → `[15, 17]`.
fn parse_majors(text: &str) -> Result<Vec<u32>, String> {
    text.split(',')
        .map(|m| {
            m.trim().parse::<u32>().map_err(|_| {
                format!(
                    "`{}` is not a major version: give majors like 15,17",
                    m.trim()
                )
            })
        })
        .collect()
}

fn is_variable_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c == '_' || c.is_ascii_alphabetic())
        && chars.all(|c| c == '_' || c.is_ascii_alphanumeric())
}

fn dedup(rules: &[IgnoreRule]) -> Vec<IgnoreRule> {
    let mut out: Vec<IgnoreRule> = Vec::new();
    for r in rules {
        if !out.contains(r) {
            out.push(*r);
        }
    }
    out
}
