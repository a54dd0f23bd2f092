//! `config`: the configuration `check` would use with the same arguments,
//! as TOML a user can read (or start a `pg-roundtrip.toml` from), each
//! line with where its value comes from. Values the file cannot hold (the
//! server's URL, the binaries' directory) and unset ones are comments.

use super::args::CheckArgs;
use super::config::effective;
use super::error::CliError;
use super::exit;
use super::stdout::{Stdout, say};
use crate::config::{Effective, Origin, Sourced};
use crate::db::{BackendChoice, redact_url};
use std::io::Write;
use std::path::Path;

/// Where the origin comments start.
const COLUMN: usize = 40;

pub fn show_config(args: CheckArgs) -> Result<u8, CliError> {
    let (effective, errors) = effective(&args)?;
    if let Some(error) = CliError::all(errors) {
        return Err(error);
    }
    let mut out = Stdout::new();
    for line in lines(&effective) {
        say!(out, "{line}");
    }
    out.flush().map_err(CliError::Stdout)?;
    Ok(exit::OK)
}

/// The printed lines.
pub fn lines(e: &Effective) -> Vec<String> {
    let mut out = vec![
        "# The configuration `pg-roundtrip check` uses here; after each value, where it comes from."
            .to_string(),
    ];
    out.push(match &e.file {
        Some(file) => match &file.origin {
            Origin::Default => format!("# file: {}", file.value.display()),
            other => format!("# file: {} ({other})", file.value.display()),
        },
        None => format!(
            "# file: none ({} in this directory or a parent)",
            crate::config::CONFIG_FILE
        ),
    });
    let paths =
        |v: &[std::path::PathBuf]| toml::Value::Array(v.iter().map(|p| path_value(p)).collect());
    out.push(key(
        "history",
        &paths(&e.histories.value),
        &e.histories.origin,
    ));
    out.push(match e.layout.value {
        Some(l) => key("layout", &string(l.name()), &e.layout.origin),
        None => unset("layout", "detected from each history", &e.layout.origin),
    });
    out.push(match &e.snapshots.value {
        Some(p) => key("snapshots", &path_value(p), &e.snapshots.origin),
        None => unset(
            "snapshots",
            "snapshots/ beside each history",
            &e.snapshots.origin,
        ),
    });
    out.push(key(
        "backend",
        &string(backend_name(e.backend.value)),
        &e.backend.origin,
    ));
    out.push(match &e.image.value {
        Some(i) => key("image", &string(i), &e.image.origin),
        None => unset("image", "postgres:<MAJOR>", &e.image.origin),
    });
    out.push(if e.majors.value.is_empty() {
        unset(
            "pg",
            "the installed server's major (17 for docker without one)",
            &e.majors.origin,
        )
    } else {
        let majors = e
            .majors
            .value
            .iter()
            .map(|m| toml::Value::Integer(i64::from(*m)));
        key(
            "pg",
            &toml::Value::Array(majors.collect()),
            &e.majors.origin,
        )
    });
    out.push(key("url-env", &string(&e.url_env.value), &e.url_env.origin));
    out.push(commented(
        "url",
        &e.url
            .value
            .as_deref()
            .map(redact_url)
            .unwrap_or_else(|| "none".into()),
        &e.url,
    ));
    out.push(commented(
        "pg-bin",
        &e.pg_bin
            .value
            .as_ref()
            .map(|p| p.display().to_string())
            .unwrap_or_else(|| "searched for (PATH, pg_config, /usr/lib/postgresql/*/bin)".into()),
        &e.pg_bin,
    ));
    let strings = |v: Vec<&str>| toml::Value::Array(v.into_iter().map(string).collect());
    out.push(key(
        "allow-irreversible",
        &strings(
            e.allow_irreversible
                .value
                .iter()
                .map(String::as_str)
                .collect(),
        ),
        &e.allow_irreversible.origin,
    ));
    out.push(key(
        "ignore",
        &strings(e.ignore.value.iter().map(|i| i.name()).collect()),
        &e.ignore.origin,
    ));
    out.push(key(
        "strict-roles",
        &toml::Value::Boolean(e.strict_roles.value),
        &e.strict_roles.origin,
    ));
    out.push(match e.jobs.value {
        Some(j) => key("jobs", &integer(j as u64), &e.jobs.origin),
        None => unset(
            "jobs",
            &format!("the number of CPUs ({})", e.jobs_or_cpus()),
            &e.jobs.origin,
        ),
    });
    out.push(key(
        "step-timeout",
        &integer(e.step_timeout.value.as_secs()),
        &e.step_timeout.origin,
    ));
    let string_list = |v: &[String]| toml::Value::Array(v.iter().map(|s| string(s)).collect());
    out.push(key(
        "strict-bodies",
        &toml::Value::Boolean(e.strict_bodies.value),
        &e.strict_bodies.origin,
    ));
    out.push(key(
        "exclude-table",
        &string_list(&e.exclude_table.value),
        &e.exclude_table.origin,
    ));
    out.push(key(
        "exclude",
        &string_list(&e.exclude.value),
        &e.exclude.origin,
    ));
    out.push(key("data", &string(e.data.value.name()), &e.data.origin));
    out.push(match &e.fixtures.value {
        Some(p) => key("fixtures", &path_value(p), &e.fixtures.origin),
        None => unset(
            "fixtures",
            "fixtures/ beside each history",
            &e.fixtures.origin,
        ),
    });
    out.push(key(
        "allow-data-loss",
        &strings(e.allow_data_loss.value.iter().map(String::as_str).collect()),
        &e.allow_data_loss.origin,
    ));
    out.extend(safety_lines(&e.safety));
    out
}

