//! Alembic projects, read through alembic itself.
//!
//! The history is never parsed from the `.py` files here: the helper that
//! ships inside the binary (`driver/alembic_driver.py`) is run with the
//! project's interpreter ([`Python::resolve`]), loads the project's
//! `alembic.ini` and script directory with `alembic.script.ScriptDirectory`
//! and prints the revisions in topological order (bases first, a merge
//! after all its parents), each with its down revisions, its file, and
//! the lines of `def upgrade` and `def downgrade` (from `inspect`). It also
//! runs `env.py` once offline with no step, so that an `env.py` that
//! cannot be imported is reported before any walk.
//!
//! Alembic's own rules:
//!
//! * a `downgrade()` whose body is only `pass` (or a docstring, or `...`)
//!   runs as the no-op it is: after a data-only upgrade it restores the
//!   schema (Prefect has five such revisions), and after one that changes
//!   the schema the walk reports the downgrade mismatch at the line of
//!   `def downgrade`. One that raises `NotImplementedError`, the Alembic
//!   way to say a revision cannot be undone, and a revision without a
//!   `downgrade()`, have no downgrade: an irreversible finding at the line
//!   of the `raise` (or of the file), unless `--allow-irreversible` names
//!   them;
//! * more than one head is refused: `alembic upgrade head` would refuse it
//!   too (merge them with `alembic merge heads`);
//! * every step runs the project's real `env.py` through the walk's
//!   driver ([`Runner::Alembic`]); the script is empty, its `path` is the
//!   revision file and its first line the `def upgrade` / `def downgrade`
//!   line.
//!
//! The id of a revision is Alembic's revision id (`1a2b3c4d5e6f`); its file
//! stem and its branch labels are aliases.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use serde::Deserialize;

use super::error::{HistoryError, Problem};
use super::files::sha256_hex;
use super::layout::Layout;
use super::{Down, History, MissingDown, Revision, RevisionName, Runner, Script, Step, TxMode};
use crate::driver::{ALEMBIC_HELPER, AlembicOptions, Python};

/// How long listing may take: importing a large project and running its
/// `env.py` offline.
const LIST_TIMEOUT: Duration = Duration::from_secs(120);

/// What the helper's `list` mode prints.
#[derive(Debug, Deserialize)]
struct Listing {
    revisions: Vec<Listed>,
    heads: Vec<String>,
    /// The script directory alembic read.
    script_location: PathBuf,
    env_error: Option<PyError>,
}

#[derive(Debug, Deserialize)]
struct Listed {
    id: String,
    down_revisions: Vec<String>,
    path: PathBuf,
    doc: String,
    up_line: Option<usize>,
    up_kind: String,
    down_line: Option<usize>,
    down_kind: String,
    down_where: Option<usize>,
    branch_labels: Vec<String>,
}

/// A Python exception as the helper describes it.
#[derive(Debug, Deserialize)]
pub(crate) struct PyError {
    pub message: String,
    pub file: Option<PathBuf>,
    pub line: Option<usize>,
    pub traceback: Option<String>,
}

/// What the helper prints when it cannot start (`fatal`).
#[derive(Debug, Deserialize)]
struct Fatal {
    kind: String,
    message: String,
    traceback: Option<String>,
}

