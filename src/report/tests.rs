//! Every format on one hand-built report: a passing revision, a downgrade
//! mismatch (with a role left behind as a warning), an irreversible one, a
//! snapshot mismatch, a failed upgrade with its location, and one not run.
//! Timings are fixed and paths are relative or made up, so the snapshots
//! are the same on every machine.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::{github, human, json, junit, textdiff, wording};
use crate::diff::diff;
use crate::model::{Column, Index, QualifiedName, Schema, Table};
use crate::render::document;
use crate::walk::{
    Direction, FailedStep, Finding, Location, Mismatch, NotRunReason, Problem, RevisionOutcome,
    RevisionStatus, ServerError, SnapshotMismatch, SnapshotStatus, StepTimings, Suggestion,
    WalkReport,
};
use std::path::PathBuf;
use std::time::Duration;

fn col(name: &str, ty: &str) -> Column {
    Column {
        name: name.into(),
        data_type: ty.into(),
        ..Column::default()
    }
}

fn schema(table: Table) -> Schema {
    let mut s = Schema::default();
    s.namespaces.insert("public".into(), Default::default());
    s.tables
        .insert(QualifiedName::new("public", "tasks"), table.into());
    s
}

/// Before: `tasks (id, title text)`; after the downgrade: `title` became
/// `varchar` and an index stayed behind.
fn downgrade_mismatch() -> (Mismatch, Suggestion) {
    let before = schema(Table {
        columns: vec![col("id", "bigint"), col("title", "text")],
        ..Table::default()
    });
    let mut table = Table {
        columns: vec![col("id", "bigint"), col("title", "character varying")],
        ..Table::default()
    };
    table.indexes.insert(
        "ix_tasks_title".into(),
        Index {
            definition: "CREATE INDEX ix_tasks_title ON public.tasks USING btree (title)".into(),
            valid: true,
            comment: None,
        },
    );
    let after = schema(table);
    let (before_doc, after_doc) = (document(&before), document(&after));
    let changes = diff(&before_doc, &after_doc);
    let fix = crate::fix::suggest(&before, &after, &changes, crate::fix::FixLanguage::Sql);
    let mismatch = Mismatch::new(
        PathBuf::from("migrations/0002_add_title.down.sql"),
        &before_doc,
        &after_doc,
        changes,
    );
    let suggestion = Suggestion {
        fix,
        leftover: None,
    };
    (mismatch, suggestion)
}

fn timings(ms: u64) -> StepTimings {
    StepTimings {
        up: Duration::from_millis(ms),
        down: Duration::from_millis(ms + 1),
        reup: Duration::from_millis(ms + 2),
        inspect: Duration::from_millis(ms * 10),
    }
}

fn outcome(id: &str, version: u64, status: RevisionStatus) -> RevisionOutcome {
    RevisionOutcome {
        id: id.into(),
        version,
        status,
        findings: Vec::new(),
        warnings: Vec::new(),
        snapshot: Some(SnapshotStatus::Matched),
        timings: timings(version * 10),
        schema: None,
    }
}

