//! Reading a history directory's files, shared by every layout: the
//! directory's entries (hidden files and READMEs left out), a file's text
//! and checksum, and the problems reading them can raise.

use std::ffi::OsStr;
use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::directive::strip_bom;
use super::error::Problem;
use super::exclude::Exclude;
use super::split::split_statements;
use super::{Script, TxMode};

/// One entry of a directory.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct Entry {
    pub path: PathBuf,
    /// The file name, lossily decoded.
    pub name: String,
}

impl Entry {
    /// Whether the entry is a directory (following symbolic links).
    pub fn is_dir(&self) -> bool {
        self.path.is_dir()
    }

    /// Whether the entry is a regular file (following symbolic links).
    pub fn is_file(&self) -> bool {
        self.path.is_file()
    }
}

/// Records a problem unless `dir` is a readable directory; returns whether
/// it is one.
pub(super) fn check_dir(dir: &Path, problems: &mut Vec<Problem>) -> bool {
    match fs::metadata(dir) {
        Ok(meta) if meta.is_dir() => true,
        Ok(_) => {
            problems.push(
                Problem::new(dir, "not a directory")
                    .with_help("pass the directory that holds the migration files"),
            );
            false
        }
        Err(err) if err.kind() == io::ErrorKind::NotFound => {
            problems.push(
                Problem::new(dir, "no such directory")
                    .with_help("check the path, or create the directory and add migrations"),
            );
            false
        }
        Err(err) => {
            problems.push(unreadable_dir(dir, &err));
            false
        }
    }
}

/// How a reader lists the directories of one history: which history
/// (`root`, the directory given) and what `--exclude` leaves out of it.
#[derive(Debug, Clone, Copy)]
pub(super) struct Lister<'a> {
    pub root: &'a Path,
    pub exclude: &'a Exclude,
}

impl<'a> Lister<'a> {
    pub fn new(root: &'a Path, exclude: &'a Exclude) -> Self {
        Lister { root, exclude }
    }
}

/// The entries of `dir` (the history's directory or one below it) that are
/// not ignored, sorted by name. Hidden entries, READMEs and what
/// `--exclude` names are left out; problems reading the directory are
/// recorded. `dir` is assumed to be a directory (see [`check_dir`]).
pub(super) fn entries(list: Lister<'_>, dir: &Path, problems: &mut Vec<Problem>) -> Vec<Entry> {
    let listing = match fs::read_dir(dir) {
        Ok(listing) => listing,
        Err(err) => {
            problems.push(unreadable_dir(dir, &err));
            return Vec::new();
        }
    };
    let mut entries = Vec::new();
    for entry in listing {
        match entry {
            Ok(entry) => {
                let name = entry.file_name();
                if !is_ignored(&name) && !list.exclude.matches(list.root, &entry.path()) {
                    entries.push(Entry {
                        path: entry.path(),
                        name: name.to_string_lossy().into_owned(),
                    });
                }
            }
            Err(err) => problems.push(unreadable_dir(dir, &err)),
        }
    }
    entries.sort();
    entries
}

pub(super) fn unreadable_dir(dir: &Path, err: &io::Error) -> Problem {
    let help = if is_symlink_loop(err) {
        "the path is a loop of symbolic links: point the link at a real directory"
    } else {
        "check that the directory exists and that you may read it"
    };
    Problem::new(dir, format!("failed to read the directory: {err}")).with_help(help)
}

/// A file that cannot be read (or whose metadata cannot), and what to do.
pub(super) fn unreadable_file(path: &Path, err: &io::Error) -> Problem {
    let help = if is_symlink_loop(err) {
        "the path is a loop of symbolic links: point the link at a real file, or remove it"
    } else {
        "make the file readable, or remove it"
    };
    Problem::new(path, format!("failed to read: {err}")).with_help(help)
}

/// Whether `err` is the operating system's "too many levels of symbolic
/// links".
fn is_symlink_loop(err: &io::Error) -> bool {
    err.raw_os_error() == Some(libc::ELOOP)
}

/// Hidden entries (`.gitkeep`, `.keep`), a README, in any case, and the
/// files tools keep beside migrations ([`super::companions::COMPANIONS`])
/// are never part of a history.
pub(super) fn is_ignored(name: &OsStr) -> bool {
    let name = name.to_string_lossy();
    name.starts_with('.')
        || super::companions::is_companion(&name)
        || ["readme", "readme.md", "readme.txt"]
            .iter()
            .any(|readme| name.eq_ignore_ascii_case(readme))
}

/// A file's text and the checksum of its bytes.
#[derive(Debug, Clone)]
pub(super) struct Content {
    /// The text as read (a BOM included).
    pub text: String,
    pub checksum: String,
}

impl Content {
    /// The text without a leading byte-order mark.
    pub fn sql(&self) -> &str {
        strip_bom(&self.text)
    }
}