/// `lock-timeout`, `timeout`, `strict-globals`, `allow-production`,
/// `production-tables`.
fn safety_lines(s: &crate::config::Safety) -> Vec<String> {
    vec![
        key(
            "lock-timeout",
            &integer(s.lock_timeout.value.as_secs()),
            &s.lock_timeout.origin,
        ),
        match s.timeout.value {
            Some(t) => key("timeout", &integer(t.as_secs()), &s.timeout.origin),
            None => unset("timeout", "no limit", &s.timeout.origin),
        },
        key(
            "strict-globals",
            &toml::Value::Boolean(s.strict_globals.value),
            &s.strict_globals.origin,
        ),
        key(
            "allow-production",
            &toml::Value::Boolean(s.allow_production.value),
            &s.allow_production.origin,
        ),
        key(
            "production-tables",
            &integer(s.production_tables.value as u64),
            &s.production_tables.origin,
        ),
    ]
}

fn key(name: &str, value: &toml::Value, origin: &Origin) -> String {
    with_origin(format!("{name} = {value}"), origin)
}

/// A key left to its default behaviour, which the file can only leave out.
fn unset(name: &str, what: &str, origin: &Origin) -> String {
    with_origin(format!("# {name}: {what}"), origin)
}

/// A setting the file does not hold.
fn commented<T>(name: &str, what: &str, value: &Sourced<T>) -> String {
    with_origin(format!("# {name}: {what}"), &value.origin)
}

fn with_origin(text: String, origin: &Origin) -> String {
    let pad = COLUMN.saturating_sub(text.chars().count()).max(1);
    format!("{text}{}# {origin}", " ".repeat(pad))
}

fn string(s: &str) -> toml::Value {
    toml::Value::String(s.to_string())
}

fn integer(n: u64) -> toml::Value {
    toml::Value::Integer(i64::try_from(n).unwrap_or(i64::MAX))
}

fn path_value(p: &Path) -> toml::Value {
    string(&p.display().to_string())
}

fn backend_name(choice: BackendChoice) -> &'static str {
    match choice {
        BackendChoice::Auto => "auto",
        BackendChoice::Docker => "docker",
        BackendChoice::Local => "local",
        BackendChoice::Url => "url",
    }
}
