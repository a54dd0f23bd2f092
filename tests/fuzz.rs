//! Runs every fuzz target of `fuzz/` (cargo-fuzz) for a while and fails on
//! a crash, so that `cargo test` fuzzes the history readers, the
//! directives and the statement splitter on every run.
//!
//! * cargo-fuzz is installed from crates.io when missing (`cargo install
//!   --locked cargo-fuzz`); a failed install fails the test, it never skips.
//! * Stable Rust is enough: the targets are built with `--sanitizer none`
//!   (libFuzzer's coverage instrumentation, no AddressSanitizer, which
//!   needs nightly). Rust's own checks (bounds, overflow, debug
//!   assertions: cargo-fuzz turns them on) catch what matters here.
//! * Each target runs `PG_ROUNDTRIP_FUZZ_SECONDS` seconds (default 20: the fuzz
//!   tests were 12 of the suite's 28 minutes at 60; longer runs by hand),
//!   from seeds made of `tests/fixtures/` (each history in the input form
//!   of `fuzz/src/lib.rs`, each SQL file for the text targets), plus what
//!   earlier runs found (`fuzz/corpus/<target>`, not committed).
//! * A crash prints the input and where cargo-fuzz saved it
//!   (`fuzz/artifacts/<target>/`); turn it into a unit test beside the
//!   code that crashed, then fix it (CONTRIBUTING.md, "Fuzzing").
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;
use std::time::Instant;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn fuzz_dir() -> PathBuf {
    root().join("fuzz")
}

fn seconds() -> u64 {
    match std::env::var("PG_ROUNDTRIP_FUZZ_SECONDS") {
        Ok(s) => match s.parse::<u64>() {
            Ok(n) if n > 0 => n,
            _ => panic!(
                "PG_ROUNDTRIP_FUZZ_SECONDS={s:?}: give a whole number of seconds, at least 1"
            ),
        },
        Err(_) => 20,
    }
}

/// `cargo fuzz` with a clean environment: nothing of the test run's own
/// cargo (its target directory, its flags) leaks into the fuzz build.
fn cargo_fuzz() -> Command {
    let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    command
        .current_dir(fuzz_dir())
        .arg("fuzz")
        .env_remove("CARGO_TARGET_DIR")
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .env_remove("CARGO_BUILD_RUSTFLAGS");
    command
}

/// Whether cargo-fuzz answers; if not, installs it from crates.io
/// (`cargo install --locked cargo-fuzz`, about a minute), as the Alembic
/// tests make their virtualenv: the README's `cargo test` passes on a
/// fresh machine. It never skips: a failed install fails the test with
/// cargo's error.
fn install() -> Result<(), String> {
    let answers = || {
        cargo_fuzz()
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    };
    if answers() {
        return Ok(());
    }
    eprintln!("cargo-fuzz is not installed: running `cargo install --locked cargo-fuzz`");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(cargo)
        .args(["install", "--locked", "cargo-fuzz"])
        .env_remove("CARGO_TARGET_DIR")
        .output()
        .map_err(|e| format!("cannot run `cargo install --locked cargo-fuzz`: {e}"))?;
    if out.status.success() && answers() {
        Ok(())
    } else {
        Err(format!(
            "`cargo install --locked cargo-fuzz` failed; install it by hand:\n{}",
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}

/// Builds every target once per test binary.
fn build() {
    static BUILT: Mutex<Option<Result<(), String>>> = Mutex::new(None);
    let mut built = BUILT.lock().unwrap_or_else(|e| e.into_inner());
    if built.is_none() {
        *built = Some(if let Err(err) = install() {
            Err(err)
        } else {
            let started = Instant::now();
            let out = cargo_fuzz()
                .args(["build", "--sanitizer", "none"])
                .output()
                .expect("run cargo fuzz build");
            eprintln!("cargo fuzz build: {:.0} s", started.elapsed().as_secs_f64());
            if out.status.success() {
                Ok(())
            } else {
                Err(format!(
                    "cargo fuzz build --sanitizer none failed:\n{}",
                    String::from_utf8_lossy(&out.stderr)
                ))
            }
        });
    }
    if let Some(Err(err)) = built.as_ref() {
        panic!("{err}");
    }
}

/// Every file under `dir`, relative to it, sorted.
fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.is_file() {
                out.push(path.strip_prefix(dir).unwrap().to_path_buf());
            }
        }
    }
    out.sort();
    out
}

/// A fixture history in the fuzz input form (`== path` headers).
fn encode(dir: &Path) -> Vec<u8> {
    let mut out = Vec::new();
    for rel in files(dir) {
        if rel.file_name().is_some_and(|n| n == "README.md") {
            continue;
        }
        out.extend_from_slice(format!("== {}\n", rel.display()).as_bytes());
        out.extend_from_slice(&std::fs::read(dir.join(&rel)).unwrap());
        if out.last() != Some(&b'\n') {
            out.push(b'\n');
        }
    }
    out
}

