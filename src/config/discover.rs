//! Finding `pg-roundtrip.toml`: in the directory a command starts in, or
//! the nearest of its parents that has one (as cargo finds `Cargo.toml`).

use super::file::CONFIG_FILE;
use std::path::{Path, PathBuf};

/// The variable that names the configuration file explicitly (like
/// `--config`).
pub const CONFIG_ENV: &str = "PG_ROUNDTRIP_CONFIG";

/// `start/pg-roundtrip.toml`, else the same in the nearest parent of
/// `start` that has one; `None` when no directory up to the root has one.
/// `start` is made absolute first, so that `.` finds a file in `..`.
pub fn discover(start: &Path) -> Option<PathBuf> {
    let start = std::path::absolute(start).unwrap_or_else(|_| start.to_path_buf());
    start
        .ancestors()
        .map(|dir| dir.join(CONFIG_FILE))
        .find(|candidate| candidate.is_file())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_nearest_parent_with_a_file_wins() {
        let Ok(tmp) = tempfile::tempdir() else {
            panic!("no temp dir");
        };
        let deep = tmp.path().join("a/b/c");
        assert!(std::fs::create_dir_all(&deep).is_ok());
        assert!(std::fs::write(tmp.path().join(CONFIG_FILE), "").is_ok());
        assert_eq!(discover(&deep), Some(tmp.path().join(CONFIG_FILE)));
        assert!(std::fs::write(tmp.path().join("a").join(CONFIG_FILE), "").is_ok());
        assert_eq!(
            discover(&deep),
            Some(tmp.path().join("a").join(CONFIG_FILE))
        );
        // A directory of that name is not a file.
        assert!(std::fs::create_dir_all(deep.join(CONFIG_FILE)).is_ok());
        assert_eq!(
            discover(&deep),
            Some(tmp.path().join("a").join(CONFIG_FILE))
        );
    }
}
