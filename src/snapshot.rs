//! One insta snapshot per revision: the schema after its upgrade.
//!
//! Files are `<dir>/<revision id>.snap`, written by insta itself (so that
//! `cargo insta review`/`accept` work on them inside a cargo package) and
//! compared here first, so that a match never touches the disk. The body
//! starts with the revision's file checksums: editing an old migration
//! changes its snapshot even when the schema stays the same, the way
//! sqlx refuses a modified applied migration.
//!
//! What happens on a mismatch follows insta's rules: with `CI` set (or
//! `INSTA_UPDATE=no`) nothing is written; otherwise a `.snap.new` lands
//! beside the `.snap` for review (`INSTA_UPDATE=always` accepts in place).

use crate::source::Revision;
use std::cell::Cell;
use std::path::{Path, PathBuf};

/// What a snapshot comparison found.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "status", rename_all = "kebab-case")]
pub enum SnapshotStatus {
    /// The stored snapshot matches.
    Matched,
    /// The stored snapshot differs (`stored` is `None` when there was none).
    Mismatched {
        stored: Option<String>,
        /// The `.snap.new` written for review, if insta wrote one.
        pending: Option<PathBuf>,
    },
    /// The snapshot was missing or different and was written in place
    /// (`INSTA_UPDATE=always`).
    Updated,
}

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
}

/// The text stored for a revision: its files' checksums, then the schema.
pub fn body(revision: &Revision, schema_text: &str) -> String {
    let mut out = format!("revision {}\n", revision.id());
    let mut file = |dir: &str, script: &crate::source::Script| {
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

/// The snapshot header's description: the revision and its files'
/// checksums (the body repeats them, which is what makes an edited file
/// fail the comparison; insta compares bodies only).
pub fn description(revision: &Revision) -> String {
    let sum = |s: Option<&crate::source::Script>| {
        s.map(|s| format!("sha256:{}", s.checksum))
            .unwrap_or_else(|| "none".into())
    };
    format!(
        "schema after the upgrade of {} (up {}, down {})",
        revision.id(),
        sum(revision.up.script()),
        sum(revision.down.as_ref().and_then(|d| d.script()))
    )
}

/// The path of a revision's snapshot in `dir`.
pub fn path(dir: &Path, name: &str) -> PathBuf {
    dir.join(format!("{name}.snap"))
}

/// The stored text of a snapshot, normalized the way insta compares it.
pub fn stored(path: &Path) -> Result<Option<String>, SnapshotError> {
    if !path.exists() {
        return Ok(None);
    }
    let snap = insta::Snapshot::from_file(path).map_err(|e| SnapshotError::Read {
        path: path.to_path_buf(),
        message: e.to_string(),
    })?;
    let text = snap
        .contents()
        .as_text()
        .ok_or_else(|| SnapshotError::NotText {
            path: path.to_path_buf(),
        })?;
    Ok(Some(text.to_string()))
}

fn normalized(body: &str) -> String {
    insta::internals::TextSnapshotContents::new(body.to_string(), insta::TextSnapshotKind::File)
        .to_string()
}

/// Compares `body` with the stored snapshot `name` in `dir`; on a mismatch
/// lets insta record it (see the module doc for what gets written).
pub fn check(
    dir: &Path,
    name: &str,
    description: &str,
    body: &str,
) -> Result<SnapshotStatus, SnapshotError> {
    let dir = std::path::absolute(dir).map_err(|source| SnapshotError::Io {
        action: "resolve",
        path: dir.to_path_buf(),
        source,
    })?;
    let snap_path = path(&dir, name);
    let pending_path = dir.join(format!("{name}.snap.new"));
    let stored = stored(&snap_path)?;
    let wanted = normalized(body);
    let was_equal = stored.as_deref() == Some(wanted.as_str());
    // INSTA_UPDATE=force rewrites passing snapshots too (to refresh their
    // metadata), so insta must see them.
    let force = std::env::var("INSTA_UPDATE").is_ok_and(|v| v == "force");
    if was_equal && !force {
        if pending_path.exists() {
            // A leftover from an earlier mismatch that has since been fixed.
            std::fs::remove_file(&pending_path).map_err(|source| SnapshotError::Io {
                action: "remove stale",
                path: pending_path.clone(),
                source,
            })?;
        }
        return Ok(SnapshotStatus::Matched);
    }
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(&dir);
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings.set_description(description);
    let pending_before = modified(&pending_path);
    settings.bind(|| {
        ASSERTING.with(|a| a.set(true));
        // insta reports a mismatch by panicking; we report it ourselves.
        let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            insta::assert_snapshot!(name, body);
        }));
        ASSERTING.with(|a| a.set(false));
    });
    if self::stored(&snap_path)?.as_deref() == Some(wanted.as_str()) {
        return Ok(if was_equal {
            SnapshotStatus::Matched
        } else {
            SnapshotStatus::Updated
        });
    }
    let pending_after = modified(&pending_path);
    let pending =
        (pending_after.is_some() && pending_after != pending_before).then_some(pending_path);
    Ok(SnapshotStatus::Mismatched { stored, pending })
}

fn modified(path: &Path) -> Option<std::time::SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

thread_local! {
    static ASSERTING: Cell<bool> = const { Cell::new(false) };
}

/// Installs a panic hook that stays silent for the panics insta uses to
/// report a mismatch inside [`check`] (they are caught and reported as
/// findings) and defers to the previous hook for every other panic. For
/// binaries; a library used from `cargo test` leaves the hook alone.
pub fn silence_mismatch_panics() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if !ASSERTING.with(Cell::get) {
            previous(info);
        }
    }));
}

/// A snapshot waiting for review: `<name>.snap.new` beside `<name>.snap`.
#[derive(Debug, Clone)]
pub struct Pending {
    pub name: String,
    pub new: PathBuf,
    pub target: PathBuf,
}

/// Every pending snapshot in `dir`, sorted by name.
pub fn pending(dir: &Path) -> Result<Vec<Pending>, SnapshotError> {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(source) => {
            return Err(SnapshotError::Io {
                action: "list",
                path: dir.to_path_buf(),
                source,
            });
        }
    };
    let mut out = Vec::new();
    for entry in entries.flatten() {
        let file = entry.file_name().to_string_lossy().into_owned();
        if let Some(name) = file.strip_suffix(".snap.new") {
            out.push(Pending {
                name: name.to_string(),
                new: entry.path(),
                target: dir.join(format!("{name}.snap")),
            });
        }
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(out)
}

impl Pending {
    /// The pending text, normalized.
    pub fn new_text(&self) -> Result<String, SnapshotError> {
        Ok(stored(&self.new)?.unwrap_or_default())
    }

    /// Moves the pending snapshot into place, as `cargo insta accept` does.
    pub fn accept(&self) -> Result<(), SnapshotError> {
        let snap = insta::Snapshot::from_file(&self.new).map_err(|e| SnapshotError::Read {
            path: self.new.clone(),
            message: e.to_string(),
        })?;
        snap.save(&self.target).map_err(|e| SnapshotError::Read {
            path: self.target.clone(),
            message: format!("could not write: {e}"),
        })?;
        self.reject()
    }

    /// Deletes the pending snapshot.
    pub fn reject(&self) -> Result<(), SnapshotError> {
        std::fs::remove_file(&self.new).map_err(|source| SnapshotError::Io {
            action: "remove",
            path: self.new.clone(),
            source,
        })
    }
}
