//! Which layout a history directory is in, judged from its entries:
//!
//! * `sqitch.plan` → sqitch;
//! * `alembic.ini`, or `env.py` beside a `versions/` directory → Alembic;
//! * a directory holding `up.sql` → diesel;
//! * a `*.up.sql` or `*.down.sql` file → flat (sqlx, golang-migrate);
//! * a `V<version>__…`, `U<version>__…` or `R__…` `.sql` file, or a
//!   directory holding one (Flyway scans recursively) → Flyway;
//! * a `<digits>…sql` file with a `-- +goose` annotation (or a goose `.go`
//!   migration) → goose; with a `-- migrate:up` marker → dbmate; with
//!   neither → flat (a sqlx up-only migration, which its reader reports).
//!
//! The layout with the most entries wins; its reader then reports any
//! entry that does not belong. A tie, or no entry at all that fits, is a
//! [`HistoryError`] naming what was seen and every layout there is, with
//! `--layout` to force one.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use super::directive::strip_bom;
use super::error::{HistoryError, Problem};
use super::exclude::Exclude;
use super::files::{Entry, Lister, check_dir, entries, numbered_stem, sql_stem};
use super::layout::Layout;
use super::sqitch::PLAN;

/// How many names of what was seen an error lists.
const SHOWN: usize = 8;

/// The layout of the history in `dir`.
pub fn detect(dir: &Path) -> Result<Layout, HistoryError> {
    detect_excluding(dir, &Exclude::default())
}

/// [`detect`], leaving out what `exclude` matches.
pub(super) fn detect_excluding(dir: &Path, exclude: &Exclude) -> Result<Layout, HistoryError> {
    let mut problems = Vec::new();
    if !check_dir(dir, &mut problems) {
        return Err(HistoryError::new(dir, problems));
    }
    let found = entries(Lister::new(dir, exclude), dir, &mut problems);
    if !problems.is_empty() {
        return Err(HistoryError::new(dir, problems));
    }
    if found.is_empty() {
        return Err(HistoryError::new(
            dir,
            vec![
                Problem::new(dir, "no migration files found").with_help(format!(
                    "add migrations in one of the layouts pg-roundtrip reads: {}",
                    Layout::list()
                )),
            ],
        ));
    }
    if found.iter().any(|e| e.name == PLAN && e.is_file()) {
        return Ok(Layout::Sqitch);
    }
    if is_alembic(dir) {
        return Ok(Layout::Alembic);
    }
    let mut votes: BTreeMap<Layout, usize> = BTreeMap::new();
    for entry in &found {
        if let Some(layout) = vote(entry) {
            *votes.entry(layout).or_default() += 1;
        }
    }
    let most = votes.values().copied().max().unwrap_or(0);
    let winners: Vec<Layout> = votes
        .iter()
        .filter(|(_, n)| **n == most)
        .map(|(l, _)| *l)
        .collect();
    match winners.as_slice() {
        [layout] => Ok(*layout),
        [] => Err(HistoryError::new(
            dir,
            vec![
                Problem::new(
                    dir,
                    format!("no known migration layout fits: saw {}", seen(&found)),
                )
                .with_help(format!(
                    "pg-roundtrip reads these layouts: {}; point it at the directory that holds \
                     the migrations, or force one with --layout NAME",
                    Layout::list()
                )),
            ],
        )),
        several => {
            let names: Vec<&str> = several.iter().map(|l| l.name()).collect();
            Err(HistoryError::new(
                dir,
                vec![
                    Problem::new(
                        dir,
                        format!(
                            "the directory fits more than one layout equally ({}): saw {}",
                            names.join(", "),
                            seen(&found)
                        ),
                    )
                    .with_help("force one with --layout NAME, or move the other tool's files out"),
                ],
            ))
        }
    }
}

