//! `--since`, `--changed-from` and `--partition` → which revisions of each
//! history get the round trip on each server. The revisions before a
//! selected one are fast-forwarded by the walk
//! ([`walk_selected`](crate::walk::walk_selected)).
//!
//! With both `--since` and `--changed-from`, a revision must satisfy both.
//! `--partition K/N` then cuts what is left, over every server and
//! history, into N slices.

use super::args::SelectArgs;
use super::changed::{Changes, changes, resolved};
use super::config::HistoryRun;
use super::error::CliError;
use super::partition::{describe_partition, partitioned};
use crate::report::display_path;
use crate::source::{History, Layout, Revision};
use crate::walk::{Partition, Selection};
use std::path::PathBuf;

/// What the selection flags chose, per history (in the order of the
/// check's histories).
#[derive(Debug, Clone, Default)]
pub struct Chosen {
    pub selections: Vec<Selection>,
    /// Revisions older than the newest one at `--changed-from`'s ref whose
    /// files were modified.
    pub edits: Vec<Edit>,
    /// What looks wrong but does not fail (a new revision placed before
    /// existing ones, a deleted file).
    pub warnings: Vec<String>,
    /// One line per history saying what was chosen and why; none without
    /// a selection flag.
    pub lines: Vec<String>,
    /// What the flags ask for: `changed since main`, `--since 0003`.
    pub why: String,
}

/// An edited applied migration: a revision that existed at the ref, older
/// than the newest one there, whose files changed since.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub history: PathBuf,
    pub revision: String,
    /// Its files that changed.
    pub files: Vec<PathBuf>,
    /// Whether the file its upgrade is read from changed (databases that
    /// applied it never run the edit); else only its downgrade or verify
    /// script did.
    pub upgrade: bool,
    /// The newest revision that existed at the ref.
    pub newest: String,
}

/// Applies `--since` and `--changed-from` to every history; every bad
/// value is reported at once.
pub fn choose(args: &SelectArgs, histories: &[HistoryRun]) -> Result<Chosen, CliError> {
    let mut chosen = Chosen::default();
    let mut errors = Vec::new();
    for run in histories {
        let history = &run.history;
        let len = history.revisions.len();
        let mut selection = Selection::All;
        let mut why = Vec::new();
        if let Some(rev) = &args.since {
            match since(history, rev) {
                Ok(s) => {
                    selection = s;
                    why.push(format!("--since {rev}"));
                }
                Err(e) => errors.push(e),
            }
        }
        if let Some(reference) = &args.changed_from {
            match changes(&history.dir, reference) {
                Ok(found) => {
                    let changed = classify(history, &found);
                    selection = selection.and(&changed.selection, len);
                    chosen.edits.extend(changed.edits);
                    chosen.warnings.extend(changed.warnings);
                    why.push(format!("changed since {reference}"));
                }
                Err(e) => errors.push(e),
            }
        }
        if !why.is_empty() {
            chosen.why = why.join(" and ");
            chosen
                .lines
                .push(describe(history, &selection, &chosen.why));
        }
        chosen.selections.push(selection);
    }
    match CliError::all(errors) {
        Some(e) => Err(e),
        None => Ok(chosen),
    }
}

impl Chosen {
    /// Whether the flags left no revision of any history to walk (a whole
    /// walk of an empty history still walks).
    pub fn is_nothing(&self, histories: &[HistoryRun]) -> bool {
        !histories.is_empty()
            && self
                .selections
                .iter()
                .zip(histories)
                .all(|(s, h)| walks_nothing(s, h.history.revisions.len()))
    }

    /// The one line for a check the flags left nothing to walk.
    pub fn nothing_line(&self, histories: &[HistoryRun]) -> String {
        let dirs: Vec<String> = histories
            .iter()
            .map(|h| display_path(&h.history.dir))
            .collect();
        format!(
            "pg-roundtrip: no revision of {} is {}: nothing to walk, no server started",
            dirs.join(", "),
            self.why
        )
    }

