//! What git says changed in a history's directory since a ref
//! (`--changed-from GIT_REF`): the files added, modified or deleted between
//! the merge base of the ref and `HEAD` and the working tree, plus the
//! untracked files (not ignored) as added.
//!
//! The merge base, not the ref itself: on a pull request's branch,
//! `--changed-from origin/main` then means "what this branch changed",
//! whatever `main` did after the branch left it (where the ref is an
//! ancestor of `HEAD`, the merge base is the ref).

use super::error::CliError;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The files of one history's directory that changed since a ref, as
/// absolute paths with symbolic links resolved where the file exists.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes {
    /// The ref as given.
    pub reference: String,
    /// Added since the ref, or untracked.
    pub added: BTreeSet<PathBuf>,
    /// Modified (content or type).
    pub modified: BTreeSet<PathBuf>,
    /// Gone from the working tree.
    pub deleted: BTreeSet<PathBuf>,
}

/// What git says changed under `dir` since `reference`.
pub fn changes(dir: &Path, reference: &str) -> Result<Changes, CliError> {
    let flag = format!("--changed-from {reference}");
    let top = git(dir, &["rev-parse", "--show-toplevel"]).map_err(|e| {
        e.usage(
            &flag,
            || format!("{} is not inside a git repository", dir.display()),
            "run it in a clone of the repository, or choose the revisions with --since REV",
        )
    })?;
    let root = PathBuf::from(top.trim_end_matches(['\n', '\r']));
    let commit = format!("{reference}^{{commit}}");
    git(
        &root,
        &["rev-parse", "--verify", "--end-of-options", &commit],
    )
    .map_err(|e| {
        e.usage(
            &flag,
            || format!("git knows no commit {reference:?} in {}", root.display()),
            FETCH_HELP,
        )
    })?;
    let base = git(&root, &["merge-base", reference, "HEAD"]).map_err(|e| {
        e.usage(
            &flag,
            || {
                format!(
                    "{reference} and HEAD have no common commit in {}",
                    root.display()
                )
            },
            FETCH_HELP,
        )
    })?;
    let base = base.trim();
    let spec = pathspec(&root, dir);
    let diff = git(
        &root,
        &[
            "diff",
            "--name-status",
            "-z",
            "--no-renames",
            base,
            "--",
            &spec,
        ],
    )
    .map_err(|e| e.usage(&flag, || "git diff failed".into(), FETCH_HELP))?;
    let untracked = git(
        &root,
        &[
            "ls-files",
            "--others",
            "--exclude-standard",
            "-z",
            "--",
            &spec,
        ],
    )
    .map_err(|e| e.usage(&flag, || "git ls-files failed".into(), FETCH_HELP))?;
    let mut changes = parse_name_status(&root, &diff);
    changes.reference = reference.to_string();
    changes.added.extend(
        untracked
            .split('\0')
            .filter(|p| !p.is_empty())
            .map(|p| comparable(&root, p)),
    );
    Ok(changes)
}

const FETCH_HELP: &str = "fetch it first (`git fetch origin main`); a shallow CI checkout needs the history back to the branch point (actions/checkout: `fetch-depth: 0`; GitLab: `GIT_DEPTH: 0`)";

/// `git diff --name-status -z` output (`STATUS\0PATH\0…`, paths relative
/// to `root`) as changes.
fn parse_name_status(root: &Path, text: &str) -> Changes {
    let mut changes = Changes::default();
    let mut fields = text.split('\0').filter(|f| !f.is_empty());
    while let (Some(status), Some(path)) = (fields.next(), fields.next()) {
        let path = comparable(root, path);
        match status.chars().next() {
            Some('A') | Some('C') => changes.added.insert(path),
            Some('D') => changes.deleted.insert(path),
            // M (modified), T (type changed), U (unmerged), and anything
            // git may add later: something about the file changed.
            _ => changes.modified.insert(path),
        };
    }
    changes
}

/// `dir` as a pathspec relative to the repository's top.
fn pathspec(root: &Path, dir: &Path) -> String {
    let (root, dir) = (resolved(root), resolved(dir));
    match dir.strip_prefix(&root) {
        Ok(rel) if rel.as_os_str().is_empty() => ".".into(),
        Ok(rel) => rel.display().to_string(),
        Err(_) => dir.display().to_string(),
    }
}

/// A repository path (relative to `root`) as an absolute path to compare
/// with the files a history was read from.
fn comparable(root: &Path, rel: &str) -> PathBuf {
    resolved(&root.join(rel))
}

/// Absolute, with symbolic links resolved where the path exists.
pub fn resolved(path: &Path) -> PathBuf {
    std::fs::canonicalize(path)
        .or_else(|_| std::path::absolute(path))
        .unwrap_or_else(|_| path.to_path_buf())
}

/// Why a git command gave no answer.
enum GitFailure {
    /// git could not be started.
    NotRun(std::io::Error),
    /// git ran and refused, with what it said.
    Refused(String),
}

impl GitFailure {
    /// A usage error for `flag`: what went wrong, git's own words, and
    /// what to do.
    fn usage(self, flag: &str, what: impl FnOnce() -> String, help: &str) -> CliError {
        match self {
            GitFailure::NotRun(e) => CliError::Usage(format!(
                "{flag}: could not run git ({e}): install git, or choose the revisions with --since REV"
            )),
            GitFailure::Refused(said) => {
                CliError::Usage(format!("{flag}: {} (git: {said})\n  help: {help}", what()))
            }
        }
    }
}

/// Runs `git -C cwd ARGS…` and returns its standard output.
fn git(cwd: &Path, args: &[&str]) -> Result<String, GitFailure> {
    let output = Command::new("git")
        .arg("-C")
        .arg(cwd)
        .args(args)
        .env("GIT_OPTIONAL_LOCKS", "0")
        .stdin(std::process::Stdio::null())
        .output()
        .map_err(GitFailure::NotRun)?;
    if output.status.success() {
        return Ok(String::from_utf8_lossy(&output.stdout).into_owned());
    }
    let said = String::from_utf8_lossy(&output.stderr);
    let said = said
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("; ");
    Err(GitFailure::Refused(if said.is_empty() {
        format!("exit {}", output.status)
    } else {
        said
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_status_is_read_by_its_first_letter() {
        let root = Path::new("/nonexistent-root");
        let text = "A\0db/1_a.up.sql\0M\0db/2_b.up.sql\0D\0db/3_c.down.sql\0T\0db/4.sql\0";
        let c = parse_name_status(root, text);
        assert_eq!(c.added, BTreeSet::from([root.join("db/1_a.up.sql")]));
        assert_eq!(
            c.modified,
            BTreeSet::from([root.join("db/2_b.up.sql"), root.join("db/4.sql")])
        );
        assert_eq!(c.deleted, BTreeSet::from([root.join("db/3_c.down.sql")]));
        assert_eq!(parse_name_status(root, ""), Changes::default());
    }
}