/// The layout one entry points to, if any.
fn vote(entry: &Entry) -> Option<Layout> {
    let name = entry.name.as_str();
    if entry.is_dir() {
        if entry.path.join("up.sql").is_file() {
            return Some(Layout::Diesel);
        }
        // Flyway scans its locations recursively.
        return holds_flyway(&entry.path, 3).then_some(Layout::Flyway);
    }
    // `.up.go` / `.down.go`: Go migrations beside a flat history (concourse).
    if [".up.sql", ".down.sql", ".up.go", ".down.go"]
        .iter()
        .any(|end| name.ends_with(end))
    {
        return Some(Layout::Flat);
    }
    if name.ends_with(".go") && numbered_stem(name.trim_end_matches(".go")).is_ok() {
        return Some(Layout::Goose);
    }
    let stem = sql_stem(name)?;
    if is_flyway(stem) {
        return Some(Layout::Flyway);
    }
    numbered_stem(stem).ok()?;
    let text = fs::read_to_string(&entry.path).ok()?;
    let text = strip_bom(&text);
    let goose = text.lines().any(|l| {
        l.get(..9)
            .is_some_and(|p| p.eq_ignore_ascii_case("-- +goose"))
    });
    let dbmate = text.lines().any(|l| {
        l.strip_prefix("--")
            .is_some_and(|r| r.trim_start().starts_with("migrate:up"))
    });
    match (goose, dbmate) {
        (true, false) => Some(Layout::Goose),
        (false, true) => Some(Layout::Dbmate),
        // A sqlx simple (up-only) migration: the flat reader says why it
        // cannot be walked.
        (false, false) => Some(Layout::Flat),
        (true, true) => None,
    }
}

/// Whether `dir`, or a directory below it down to `depth` levels, holds a
/// Flyway migration.
fn holds_flyway(dir: &Path, depth: usize) -> bool {
    let Ok(listing) = fs::read_dir(dir) else {
        return false;
    };
    listing.flatten().any(|entry| {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if path.is_dir() {
            depth > 0 && !name.starts_with('.') && holds_flyway(&path, depth - 1)
        } else {
            sql_stem(&name).is_some_and(is_flyway)
        }
    })
}

/// An Alembic project (`alembic.ini`) or its script directory (`env.py`
/// beside `versions/`).
fn is_alembic(dir: &Path) -> bool {
    dir.join("alembic.ini").is_file()
        || (dir.join("env.py").is_file() && dir.join("versions").is_dir())
}

fn is_flyway(stem: &str) -> bool {
    if stem.starts_with("R__") {
        return true;
    }
    let Some(rest) = stem.strip_prefix('V').or_else(|| stem.strip_prefix('U')) else {
        return false;
    };
    rest.split_once("__").is_some_and(|(version, _)| {
        !version.is_empty()
            && version.starts_with(|c: char| c.is_ascii_digit())
            && version
                .chars()
                .all(|c| c.is_ascii_digit() || c == '.' || c == '_')
    })
}

/// `3 files (`a.sql`, `b.txt`, …) and 1 directory (`x`)`.
fn seen(found: &[Entry]) -> String {
    let (dirs, files): (Vec<&Entry>, Vec<&Entry>) = found.iter().partition(|e| e.is_dir());
    let list = |(one, many): (&str, &str), entries: &[&Entry]| -> Option<String> {
        if entries.is_empty() {
            return None;
        }
        let mut names: Vec<String> = entries
            .iter()
            .take(SHOWN)
            .map(|e| format!("`{}`", e.name))
            .collect();
        if entries.len() > SHOWN {
            names.push(format!("… {} more", entries.len() - SHOWN));
        }
        let what = if entries.len() == 1 { one } else { many };
        Some(format!("{} {what} ({})", entries.len(), names.join(", ")))
    };
    let parts: Vec<String> = [
        list(("file", "files"), &files),
        list(("directory", "directories"), &dirs),
    ]
    .into_iter()
    .flatten()
    .collect();
    parts.join(" and ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flyway_names() {
        for name in ["V1__a", "V1_2__a", "V1.2.10__a", "U3__a", "R__views"] {
            assert!(is_flyway(name), "{name}");
        }
        for name in ["V__a", "Vx__a", "1__a", "V1_a", "v1__a"] {
            assert!(!is_flyway(name), "{name}");
        }
    }
}
