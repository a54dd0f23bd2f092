//! One insta snapshot per revision: the schema after its upgrade.
//!
//! Files are `<dir>/<revision id>.snap` in insta's format, written through
//! insta's own `Snapshot::save` (so that `cargo insta review`/`accept`
//! work on them inside a cargo package); a match never touches the disk.
//! The pass runs after a walk ([`check_walk`]): the walk returns each
//! revision's schema, this module compares and records it. The body
//! starts with the revision's file checksums: editing an old migration
//! changes its snapshot even when the schema stays the same, the way
//! sqlx refuses a modified applied migration.
//!
//! What happens on a mismatch follows insta's rules: with `CI` set (or
//! `INSTA_UPDATE=no`) nothing is written; otherwise a `.snap.new` lands
//! beside the `.snap` for review (`INSTA_UPDATE=always` accepts in place,
//! `INSTA_UPDATE=force` rewrites passing snapshots too).
//!
//! ## One directory for every PostgreSQL version
//!
//! `<rev>.snap` is shared by all versions; its description records the
//! major it was recorded on ("… on PostgreSQL 15"). A walk on major `M`
//! compares with `<rev>@pgM.snap` when that file exists, else with the
//! shared one. A version-specific file is only ever written where the
//! rendering really differs: when the shared snapshot was recorded on
//! another major and `M` renders the revision differently, the new text
//! goes to `<rev>@pgM.snap.new` (insta's snapshot-suffix convention, see
//! [`SnapshotName`]), not over the shared one. A mismatch on the major the shared snapshot was
//! recorded on (or with no shared snapshot yet) goes to `<rev>.snap.new`.
//! Accepting a version-specific snapshot that is identical to the shared
//! one deletes it instead, so redundant copies never pile up.

mod check;
mod file;
mod name;
mod pending;
#[cfg(test)]
mod tests;

pub use crate::walk::SnapshotStatus;
pub use check::{check, check_walk, check_walk_with, compared_name};
pub use file::{Header, UpdateMode, recorded_major, stored};
pub use name::SnapshotName;
pub use pending::{Accepted, Pending, pending, select};

use crate::source::{Revision, Script};
use std::path::{Path, PathBuf};

/// A snapshot that could not be read, written or found.
#[derive(Debug, thiserror::Error)]
pub enum SnapshotError {
    #[error("failed to read snapshot {}: {message}", path.display())]
    Read { path: PathBuf, message: String },
    #[error("failed to {action} {}: {source}", path.display())]
    Io {
        action: &'static str,
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("snapshot {} is not a text snapshot", path.display())]
    NotText { path: PathBuf },
    #[error("no pending snapshot for revision {revision} in {}", dir.display())]
    NotPending { revision: String, dir: PathBuf },
}

/// The text stored for a revision: its files' checksums, then the schema.
pub fn body(revision: &Revision, schema_text: &str) -> String {
    let mut out = format!("revision {}\n", revision.id());
    let mut file = |dir: &str, script: &Script| {
        let name = script
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        out.push_str(&format!("{dir} {name} sha256:{}\n", script.checksum));
    };
    if let Some(s) = revision.up.script() {
        file("up", s);
    }
    if let Some(s) = revision.down.as_ref().and_then(|d| d.script()) {
        file("down", s);
    }
    out.push('\n');
    out.push_str(schema_text);
    out
}

/// The description written into a snapshot recorded on `major`: the
/// revision, the major and its files' checksums (the body repeats the
/// checksums, which is what makes an edited file fail the comparison;
/// insta compares bodies only).
pub fn description(revision: &Revision, major: u32) -> String {
    let sum = |s: Option<&Script>| {
        s.map(|s| format!("sha256:{}", s.checksum))
            .unwrap_or_else(|| "none".into())
    };
    format!(
        "schema after the upgrade of {} on PostgreSQL {major} (up {}, down {})",
        revision.id(),
        sum(revision.up.script()),
        sum(revision.down.as_ref().and_then(|d| d.script()))
    )
}

/// The header of a snapshot of `revision` recorded on `major`: its up file
/// as `source` (relative to the current directory when below it), the
/// [`description`], and the revision and its history (when known) as
/// `expression`, which is what `cargo insta review` shows of a snapshot.
pub fn header(revision: &Revision, history: Option<&Path>, major: u32) -> file::Header {
    let relative = |p: &Path| match std::env::current_dir() {
        Ok(cwd) => p.strip_prefix(&cwd).unwrap_or(p).display().to_string(),
        Err(_) => p.display().to_string(),
    };
    let id = revision.id();
    file::Header {
        source: revision
            .up
            .script()
            .map(|s| relative(&s.path))
            .unwrap_or_else(|| id.clone()),
        description: description(revision, major),
        expression: match history {
            Some(dir) => format!("revision {id} of the history in {}", relative(dir)),
            None => format!("revision {id}"),
        },
    }
}