fn report() -> WalkReport {
    let passed = outcome("0001_create_tasks", 1, RevisionStatus::Passed);

    let mut mismatch = outcome("0002_add_title", 2, RevisionStatus::Failed);
    mismatch.timings.reup = Duration::ZERO;
    let (problem, suggestion) = downgrade_mismatch();
    mismatch.findings.push(
        Finding::new("0002_add_title", Problem::DowngradeMismatch(problem))
            .suggesting(Some(suggestion)),
    );
    mismatch.warnings.push(Finding::new(
        "0002_add_title",
        Problem::RoleLeftBehind {
            role: "reporting".into(),
            down: "migrations/0002_add_title.down.sql".into(),
            strict: false,
        },
    ));

    let mut irreversible = outcome(
        "0003_drop_legacy",
        3,
        RevisionStatus::Irreversible { allowed: false },
    );
    irreversible.timings.down = Duration::ZERO;
    irreversible.timings.reup = Duration::ZERO;
    irreversible.findings.push(Finding::new(
        "0003_drop_legacy",
        Problem::Irreversible {
            missing: crate::source::MissingDown {
                file: "migrations/0003_drop_legacy.up.sql".into(),
                line: None,
                what: "no `0003_drop_legacy.down.sql`".into(),
                help: "add `0003_drop_legacy.down.sql`, or declare the revision irreversible \
                       with a line `-- pg-roundtrip: irreversible` in its up file"
                    .into(),
            },
        },
    ));

    let stored = "revision 0004_add_owner\nup 0004_add_owner.up.sql sha256:aa\n\ntable public.tasks\n  column owner text";
    let text = "revision 0004_add_owner\nup 0004_add_owner.up.sql sha256:bb\n\ntable public.tasks\n  column owner text not null";
    let mut snapshot = outcome("0004_add_owner", 4, RevisionStatus::Failed);
    snapshot.snapshot = Some(SnapshotStatus::Mismatched {
        stored: Some(stored.into()),
        pending: Some("/project/snapshots/0004_add_owner@pg15.snap.new".into()),
    });
    snapshot.findings.push(Finding::new(
        "0004_add_owner",
        Problem::SnapshotMismatch(SnapshotMismatch {
            major: 15,
            path: "snapshots/0004_add_owner.snap".into(),
            stored: Some(stored.into()),
            text: text.into(),
            pending: Some("/project/snapshots/0004_add_owner@pg15.snap.new".into()),
            recorded_on: Some(17),
            version_path: "snapshots/0004_add_owner@pg15.snap".into(),
            edited: Vec::new(),
            sorts_before: None,
        }),
    ));

    let mut failed = outcome("0005_add_tags", 5, RevisionStatus::Failed);
    failed.snapshot = None;
    failed.timings = StepTimings {
        up: Duration::from_millis(7),
        ..StepTimings::default()
    };
    failed.findings.push(Finding::new(
        "0005_add_tags",
        Problem::StepError {
            direction: Direction::Up,
            step: FailedStep {
                file: "migrations/0005_add_tags.up.sql".into(),
                location: Some(Location {
                    path: "migrations/0005_add_tags.up.sql".into(),
                    line: 8,
                    column: 5,
                }),
                error: ServerError {
                    message: "relation \"tag\" does not exist".into(),
                    detail: Some("a detail, with: punctuation".into()),
                    hint: Some("did you mean \"tags\"?".into()),
                },
            },
        },
    ));

    let mut not_run = outcome(
        "0006_tag_index",
        6,
        RevisionStatus::NotRun {
            reason: NotRunReason::UpgradeFailed {
                revision: "0005_add_tags".into(),
            },
        },
    );
    not_run.snapshot = None;
    not_run.timings = StepTimings::default();

    WalkReport {
        history: "migrations".into(),
        server: "local cluster 15.18 at /tmp/pgrt-test".into(),
        pg_major: 15,
        revisions: vec![passed, mismatch, irreversible, snapshot, failed, not_run],
        duration: Duration::from_millis(4321),
        generated: None,
    }
}

fn text(write: impl FnOnce(&mut Vec<u8>) -> std::io::Result<()>) -> String {
    let mut out = Vec::new();
    write(&mut out).expect("write the report");
    String::from_utf8(out).expect("utf-8")
}

#[test]
fn human_without_colour() {
    let reports = [report()];
    insta::assert_snapshot!(text(|out| human::write(out, &reports, false)));
}

#[test]
fn human_with_colour() {
    let reports = [report()];
    insta::assert_snapshot!(text(|out| human::write(out, &reports, true)));
}

#[test]
fn human_groups_several_versions() {
    let mut on_17 = report();
    on_17.pg_major = 17;
    on_17.revisions.truncate(1);
    let reports = [report(), on_17];
    insta::assert_snapshot!(text(|out| human::write(out, &reports, false)));
}

#[test]
fn json() {
    let reports = [report()];
    // The writer's version is redacted: it changes with every release.
    let version = format!("\"pg_roundtrip\": \"{}\"", env!("CARGO_PKG_VERSION"));
    let json = text(|out| json::write(out, &reports));
    assert!(json.contains(&version), "{json}");
    insta::assert_snapshot!(json.replace(&version, "\"pg_roundtrip\": \"[version]\""));
}

#[test]
fn junit() {
    let reports = [report()];
    insta::assert_snapshot!(text(|out| junit::write(out, &reports)));
}