/// Reads a file's bytes, checksums them and decodes them as UTF-8,
/// recording a problem on failure.
pub(super) fn read(path: &Path, problems: &mut Vec<Problem>) -> Option<Content> {
    let bytes = match fs::read(path) {
        Ok(bytes) => bytes,
        Err(err) => {
            problems.push(unreadable_file(path, &err));
            return None;
        }
    };
    let checksum = sha256_hex(&bytes);
    if let Some(nul) = bytes.iter().position(|&b| b == 0) {
        // No SQL text holds a NUL byte, and the server refuses one in a query.
        let (line, column) = position_after(&bytes[..nul]);
        problems.push(
            Problem::new(path, "binary file: a NUL byte is not SQL text")
                .at(line, column)
                .with_help("a migration is a text file of SQL: remove this file from the history, or save it as UTF-8 text"),
        );
        return None;
    }
    match String::from_utf8(bytes) {
        Ok(text) => Some(Content { text, checksum }),
        Err(err) => {
            let valid = &err.as_bytes()[..err.utf8_error().valid_up_to()];
            let (line, column) = position_after(valid);
            problems.push(
                Problem::new(path, "invalid utf-8")
                    .at(line, column)
                    .with_help("save the file as UTF-8"),
            );
            None
        }
    }
}

/// The 1-based line and column just past `valid` (valid UTF-8 bytes). The
/// column counts characters, not bytes; a leading BOM is not counted.
pub(super) fn position_after(valid: &[u8]) -> (usize, usize) {
    let text = String::from_utf8_lossy(valid);
    let text = strip_bom(&text);
    let line = 1 + text.matches('\n').count();
    let last_line = text.rsplit('\n').next().unwrap_or("");
    (line, 1 + last_line.chars().count())
}

pub(super) fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut hex = String::with_capacity(digest.len() * 2);
    for byte in digest {
        // Writing to a String cannot fail.
        let _ = write!(hex, "{byte:02x}");
    }
    hex
}

/// Whether `sql` holds no statement at all (only whitespace and comments).
pub(super) fn is_blank_sql(sql: &str) -> bool {
    split_statements(sql).is_empty()
}

/// The whole of a file as a script.
pub(super) fn whole_file(path: &Path, content: &Content) -> Script {
    Script {
        path: path.to_path_buf(),
        sql: content.sql().to_owned(),
        line_offset: 0,
        checksum: content.checksum.clone(),
    }
}

pub(super) fn tx_mode(no_transaction: bool) -> TxMode {
    if no_transaction {
        TxMode::NoTransaction
    } else {
        TxMode::Transaction
    }
}

/// A file name's part before `.sql`, if it ends so.
pub(super) fn sql_stem(name: &str) -> Option<&str> {
    name.strip_suffix(".sql")
}

/// Splits `<digits>_<rest>` (the naming of dbmate and goose files) into the
/// digits and the rest; `Err` says why it does not fit.
pub(super) fn numbered_stem(stem: &str) -> Result<(u64, &str, &str), String> {
    let digits = stem.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 {
        return Err(format!("`{stem}` does not start with a version number"));
    }
    let (version_text, rest) = stem.split_at(digits);
    let description = match rest.strip_prefix('_') {
        Some(description) => description,
        None if rest.is_empty() => "",
        None => {
            return Err(format!(
                "the version `{version_text}` is not followed by `_`"
            ));
        }
    };
    let version = version_text
        .parse::<u64>()
        .map_err(|_| format!("version `{version_text}` is too large"))?;
    Ok((version, version_text, description))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_lines_and_characters() {
        assert_eq!(position_after(b""), (1, 1));
        assert_eq!(position_after(b"abc"), (1, 4));
        assert_eq!(position_after(b"a\nbc"), (2, 3));
        assert_eq!(position_after(b"a\r\n"), (2, 1));
        assert_eq!(position_after("\u{feff}é".as_bytes()), (1, 2));
    }

    #[test]
    fn checksum_is_lowercase_hex_sha256() {
        assert_eq!(
            sha256_hex(b""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }

    #[test]
    fn ignored_names() {
        for name in [
            ".gitkeep",
            ".hidden.up.sql",
            "README",
            "readme.md",
            "ReadMe.TXT",
            "atlas.sum",
        ] {
            assert!(is_ignored(OsStr::new(name)), "{name}");
        }
        for name in ["README.rst", "notes.md", "1_a.up.sql"] {
            assert!(!is_ignored(OsStr::new(name)), "{name}");
        }
    }

    #[test]
    fn blank_sql_is_only_comments_and_space() {
        assert!(is_blank_sql(""));
        assert!(is_blank_sql("-- nothing\n/* here */\n  \n"));
        assert!(!is_blank_sql("-- x\nSELECT 1;"));
    }

    #[test]
    fn numbered_stems() {
        assert_eq!(
            numbered_stem("20240101_add_tasks"),
            Ok((20_240_101, "20240101", "add_tasks"))
        );
        assert_eq!(numbered_stem("7"), Ok((7, "7", "")));
        assert!(numbered_stem("x_1").unwrap_err().contains("version number"));
        assert!(numbered_stem("1a_b").unwrap_err().contains("not followed"));
    }
}
