//! The bad-input corpus: histories that are wrong in every way a user's can
//! be, each run through the binary (`check --no-snapshots`) on a real local
//! PostgreSQL, each with the result it must give: exit 2 and a message
//! naming the file, line and column and what to do, or the verdict a
//! correct walk reaches. Never a panic (stderr never says `panicked`),
//! never a hang (every run has a deadline of its own).
//!
//! The small histories are in `tests/fixtures/bad-input/` (its README has
//! the table); the big and binary ones are written here at test time.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::bin::PgRoundtrip;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

/// Longer than any case needs; a run past it is a hang.
const DEADLINE: Duration = Duration::from_secs(120);

/// What a run printed and how it ended.
struct Run {
    code: Option<i32>,
    text: String,
    /// Peak resident memory of the pg-roundtrip process, in KiB.
    peak_kib: u64,
    elapsed: Duration,
}

/// The peak resident set (`VmHWM`) of a live process, in KiB.
fn peak_rss_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Runs `check` on `history` (with `args` after it) on the local backend
/// under [`DEADLINE`], polling the process's peak memory while it runs.
fn check(history: &Path, args: &[&str]) -> Run {
    let cwd = tempfile::tempdir().unwrap();
    let mut command = PgRoundtrip::local(cwd.path())
        .args(["check", "--no-snapshots", "--jobs", "1"])
        .arg(history)
        .args(args);
    if !args.contains(&"--step-timeout") {
        command = command.args(["--step-timeout", "10"]);
    }
    let mut command = command.into_command();
    let started = Instant::now();
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start pg-roundtrip");
    let pid = child.id();
    // Read both pipes on their own threads, so that a full pipe never
    // stalls the child while this thread polls it.
    let mut stdout = child.stdout.take().unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let out = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = stdout.read_to_end(&mut s);
        s
    });
    let err = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = stderr.read_to_end(&mut s);
        s
    });
    let mut peak_kib = 0;
    let status = loop {
        if let Some(kib) = peak_rss_kib(pid) {
            peak_kib = peak_kib.max(kib);
        }
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > DEADLINE {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "pg-roundtrip check {} hung: no exit after {DEADLINE:?}",
                history.display()
            );
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.join().unwrap()),
        String::from_utf8_lossy(&err.join().unwrap())
    );
    assert!(
        !text.contains("panicked"),
        "pg-roundtrip panicked on {}:\n{text}",
        history.display()
    );
    Run {
        code: status.code(),
        text,
        peak_kib,
        elapsed: started.elapsed(),
    }
}

fn corpus(name: &str) -> PathBuf {
    common::fixture("bad-input").join(name)
}

/// Runs a case and checks its exit code and that the output holds every
/// piece of `expect`, in order.
fn expect(history: &Path, args: &[&str], code: i32, expect: &[&str]) -> Run {
    let run = check(history, args);
    assert_eq!(run.code, Some(code), "{}:\n{}", history.display(), run.text);
    let mut rest = run.text.as_str();
    for piece in expect {
        match rest.find(piece) {
            Some(at) => rest = &rest[at + piece.len()..],
            None => panic!(
                "{}: expected {piece:?} (after the earlier pieces) in:\n{}",
                history.display(),
                run.text
            ),
        }
    }
    run
}

/// Exit 2: the history is refused before any server starts.
fn refused(case: &str, pieces: &[&str]) {
    let run = expect(&corpus(case), &[], 2, pieces);
    assert!(
        run.text.contains("fix the files listed above"),
        "{case}: {}",
        run.text
    );
    assert!(
        !run.text.contains("backend local"),
        "{case}: a refused history must not start a server:\n{}",
        run.text
    );
}

/// A case from the corpus directory with its verdict's exit code.
fn verdict(case: &str, code: i32, pieces: &[&str]) {
    expect(&corpus(case), &[], code, pieces);
}

fn write(path: &Path, bytes: &[u8]) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

// Statements that cannot run the way the file runs: refused with their
// line and what to do.

#[test]
fn vacuum_in_a_transactional_file_says_to_add_no_transaction() {
    refused(
        "vacuum-in-transaction",
        &[
            "1_t.up.sql:3:1: `VACUUM` cannot run inside a transaction block",
            "help: add `-- no-transaction` as the first line",
        ],
    );
}

