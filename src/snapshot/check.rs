//! The snapshot pass: each walked revision's schema against its stored
//! snapshot, recording new ones by insta's rules.

use super::file::{self, Destination, UpdateMode};
use super::{SnapshotError, SnapshotName, body, header};
use crate::source::{History, Revision};
use crate::walk::{
    EditedFile, Finding, Problem, RevisionStatus, SnapshotMismatch, SnapshotStatus, WalkReport,
};
use std::collections::BTreeSet;
use std::convert::Infallible;
use std::path::Path;

/// The snapshot a walk on `major` compares with: the version-specific one
/// when it exists, else the shared one.
pub fn compared_name(dir: &Path, revision: &str, major: u32) -> SnapshotName {
    let specific = SnapshotName::for_major(revision, major);
    if specific.path(dir).exists() {
        specific
    } else {
        SnapshotName::shared(revision)
    }
}

/// Compares every walked revision of `report` with its snapshot in `dir`:
/// sets [`RevisionOutcome::snapshot`](crate::walk::RevisionOutcome) and,
/// on a mismatch, puts a snapshot-mismatch finding first among the
/// revision's findings (which fails a revision that passed otherwise).
/// Revisions without a schema (their first upgrade failed, or they were
/// not run) get no snapshot. What is written follows `INSTA_UPDATE` and
/// `CI` ([`UpdateMode::from_env`]).
pub fn check_walk(
    report: &mut WalkReport,
    history: &History,
    dir: &Path,
) -> Result<(), SnapshotError> {
    check_walk_with(report, history, dir, UpdateMode::from_env())
}

/// [`check_walk`] with an explicit [`UpdateMode`].
pub fn check_walk_with(
    report: &mut WalkReport,
    history: &History,
    dir: &Path,
    mode: UpdateMode,
) -> Result<(), SnapshotError> {
    let major = report.pg_major;
    let recorded = recorded_revisions(dir);
    for outcome in &mut report.revisions {
        let Some(schema) = &outcome.schema else {
            continue;
        };
        let Some(revision) = history.revisions.iter().find(|r| r.id() == outcome.id) else {
            continue;
        };
        let text = body(revision, &schema.to_string());
        let status = check_in(dir, Some(&history.dir), revision, major, &text, mode)?;
        if let SnapshotStatus::Mismatched { stored, pending } = &status {
            let compared = compared_name(dir, &outcome.id, major).path(dir);
            let recorded_on = match stored {
                Some(_) => file::recorded_major(&compared).filter(|m| *m != major),
                None => None,
            };
            let edited = stored
                .as_deref()
                .map(|stored| edited_files(revision, stored))
                .unwrap_or_default();
            let sorts_before = match stored {
                None => first_later_snapshot(history, revision, &recorded),
                Some(_) => None,
            };
            let mismatch = SnapshotMismatch {
                major,
                path: compared,
                stored: stored.clone(),
                text: file::normalized(&text),
                pending: pending.clone(),
                recorded_on,
                version_path: SnapshotName::for_major(&outcome.id, major).path(dir),
                edited,
                sorts_before,
            };
            let finding = Finding::new(&outcome.id, Problem::SnapshotMismatch(mismatch));
            outcome.findings.insert(0, finding);
            if outcome.status == RevisionStatus::Passed {
                outcome.status = RevisionStatus::Failed;
            }
        }
        outcome.snapshot = Some(status);
    }
    Ok(())
}

/// The files of `revision` whose checksum differs from the one recorded at
/// the top of its `stored` snapshot (`up NAME sha256:HEX` lines, see
/// [`body`]). A direction the snapshot did not record (a down added
/// later) is not an edit.
fn edited_files(revision: &Revision, stored: &str) -> Vec<EditedFile> {
    let recorded = |direction: &str| {
        stored
            .lines()
            .take_while(|l| !l.is_empty())
            .filter_map(|l| l.strip_prefix(direction)?.strip_prefix(' '))
            .find_map(|rest| rest.rsplit_once(" sha256:").map(|(_, sum)| sum.to_owned()))
    };
    let mut edited = Vec::new();
    let steps = [("up", Some(&revision.up)), ("down", revision.down.as_ref())];
    for (direction, step) in steps {
        let Some(script) = step.and_then(|s| s.script()) else {
            continue;
        };
        if let Some(recorded) = recorded(direction)
            && recorded != script.checksum
        {
            edited.push(EditedFile {
                direction: direction.to_owned(),
                path: script.path.clone(),
                recorded,
                current: script.checksum.clone(),
            });
        }
    }
    edited
}

