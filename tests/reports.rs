//! Reports of real walks (the local cluster backend), as users and CI
//! tools read them: the JSON report parsed back into its documented types,
//! the JUnit report validated against `tests/schemas/junit.xsd` with
//! xmllint, GitHub annotations on the right file and line, several
//! reports at once, colours, and `merge-reports` over two partial walks.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::bin::{PgRoundtrip, text};
use common::history::HistoryFiles;
use pg_roundtrip::report::json::schema::{
    self, ChangeKind, FindingKind, Report, RevisionStatus, StepName, StepStatus,
};
use pg_roundtrip::walk::{Selection, WalkOptions, walk_selected};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A local-backend run in `cwd` (`CI=true`: nothing is recorded).
fn pg_roundtrip(args: &[&str], cwd: &Path) -> Output {
    PgRoundtrip::local(cwd).args(args).output()
}

/// A copy of fixture `name` as `m` in a new temporary directory.
fn fixture_copy(name: &str) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    common::copy_dir(&common::fixture(name), &tmp.path().join("m"));
    tmp
}

fn read_report(path: &Path) -> (Report, serde_json::Value) {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("no report at {}: {e}", path.display()));
    let report = pg_roundtrip::report::json::parse(&text).unwrap_or_else(|e| panic!("{e}"));
    (report, serde_json::from_str(&text).unwrap())
}

/// Validates `xml` against our JUnit schema; fails the test (never skips)
/// when xmllint is not installed.
fn validate_junit(xml: &Path) -> Output {
    let xsd = common::repo_path("tests/schemas/junit.xsd");
    match Command::new("xmllint")
        .arg("--noout")
        .arg("--schema")
        .arg(&xsd)
        .arg(xml)
        .output()
    {
        Ok(o) => o,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => panic!(
            "xmllint is not installed, and the JUnit report must be validated against {}: install it with `apt-get install libxml2-utils` (Debian, Ubuntu; `dnf install libxml2`, `brew install libxml2` elsewhere); .ci/run installs it in CI",
            xsd.display()
        ),
        Err(e) => panic!("could not run xmllint: {e}"),
    }
}