/// Reads the Alembic project in `dir` (the directory with `alembic.ini`,
/// or its script directory) by running alembic.
pub fn load_alembic(dir: &Path, options: &AlembicOptions) -> Result<History, HistoryError> {
    let python = Python::resolve(dir, options.python.as_deref());
    let dir_text = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
    let dir_arg = dir_text.to_string_lossy();
    let json = options.helper_json();
    let output = run_listing(&python, &["list", &dir_arg, &json]).map_err(|p| one(dir, p))?;
    let mut listing = parse(dir, &python, output)?;
    let mut problems = Vec::new();
    if let Some(e) = &mut listing.env_error {
        e.file = e.file.as_deref().map(|f| as_given(dir, f));
        problems.push(py_problem(
            dir,
            e,
            &format!("env.py failed when run offline with `{}`", python.display()),
            "fix the error above (a package missing from the interpreter, an import of the \
             project that fails), or choose the interpreter with --python CMD",
        ));
    }
    if listing.revisions.is_empty() && listing.env_error.is_none() {
        problems.push(
            Problem::new(
                dir,
                format!(
                    "alembic found no revision in the script directory {}",
                    listing.script_location.display()
                ),
            )
            .with_help(
                "check `script_location` and `version_locations` in alembic.ini (or where \
                 env.py sets `context.script.version_locations`), and that this directory is the \
                 project's alembic.ini directory",
            ),
        );
    }
    if listing.heads.len() > 1 {
        let files: Vec<String> = listing
            .revisions
            .iter()
            .filter(|r| listing.heads.contains(&r.id))
            .map(|r| format!("{} ({})", r.id, r.path.display()))
            .collect();
        problems.push(
            Problem::new(
                dir,
                format!(
                    "the history has {} heads: {}",
                    listing.heads.len(),
                    files.join(", ")
                ),
            )
            .with_help(
                "`alembic upgrade head` refuses several heads; merge them with \
                 `alembic merge heads -m merge`",
            ),
        );
    }
    if !problems.is_empty() {
        return Err(HistoryError::new(dir, problems));
    }
    let mut revisions = Vec::new();
    for (position, mut listed) in listing.revisions.into_iter().enumerate() {
        listed.path = as_given(dir, &listed.path);
        revisions.push(revision(position, listed, &mut problems));
    }
    if !problems.is_empty() {
        return Err(HistoryError::new(dir, problems));
    }
    Ok(History {
        dir: dir.to_path_buf(),
        format: Layout::Alembic,
        revisions,
        warnings: Vec::new(),
    })
}

fn revision(position: usize, listed: Listed, problems: &mut Vec<Problem>) -> Revision {
    let checksum = std::fs::read(&listed.path)
        .map(|bytes| sha256_hex(&bytes))
        .unwrap_or_default();
    let script = |line: Option<usize>| Script {
        path: listed.path.clone(),
        sql: String::new(),
        line_offset: line.unwrap_or(1).saturating_sub(1),
        checksum: checksum.clone(),
    };
    let step = |upgrade: bool, line| Step {
        script: script(line),
        transaction: TxMode::Transaction,
        runner: Runner::Alembic {
            revision: listed.id.clone(),
            upgrade,
            down_revisions: listed.down_revisions.clone(),
        },
    };
    if listed.up_kind == "missing" {
        problems.push(
            Problem::new(&listed.path, "the revision has no `upgrade()` function")
                .with_help("give it `def upgrade() -> None:` as `alembic revision` writes it"),
        );
    }
    let up = step(true, listed.up_line);
    let up_is_empty = listed.up_kind == "pass";
    let down = match listed.down_kind.as_str() {
        "missing" if !up_is_empty => Down::Missing(MissingDown {
            file: listed.path.clone(),
            line: listed.down_line,
            what: "no `downgrade()` function".into(),
            help: "write the downgrade, or `raise NotImplementedError` in it and allow it with \
                   --allow-irreversible"
                .into(),
        }),
        "raises" => Down::Missing(MissingDown {
            file: listed.path.clone(),
            line: listed.down_where.or(listed.down_line),
            what: "`downgrade()` raises NotImplementedError".into(),
            help: "write the downgrade, or allow the revision with --allow-irreversible".into(),
        }),
        _ => Down::Step(step(false, listed.down_line)),
    };
    let stem = listed
        .path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut aliases = listed.branch_labels.clone();
    if stem != listed.id {
        aliases.push(stem);
    }
    let mut revision = Revision::with_down(
        RevisionName {
            id: listed.id.clone(),
            version: position as u64 + 1,
            version_text: listed.id.clone(),
            description: listed.doc.lines().next().unwrap_or("").trim().to_string(),
            aliases,
            numbered: false,
        },
        up,
        down,
    );
    revision.position = position;
    revision.parents = listed.down_revisions;
    revision
}

