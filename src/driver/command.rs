//! The command driver, for any tool pg-roundtrip does not read itself:
//! `--list-cmd` prints the revision ids in the order they apply, one per
//! line; `--up-cmd` and `--down-cmd` apply and undo one of them. The
//! commands run with `sh -c` in the history's directory, with `{rev}` and
//! `{url}` replaced (shell-quoted) and `DATABASE_URL` set to the scratch
//! database's URL. A step's non-zero exit is a step error with its stderr.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use super::failure;
use crate::db::{FailureKind, StepFailure};
use crate::source::{
    History, HistoryError, Layout, Problem, Revision, RevisionName, Runner, Script, Step, TxMode,
    place,
};

/// The three command templates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommandTemplates {
    pub list: String,
    pub up: String,
    pub down: String,
}

/// Lists the history in `dir` with `templates.list`.
pub fn load_command(dir: &Path, templates: &CommandTemplates) -> Result<History, HistoryError> {
    let problem = |message: String| {
        HistoryError::new(
            dir,
            vec![
                Problem::new(dir, message)
                    .with_help("--list-cmd must print one revision id per line, in order"),
            ],
        )
    };
    if !dir.is_dir() {
        return Err(problem(format!("{} is not a directory", dir.display())));
    }
    let output = std::process::Command::new("sh")
        .arg("-c")
        .arg(&templates.list)
        .current_dir(dir)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| {
            problem(format!(
                "could not run --list-cmd `{}`: {e}",
                templates.list
            ))
        })?;
    if !output.status.success() {
        return Err(problem(format!(
            "--list-cmd `{}` failed ({}): {}",
            templates.list,
            output.status,
            String::from_utf8_lossy(&output.stderr).trim()
        )));
    }
    let text = String::from_utf8_lossy(&output.stdout);
    let ids: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let mut problems = Vec::new();
    for (i, id) in ids.iter().enumerate() {
        if ids[..i].contains(id) {
            problems.push(
                Problem::new(
                    dir,
                    format!("--list-cmd printed `{id}` twice (line {})", i + 1),
                )
                .with_help("every revision id must be listed once"),
            );
        }
    }
    if !problems.is_empty() {
        return Err(HistoryError::new(dir, problems));
    }
    let mut revisions: Vec<Revision> = ids
        .iter()
        .enumerate()
        .map(|(i, id)| {
            let origin = origin(dir, id);
            let step = |template: &str| Step {
                script: Script {
                    path: origin.clone(),
                    sql: String::new(),
                    line_offset: 0,
                    checksum: String::new(),
                },
                transaction: TxMode::NoTransaction,
                runner: Runner::Command {
                    template: template.to_string(),
                    revision: id.to_string(),
                },
            };
            Revision::new(
                RevisionName {
                    id: id.to_string(),
                    version: i as u64 + 1,
                    version_text: id.to_string(),
                    description: id.to_string(),
                    aliases: Vec::new(),
                    numbered: false,
                },
                step(&templates.up),
                Some(step(&templates.down)),
            )
        })
        .collect();
    place(&mut revisions);
    Ok(History {
        dir: dir.to_path_buf(),
        format: Layout::Command,
        revisions,
        warnings: Vec::new(),
    })
}

/// Where a revision comes from: the entry of `dir`, or of a directory in
/// it (`migrations/`), whose name starts with its id; else `dir`.
fn origin(dir: &Path, id: &str) -> PathBuf {
    let listing = |d: &Path| -> Vec<PathBuf> {
        let mut found: Vec<PathBuf> = std::fs::read_dir(d)
            .into_iter()
            .flatten()
            .flatten()
            .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
            .map(|e| e.path())
            .collect();
        found.sort();
        found
    };
    let named = |p: &PathBuf| {
        p.file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with(id))
    };
    let top = listing(dir);
    if let Some(hit) = top.iter().find(|p| named(p)) {
        return hit.clone();
    }
    top.iter()
        .filter(|p| p.is_dir())
        .flat_map(|d| listing(d))
        .find(named)
        .unwrap_or_else(|| dir.to_path_buf())
}

/// `text` as one word for `sh`.
pub fn shell_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

/// Runs one step's command.
pub(super) async fn run(
    dir: &Path,
    template: &str,
    revision: &str,
    url: &str,
    timeout: Duration,
) -> Result<(), StepFailure> {
    let line = template
        .replace("{rev}", &shell_quote(revision))
        .replace("{url}", &shell_quote(url));
    let child = tokio::process::Command::new("sh")
        .arg("-c")
        .arg(&line)
        .current_dir(dir)
        .env("DATABASE_URL", url)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        // Its own process group, so that a timeout ends what it started too.
        .process_group(0)
        .kill_on_drop(true)
        .spawn();
    let child = match child {
        Ok(child) => child,
        Err(e) => return Err(failure(format!("could not run `{line}`: {e}"), None)),
    };
    let group = child.id();
    let output = match tokio::time::timeout(timeout, child.wait_with_output()).await {
        Ok(Ok(output)) => output,
        Ok(Err(e)) => return Err(failure(format!("could not run `{line}`: {e}"), None)),
        Err(_) => {
            if let Some(pid) = group.and_then(|p| i32::try_from(p).ok()) {
                // SAFETY: signals the process group this function created.
                unsafe {
                    libc::kill(-pid, libc::SIGKILL);
                }
            }
            return Err(StepFailure {
                kind: FailureKind::Timeout,
                ..failure(
                    format!(
                        "`{line}` did not finish within {} s; raise --step-timeout if it is legitimately slow",
                        timeout.as_secs()
                    ),
                    None,
                )
            });
        }
    };
    if output.status.success() {
        return Ok(());
    }
    let stderr = String::from_utf8_lossy(&output.stderr).trim().to_string();
    let stdout = String::from_utf8_lossy(&output.stdout).trim().to_string();
    let said = if stderr.is_empty() { stdout } else { stderr };
    Err(failure(
        format!(
            "`{template}` for {revision} exited with {}{}{said}",
            output.status,
            if said.is_empty() { "" } else { ": " }
        ),
        None,
    ))
}
