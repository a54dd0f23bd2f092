//! What the fuzz targets share: a fuzz input turned into a history
//! directory.
//!
//! An input is a list of files, each introduced by a header line:
//!
//! ```text
//! == 1_a.up.sql
//! CREATE TABLE a ();
//! == deploy/a.sql
//! …
//! ```
//!
//! A path is cut to at most four components of letters, digits, `.`, `_`,
//! `-` and spaces (no `..`, nothing outside the directory). A header
//! ending in ` -> TARGET` makes a symbolic link instead (to another path of
//! the directory, cleaned the same way, or to itself: loops are welcome);
//! one ending in ` /` makes an empty directory. The seeds
//! (`tests/fuzz.rs` writes them from `tests/fixtures/`) are the fixture
//! histories in this form.

use std::fs;
use std::path::{Path, PathBuf};

/// The longest a path component may be.
const COMPONENT: usize = 64;
/// The most files one input makes.
const FILES: usize = 32;

/// One cleaned relative path, or `None` when nothing is left of it.
fn clean(raw: &[u8]) -> Option<PathBuf> {
    let mut path = PathBuf::new();
    for part in raw.split(|&b| b == b'/').take(4) {
        let part: String = part
            .iter()
            .map(|&b| b as char)
            .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | ' '))
            .take(COMPONENT)
            .collect();
        let part = part.trim();
        if part.is_empty() || part == "." || part == ".." {
            continue;
        }
        path.push(part);
    }
    (!path.as_os_str().is_empty()).then_some(path)
}

/// The (header, content) pairs of an input.
fn sections(data: &[u8]) -> Vec<(&[u8], &[u8])> {
    let mut out = Vec::new();
    let mut rest = match data.strip_prefix(b"== ") {
        Some(rest) => rest,
        None => return out,
    };
    loop {
        let header_end = rest.iter().position(|&b| b == b'\n').unwrap_or(rest.len());
        let header = &rest[..header_end];
        let body = rest.get(header_end + 1..).unwrap_or(&[]);
        let next = body.windows(4).position(|w| w == b"\n== ");
        match next {
            Some(at) => {
                out.push((header, &body[..at + 1]));
                rest = &body[at + 4..];
            }
            None => {
                out.push((header, body));
                break;
            }
        }
        if out.len() >= FILES {
            break;
        }
    }
    out
}

/// Writes the history `data` describes into `dir` (emptied first).
pub fn write_tree(data: &[u8], dir: &Path) {
    let _ = fs::remove_dir_all(dir);
    fs::create_dir_all(dir).expect("create the fuzz directory");
    for (header, body) in sections(data) {
        let (name, link) = match header.windows(4).position(|w| w == b" -> ") {
            Some(at) => (&header[..at], Some(&header[at + 4..])),
            None => (header, None),
        };
        let is_dir = name.ends_with(b" /");
        let Some(rel) = clean(name) else { continue };
        let path = dir.join(&rel);
        if let Some(parent) = path.parent() {
            let _ = fs::create_dir_all(parent);
        }
        if is_dir {
            let _ = fs::create_dir_all(&path);
        } else if let Some(target) = link {
            let target = clean(target).unwrap_or_else(|| rel.clone());
            let _ = std::os::unix::fs::symlink(dir.join(target), &path);
        } else {
            let _ = fs::write(&path, body);
        }
    }
}

/// The directory a target writes its inputs to: one per process, in
/// memory when `/dev/shm` exists.
pub fn scratch_dir(target: &str) -> PathBuf {
    let base = Path::new("/dev/shm");
    let base = if base.is_dir() {
        base.to_path_buf()
    } else {
        std::env::temp_dir()
    };
    base.join(format!("pg-roundtrip-fuzz-{target}-{}", std::process::id()))
}

/// Writes `data` as a history and hands its directory to `read`.
pub fn with_tree(target: &str, data: &[u8], read: impl FnOnce(&Path)) {
    thread_local! {
        static DIR: std::cell::OnceCell<PathBuf> = const { std::cell::OnceCell::new() };
    }
    let dir = DIR.with(|d| d.get_or_init(|| scratch_dir(target)).clone());
    let history = dir.join("h");
    write_tree(data, &history);
    read(&history);
}
