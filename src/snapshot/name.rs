//! The name of a snapshot: a revision, and the PostgreSQL major when the
//! snapshot is specific to one.

use std::convert::Infallible;
use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// `<rev>` (shared by every PostgreSQL version) or `<rev>@pgM` (specific
/// to major `M`): the stem of `<name>.snap` and `<name>.snap.new`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SnapshotName {
    /// The revision's id, `0003_add_tasks`.
    pub revision: String,
    /// `Some(M)` for a snapshot specific to PostgreSQL `M`.
    pub major: Option<u32>,
}

impl SnapshotName {
    /// The snapshot every version shares.
    pub fn shared(revision: &str) -> Self {
        SnapshotName {
            revision: revision.to_string(),
            major: None,
        }
    }

    /// The snapshot specific to PostgreSQL `major`.
    pub fn for_major(revision: &str, major: u32) -> Self {
        SnapshotName {
            revision: revision.to_string(),
            major: Some(major),
        }
    }

    /// The shared snapshot of the same revision.
    pub fn to_shared(&self) -> Self {
        SnapshotName::shared(&self.revision)
    }

    /// `<dir>/<name>.snap`.
    pub fn path(&self, dir: &Path) -> PathBuf {
        dir.join(format!("{self}.snap"))
    }

    /// `<dir>/<name>.snap.new`, where a snapshot waits for review.
    pub fn pending_path(&self, dir: &Path) -> PathBuf {
        dir.join(format!("{self}.snap.new"))
    }
}

impl FromStr for SnapshotName {
    type Err = Infallible;

    /// `0003_x@pg17` → revision `0003_x`, major 17; anything else is a
    /// shared snapshot's revision.
    fn from_str(s: &str) -> Result<Self, Infallible> {
        let specific = s.rsplit_once('@').and_then(|(revision, suffix)| {
            let major = suffix.strip_prefix("pg")?.parse::<u32>().ok()?;
            Some(SnapshotName::for_major(revision, major))
        });
        Ok(specific.unwrap_or_else(|| SnapshotName::shared(s)))
    }
}

impl fmt::Display for SnapshotName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.major {
            Some(major) => write!(f, "{}@pg{major}", self.revision),
            None => f.write_str(&self.revision),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for text in ["0003_add_tasks", "0003_add_tasks@pg17", "7@pgx", "a@b@pg15"] {
            let name: SnapshotName = text.parse().unwrap_or_else(|e: Infallible| match e {});
            assert_eq!(name.to_string(), text);
        }
        let name: SnapshotName = "0003_x@pg17"
            .parse()
            .unwrap_or_else(|e: Infallible| match e {});
        assert_eq!(name, SnapshotName::for_major("0003_x", 17));
        assert_eq!(name.to_shared(), SnapshotName::shared("0003_x"));
        assert_eq!(
            name.path(Path::new("s")),
            PathBuf::from("s/0003_x@pg17.snap")
        );
        assert_eq!(
            name.pending_path(Path::new("s")),
            PathBuf::from("s/0003_x@pg17.snap.new")
        );
    }
}