#[test]
fn create_index_concurrently_in_a_transactional_file_says_to_add_no_transaction() {
    refused(
        "concurrently-in-transaction",
        &[
            "1_t.up.sql:3:3: `CREATE INDEX CONCURRENTLY` cannot run inside a transaction block",
            "add `-- no-transaction` as the first line",
        ],
    );
}

#[test]
fn create_database_in_a_transactional_file_is_refused_in_both_directions() {
    refused(
        "creates-database-in-transaction",
        &[
            "1_db.down.sql:1:1: `DROP DATABASE` cannot run inside a transaction block",
            "1_db.up.sql:2:1: `CREATE DATABASE` cannot run inside a transaction block",
        ],
    );
}

#[test]
fn a_psql_meta_command_is_unsupported_with_its_line() {
    refused(
        "psql-meta-command",
        &[
            "1_t.up.sql:2:1: `\\set` is a psql meta-command, not SQL",
            "write it in SQL",
        ],
    );
}

#[test]
fn copy_from_stdin_is_unsupported_with_its_line() {
    refused(
        "copy-from-stdin",
        &[
            "1_t.up.sql:2:1: `COPY … FROM STDIN` streams rows through the client",
            "write the rows as INSERT statements",
        ],
    );
}

#[test]
fn commit_inside_a_transactional_file_is_refused() {
    refused(
        "commit-inside",
        &[
            "1_t.up.sql:2:1: `COMMIT` ends the transaction the file runs in",
            "add `-- no-transaction` as the first line",
        ],
    );
}

#[test]
fn rollback_inside_a_transactional_file_is_refused() {
    refused(
        "rollback-inside",
        &["1_t.up.sql:3:1: `ROLLBACK` ends the transaction the file runs in"],
    );
}

#[test]
fn begin_inside_a_transactional_file_is_refused() {
    refused(
        "begin-inside",
        &["1_t.up.sql:2:1: `BEGIN` starts a transaction inside the one"],
    );
}

// Each layout's own malformed markers: every problem of the history at
// once, each at its place.

#[test]
fn flat_malformed_names() {
    refused(
        "flat-malformed",
        &[
            "2_c.upp.sql: simple migration (no `.up`/`.down`) cannot be reversed",
            "x_b.down.sql: version `x` is not a decimal integer",
            "x_b.up.sql: version `x` is not a decimal integer",
        ],
    );
}

#[test]
fn dbmate_malformed_markers() {
    refused(
        "dbmate-malformed",
        &[
            "20240101000000_a.sql: no `-- migrate:up` section",
            "20240101000000_a.sql:1:1: SQL before the first `-- migrate:` marker",
            "20240102000000_b.sql:1:15: unknown dbmate option `transaction:maybe`",
            "20240103000000_c.sql:3:1: more than one `-- migrate:up` section",
        ],
    );
}

#[test]
fn goose_malformed_annotations() {
    refused(
        "goose-malformed",
        &[
            "00001_a.sql:2:1: `-- +goose StatementBegin` without a StatementEnd",
            "00002_b.sql: no `-- +goose Up` annotation",
            "00002_b.sql:2:1: `-- +goose Down` before `-- +goose Up`",
            "00003_c.sql:2:1: unknown goose annotation `ENVSUB MAYBE`",
        ],
    );
}

#[test]
fn diesel_malformed_directories() {
    refused(
        "diesel-malformed",
        &[
            "2024-01-01-000000_a/metadata.toml:1:1: unknown setting `run_in_transaction = maybe`",
            "2024-01-03-000000_c: migration directory without `up.sql`",
        ],
    );
}

#[test]
fn flyway_malformed_names_and_settings() {
    refused(
        "flyway-malformed",
        &[
            "V1.0__again.sql: version 1 is used by more than one migration file",
            "V2_b.sql: not a Flyway migration name",
            "V3__c.sql.conf:1:1: unsupported script setting `executeInTransaction=perhaps`",
        ],
    );
}

#[test]
fn sqitch_malformed_plan_and_scripts() {
    refused(
        "sqitch-malformed",
        &[
            "deploy/c.sql:1:1: psql meta-command",
            "sqitch.plan:5:1: change `b` has no deploy script `deploy/b.sql`",
        ],
    );
}

