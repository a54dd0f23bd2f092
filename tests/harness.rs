//! The README's harness snippet in a crate of its own: a scratch crate
//! outside this repository, depending on pg-roundtrip by path, with a
//! three-revision history. Its `cargo test` lists one test per revision,
//! records snapshots where `cargo insta review` finds them, passes, and
//! fails with the finding once a down file is broken.
//!
//! The scratch crate builds into `target/scratch-crate/` of this
//! repository (so its dependencies are built once, not per run) and
//! offline, with this repository's `Cargo.lock`. It depends on the
//! `harness` feature without the default `docker` one: the README's line
//! with the Docker client stack would only make its first build longer,
//! and the local backend is what it runs on.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::history::HistoryFiles;
use std::path::Path;
use std::process::{Command, Output};

/// The README's `tests/migrations.rs`.
const MIGRATIONS_RS: &str = "\
fn main() -> std::process::ExitCode {
    pg_roundtrip::harness::Harness::new().run()
}
";

/// Writes the scratch crate into `dir`.
fn scratch_crate(dir: &Path) {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let manifest = format!(
        r#"[package]
name = "scratch-migrations"
version = "0.0.0"
edition = "2024"
publish = false

[workspace]

[dev-dependencies]
pg-roundtrip = {{ path = {repo:?}, default-features = false, features = ["harness"] }}

[[test]]
name = "migrations"
harness = false
"#,
        repo = repo.display().to_string()
    );
    std::fs::create_dir_all(dir.join("src")).unwrap();
    std::fs::create_dir_all(dir.join("tests")).unwrap();
    std::fs::write(dir.join("Cargo.toml"), manifest).unwrap();
    std::fs::write(dir.join("src/lib.rs"), "").unwrap();
    std::fs::write(dir.join("tests/migrations.rs"), MIGRATIONS_RS).unwrap();
    // The same versions as this repository, so that nothing is resolved
    // (or fetched) anew.
    std::fs::copy(repo.join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
    // The local backend (`auto` would take docker where the image is),
    // through the configuration file.
    std::fs::write(dir.join("pg-roundtrip.toml"), "backend = \"local\"\n").unwrap();
    HistoryFiles::new()
        .rev(
            "0001_create_users",
            "CREATE TABLE users (id bigint PRIMARY KEY, name text NOT NULL);\n",
            "DROP TABLE users;\n",
        )
        .rev(
            "0002_index_users_by_name",
            "CREATE INDEX users_by_name ON users (name);\n",
            "DROP INDEX users_by_name;\n",
        )
        .rev(
            "0003_add_users_email",
            "ALTER TABLE users ADD COLUMN email text;\n",
            "ALTER TABLE users DROP COLUMN email;\n",
        )
        .write(&dir.join("migrations"));
}

/// `cargo test --offline --test migrations -- ARGS` in the scratch crate;
/// `CI=true` unless `recording`.
fn cargo_test(dir: &Path, args: &[&str], env: &[(&str, &str)], recording: bool) -> Output {
    let target = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/scratch-crate");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut command = Command::new(cargo);
    command
        .current_dir(dir)
        .args(["test", "--offline", "--test", "migrations", "--"])
        .args(args)
        .env("CARGO_TARGET_DIR", target)
        // The cluster cache every test of this repository shares.
        .env("PG_ROUNDTRIP_CACHE", common::cache_dir())
        .env_remove("INSTA_UPDATE")
        .env_remove("INSTA_FORCE_PASS")
        .env_remove("NO_COLOR")
        .env_remove("RUSTFLAGS");
    if recording {
        command.env_remove("CI");
    } else {
        command.env("CI", "true");
    }
    for (k, v) in env {
        command.env(k, v);
    }
    command.output().unwrap()
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

#[test]
fn a_crate_of_its_own_tests_its_migrations_and_fails_on_a_broken_down_file() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    scratch_crate(dir);
    let snaps = dir.join("snapshots");

    // One test per revision.
    let listed = cargo_test(dir, &["--list", "--format", "terse"], &[], false);
    let out = text(&listed);
    assert!(listed.status.success(), "{out}");
    let stdout = String::from_utf8_lossy(&listed.stdout).into_owned();
    let names: Vec<&str> = stdout
        .lines()
        .filter_map(|l| l.strip_suffix(": test"))
        .collect();
    assert_eq!(
        names,
        [
            "roundtrip::0001_create_users",
            "roundtrip::0002_index_users_by_name",
            "roundtrip::0003_add_users_email"
        ],
        "{out}"
    );

    // The first run on a developer's machine: no snapshots yet, so every
    // test fails and leaves a `.snap.new` for `cargo insta review`.
    let first = cargo_test(dir, &[], &[], true);
    let out = text(&first);
    assert!(!first.status.success(), "{out}");
    assert!(
        out.contains("0001_create_users has no snapshot yet"),
        "{out}"
    );
    for id in [
        "0001_create_users",
        "0002_index_users_by_name",
        "0003_add_users_email",
    ] {
        assert!(
            snaps.join(format!("{id}.snap.new")).is_file(),
            "{id}: {out}"
        );
    }

    // Accepted (as `cargo insta accept` would): the suite passes, and in
    // CI too.
    let accepted = cargo_test(dir, &[], &[("INSTA_UPDATE", "always")], true);
    assert!(accepted.status.success(), "{}", text(&accepted));
    let passed = cargo_test(dir, &[], &[], false);
    let out = text(&passed);
    assert!(passed.status.success(), "{out}");
    assert!(out.contains("3 passed; 0 failed"), "{out}");

    // One revision alone.
    let one = cargo_test(
        dir,
        &["--exact", "roundtrip::0003_add_users_email"],
        &[],
        false,
    );
    let out = text(&one);
    assert!(one.status.success(), "{out}");
    assert!(out.contains("1 passed; 0 failed"), "{out}");
    assert!(out.contains("2 filtered out"), "{out}");

    // A down file that leaves the index behind fails its revision with
    // the finding: the object, the down file and the diff.
    std::fs::write(
        dir.join("migrations/0002_index_users_by_name.down.sql"),
        "SELECT 1;\n",
    )
    .unwrap();
    let broken = cargo_test(dir, &[], &[], false);
    let out = text(&broken);
    assert!(!broken.status.success(), "{out}");
    assert!(
        out.contains("test roundtrip::0002_index_users_by_name ... FAILED"),
        "{out}"
    );
    assert!(out.contains("2 passed; 1 failed"), "{out}");
    assert!(out.contains("downgrade-mismatch"), "{out}");
    assert!(
        out.contains("index users_by_name on table public.users: present after its downgrade"),
        "{out}"
    );
    assert!(
        out.contains("--> migrations/0002_index_users_by_name.down.sql"),
        "{out}"
    );
    assert!(out.contains("diff (< expected, > actual):"), "{out}");
    // No colour in a pipe.
    assert!(!out.contains('\u{1b}'), "{out}");
}