#[test]
fn github_annotations() {
    let reports = [report()];
    let report = json::from_walk::report(&reports);
    insta::assert_snapshot!(text(|out| github::write_annotations(out, &report)));
}

#[test]
fn github_step_summary() {
    insta::assert_snapshot!(github::summary(&json::from_walk::report(&[report()])));
}

#[test]
fn strict_roles_say_no_warning() {
    let finding = Finding::new(
        "0002_add_title",
        Problem::RoleLeftBehind {
            role: "reporting".into(),
            down: "migrations/0002_add_title.down.sql".into(),
            strict: true,
        },
    );
    assert_eq!(
        wording::details(&finding),
        ["roles are cluster-wide: drop it in the downgrade if the upgrade created it"]
    );
}

#[test]
fn a_changed_line_is_a_highlighted_pair() {
    assert_eq!(
        textdiff::lines("a\nbc\nd", "a\nbx\nd", false),
        " a\n<bc\n>bx\n d\n"
    );
    assert_eq!(
        textdiff::lines("bc", "bx", true),
        "\u{1b}[31m<b\u{1b}[0m\u{1b}[1;48;5;52;31mc\u{1b}[0m\n\u{1b}[32m>b\u{1b}[0m\u{1b}[1;48;5;22;32mx\u{1b}[0m\n"
    );
    // Two deleted lines followed by one inserted are no pair.
    assert_eq!(
        textdiff::lines("b\nc", "x", true),
        "\u{1b}[31m<b\u{1b}[0m\n\u{1b}[31m<c\u{1b}[0m\n\u{1b}[32m>x\u{1b}[0m\n"
    );
    // A final newline on one side only shows as a line of its own, `⏎`.
    assert_eq!(textdiff::lines("a\n", "a", false), " a\n<⏎\n");
}

#[test]
fn a_step_that_did_not_run_has_no_time() {
    let reports = [report()];
    let json: serde_json::Value =
        serde_json::from_str(&text(|out| json::write(out, &reports))).expect("json");
    let revisions = &json["runs"][0]["revisions"];
    // 0005's upgrade failed: its downgrade, re-upgrade and inspection did
    // not run; 0006 did not run at all.
    let failed = &revisions[4];
    assert_eq!(failed["steps"]["up"]["duration_ms"], 7);
    assert_eq!(failed["steps"]["up"]["status"], "failed");
    for step in ["down", "reup"] {
        let step = &failed["steps"][step];
        assert!(step["duration_ms"].is_null(), "{step}");
        assert_eq!(step["status"], "not-run");
    }
    assert!(failed["inspect_ms"].is_null(), "{failed}");
    assert!(revisions[5]["steps"]["up"]["duration_ms"].is_null());
    let human = text(|out| human::write(out, &reports, false));
    let line = human
        .lines()
        .find(|l| l.contains("0005_add_tags"))
        .expect("0005's line");
    assert_eq!(
        line.trim_end(),
        "  FAIL 0005_add_tags      up 7ms down - up - inspect -"
    );
    assert!(!human.contains(" 0ms"), "{human}");
}

/// A first run: two revisions that round-trip, each with no snapshot yet.
fn first_run(pending: bool) -> WalkReport {
    let mut walk = report();
    walk.revisions.truncate(2);
    for (n, r) in walk.revisions.iter_mut().enumerate() {
        r.status = RevisionStatus::Failed;
        r.warnings.clear();
        // As the snapshot pass leaves it: the status and its finding.
        r.snapshot = Some(SnapshotStatus::Mismatched {
            stored: None,
            pending: pending.then(|| format!("snapshots/{}.snap.new", r.id).into()),
        });
        r.findings = vec![Finding::new(
            &r.id,
            Problem::SnapshotMismatch(SnapshotMismatch {
                major: 15,
                path: format!("snapshots/{}.snap", r.id).into(),
                stored: None,
                text: format!("revision {n}"),
                pending: pending.then(|| format!("snapshots/{}.snap.new", r.id).into()),
                recorded_on: None,
                version_path: format!("snapshots/{}@pg15.snap", r.id).into(),
                edited: Vec::new(),
                sorts_before: None,
            }),
        )];
    }
    walk
}