    /// What each of the servers (named by `labels`) walks of each history
    /// (`[server][history]`), for `partition` if given, which it describes
    /// in one line on stderr; `None` when the partition has nothing to walk.
    pub fn per_server(
        &self,
        partition: Option<Partition>,
        histories: &[HistoryRun],
        labels: &[String],
    ) -> Option<Vec<Vec<Selection>>> {
        let lens: Vec<usize> = histories
            .iter()
            .map(|h| h.history.revisions.len())
            .collect();
        let matrix = partitioned(&self.selections, &lens, labels.len(), partition);
        let Some(partition) = partition else {
            return Some(matrix);
        };
        let line = describe_partition(partition, &matrix, &self.selections, histories, labels);
        eprintln!("{line}");
        let mut walks = matrix.iter().flatten().zip(lens.iter().cycle());
        if walks.all(|(s, len)| walks_nothing(s, *len)) {
            return None;
        }
        Some(matrix)
    }

    /// Prints the edited applied migrations (`error:` for an edited
    /// upgrade unless `allowed`, `warning:` otherwise); true when one of
    /// them fails the check.
    pub fn print_edits(&self, allowed: bool, out: &mut impl std::io::Write) -> bool {
        let mut failed = false;
        for edit in &self.edits {
            let files = edit
                .files
                .iter()
                .map(|f| display_path(f))
                .collect::<Vec<_>>()
                .join(", ");
            let (level, what, consequence) = match (edit.upgrade, allowed) {
                (true, false) => {
                    failed = true;
                    (
                        "error",
                        "edited an applied migration",
                        format!(
                            "databases that applied {} will never run the edit\n  help: put the change in a new revision; if no database has applied {} yet, pass --allow-edited",
                            edit.revision, edit.revision
                        ),
                    )
                }
                (true, true) => (
                    "warning",
                    "edited an applied migration",
                    "allowed by --allow-edited".to_string(),
                ),
                (false, _) => (
                    "warning",
                    "edited an applied migration's downgrade",
                    "its round trip was checked again; databases keep what its upgrade did"
                        .to_string(),
                ),
            };
            let _ = writeln!(
                out,
                "{level}: {what}: {} in {} ({files} changed, and the newer {} already existed): {consequence}",
                edit.revision,
                display_path(&edit.history),
                edit.newest
            );
        }
        for warning in &self.warnings {
            let _ = writeln!(out, "warning: {warning}");
        }
        failed
    }
}

/// Whether `selection` walks nothing of a history of `len` revisions (a
/// whole walk always walks, even an empty history).
pub fn walks_nothing(selection: &Selection, len: usize) -> bool {
    matches!(selection, Selection::Only(_)) && selection.is_empty(len)
}

/// `--since REV`: REV and every revision after it.
fn since(history: &History, rev: &str) -> Result<Selection, CliError> {
    let revisions = &history.revisions;
    match revisions.iter().position(|r| r.is_named(rev)) {
        Some(start) => Ok(Selection::range(start..revisions.len())),
        None if revisions.is_empty() => Err(CliError::Usage(format!(
            "--since {rev}: {} has no revisions",
            display_path(&history.dir)
        ))),
        None => Err(CliError::Usage(format!(
            "--since {rev}: no revision {rev:?} in {} (nearby: {}; {} revisions from {} to {}): give an id or a version",
            display_path(&history.dir),
            nearby(revisions, rev).join(", "),
            revisions.len(),
            revisions[0].id(),
            revisions[revisions.len() - 1].id(),
        ))),
    }
}

/// The (at most three) ids nearest to `name` by edit distance to their id,
/// version or description, then by how far their version number is from
/// the number `name` starts with, in history order.
fn nearby(revisions: &[Revision], name: &str) -> Vec<String> {
    let name = name.to_lowercase();
    let digits: String = name.chars().take_while(char::is_ascii_digit).collect();
    let number = digits.parse::<u64>().ok();
    let mut scored: Vec<(usize, u64, usize)> = revisions
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let d = [r.id(), r.version_text.clone(), r.description.clone()]
                .iter()
                .map(|s| distance(&s.to_lowercase(), &name))
                .min()
                .unwrap_or(usize::MAX);
            let far = number.map_or(0, |n| n.abs_diff(r.version));
            (d, far, i)
        })
        .collect();
    scored.sort();
    let mut near: Vec<usize> = scored.iter().take(3).map(|(_, _, i)| *i).collect();
    near.sort();
    near.into_iter().map(|i| revisions[i].id()).collect()
}

/// Levenshtein distance, by characters.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1)
                .min(row[j] + 1)
                .min(diagonal + usize::from(ca != *cb));
            diagonal = above;
        }
    }
    row[b.len()]
}

/// What `--changed-from` makes of one history's changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Classified {
    /// The revisions with an added or modified file.
    pub selection: Selection,
    pub edits: Vec<Edit>,
    pub warnings: Vec<String>,
}

