//! Snapshots waiting for review (`<name>.snap.new`): listing, selecting by
//! revision, accepting and rejecting them.

use super::file;
use super::{SnapshotError, SnapshotName};
use crate::source::Revision;
use std::convert::Infallible;
use std::path::{Path, PathBuf};

/// What [`Pending::accept`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Accepted {
    /// The snapshot was written to its target.
    Written,
    /// A version-specific snapshot equal to this shared one: not kept.
    SameAsShared(PathBuf),
}

/// A snapshot waiting for review: `<name>.snap.new` beside `<name>.snap`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pending {
    pub name: SnapshotName,
    /// The `.snap.new` file.
    pub new: PathBuf,
    /// The `.snap` it would replace.
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
        if let Some(stem) = file.strip_suffix(".snap.new") {
            let name: SnapshotName = stem.parse().unwrap_or_else(|e: Infallible| match e {});
            out.push(Pending {
                target: name.path(dir),
                new: entry.path(),
                name,
            });
        }
    }
    out.sort_by_key(|p| p.name.to_string());
    Ok(out)
}

/// The pending snapshots in `dir` that `wanted` selects, all of them when
/// `wanted` is empty. A REV selects the snapshots of the revision it
/// names by [`Revision::is_named`]'s rule (id, version as written, or
/// version number) among `revisions` (the history's), or one snapshot by
/// its full name (`0003_add_tasks@pg17`); a snapshot whose revision is not
/// in `revisions` is selected by its revision id. A REV that selects
/// nothing is an error.
pub fn select(
    dir: &Path,
    wanted: &[String],
    revisions: &[Revision],
) -> Result<Vec<Pending>, SnapshotError> {
    let all = pending(dir)?;
    if wanted.is_empty() {
        return Ok(all);
    }
    let names = |name: &SnapshotName, rev: &str| -> bool {
        match revisions.iter().find(|r| r.id() == name.revision) {
            Some(revision) => revision.is_named(rev),
            None => name.revision == rev,
        }
    };
    let mut out: Vec<Pending> = Vec::new();
    for rev in wanted {
        let matching: Vec<&Pending> = all
            .iter()
            .filter(|p| p.name.to_string() == *rev || names(&p.name, rev))
            .collect();
        if matching.is_empty() {
            return Err(SnapshotError::NotPending {
                revision: rev.clone(),
                dir: dir.to_path_buf(),
            });
        }
        for p in matching {
            if !out.contains(p) {
                out.push(p.clone());
            }
        }
    }
    Ok(out)
}

impl Pending {
    /// The pending text, normalized.
    pub fn new_text(&self) -> Result<String, SnapshotError> {
        Ok(file::stored(&self.new)?.unwrap_or_default())
    }

    /// The shared snapshot this version-specific one (`<rev>@pgM`) stands
    /// beside; `None` for a shared one.
    pub fn shared(&self) -> Option<PathBuf> {
        self.name.major?;
        let dir = self.target.parent().unwrap_or(Path::new(""));
        Some(self.name.to_shared().path(dir))
    }

    /// Moves the pending snapshot into place, as `cargo insta accept` does.
    /// A version-specific snapshot identical to the shared one is deleted
    /// instead (with any stored copy of it): it would add nothing.
    pub fn accept(&self) -> Result<Accepted, SnapshotError> {
        if let Some(shared) = self.shared()
            && let Some(text) = file::stored(&shared)?
            && Some(text) == file::stored(&self.new)?
        {
            if self.target.exists() {
                file::remove(&self.target, "remove")?;
            }
            self.reject()?;
            return Ok(Accepted::SameAsShared(shared));
        }
        file::copy(&self.new, &self.target)?;
        self.reject()?;
        Ok(Accepted::Written)
    }

    /// Deletes the pending snapshot.
    pub fn reject(&self) -> Result<(), SnapshotError> {
        file::remove(&self.new, "remove")
    }
}
