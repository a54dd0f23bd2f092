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
//!
//! ## One directory for every PostgreSQL version
//!
//! `<rev>.snap` is shared by all versions; its description records the
//! major it was recorded on ("… on PostgreSQL 15"). A walk on major `M`
//! compares with `<rev>@pgM.snap` when that file exists, else with the
//! shared one. A version-specific file is only ever written where the
//! rendering really differs: when the shared snapshot was recorded on
//! another major and `M` renders the revision differently, the new text
//! goes to `<rev>@pgM.snap.new` (insta's snapshot-suffix convention), not
//! over the shared one. A mismatch on the major the shared snapshot was
//! recorded on (or with no shared snapshot yet) goes to `<rev>.snap.new`.
//! Accepting a version-specific snapshot that is identical to the shared
//! one deletes it instead, so redundant copies never pile up.

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

/// The path of a revision's snapshot in `dir`.
pub fn path(dir: &Path, name: &str) -> PathBuf {
    dir.join(format!("{name}.snap"))
}

/// The version-specific snapshot of a revision: `<name>@pg<major>.snap`.
pub fn version_path(dir: &Path, name: &str, major: u32) -> PathBuf {
    dir.join(format!("{name}@pg{major}.snap"))
}

/// The snapshot a walk on `major` compares with: the version-specific one
/// when it exists, else the shared one.
pub fn path_for(dir: &Path, name: &str, major: u32) -> PathBuf {
    let versioned = version_path(dir, name, major);
    if versioned.exists() {
        versioned
    } else {
        path(dir, name)
    }
}

/// The description written into a snapshot recorded on `major`: the
/// revision, the major and its files' checksums (the body repeats the
/// checksums, which is what makes an edited file fail the comparison;
/// insta compares bodies only).
pub fn description(revision: &Revision, major: u32) -> String {
    let sum = |s: Option<&crate::source::Script>| {
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

/// The major a stored snapshot says it was recorded on (its description
/// says "on PostgreSQL <major>"); `None` for older snapshots.
pub fn recorded_major(path: &Path) -> Option<u32> {
    let snap = insta::Snapshot::from_file(path).ok()?;
    let description = snap.metadata().description()?;
    let (_, rest) = description.rsplit_once("on PostgreSQL ")?;
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
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

/// Compares `body`, rendered on PostgreSQL `major`, with the stored
/// snapshot of revision `name` in `dir`; on a mismatch lets insta record
/// it. See the module doc for which file is compared and which written.
pub fn check(
    dir: &Path,
    revision: &Revision,
    major: u32,
    body: &str,
) -> Result<SnapshotStatus, SnapshotError> {
    let id = revision.id();
    let name = id.as_str();
    let dir = std::path::absolute(dir).map_err(|source| SnapshotError::Io {
        action: "resolve",
        path: dir.to_path_buf(),
        source,
    })?;
    let shared = path(&dir, name);
    let versioned = version_path(&dir, name, major).exists();
    let version_specific =
        versioned || (shared.exists() && recorded_major(&shared).is_some_and(|m| m != major));
    let suffix = version_specific.then(|| format!("pg{major}"));
    let file_name = match &suffix {
        Some(s) => format!("{name}@{s}"),
        None => name.to_string(),
    };
    // Compared with: the version-specific file if there is one, else the
    // shared one (also when a new version-specific one would be written).
    let snap_path = path_for(&dir, name, major);
    let pending_path = dir.join(format!("{file_name}.snap.new"));
    let stored = stored(&snap_path)?;
    let wanted = normalized(body);
    let was_equal = stored.as_deref() == Some(wanted.as_str());
    let written = dir.join(format!("{file_name}.snap"));
    // INSTA_UPDATE=force rewrites passing snapshots too (to refresh their
    // metadata), so insta must see them; but only the file it would write
    // is the one compared: a shared snapshot that passes on another major
    // must not be copied into a redundant `@pgM` file.
    let force = std::env::var("INSTA_UPDATE").is_ok_and(|v| v == "force") && written == snap_path;
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
    settings.set_description(description(revision, major));
    if let Some(suffix) = &suffix {
        settings.set_snapshot_suffix(suffix);
    }
    let pending_before = modified(&pending_path);
    settings.bind(|| {
        ASSERTING.with(|a| a.set(true));
        // insta reports a mismatch by panicking; we report it ourselves.
        let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            insta::assert_snapshot!(name, body);
        }));
        ASSERTING.with(|a| a.set(false));
    });
    if self::stored(&written)?.as_deref() == Some(wanted.as_str()) {
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

/// What [`Pending::accept`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Accepted {
    /// The snapshot was written to its target.
    Written,
    /// A version-specific snapshot equal to this shared one: not kept.
    SameAsShared(PathBuf),
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

    /// The shared snapshot this version-specific one (`<rev>@pgM`) stands
    /// beside; `None` for a shared one.
    pub fn shared(&self) -> Option<PathBuf> {
        let (rev, suffix) = self.name.rsplit_once('@')?;
        suffix.strip_prefix("pg")?.parse::<u32>().ok()?;
        Some(self.target.with_file_name(format!("{rev}.snap")))
    }

    /// Moves the pending snapshot into place, as `cargo insta accept` does.
    /// A version-specific snapshot identical to the shared one is deleted
    /// instead (with any stored copy of it): it would add nothing.
    pub fn accept(&self) -> Result<Accepted, SnapshotError> {
        if let Some(shared) = self.shared()
            && stored(&shared)?.is_some()
            && stored(&shared)? == stored(&self.new)?
        {
            if self.target.exists() {
                std::fs::remove_file(&self.target).map_err(|source| SnapshotError::Io {
                    action: "remove",
                    path: self.target.clone(),
                    source,
                })?;
            }
            self.reject()?;
            return Ok(Accepted::SameAsShared(shared));
        }
        let snap = insta::Snapshot::from_file(&self.new).map_err(|e| SnapshotError::Read {
            path: self.new.clone(),
            message: e.to_string(),
        })?;
        snap.save(&self.target).map_err(|e| SnapshotError::Read {
            path: self.target.clone(),
            message: format!("could not write: {e}"),
        })?;
        self.reject()?;
        Ok(Accepted::Written)
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