/// Which revisions of `history` the changed files belong to. A revision
/// whose upgrade file was added is new; one with any other changed file
/// existed at the ref, and is an edit when it is older than the newest
/// revision that existed there.
pub fn classify(history: &History, changes: &Changes) -> Classified {
    let reference = &changes.reference;
    let files: Vec<Vec<PathBuf>> = history
        .revisions
        .iter()
        .map(|r| revision_files(history.format, r))
        .collect();
    let added = |r: usize| {
        files[r]
            .first()
            .is_some_and(|up| changes.added.contains(up))
    };
    let changed = |r: usize| -> Vec<PathBuf> {
        files[r]
            .iter()
            .filter(|f| changes.added.contains(*f) || changes.modified.contains(*f))
            .cloned()
            .collect()
    };
    let newest_at_ref = (0..files.len()).rev().find(|r| !added(*r));
    let mut selected = Vec::new();
    let mut edits = Vec::new();
    let mut warnings = Vec::new();
    for (r, revision) in history.revisions.iter().enumerate() {
        let touched = changed(r);
        if touched.is_empty() {
            continue;
        }
        selected.push(r);
        let Some(newest) = newest_at_ref.filter(|n| r < *n) else {
            continue;
        };
        let newest = history.revisions[newest].id();
        if added(r) {
            warnings.push(format!(
                "{} in {} is new since {reference} but comes before {newest}, which existed there: databases that already applied {newest} may never run it (most tools skip or refuse a revision older than the newest applied one)",
                revision.id(),
                display_path(&history.dir),
            ));
            continue;
        }
        let upgrade = files[r].first().is_some_and(|up| touched.contains(up));
        edits.push(Edit {
            history: history.dir.clone(),
            revision: revision.id(),
            files: touched,
            upgrade,
            newest,
        });
    }
    let known: Vec<&PathBuf> = files.iter().flatten().collect();
    for gone in &changes.deleted {
        if !known.contains(&gone) && is_sql(gone) {
            warnings.push(format!(
                "{} was deleted since {reference}: a database that applied it keeps what it did",
                display_path(gone)
            ));
        }
    }
    Classified {
        selection: Selection::only(selected),
        edits,
        warnings,
    }
}

fn is_sql(path: &std::path::Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("sql"))
}

/// Every file a revision was read from, its upgrade's first, as absolute
/// resolved paths: its scripts, and for diesel the `metadata.toml` beside
/// them (it says whether the revision runs in a transaction).
fn revision_files(layout: Layout, revision: &Revision) -> Vec<PathBuf> {
    let mut files = vec![resolved(&revision.up.script.path)];
    let metadata = (layout == Layout::Diesel)
        .then(|| {
            revision
                .up
                .script
                .path
                .parent()
                .map(|d| d.join("metadata.toml"))
        })
        .flatten();
    let others = revision
        .down
        .iter()
        .map(|d| d.script.path.clone())
        .chain(revision.verify.iter().map(|v| v.path.clone()))
        .chain(metadata);
    for path in others {
        let path = resolved(&path);
        if !files.contains(&path) {
            files.push(path);
        }
    }
    files
}

/// `pg-roundtrip: migrations: round trip for 0004_d, 0005_e (--since 0004); 3 before them fast-forwarded`.
fn describe(history: &History, selection: &Selection, why: &str) -> String {
    let len = history.revisions.len();
    let name = display_path(&history.dir);
    let picked = selection.indices(len);
    let Some(last) = picked.last() else {
        return format!("pg-roundtrip: {name}: no revision selected ({why})");
    };
    let skipped = last + 1 - picked.len();
    let ids = list(picked.iter().map(|i| history.revisions[*i].id()).collect());
    let forwarded = match skipped {
        0 => String::new(),
        1 => "; 1 before them fast-forwarded (upgraded, not inspected)".to_string(),
        n => format!("; {n} before them fast-forwarded (upgraded, not inspected)"),
    };
    format!("pg-roundtrip: {name}: round trip for {ids} ({why}){forwarded}")
}

/// `a, b, c` or `a, b, c and 7 more`.
fn list(ids: Vec<String>) -> String {
    const SHOWN: usize = 5;
    if ids.len() <= SHOWN + 1 {
        return ids.join(", ");
    }
    format!("{} and {} more", ids[..SHOWN].join(", "), ids.len() - SHOWN)
}

#[cfg(test)]
mod tests;
