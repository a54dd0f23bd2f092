//! Snapshot files in insta's format, read and written through insta's own
//! [`insta::Snapshot`], and insta's rules for when to write them.

use super::SnapshotError;
use std::io::Write;
use std::path::Path;

/// What a snapshot's header says besides its body: where the schema comes
/// from (`source:`, the revision's up file, which `cargo insta review`
/// shows where insta would show a test's file), what it is
/// (`description:`) and which history it belongs to (`expression:`).
/// insta compares bodies only, so none of this makes a snapshot fail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    pub source: String,
    pub description: String,
    pub expression: String,
}

/// What to do with a snapshot, as insta's `INSTA_UPDATE` (and `CI`) say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UpdateMode {
    /// `.snap.new` for review, nothing in CI (the default).
    Auto,
    /// Write in place.
    Always,
    /// Always `.snap.new`.
    New,
    /// In place when there is no snapshot yet, else `.snap.new`.
    Unseen,
    /// Never write.
    No,
    /// Write in place, passing snapshots too.
    Force,
}

/// Where a mismatching snapshot goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Destination {
    InPlace,
    Pending,
    Nothing,
}

impl UpdateMode {
    /// The mode `INSTA_UPDATE` names (`auto` when unset or unknown).
    pub fn from_env() -> Self {
        match std::env::var("INSTA_UPDATE").as_deref() {
            Ok("always" | "1") => UpdateMode::Always,
            Ok("new") => UpdateMode::New,
            Ok("unseen") => UpdateMode::Unseen,
            Ok("no") => UpdateMode::No,
            Ok("force") => UpdateMode::Force,
            _ => UpdateMode::Auto,
        }
    }

    /// Where a snapshot that does not match goes; `exists` says whether
    /// the file that would be written exists already.
    pub fn on_mismatch(self, exists: bool) -> Destination {
        match self {
            UpdateMode::Always | UpdateMode::Force => Destination::InPlace,
            UpdateMode::Auto if in_ci() => Destination::Nothing,
            UpdateMode::Auto | UpdateMode::New => Destination::Pending,
            // insta's rule, as it implements it: a snapshot that exists
            // goes to review, a new one is written.
            UpdateMode::Unseen if exists => Destination::Pending,
            UpdateMode::Unseen => Destination::InPlace,
            UpdateMode::No => Destination::Nothing,
        }
    }

    /// Whether passing snapshots are rewritten too (to refresh metadata).
    pub fn rewrites_passing(self) -> bool {
        self == UpdateMode::Force
    }
}

/// insta's CI detection: `CI` set to anything but `false`, `0` or empty,
/// or Azure's `TF_BUILD`.
fn in_ci() -> bool {
    match std::env::var("CI").ok().as_deref() {
        Some("false" | "0" | "") => false,
        None => std::env::var_os("TF_BUILD").is_some(),
        Some(_) => true,
    }
}

/// The text as insta compares and stores it: no trailing whitespace, `\n`
/// line ends.
pub fn normalized(text: &str) -> String {
    insta::internals::TextSnapshotContents::new(text.to_string(), insta::TextSnapshotKind::File)
        .to_string()
}

fn load(path: &Path) -> Result<insta::Snapshot, SnapshotError> {
    insta::Snapshot::from_file(path).map_err(|e| SnapshotError::Read {
        path: path.to_path_buf(),
        message: e.to_string(),
    })
}

/// The stored text of a snapshot, normalized the way insta compares it;
/// `None` when there is no file.
pub fn stored(path: &Path) -> Result<Option<String>, SnapshotError> {
    if !path.exists() {
        return Ok(None);
    }
    let snap = load(path)?;
    let text = snap
        .contents()
        .as_text()
        .ok_or_else(|| SnapshotError::NotText {
            path: path.to_path_buf(),
        })?;
    Ok(Some(text.to_string()))
}

