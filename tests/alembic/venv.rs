//! The virtualenv the Alembic tests run: `target/pg-roundtrip-venv` with
//! `tests/alembic/requirements.txt`, created by `tests/alembic/make-venv`
//! when missing or stale, once per machine at a time (under a lock, like
//! the Docker images). A virtualenv that cannot be made fails the test
//! with the reason; nothing is skipped.

use std::path::PathBuf;
use std::process::Command;

use super::common;

/// The virtualenv's directory.
pub fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .map(|p| p.join("pg-roundtrip-venv"))
        .unwrap_or_else(|| PathBuf::from("target/pg-roundtrip-venv"))
}

/// The virtualenv's interpreter, the virtualenv made first when needed.
pub fn python() -> PathBuf {
    let dir = dir();
    let requirements = common::repo_path("tests/alembic/requirements.txt");
    let stamp = dir.join("pg-roundtrip-requirements.txt");
    let python = dir.join("bin/python");
    let current =
        || python.is_file() && std::fs::read(&stamp).ok() == std::fs::read(&requirements).ok();
    let notice = format!(
        "creating the Alembic tests' virtualenv {} from {} (PyPI; once per machine)…\n",
        dir.display(),
        requirements.display()
    );
    let lock = std::env::temp_dir().join("pg-roundtrip-alembic-venv.lock");
    let made = common::docker::ensure_with(&lock, &notice, current, || {
        let script = common::repo_path("tests/alembic/make-venv");
        let out = Command::new(&script)
            .arg(&dir)
            .output()
            .map_err(|e| format!("cannot run {}: {e}", script.display()))?;
        if out.status.success() {
            Ok(())
        } else {
            Err(format!(
                "{} exited with {}:\n{}",
                script.display(),
                out.status,
                String::from_utf8_lossy(&out.stderr)
            ))
        }
    });
    if let Err(why) = made {
        panic!(
            "the Alembic tests need Python 3 with venv and pip, and PyPI: {why}\n\
             (make it by hand with `tests/alembic/make-venv`)"
        );
    }
    python
}