/// The seeds of `target`, written to a directory of their own.
fn seeds(target: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("fuzz-seeds/{target}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let fixtures = root().join("tests/fixtures");
    let mut histories: Vec<PathBuf> = std::fs::read_dir(&fixtures)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    histories.extend(
        std::fs::read_dir(fixtures.join("bad-input"))
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.is_dir()),
    );
    histories.sort();
    let mut n = 0;
    let mut put = |bytes: Vec<u8>| {
        n += 1;
        std::fs::write(dir.join(format!("seed-{n:04}")), bytes).unwrap();
    };
    match target {
        "split" | "directives" => {
            let mut sources = vec![root().join("tests/sql/all_kinds.sql")];
            for rel in files(&fixtures) {
                if rel.extension().is_some_and(|e| e == "sql") {
                    sources.push(fixtures.join(rel));
                }
            }
            for source in sources {
                put(std::fs::read(source).unwrap());
            }
            if target == "directives" {
                for version in ["1", "1.2", "1_2_10", "0.0", "2024.01.02"] {
                    put(version.as_bytes().to_vec());
                }
            }
        }
        _ => {
            for history in histories {
                let name = history.file_name().unwrap().to_string_lossy();
                let flat = files(&history)
                    .iter()
                    .any(|f| f.to_string_lossy().ends_with(".up.sql"));
                if target == "detect" || name.contains(target) || (target == "flat" && flat) {
                    put(encode(&history));
                }
            }
        }
    }
    assert!(n > 0, "no seeds for {target}");
    dir
}

/// One line of libFuzzer's final statistics (`stat::NAME: VALUE`).
fn stat(text: &str, name: &str) -> Option<u64> {
    let key = format!("stat::{name}:");
    text.lines()
        .find_map(|l| l.strip_prefix(&key))
        .and_then(|v| v.trim().parse().ok())
}

/// The directories the target's processes wrote their inputs to
/// (`pg_roundtrip_fuzz::scratch_dir`; libFuzzer exits without running
/// destructors, so they are removed here).
fn remove_scratch_dirs(target: &str) {
    let prefix = format!("pg-roundtrip-fuzz-{target}-");
    for base in [PathBuf::from("/dev/shm"), std::env::temp_dir()] {
        let Ok(entries) = std::fs::read_dir(&base) else {
            continue;
        };
        for entry in entries.flatten() {
            if entry.file_name().to_string_lossy().starts_with(&prefix) {
                let _ = std::fs::remove_dir_all(entry.path());
            }
        }
    }
}

fn fuzz(target: &str) {
    build();
    let seeds = seeds(target);
    let corpus = fuzz_dir().join("corpus").join(target);
    std::fs::create_dir_all(&corpus).unwrap();
    let secs = seconds();
    let started = Instant::now();
    let out = cargo_fuzz()
        .args(["run", "--sanitizer", "none", target])
        .arg(&corpus)
        .arg(&seeds)
        .args([
            "--".to_owned(),
            format!("-max_total_time={secs}"),
            // A single input that takes this long is a hang.
            "-timeout=10".to_owned(),
            "-rss_limit_mb=2048".to_owned(),
            "-max_len=65536".to_owned(),
            "-print_final_stats=1".to_owned(),
        ])
        .output()
        .expect("run cargo fuzz run");
    remove_scratch_dirs(target);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let runs = stat(&stderr, "number_of_executed_units").unwrap_or(0);
    eprintln!(
        "fuzz {target}: {runs} executions in {:.0} s ({:.0}/s)",
        started.elapsed().as_secs_f64(),
        runs as f64 / secs as f64
    );
    assert!(
        out.status.success(),
        "fuzz target {target} crashed (the input is in fuzz/artifacts/{target}/; make it a \
         unit test beside the code that crashed):\n{}",
        stderr
            .lines()
            .rev()
            .take(60)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect::<Vec<_>>()
            .join("\n")
    );
    assert!(runs > 0, "fuzz target {target} ran no input:\n{stderr}");
}

#[test]
fn fuzz_split() {
    fuzz("split");
}

#[test]
fn fuzz_directives() {
    fuzz("directives");
}

#[test]
fn fuzz_detect() {
    fuzz("detect");
}

#[test]
fn fuzz_flat() {
    fuzz("flat");
}

#[test]
fn fuzz_diesel() {
    fuzz("diesel");
}

#[test]
fn fuzz_dbmate() {
    fuzz("dbmate");
}

#[test]
fn fuzz_goose() {
    fuzz("goose");
}

#[test]
fn fuzz_flyway() {
    fuzz("flyway");
}

#[test]
fn fuzz_sqitch() {
    fuzz("sqitch");
}