/// The major a stored snapshot says it was recorded on (its description
/// says `on PostgreSQL <major>`); `None` for older snapshots.
pub fn recorded_major(path: &Path) -> Option<u32> {
    let snap = insta::Snapshot::from_file(path).ok()?;
    let description = snap.metadata().description()?;
    let (_, rest) = description.rsplit_once("on PostgreSQL ")?;
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

/// Writes a snapshot file with `header` and `text`, in exactly the
/// format insta writes: the metadata is handed to insta as a draft, which
/// insta reads and saves as its own. No `assertion_line`: there is no
/// assertion in the user's code to point at.
pub fn save(path: &Path, header: &Header, text: &str) -> Result<(), SnapshotError> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let io = |action: &'static str, source| SnapshotError::Io {
        action,
        path: path.to_path_buf(),
        source,
    };
    std::fs::create_dir_all(dir).map_err(|e| io("create the directory of", e))?;
    // JSON strings are YAML double-quoted scalars, so the draft's header
    // parses whatever the description holds.
    let quote = |s: &str| serde_json::to_string(s).unwrap_or_default();
    let mut draft = tempfile::Builder::new()
        .prefix(".pg-roundtrip-draft")
        .suffix(".snap")
        .tempfile_in(dir)
        .map_err(|e| io("write", e))?;
    write!(
        draft,
        "---\nsource: {}\ndescription: {}\nexpression: {}\n---\n{}\n",
        quote(&header.source),
        quote(&header.description),
        quote(&header.expression),
        normalized(text)
    )
    .and_then(|()| draft.flush())
    .map_err(|e| io("write", e))?;
    let snapshot = load(draft.path())?;
    snapshot.save(path).map_err(|e| SnapshotError::Read {
        path: path.to_path_buf(),
        message: format!("could not write: {e}"),
    })
}

/// Copies a snapshot file (a pending one into place) the way `cargo insta
/// accept` does: read by insta, saved by insta.
pub fn copy(from: &Path, to: &Path) -> Result<(), SnapshotError> {
    load(from)?.save(to).map_err(|e| SnapshotError::Read {
        path: to.to_path_buf(),
        message: format!("could not write: {e}"),
    })
}

/// Removes a file; `action` names it in the error.
pub fn remove(path: &Path, action: &'static str) -> Result<(), SnapshotError> {
    std::fs::remove_file(path).map_err(|source| SnapshotError::Io {
        action,
        path: path.to_path_buf(),
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(source: &str, description: &str) -> Header {
        Header {
            source: source.into(),
            description: description.into(),
            expression: "history migrations, revision 1_a".into(),
        }
    }

    #[test]
    fn saved_snapshots_are_insta_files() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("1_a.snap");
        let description =
            "schema after the upgrade of 1_a on PostgreSQL 15 (up sha256:ab, down none)";
        let up = header("migrations/1_a.up.sql", description);
        save(&path, &up, "revision 1_a\n\ntable \"t\" \\ x  \n\n").expect("save");
        let written = std::fs::read_to_string(&path).expect("read");
        assert_eq!(
            written,
            "---\nsource: migrations/1_a.up.sql\ndescription: \"schema after the upgrade of 1_a on PostgreSQL 15 (up sha256:ab, down none)\"\nexpression: \"history migrations, revision 1_a\"\n---\nrevision 1_a\n\ntable \"t\" \\ x\n"
        );
        assert_eq!(
            stored(&path).expect("stored").as_deref(),
            Some("revision 1_a\n\ntable \"t\" \\ x")
        );
        assert_eq!(recorded_major(&path), Some(15));
        // Only the snapshot is left: the draft is gone.
        assert_eq!(std::fs::read_dir(dir.path()).expect("list").count(), 1);
        save(&path, &header("m/1_a.up.sql", "plain words"), "x").expect("save");
        let written = std::fs::read_to_string(&path).expect("read");
        assert_eq!(
            written,
            "---\nsource: m/1_a.up.sql\ndescription: plain words\nexpression: \"history migrations, revision 1_a\"\n---\nx\n"
        );
    }

    #[test]
    fn a_snapshot_names_the_users_files_not_ours() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("1_a.snap.new");
        save(&path, &header("db/a/1_a.up.sql", "d"), "x").expect("save");
        let written = std::fs::read_to_string(&path).expect("read");
        assert!(!written.contains("src/snapshot"), "{written}");
        assert!(!written.contains("assertion_line"), "{written}");
        let snap = insta::Snapshot::from_file(&path).expect("insta reads it");
        assert_eq!(snap.metadata().source(), Some("db/a/1_a.up.sql"));
        assert_eq!(
            snap.metadata().expression(),
            Some("history migrations, revision 1_a")
        );
    }
}