#[test]
fn the_json_report_of_a_real_walk_parses_back_into_the_documented_types() {
    let tmp = fixture_copy("flat-broken-index-left-behind");
    let o = pg_roundtrip(
        &["check", "m", "--no-snapshots", "--report", "json=out.json"],
        tmp.path(),
    );
    let t = text(&o);
    assert_eq!(o.status.code(), Some(1), "{t}");
    // No report on standard output was asked for: the human one is there.
    assert!(t.contains("FAIL 0002_add_due_on"), "{t}");

    let (report, value) = read_report(&tmp.path().join("out.json"));
    // Every field of the document is one of the documented types': they
    // serialize back to exactly what was read.
    assert_eq!(serde_json::to_value(&report).unwrap(), value);

    assert_eq!(report.schema_version, schema::SCHEMA_VERSION);
    assert_eq!(report.schema_version, 1);
    assert_eq!(report.pg_roundtrip, env!("CARGO_PKG_VERSION"));
    assert!(!report.passed);
    assert_eq!(report.runs.len(), 1);
    let run = &report.runs[0];
    assert_eq!(run.history, Path::new("m"));
    assert_eq!(report.versions, [run.pg_major]);
    assert!(run.server.contains("local cluster"), "{}", run.server);
    assert!(!run.passed);
    assert!(run.duration_ms > 0);
    let ids: Vec<&str> = run.revisions.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, ["0001_create_tasks", "0002_add_due_on"]);

    let ok = &run.revisions[0];
    assert_eq!(ok.status, RevisionStatus::Passed);
    assert_eq!(ok.version, 1);
    assert!(ok.findings.is_empty() && ok.warnings.is_empty());
    for step in [ok.steps.up, ok.steps.down, ok.steps.reup] {
        assert_eq!(step.status, StepStatus::Passed);
        assert!(step.duration_ms.is_some());
    }
    assert!(ok.inspect_ms.is_some());
    assert_eq!(ok.snapshot, None);

    let broken = &run.revisions[1];
    assert_eq!(broken.status, RevisionStatus::Failed);
    assert_eq!(broken.not_run_reason, None);
    assert_eq!(broken.steps.up.status, StepStatus::Passed);
    assert_eq!(broken.steps.down.status, StepStatus::Mismatch);
    assert!(broken.steps.down.duration_ms.is_some());
    // The second upgrade still runs after the mismatch, on the state the
    // downgrade left, and fails on the index left behind.
    assert_eq!(broken.steps.reup.status, StepStatus::Failed);
    assert!(broken.steps.reup.duration_ms.is_some());
    let [f, reup] = broken.findings.as_slice() else {
        panic!("{:?}", broken.findings)
    };
    assert_eq!(reup.kind, FindingKind::ReupgradeError);
    assert_eq!(reup.step, Some(StepName::Reup));
    assert_eq!(f.kind, FindingKind::DowngradeMismatch);
    assert_eq!(f.revision, "0002_add_due_on");
    assert_eq!(f.step, Some(StepName::Down));
    assert_eq!(
        f.file.as_deref(),
        Some(Path::new("m/0002_add_due_on.down.sql"))
    );
    assert_eq!((f.line, f.column), (None, None));
    assert!(f.message.contains("did not restore"), "{}", f.message);
    let [change] = f.changes.as_slice() else {
        panic!("{:?}", f.changes)
    };
    assert_eq!(change.object.kind, "index");
    assert_eq!(change.object.name, "ix_tasks_user_id");
    assert_eq!(change.object.parent.as_deref(), Some("table public.tasks"));
    assert_eq!(change.object.path, "index public.ix_tasks_user_id");
    assert_eq!(change.change, ChangeKind::Added);
    assert_eq!(change.before, None);
    let after = change.after.as_deref().unwrap();
    assert!(after.contains("CREATE INDEX ix_tasks_user_id"), "{after}");
    // The renderings of the differing table, before and after.
    assert!(!f.before.contains("ix_tasks_user_id"), "{}", f.before);
    assert!(f.after.contains("ix_tasks_user_id"), "{}", f.after);
    assert!(
        f.details
            .iter()
            .any(|d| d.contains("index ix_tasks_user_id on table public.tasks"))
    );
}