#[test]
fn a_first_run_says_the_round_trip_passed_and_snapshots_wait() {
    let human = text(|out| human::write(out, &[first_run(true)], false));
    assert!(!human.contains("FAILED"), "{human}");
    assert!(!human.contains("FAIL "), "{human}");
    assert!(
        human.contains("new snapshots: every revision round-trips; 2 new snapshots wait for review: `pg-roundtrip review`"),
        "{human}"
    );
    assert!(human.contains("  new  0001_create_tasks"), "{human}");
    let ci = text(|out| human::write(out, &[first_run(false)], false));
    assert!(
        ci.contains("2 revisions have no snapshot yet and nothing was written"),
        "{ci}"
    );
    // `cargo insta review` is advised only inside a cargo package.
    assert_eq!(
        wording::new_snapshots(1, true, false),
        "every revision round-trips; 1 new snapshot waits for review: `pg-roundtrip review`, then `pg-roundtrip accept`"
    );
    assert!(wording::new_snapshots(1, true, true).contains("(or `cargo insta review`)"));
    let mut on_17 = first_run(true);
    on_17.pg_major = 17;
    let grouped = text(|out| human::write(out, &[first_run(true), on_17], false));
    assert!(
        grouped.contains("versions: PostgreSQL 15 round-trips (2 new snapshots to review) · PostgreSQL 17 round-trips (2 new snapshots to review)"),
        "{grouped}"
    );
    // A real failure beside a new snapshot is still a failure.
    let mut mixed = first_run(true);
    mixed.revisions.push(report().revisions.remove(1));
    let human = text(|out| human::write(out, &[mixed], false));
    assert!(human.contains("FAILED: 3 of 3 revisions failed"), "{human}");
}

#[test]
fn every_changed_snapshot_line_names_its_entry() {
    let stored = "revision 1\n\ntable public.tasks\n  column a int\n  column b int\n  column c int\n  column d int\n\ntable public.users\n  column id int";
    let now = "revision 1\n\ntable public.tasks\n  column a int\n  column b int\n  column c int\n  column d text\n\ntable public.users\n  column id bigint";
    let finding = Finding::new(
        "1",
        Problem::SnapshotMismatch(SnapshotMismatch {
            major: 15,
            path: "snapshots/1.snap".into(),
            stored: Some(stored.into()),
            text: now.into(),
            pending: None,
            recorded_on: None,
            version_path: "snapshots/1@pg15.snap".into(),
            edited: Vec::new(),
            sorts_before: None,
        }),
    );
    let details = wording::details(&finding);
    assert_eq!(
        details[..6],
        [
            "  table public.tasks",
            "-   column d int",
            "+   column d text",
            "  table public.users",
            "-   column id int",
            "+   column id bigint",
        ]
    );
    // The expected/actual diff shows whole entries: the header stays as
    // context above a change deep inside one.
    let expected = "table public.tasks\n  column a int\n  column b int\n  column c int";
    let actual = "table public.tasks\n  column a int\n  column b int\n  column c text";
    let lines = textdiff::lines(expected, actual, false);
    assert_eq!(
        lines,
        " table public.tasks\n   column a int\n   column b int\n<  column c int\n>  column c text\n"
    );
}

#[test]
fn revisions_not_run_for_one_reason_are_one_line() {
    let mut walk = report();
    let not_run = walk.revisions.pop().expect("the not-run revision");
    for i in 6..=9 {
        let mut more = not_run.clone();
        more.id = format!("000{i}_more");
        walk.revisions.push(more);
    }
    let human = text(|out| human::write(out, &[walk], false));
    let skips: Vec<&str> = human.lines().filter(|l| l.contains("skip")).collect();
    assert_eq!(
        skips,
        [
            "  skip 0006_more … 0009_more (4 revisions)  not run: the upgrade of 0005_add_tags failed"
        ],
        "{human}"
    );
    // Two are still shown one by one.
    let mut walk = report();
    let mut more = walk.revisions[5].clone();
    more.id = "0007_more".into();
    walk.revisions.push(more);
    let human = text(|out| human::write(out, &[walk], false));
    assert_eq!(
        human.lines().filter(|l| l.contains("skip")).count(),
        2,
        "{human}"
    );
}