// Files that are not SQL text, or not files: written here.

#[test]
fn a_binary_file_is_refused_at_its_first_nul_byte() {
    let tmp = tempfile::tempdir().unwrap();
    let m = tmp.path().join("m");
    let mut bytes = b"CREATE TABLE t ();\nAB".to_vec();
    // A fixed pseudo-random tail (xorshift), NUL bytes included.
    let mut x: u32 = 0x9e37_79b9;
    bytes.push(0);
    for _ in 0..4096 {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        bytes.push(x as u8);
    }
    write(&m.join("1_t.up.sql"), &bytes);
    write(&m.join("1_t.down.sql"), b"DROP TABLE t;\n");
    // UTF-16, as some editors save: NUL bytes from the first character on.
    let utf16: Vec<u8> = "\u{feff}SELECT 1;"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    write(&m.join("2_u.up.sql"), &utf16);
    write(&m.join("2_u.down.sql"), b"SELECT 1;\n");
    expect(
        &m,
        &[],
        2,
        &[
            "1_t.up.sql:2:3: binary file: a NUL byte is not SQL text",
            "help: a migration is a text file of SQL",
            "2_u.up.sql:1:",
            "binary file",
            "save it as UTF-8 text",
        ],
    );
}

#[test]
fn invalid_utf8_is_refused_at_its_line_and_column() {
    let tmp = tempfile::tempdir().unwrap();
    let m = tmp.path().join("m");
    write(
        &m.join("1_t.up.sql"),
        b"CREATE TABLE t (name text);\nINSERT INTO t VALUES ('caf\xe9');\n",
    );
    write(&m.join("1_t.down.sql"), b"DROP TABLE t;\n");
    expect(
        &m,
        &[],
        2,
        &[
            "1_t.up.sql:2:27: invalid utf-8",
            "help: save the file as UTF-8",
        ],
    );
}

#[test]
fn unreadable_entries_are_refused_without_blocking() {
    let tmp = tempfile::tempdir().unwrap();
    let m = tmp.path().join("m");
    write(&m.join("1_t.up.sql"), b"CREATE TABLE t ();\n");
    // A link to nothing: unreadable whoever runs the test (root too).
    std::os::unix::fs::symlink(m.join("gone.sql"), m.join("1_t.down.sql")).unwrap();
    // A named pipe: opening it to read would block until a writer comes.
    write(&m.join("2_u.up.sql"), b"CREATE TABLE u ();\n");
    let mkfifo = std::process::Command::new("mkfifo")
        .arg(m.join("2_u.down.sql"))
        .status()
        .expect("run mkfifo (coreutils)");
    assert!(mkfifo.success());
    expect(
        &m,
        &[],
        2,
        &[
            "1_t.down.sql: failed to read: No such file or directory",
            "help: make the file readable, or remove it",
            "2_u.down.sql: unexpected directory or special file in a flat history",
        ],
    );
}

#[test]
fn a_diesel_step_that_is_not_a_file_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let m = tmp.path().join("m");
    let rev = m.join("2024-01-01-000000_a");
    write(&rev.join("up.sql"), b"CREATE TABLE a ();\n");
    std::os::unix::fs::symlink(rev.join("gone.sql"), rev.join("down.sql")).unwrap();
    expect(
        &m,
        &[],
        2,
        &[
            "2024-01-01-000000_a/down.sql: not a regular file",
            "help: make `down.sql` a file, or remove it",
        ],
    );
}

#[test]
fn symbolic_link_loops_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let m = tmp.path().join("m");
    write(&m.join("1_t.up.sql"), b"CREATE TABLE t ();\n");
    write(&m.join("1_t.down.sql"), b"DROP TABLE t;\n");
    // Two files that lead to each other, and a directory that is itself.
    std::os::unix::fs::symlink(m.join("2_u.down.sql"), m.join("2_u.up.sql")).unwrap();
    std::os::unix::fs::symlink(m.join("2_u.up.sql"), m.join("2_u.down.sql")).unwrap();
    expect(
        &m,
        &[],
        2,
        &[
            "2_u.down.sql: failed to read: Too many levels of symbolic links",
            "help: the path is a loop of symbolic links",
            "2_u.up.sql: failed to read: Too many levels of symbolic links",
        ],
    );
    let looped = tmp.path().join("looped");
    std::os::unix::fs::symlink(&looped, &looped).unwrap();
    expect(
        &looped,
        &[],
        2,
        &[
            "looped: failed to read the directory: Too many levels of symbolic links",
            "help: the path is a loop of symbolic links: point the link at a real directory",
        ],
    );
}

