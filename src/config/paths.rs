//! Paths as a user would type them where they stand.

use std::path::{Component, Path, PathBuf};

/// `path` as a user in `start` would type it: relative to `start` when it
/// lies in `start` or one of its parents' trees (`db/m`, `../m`), else
/// absolute.
pub fn shown(start: &Path, path: &Path) -> PathBuf {
    let (Ok(start_abs), Ok(path_abs)) = (std::path::absolute(start), std::path::absolute(path))
    else {
        return path.to_path_buf();
    };
    let start_abs = normal(&start_abs);
    let path_abs = normal(&path_abs);
    for (ups, ancestor) in start_abs.ancestors().enumerate() {
        if let Ok(rest) = path_abs.strip_prefix(ancestor) {
            // Not through the root: `/tmp/x` from `/work/y` stays absolute.
            if ancestor.parent().is_none() && ups > 0 {
                break;
            }
            let mut out = PathBuf::new();
            for _ in 0..ups {
                out.push("..");
            }
            out.push(rest);
            return if out.as_os_str().is_empty() {
                PathBuf::from(".")
            } else {
                out
            };
        }
    }
    path_abs
}

/// `a/./b/../c` → `a/c`, without touching the disk.
fn normal(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}
