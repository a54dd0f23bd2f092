//! Which command starts a project's Python: `--python CMD` when given,
//! else the project's own `.venv`, `uv run python` (a `uv.lock`),
//! `poetry run python` (a `poetry.lock`), or `python3` on `PATH`, in that
//! order, as a user of those tools would run `alembic` themselves.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// A command line that starts Python, and where to start it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Python {
    pub program: OsString,
    pub args: Vec<OsString>,
    /// Where the project is: the interpreter starts there (`uv` and
    /// `poetry` find their project from it; `alembic.ini` paths are
    /// relative to it).
    pub cwd: PathBuf,
    /// How it was chosen, for messages: "--python", ".venv", "uv run", ….
    pub chosen_by: &'static str,
}

impl Python {
    /// The interpreter for the Alembic project in `dir` (the directory
    /// with `alembic.ini`, or a script directory whose parent has it).
    pub fn resolve(dir: &Path, flag: Option<&str>) -> Python {
        let root = project_root(dir);
        if let Some(flag) = flag.map(str::trim).filter(|f| !f.is_empty()) {
            let mut words = flag.split_whitespace().map(OsString::from);
            let mut program = words.next().unwrap_or_else(|| "python3".into());
            // A relative path means the user's directory, not the project's.
            let path = Path::new(&program);
            if path.components().count() > 1 && path.is_relative() {
                program = std::path::absolute(path)
                    .unwrap_or_else(|_| path.to_path_buf())
                    .into_os_string();
            }
            return Python {
                program,
                args: words.collect(),
                cwd: root,
                chosen_by: "--python",
            };
        }
        for base in [root.as_path(), dir] {
            let venv = base.join(".venv").join("bin").join("python");
            if venv.is_file() {
                return Python::plain(venv.into_os_string(), root.clone(), ".venv");
            }
        }
        let run = |tool: &str, chosen_by| Python {
            program: tool.into(),
            args: vec!["run".into(), "python".into()],
            cwd: root.clone(),
            chosen_by,
        };
        if root.join("uv.lock").is_file() && on_path("uv") {
            return run("uv", "uv run");
        }
        if root.join("poetry.lock").is_file() && on_path("poetry") {
            return run("poetry", "poetry run");
        }
        let program = if on_path("python3") {
            "python3"
        } else {
            "python"
        };
        Python::plain(program.into(), root, "PATH")
    }

    fn plain(program: OsString, cwd: PathBuf, chosen_by: &'static str) -> Python {
        Python {
            program,
            args: Vec::new(),
            cwd,
            chosen_by,
        }
    }

    /// The command line as a user would type it.
    pub fn display(&self) -> String {
        std::iter::once(&self.program)
            .chain(&self.args)
            .map(|a| a.to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// A command running `script` (Python source) with `args`.
    pub fn command(&self, script: &str, args: &[&str]) -> std::process::Command {
        let mut cmd = std::process::Command::new(&self.program);
        cmd.args(&self.args)
            .arg("-c")
            .arg(script)
            .args(args)
            .current_dir(&self.cwd)
            .env("PYTHONUNBUFFERED", "1")
            .env("PYTHONDONTWRITEBYTECODE", "1");
        cmd
    }
}

/// The directory holding `alembic.ini`: `dir` itself, or its parent for a
/// script directory (`env.py` + `versions/`); `dir` when neither has one.
pub fn project_root(dir: &Path) -> PathBuf {
    let dir = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
    if dir.join("alembic.ini").is_file() {
        return dir;
    }
    match dir.parent() {
        Some(parent) if parent.join("alembic.ini").is_file() => parent.to_path_buf(),
        _ => dir,
    }
}

fn on_path(program: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|path| std::env::split_paths(&path).any(|d| d.join(program).is_file()))
}