/// The first revision after `revision` in `history` that has a snapshot
/// (one of `recorded`).
fn first_later_snapshot(
    history: &History,
    revision: &Revision,
    recorded: &BTreeSet<String>,
) -> Option<String> {
    history.revisions[revision.position + 1..]
        .iter()
        .map(Revision::id)
        .find(|later| recorded.contains(later))
}

/// The revisions with an accepted snapshot in `dir` (shared or for any
/// version), read once per pass.
fn recorded_revisions(dir: &Path) -> BTreeSet<String> {
    std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| {
            let file = entry.file_name().to_string_lossy().into_owned();
            let stem = file.strip_suffix(".snap")?;
            let name: SnapshotName = stem.parse().unwrap_or_else(|e: Infallible| match e {});
            Some(name.revision)
        })
        .collect()
}

/// Compares `text` (a [`body`]), rendered on PostgreSQL `major`, with the
/// stored snapshot of `revision` in `dir`, and records it on a mismatch as
/// `mode` says. See the module doc for which file is compared and which
/// written.
pub fn check(
    dir: &Path,
    revision: &Revision,
    major: u32,
    text: &str,
    mode: UpdateMode,
) -> Result<SnapshotStatus, SnapshotError> {
    check_in(dir, None, revision, major, text, mode)
}

/// [`check`] for a revision of the history in `history`, which the files
/// it writes name.
fn check_in(
    dir: &Path,
    history: Option<&Path>,
    revision: &Revision,
    major: u32,
    text: &str,
    mode: UpdateMode,
) -> Result<SnapshotStatus, SnapshotError> {
    let id = revision.id();
    let header = header(revision, history, major);
    let dir = std::path::absolute(dir).map_err(|source| SnapshotError::Io {
        action: "resolve",
        path: dir.to_path_buf(),
        source,
    })?;
    let shared = SnapshotName::shared(&id);
    let specific = SnapshotName::for_major(&id, major);
    // A version-specific file is written where one exists, or where the
    // shared snapshot was recorded on another major.
    let version_specific = specific.path(&dir).exists()
        || (shared.path(&dir).exists()
            && file::recorded_major(&shared.path(&dir)).is_some_and(|m| m != major));
    let written = if version_specific { specific } else { shared };
    let compared = compared_name(&dir, &id, major);
    let stored = file::stored(&compared.path(&dir))?;
    let wanted = file::normalized(text);
    let pending = written.pending_path(&dir);
    if stored.as_deref() == Some(wanted.as_str()) {
        if pending.exists() {
            // A leftover from an earlier mismatch that has since been fixed.
            file::remove(&pending, "remove stale")?;
        }
        // INSTA_UPDATE=force rewrites passing snapshots (to refresh their
        // metadata), but only the file compared: a shared snapshot that
        // passes on another major is never copied into a redundant `@pgM`.
        if mode.rewrites_passing() && written == compared {
            file::save(&written.path(&dir), &header, text)?;
        }
        return Ok(SnapshotStatus::Matched);
    }
    let target = written.path(&dir);
    match mode.on_mismatch(target.exists()) {
        Destination::InPlace => {
            file::save(&target, &header, text)?;
            Ok(SnapshotStatus::Updated)
        }
        Destination::Pending => {
            file::save(&pending, &header, text)?;
            Ok(SnapshotStatus::Mismatched {
                stored,
                pending: Some(pending),
            })
        }
        Destination::Nothing => Ok(SnapshotStatus::Mismatched {
            stored,
            pending: None,
        }),
    }
}