/// Runs the helper and returns its stdout, or why it could not run.
fn run_listing(python: &Python, args: &[&str]) -> Result<(Vec<u8>, String, i32), Problem> {
    let mut child = python
        .command(ALEMBIC_HELPER, args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| {
            Problem::new(
                &python.cwd,
                format!("could not start `{}`: {e}", python.display()),
            )
            .with_help("install Python 3, or say which interpreter runs the project with --python CMD (`.venv/bin/python`, `uv run python`)")
        })?;
    let mut stdout = child.stdout.take();
    let mut stderr = child.stderr.take();
    let out = std::thread::spawn(move || drain(stdout.as_mut()));
    let err = std::thread::spawn(move || drain(stderr.as_mut()));
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() > LIST_TIMEOUT => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(Problem::new(
                    &python.cwd,
                    format!(
                        "`{}` did not list the revisions within {} s",
                        python.display(),
                        LIST_TIMEOUT.as_secs()
                    ),
                ));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(10)),
            Err(e) => {
                return Err(Problem::new(
                    &python.cwd,
                    format!("waiting for `{}`: {e}", python.display()),
                ));
            }
        }
    };
    let stdout = out.join().unwrap_or_default();
    let stderr = String::from_utf8_lossy(&err.join().unwrap_or_default()).into_owned();
    Ok((stdout, stderr, status.code().unwrap_or(-1)))
}

fn drain(stream: Option<&mut impl Read>) -> Vec<u8> {
    let mut buf = Vec::new();
    if let Some(stream) = stream {
        let _ = stream.read_to_end(&mut buf);
    }
    buf
}

fn parse(
    dir: &Path,
    python: &Python,
    (stdout, stderr, code): (Vec<u8>, String, i32),
) -> Result<Listing, HistoryError> {
    let text = String::from_utf8_lossy(&stdout);
    let last = text.lines().rev().find(|l| l.starts_with('{'));
    #[derive(Deserialize)]
    struct MaybeFatal {
        fatal: Option<Fatal>,
    }
    if let Some(line) = last {
        if let Ok(MaybeFatal { fatal: Some(f) }) = serde_json::from_str(line) {
            let (what, help) = if f.kind == "missing-alembic" {
                (
                    format!("alembic cannot be imported by `{}`", python.display()),
                    format!(
                        "install the project's dependencies into that interpreter (it was chosen by {}), \
                         or name the one that has them with --python CMD",
                        python.chosen_by
                    ),
                )
            } else {
                (
                    "alembic could not load the project".to_string(),
                    "check alembic.ini and its script_location; run `alembic history` to see the same error"
                        .to_string(),
                )
            };
            let mut message = format!("{what}: {}", f.message);
            if let Some(tb) = f.traceback.as_deref().and_then(last_lines) {
                message.push_str(&format!("\n{tb}"));
            }
            return Err(one(dir, Problem::new(dir, message).with_help(help)));
        }
        if code == 0
            && let Ok(listing) = serde_json::from_str::<Listing>(line)
        {
            return Ok(listing);
        }
    }
    let tail = last_lines(&stderr).unwrap_or_default();
    Err(one(
        dir,
        Problem::new(
            dir,
            format!(
                "`{}` failed to list the Alembic revisions (exit {code}){}{tail}",
                python.display(),
                if tail.is_empty() { "" } else { ":\n" }
            ),
        )
        .with_help("run `alembic history` in the project to see the same error"),
    ))
}

/// The last lines of a Python traceback or stderr, indented.
pub(crate) fn last_lines(text: &str) -> Option<String> {
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    if lines.is_empty() {
        return None;
    }
    let from = lines.len().saturating_sub(6);
    Some(
        lines[from..]
            .iter()
            .map(|l| format!("    {l}"))
            .collect::<Vec<_>>()
            .join("\n"),
    )
}

fn py_problem(dir: &Path, e: &PyError, what: &str, help: &str) -> Problem {
    let mut message = format!("{what}: {}", e.message);
    if let Some(tb) = e.traceback.as_deref().and_then(last_lines) {
        message.push_str(&format!("\n{tb}"));
    }
    let mut problem =
        Problem::new(e.file.clone().unwrap_or_else(|| dir.to_path_buf()), message).with_help(help);
    if let Some(line) = e.line {
        problem = problem.at(line, 1);
    }
    problem
}

/// `path` (absolute, from Python) spelled from `dir` as the user gave it,
/// as every other layout spells its files.
fn as_given(dir: &Path, path: &Path) -> PathBuf {
    let root = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
    // A script directory's files may be reached from its project root.
    let bases = [(root.clone(), dir.to_path_buf())]
        .into_iter()
        .chain(root.parent().map(|p| (p.to_path_buf(), dir.join(".."))));
    for (base, spelled) in bases {
        if let Ok(rest) = path.strip_prefix(&base) {
            return spelled.join(rest);
        }
    }
    path.to_path_buf()
}

fn one(dir: &Path, problem: Problem) -> HistoryError {
    HistoryError::new(dir, vec![problem])
}