#[test]
fn the_junit_report_of_a_real_walk_is_valid_against_the_junit_schema() {
    let tmp = fixture_copy("flat-broken-index-left-behind");
    let o = pg_roundtrip(
        &[
            "check",
            "m",
            "--no-snapshots",
            "--report",
            "junit=out/roundtrip.xml",
        ],
        tmp.path(),
    );
    // The directory is the user's to make.
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("warning: failed to create out/roundtrip.xml"));
    std::fs::create_dir(tmp.path().join("out")).unwrap();
    let o = pg_roundtrip(
        &[
            "check",
            "m",
            "--no-snapshots",
            "--report",
            "junit=out/roundtrip.xml",
        ],
        tmp.path(),
    );
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let xml_path = tmp.path().join("out/roundtrip.xml");
    let v = validate_junit(&xml_path);
    assert!(v.status.success(), "xmllint: {}", text(&v));
    let xml = std::fs::read_to_string(&xml_path).unwrap();
    assert!(
        xml.contains(r#"<testcase name="0001_create_tasks""#),
        "{xml}"
    );
    assert!(
        xml.contains(r#"type="downgrade-mismatch,reupgrade-error""#),
        "{xml}"
    );
    assert_eq!(xml.matches("<failure ").count(), 1, "{xml}");

    // The schema is not vacuous: a test case with an unknown outcome, or
    // a count that is not one, is refused.
    let bad = tmp.path().join("bad.xml");
    std::fs::write(
        &bad,
        xml.replace("<failure ", "<failed ")
            .replace("</failure>", "</failed>"),
    )
    .unwrap();
    assert!(!validate_junit(&bad).status.success());
    std::fs::write(&bad, xml.replacen(r#"tests="2""#, r#"tests="two""#, 1)).unwrap();
    assert!(!validate_junit(&bad).status.success());
}

/// The `::error` workflow commands in `stdout`: (properties, message).
fn annotations(stdout: &[u8]) -> Vec<(Vec<(String, String)>, String)> {
    String::from_utf8_lossy(stdout)
        .lines()
        .filter_map(|l| l.strip_prefix("::error "))
        .map(|rest| {
            let (props, message) = rest.split_once("::").expect("::error PROPS::MESSAGE");
            let props = props
                .split(',')
                .map(|p| {
                    let (k, v) = p.split_once('=').expect("key=value");
                    (k.to_string(), v.replace("%3A", ":").replace("%2C", ","))
                })
                .collect();
            (props, message.to_string())
        })
        .collect()
}

fn prop<'a>(props: &'a [(String, String)], key: &str) -> Option<&'a str> {
    props
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

#[test]
fn github_annotations_point_at_the_down_section_of_the_file() {
    // dbmate: up and down in one file; the annotation is on the line the
    // down section starts (its `-- migrate:down` marker).
    let tmp = fixture_copy("dbmate-broken-index-left-behind");
    let summary = tmp.path().join("summary.md");
    let o = PgRoundtrip::local(tmp.path())
        .args(["check", "m", "--no-snapshots", "--report", "github"])
        .env("GITHUB_STEP_SUMMARY", &summary)
        .output();
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let found = annotations(&o.stdout);
    // The downgrade mismatch, then the second upgrade, which still runs
    // and fails on the index left behind (at its statement's line).
    let [(props, message), (reup, _)] = found.as_slice() else {
        panic!("{}", text(&o))
    };
    assert!(
        prop(reup, "title").is_some_and(|t| t.contains("reupgrade-error")),
        "{reup:?}"
    );
    let file = "m/20240103090000_add_due_on.sql";
    assert_eq!(prop(props, "file"), Some(file), "{props:?}");
    let source = std::fs::read_to_string(tmp.path().join(file)).unwrap();
    let down = source
        .lines()
        .position(|l| l.trim() == "-- migrate:down")
        .expect("a down section")
        + 1;
    let line: usize = prop(props, "line").expect("a line").parse().unwrap();
    assert_eq!(
        line, down,
        "the annotation is on the `-- migrate:down` line:\n{source}"
    );
    assert!(message.contains("did not restore"), "{message}");
    assert!(
        prop(props, "title").unwrap().contains("downgrade-mismatch"),
        "{props:?}"
    );
    // And the step summary table, appended.
    let md = std::fs::read_to_string(&summary).unwrap();
    assert!(
        md.contains("| `20240103090000_add_due_on` | ❌ failed |"),
        "{md}"
    );

    // Flat: the down file as a whole (no line); an SQL error: its line.
    let tmp = fixture_copy("flat-broken-index-left-behind");
    let o = pg_roundtrip(
        &["check", "m", "--no-snapshots", "--report", "github"],
        tmp.path(),
    );
    let found = annotations(&o.stdout);
    let [(props, _), (reup, _)] = found.as_slice() else {
        panic!("{}", text(&o))
    };
    assert_eq!(prop(props, "file"), Some("m/0002_add_due_on.down.sql"));
    assert_eq!(prop(props, "line"), None);
    // The second upgrade fails at the statement that re-creates the index.
    assert_eq!(prop(reup, "file"), Some("m/0002_add_due_on.up.sql"));
    assert_eq!(prop(reup, "line"), Some("3"));
    let tmp = fixture_copy("flat-broken-sql-error");
    let o = pg_roundtrip(
        &["check", "m", "--no-snapshots", "--report", "github"],
        tmp.path(),
    );
    let found = annotations(&o.stdout);
    let [(props, _)] = found.as_slice() else {
        panic!("{}", text(&o))
    };
    assert_eq!(prop(props, "file"), Some("m/0001_create_tasks.up.sql"));
    assert_eq!(prop(props, "line"), Some("8"));
    assert_eq!(prop(props, "col"), Some("5"));
}

#[test]
fn several_reports_in_one_run_and_one_at_most_on_standard_output() {
    let tmp = fixture_copy("flat-broken-sql-error");
    // Two on standard output is refused before any server starts.
    let o = pg_roundtrip(
        &["check", "m", "--report", "json", "--report", "junit"],
        tmp.path(),
    );
    let t = text(&o);
    assert_eq!(o.status.code(), Some(2), "{t}");
    assert!(
        t.contains("json and junit would all write to standard output"),
        "{t}"
    );
    assert!(!t.contains("local cluster"), "{t}");
    let o = pg_roundtrip(
        &["check", "m", "--format", "json", "--report", "human"],
        tmp.path(),
    );
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    let o = pg_roundtrip(&["check", "m", "--report", "github=x"], tmp.path());
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("standard output only"), "{}", text(&o));

    // Every format at once: json on stdout, junit and human in files, and
    // the --junit alias beside them.
    let o = pg_roundtrip(
        &[
            "check",
            "m",
            "--no-snapshots",
            "--report",
            "json",
            "--report",
            "junit=r.xml",
            "--report",
            "human=r.txt",
            "--junit",
            "alias.xml",
        ],
        tmp.path(),
    );
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let stdout: Report = serde_json::from_slice(&o.stdout).expect("json on stdout");
    assert_eq!(
        stdout.runs[0].revisions[0].findings[0].kind,
        FindingKind::StepError
    );
    let junit = std::fs::read_to_string(tmp.path().join("r.xml")).unwrap();
    assert_eq!(
        junit,
        std::fs::read_to_string(tmp.path().join("alias.xml")).unwrap()
    );
    assert!(junit.contains(r#"type="step-error""#), "{junit}");
    let human = std::fs::read_to_string(tmp.path().join("r.txt")).unwrap();
    assert!(human.contains("FAIL 0001_create_tasks"), "{human}");
    assert!(
        !human.contains('\u{1b}'),
        "a file never gets colours: {human}"
    );

    // A report file that cannot be written beside a passing verdict is
    // its own error (exit 2), after the verdict was printed.
    HistoryFiles::new()
        .rev("1_a", "CREATE TABLE a (id int);", "DROP TABLE a;")
        .write(&tmp.path().join("ok"));
    let o = pg_roundtrip(
        &[
            "check",
            "ok",
            "--no-snapshots",
            "--report",
            "json=missing/r.json",
        ],
        tmp.path(),
    );
    let t = text(&o);
    assert_eq!(o.status.code(), Some(2), "{t}");
    assert!(
        String::from_utf8_lossy(&o.stdout).contains("ok: every revision round-trips"),
        "{t}"
    );
    assert!(t.contains("error: failed to create missing/r.json"), "{t}");
}

/// Runs the binary in a pseudo-terminal (util-linux `script`), so that
/// its standard output is a terminal.
fn on_a_terminal(cwd: &Path, args: &str, no_color: Option<&str>) -> String {
    let bin = env!("CARGO_BIN_EXE_pg-roundtrip");
    let mut cmd = Command::new("script");
    cmd.current_dir(cwd)
        .args(["-qec", &format!("{bin} {args}"), "/dev/null"])
        .env("PG_ROUNDTRIP_BACKEND", "local")
        .env("CI", "true")
        .env_remove("NO_COLOR");
    if let Some(v) = no_color {
        cmd.env("NO_COLOR", v);
    }
    let o = cmd.output().unwrap_or_else(|e| {
        panic!("could not run `script` (util-linux) for a pseudo-terminal: {e}")
    });
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn colours_only_on_a_terminal_and_never_with_no_color() {
    let tmp = fixture_copy("flat-broken-sql-error");
    let args = ["check", "m", "--no-snapshots"];
    let piped = pg_roundtrip(&args, tmp.path());
    assert!(text(&piped).contains("FAIL"), "{}", text(&piped));
    assert!(!piped.stdout.contains(&0x1b), "{}", text(&piped));
    let forced = pg_roundtrip(
        &["check", "m", "--no-snapshots", "--color", "always"],
        tmp.path(),
    );
    assert!(forced.stdout.contains(&0x1b), "{}", text(&forced));

    let terminal = on_a_terminal(tmp.path(), "check m --no-snapshots", None);
    assert!(terminal.contains("FAIL"), "{terminal}");
    assert!(terminal.contains("\u{1b}[31;1mFAIL"), "{terminal}");
    let no_color = on_a_terminal(tmp.path(), "check m --no-snapshots", Some("1"));
    assert!(no_color.contains("FAIL"), "{no_color}");
    assert!(!no_color.contains("\u{1b}[31;1m"), "{no_color}");
}

/// Four revisions, the second with a downgrade that leaves an index.
fn four_revisions(dir: &Path) {
    HistoryFiles::new()
        .rev(
            "1_tasks",
            "CREATE TABLE tasks (id bigint PRIMARY KEY, user_id bigint);",
            "DROP TABLE tasks;",
        )
        .rev(
            "2_index",
            "ALTER TABLE tasks ADD COLUMN due_on date;\nCREATE INDEX ix_tasks_user_id ON tasks (user_id);",
            "ALTER TABLE tasks DROP COLUMN due_on;",
        )
        .rev(
            "3_notes",
            "CREATE TABLE notes (id bigint, body text);",
            "DROP TABLE notes;",
        )
        .rev(
            "4_tags",
            "CREATE TABLE tags (name text PRIMARY KEY);",
            "DROP TABLE tags;",
        )
        .write(dir);
}

/// The report without what differs between runs: times and servers.
fn timeless(mut report: Report) -> Report {
    for run in &mut report.runs {
        run.duration_ms = 0;
        run.server.clear();
        for r in &mut run.revisions {
            for step in [&mut r.steps.up, &mut r.steps.down, &mut r.steps.reup] {
                step.duration_ms = step.duration_ms.map(|_| 0);
            }
            r.inspect_ms = r.inspect_ms.map(|_| 0);
        }
    }
    report
}

fn write_json(path: &Path, report: &Report) {
    let mut text = Vec::new();
    pg_roundtrip::report::json::write_report(&mut text, report).unwrap();
    std::fs::write(path, text).unwrap();
}

/// The JSON report of a walk of `selection`, its history named `m` as a
/// `check` in the history's parent would.
async fn partial(
    history: &pg_roundtrip::source::History,
    server: &pg_roundtrip::db::Server,
    selection: Selection,
) -> Report {
    let mut walk = walk_selected(history, server, &WalkOptions::default(), &selection)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    walk.history = PathBuf::from("m");
    pg_roundtrip::report::json::from_walk::report(&[walk])
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn merge_reports_joins_two_partial_walks_into_the_whole_walk() {
    let tmp = tempfile::tempdir().unwrap();
    four_revisions(&tmp.path().join("m"));
    // Walk as `check` does, from the directory the paths are relative to.
    let history = common::load(&tmp.path().join("m"));
    let cluster = common::cluster().await;
    let first = partial(&history, cluster.server(), Selection::range(0..2)).await;
    let second = partial(&history, cluster.server(), Selection::range(2..4)).await;
    let whole = partial(&history, cluster.server(), Selection::All).await;
    cluster.stop().await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(first.runs[0].revisions.len(), 2);
    assert!(!first.passed && second.passed);

    let dir = tmp.path();
    write_json(&dir.join("part-2.json"), &second);
    write_json(&dir.join("part-1.json"), &first);
    // Given in any order, with a JUnit report of the merged data.
    let o = pg_roundtrip(
        &[
            "merge-reports",
            "merged.json",
            "part-2.json",
            "part-1.json",
            "--report",
            "junit=merged.xml",
        ],
        dir,
    );
    let t = text(&o);
    assert_eq!(o.status.code(), Some(1), "the merged verdict failed: {t}");
    assert!(
        t.contains("FAILED: 1 of 4 revisions failed (downgrade-mismatch, reupgrade-error)"),
        "{t}"
    );
    let (merged, _) = read_report(&dir.join("merged.json"));
    assert_eq!(merged.runs.len(), 1);
    assert_eq!(
        merged.runs[0].duration_ms,
        first.runs[0].duration_ms + second.runs[0].duration_ms
    );
    assert_eq!(timeless(merged), timeless(whole));
    let v = validate_junit(&dir.join("merged.xml"));
    assert!(v.status.success(), "xmllint: {}", text(&v));
    let xml = std::fs::read_to_string(dir.join("merged.xml")).unwrap();
    assert!(xml.contains(r#"tests="4""#), "{xml}");

    // The passing partition alone passes: exit 0, merged with -o.
    let o = pg_roundtrip(&["merge-reports", "-o", "ok.json", "part-2.json"], dir);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(read_report(&dir.join("ok.json")).0.passed);

    // Overlapping partitions are refused, naming the revisions and files.
    let o = pg_roundtrip(
        &[
            "merge-reports",
            "-o",
            "x.json",
            "part-1.json",
            "merged.json",
        ],
        dir,
    );
    let t = text(&o);
    assert_eq!(o.status.code(), Some(2), "{t}");
    assert!(
        t.contains("the reports overlap: revisions 1_tasks, 2_index of m on PostgreSQL"),
        "{t}"
    );
    assert!(t.contains("in both part-1.json and merged.json"), "{t}");
    assert!(!dir.join("x.json").exists());

    // Reports of another schema version are refused as such.
    let other = std::fs::read_to_string(dir.join("part-2.json"))
        .unwrap()
        .replace("\"schema_version\": 1", "\"schema_version\": 2");
    std::fs::write(dir.join("future.json"), other).unwrap();
    let o = pg_roundtrip(
        &[
            "merge-reports",
            "-o",
            "x.json",
            "part-1.json",
            "future.json",
        ],
        dir,
    );
    let t = text(&o);
    assert_eq!(o.status.code(), Some(2), "{t}");
    assert!(
        t.contains("different schema versions (part-1.json has 1, future.json has 2)"),
        "{t}"
    );
    let o = pg_roundtrip(&["merge-reports", "-o", "x.json", "future.json"], dir);
    assert!(
        text(&o).contains("schema_version 2 is not the version"),
        "{}",
        text(&o)
    );

    // Without -o the first file is the output: an existing report there
    // is taken for an input that was meant to be merged, and kept.
    let before = std::fs::read(dir.join("part-1.json")).unwrap();
    let o = pg_roundtrip(&["merge-reports", "part-1.json", "part-2.json"], dir);
    let t = text(&o);
    assert_eq!(o.status.code(), Some(2), "{t}");
    assert!(
        t.contains("part-1.json is already a pg-roundtrip report"),
        "{t}"
    );
    assert_eq!(std::fs::read(dir.join("part-1.json")).unwrap(), before);

    // Not a report at all.
    std::fs::write(dir.join("junk.json"), "{\"passed\": true}").unwrap();
    let o = pg_roundtrip(&["merge-reports", "-o", "x.json", "junk.json"], dir);
    let t = text(&o);
    assert_eq!(o.status.code(), Some(2), "{t}");
    assert!(
        t.contains("junk.json: not a pg-roundtrip JSON report"),
        "{t}"
    );
}