// SQL the server refuses: a step error at the server's position, with
// advice, exit 1.

#[test]
fn a_syntax_error_deep_in_a_long_file_is_named_at_its_line() {
    let tmp = tempfile::tempdir().unwrap();
    let m = tmp.path().join("m");
    let mut up = String::from("CREATE TABLE t (id int, note text);\n");
    for i in 2..4321 {
        up.push_str(&format!(
            "INSERT INTO t VALUES ({i}, 'line {i}; -- not a comment');\n"
        ));
    }
    up.push_str("INSERT INTO t VALUES (4321, 'x') RETURNIN id;\n");
    for i in 4322..=5000 {
        up.push_str(&format!("INSERT INTO t VALUES ({i}, 'after');\n"));
    }
    write(&m.join("1_t.up.sql"), up.as_bytes());
    write(&m.join("1_t.down.sql"), b"DROP TABLE t;\n");
    expect(
        &m,
        &[],
        1,
        &[
            "step-error: the upgrade of 1_t failed: syntax error at or near \"RETURNIN\"",
            "1_t.up.sql:4321:34",
        ],
    );
}

#[test]
fn an_unterminated_dollar_quote_is_named_where_it_opens() {
    verdict(
        "unterminated-dollar-quote",
        1,
        &[
            "unterminated dollar-quoted string",
            "1_t.up.sql:2:49",
            "never closed",
        ],
    );
}

#[test]
fn an_unterminated_comment_is_named_where_it_opens() {
    verdict(
        "unterminated-comment",
        1,
        &["unterminated /* comment", "1_t.up.sql:2:1", "never closed"],
    );
}

// Migrations that attack the session or the server.

#[test]
fn a_migration_that_terminates_its_own_connection_fails_its_step() {
    verdict(
        "terminates-own-connection",
        1,
        &[
            "step-error: the upgrade of 1_t failed: terminating connection due to administrator command",
            "1_t.up.sql",
            "WHERE pid <> pg_backend_pid()",
        ],
    );
}

/// The downgrade ends every other session, the walk's own inspection
/// session among them: the walk opens a new one and goes on, and the
/// revision (which does restore its schema) passes.
#[test]
fn a_migration_that_terminates_the_other_sessions_does_not_stop_the_walk() {
    let run = expect(
        &corpus("terminates-other-sessions"),
        &[],
        0,
        &["ok   1_t", "ok: every revision round-trips"],
    );
    assert!(run.elapsed < Duration::from_secs(30), "{:?}", run.elapsed);
}

/// `ALTER SYSTEM` (here: making the whole server read-only, then
/// `pg_reload_conf()`) rewrites the server's configuration, which is not a
/// migration's to change: refused when the history is read, in both
/// files, at their line, before any server starts.
#[test]
fn alter_system_is_refused_before_anything_runs() {
    expect(
        &corpus("reload-conf-abuse"),
        &[],
        2,
        &[
            "1_t.down.sql:2:1",
            "`ALTER SYSTEM` rewrites the server's configuration file",
            "1_t.up.sql:2:1",
            "`ALTER SYSTEM` rewrites the server's configuration file",
        ],
    );
}

#[test]
fn dropping_public_is_a_downgrade_mismatch_naming_what_create_schema_lacks() {
    verdict(
        "drops-public",
        1,
        &[
            "downgrade-mismatch: the downgrade of 1_t did not restore the schema",
            "owner of schema public: missing after its downgrade",
            "grant PUBLIC on schema public: missing after its downgrade",
        ],
    );
}

/// The upgrade's `SET search_path` does not leak into the next step: the
/// second revision's table lands in `public` (its downgrade drops
/// `public.u`).
#[test]
fn search_path_set_by_a_migration_stays_in_its_step() {
    verdict(
        "search-path",
        0,
        &["ok   1_app", "ok   2_u", "every revision round-trips"],
    );
}

/// `SET ROLE` stays in its step too: the role can be dropped by the
/// downgrade, and the next revision runs as the walk's own user.
#[test]
fn set_role_by_a_migration_stays_in_its_step() {
    verdict(
        "set-role",
        0,
        &["ok   1_role", "ok   2_u", "every revision round-trips"],
    );
}

#[test]
fn a_role_the_downgrade_forgets_is_reported() {
    verdict(
        "creates-role",
        1,
        &[
            "reupgrade-error: the second upgrade of 1_role failed: role \"rt_bad_input_left\" already exists",
            "warning role-left-behind: role rt_bad_input_left exists after the downgrade of 1_role",
        ],
    );
}

#[test]
fn a_database_created_and_dropped_outside_a_transaction_round_trips() {
    verdict(
        "creates-database",
        0,
        &["ok   1_db", "every revision round-trips"],
    );
}

#[test]
fn a_tablespace_at_a_missing_directory_fails_its_step_at_its_line() {
    verdict(
        "creates-tablespace",
        1,
        &[
            "step-error: the upgrade of 1_ts failed: directory \"/nonexistent/rt_bad_input_ts\" does not exist",
            "1_ts.up.sql:2:1",
        ],
    );
}

/// A step that takes an ACCESS EXCLUSIVE lock and then waits is ended by
/// the step timeout, naming the statement that was running.
#[test]
fn a_step_that_locks_and_waits_ends_at_the_step_timeout() {
    let run = expect(
        &corpus("lock-and-wait"),
        &["--step-timeout", "2"],
        1,
        &[
            "ok   1_t",
            "step-error: the upgrade of 2_lock failed: canceling statement due to statement timeout",
            "2_lock.up.sql:2:1",
        ],
    );
    // The timeout, then the replay that names the statement: twice 2 s.
    assert!(run.elapsed < Duration::from_secs(30), "{:?}", run.elapsed);
}

#[test]
fn a_file_of_only_comments_round_trips() {
    verdict(
        "only-comments",
        0,
        &["ok   1_t", "every revision round-trips"],
    );
}

// A 50 MB migration: it runs, and the tool's memory stays a small multiple
// of the file.

const BIG: usize = 50 * 1024 * 1024;
/// What the tool may hold at its peak: the file's text, the copies the
/// step's query needs on its way to the server, and the statements the
/// checks split it into; far less than a side table per character.
const BIG_PEAK_LIMIT_KIB: u64 = 6 * (BIG as u64) / 1024;

#[test]
fn a_50_mb_migration_runs_with_bounded_memory() {
    let tmp = tempfile::tempdir().unwrap();
    let m = tmp.path().join("m");
    let mut up = String::with_capacity(BIG + 4096);
    up.push_str("CREATE TABLE big (id int PRIMARY KEY, payload text);\n");
    let mut id = 0u64;
    while up.len() < BIG {
        up.push_str("INSERT INTO big VALUES\n");
        for row in 0..1000 {
            id += 1;
            let sep = if row == 999 { ";" } else { "," };
            up.push_str(&format!(
                "  ({id}, 'row {id}: a payload of some length, with a ; and -- inside the string'){sep}\n"
            ));
        }
    }
    write(&m.join("1_big.up.sql"), up.as_bytes());
    write(&m.join("1_big.down.sql"), b"DROP TABLE big;\n");
    let size = up.len();
    drop(up);
    let run = expect(
        &m,
        &["--step-timeout", "300"],
        0,
        &["ok   1_big", "every revision round-trips"],
    );
    eprintln!(
        "50 MB migration ({size} bytes, {id} rows): peak RSS {} KiB ({:.1} MiB), {:.1} s",
        run.peak_kib,
        run.peak_kib as f64 / 1024.0,
        run.elapsed.as_secs_f64()
    );
    assert!(run.peak_kib > 0, "no memory reading");
    assert!(
        run.peak_kib < BIG_PEAK_LIMIT_KIB,
        "peak RSS {} KiB for a {size}-byte migration (limit {BIG_PEAK_LIMIT_KIB} KiB)",
        run.peak_kib
    );
}
