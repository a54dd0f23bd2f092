//! Data across the round trip (`--data`), on a real PostgreSQL: histories
//! that lose data, each caught with the right finding at the right
//! revision; histories whose data round-trips, which must pass; generated
//! rows that are the same on every run; a table that cannot be filled,
//! skipped with its reason.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::history::HistoryFiles;
use pg_roundtrip::data::{DataMode, DataOptions};
use pg_roundtrip::introspect::InspectOptions;
use pg_roundtrip::report::wording;
use pg_roundtrip::walk::{WalkOptions, WalkReport, walk};

/// The table every case starts from, and its fixture.
const T: &str = "CREATE TABLE t (id int PRIMARY KEY, pri int NOT NULL, amount numeric(10, 2), note text, first text, last text);";
const ROWS: &str = "INSERT INTO t VALUES (1, 1, 1.25, 'n1', 'Ada', 'Lovelace'), (2, 2, NULL, NULL, 'Alan', 'Turing'), (3, 7, 3, 'n3', 'Grace', 'Hopper');";

/// Walks `history` with `fixtures` (name, SQL) in `mode`.
async fn walk_case(history: HistoryFiles, fixtures: &[(&str, &str)], mode: DataMode) -> WalkReport {
    walk_with(history, fixtures, mode, false).await
}

async fn walk_with(
    history: HistoryFiles,
    fixtures: &[(&str, &str)],
    mode: DataMode,
    ignore_column_order: bool,
) -> WalkReport {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("migrations");
    history.write(&dir);
    let fx = tmp.path().join("fixtures");
    std::fs::create_dir_all(&fx).unwrap();
    for (name, sql) in fixtures {
        std::fs::write(fx.join(format!("{name}.sql")), sql).unwrap();
    }
    let cluster = common::shared().await;
    let options = WalkOptions {
        data: DataOptions {
            mode,
            ..DataOptions::default()
        },
        ignore_column_order,
        ..WalkOptions::default()
    };
    walk(&common::load(&dir), cluster.server(), &options)
        .await
        .unwrap_or_else(|e| panic!("walk failed to run: {e}"))
}

fn with_t() -> HistoryFiles {
    HistoryFiles::new().rev("1_t", T, "DROP TABLE t;")
}

/// `kind revision` of every finding, in order.
fn kinds(report: &WalkReport) -> Vec<String> {
    report
        .findings()
        .map(|f| format!("{} {}", f.kind(), f.revision()))
        .collect()
}

fn warning_kinds(report: &WalkReport) -> Vec<String> {
    report
        .warnings()
        .map(|f| format!("{} {}", f.kind(), f.revision()))
        .collect()
}

/// Lossy histories: (name, second revision's up, its down, the findings).
const LOSSY: &[(&str, &str, &str, &[&str])] = &[
    (
        "a CASE with an ELSE maps an unexpected value to the default",
        "ALTER TABLE t ALTER COLUMN pri TYPE text USING CASE pri WHEN 1 THEN 'low' WHEN 3 THEN 'high' ELSE 'medium' END;",
        "ALTER TABLE t ALTER COLUMN pri TYPE int USING CASE pri WHEN 'low' THEN 1 WHEN 'high' THEN 3 ELSE 2 END;",
        &["data-changed 2_x"],
    ),
    (
        "a dropped and re-added column comes back empty",
        "ALTER TABLE t DROP COLUMN last;",
        "ALTER TABLE t ADD COLUMN last text;",
        &["data-destroyed 2_x"],
    ),
    (
        "a type narrowed and widened loses the fraction",
        "ALTER TABLE t ALTER COLUMN amount TYPE int;",
        "ALTER TABLE t ALTER COLUMN amount TYPE numeric(10, 2);",
        &["data-changed 2_x"],
    ),
    (
        "a NOT NULL backfill whose down keeps the backfilled values",
        "UPDATE t SET note = 'none' WHERE note IS NULL; ALTER TABLE t ALTER COLUMN note SET NOT NULL;",
        "ALTER TABLE t ALTER COLUMN note DROP NOT NULL;",
        &["data-changed 2_x"],
    ),
    (
        "a down that deletes every row, not only the upgrade's",
        "INSERT INTO t VALUES (10, 1, NULL, 'seed', 's', 's');",
        "DELETE FROM t;",
        &["data-lost 2_x"],
    ),
];

#[tokio::test]
async fn lossy_histories_are_caught_at_the_right_revision() {
    for (name, up, down, expected) in LOSSY {
        let history = with_t().rev("2_x", up, down);
        let report = walk_case(history, &[("1_t", ROWS)], DataMode::Fixtures).await;
        assert_eq!(
            kinds(&report),
            *expected,
            "{name}: {:#?}",
            report.findings().collect::<Vec<_>>()
        );
        let f = report.findings().next().unwrap();
        assert!(f.file().is_some(), "{name}");
        assert!(!wording::details(f).is_empty(), "{name}");
        assert!(
            wording::message(f).contains("public.t"),
            "{name}: {}",
            wording::message(f)
        );
    }
}

#[tokio::test]
async fn a_rename_whose_down_swaps_two_columns_data_is_caught() {
    let up =
        "ALTER TABLE t RENAME COLUMN first TO given; ALTER TABLE t RENAME COLUMN last TO family;";
    let down =
        "ALTER TABLE t RENAME COLUMN given TO last; ALTER TABLE t RENAME COLUMN family TO first;";
    let history = || with_t().rev("2_x", up, down);
    // The columns' order gives it away in the schema already.
    let report = walk_case(history(), &[("1_t", ROWS)], DataMode::Fixtures).await;
    let found = kinds(&report);
    assert_eq!(found[0], "downgrade-mismatch 2_x");
    assert!(found.iter().all(|k| !k.starts_with("data-")), "{found:?}");
    // Compared as a set, the schema is the same: the data is not.
    let report = walk_with(history(), &[("1_t", ROWS)], DataMode::Fixtures, true).await;
    assert_eq!(kinds(&report), ["data-changed 2_x"]);
    let message = wording::message(report.findings().next().unwrap());
    assert!(
        message.contains("3 rows") && message.contains("columns first, last"),
        "{message}"
    );
}

#[tokio::test]
async fn a_down_that_leaves_inserted_rows_is_caught() {
    // No primary key: the second upgrade inserts the row again, which is
    // the same cause and is not reported twice.
    let history = HistoryFiles::new()
        .rev("1_log", "CREATE TABLE log (msg text);", "DROP TABLE log;")
        .rev("2_seed", "INSERT INTO log VALUES ('seeded');", "SELECT 1;");
    let report = walk_case(
        history,
        &[("1_log", "INSERT INTO log VALUES ('a'), ('b');")],
        DataMode::Fixtures,
    )
    .await;
    assert_eq!(kinds(&report), ["data-left-behind 2_seed"]);
    let f = report.findings().next().unwrap();
    let details = wording::details(f).join("\n");
    assert!(details.contains("\"seeded\""), "{details}");
}

#[tokio::test]
async fn changed_rows_name_the_columns_and_show_examples_by_key() {
    let (_, up, down, _) = LOSSY[0];
    let report = walk_case(
        with_t().rev("2_x", up, down),
        &[("1_t", ROWS)],
        DataMode::Fixtures,
    )
    .await;
    let f = report.findings().next().unwrap();
    let message = wording::message(f);
    assert!(
        message.contains("1 row of public.t") && message.contains("column pri"),
        "{message}"
    );
    let details = wording::details(f);
    assert_eq!(details[0], "key [3]: pri 7 → 2", "{details:?}");
    assert!(f.file().unwrap().ends_with("2_x.down.sql"));
}

#[tokio::test]
async fn declared_data_loss_is_a_warning() {
    let up = "-- pg-roundtrip: data-loss\nALTER TABLE t DROP COLUMN last;";
    let history = with_t().rev("2_x", up, "ALTER TABLE t ADD COLUMN last text;");
    let report = walk_case(history, &[("1_t", ROWS)], DataMode::Fixtures).await;
    assert!(
        report.passed(),
        "{:#?}",
        report.findings().collect::<Vec<_>>()
    );
    assert_eq!(warning_kinds(&report), ["data-destroyed 2_x"]);
}

/// Histories whose data round-trips: (name, up, down).
const LOSSLESS: &[(&str, &str, &str)] = &[
    (
        "a column moved to another table, and moved back by the down",
        "CREATE TABLE lasts (id int PRIMARY KEY, last text); INSERT INTO lasts SELECT id, last FROM t; ALTER TABLE t DROP COLUMN last;",
        "ALTER TABLE t ADD COLUMN last text; UPDATE t SET last = l.last FROM lasts l WHERE l.id = t.id; DROP TABLE lasts;",
    ),
    (
        "a data migration that maps every allowed value both ways",
        "ALTER TABLE t ALTER COLUMN pri TYPE text USING CASE pri WHEN 1 THEN 'low' WHEN 2 THEN 'medium' WHEN 7 THEN 'top' END;",
        "ALTER TABLE t ALTER COLUMN pri TYPE int USING CASE pri WHEN 'low' THEN 1 WHEN 'medium' THEN 2 WHEN 'top' THEN 7 END;",
    ),
    (
        "a column renamed and back",
        "ALTER TABLE t RENAME COLUMN note TO remark;",
        "ALTER TABLE t RENAME COLUMN remark TO note;",
    ),
    (
        "a type widened and narrowed back",
        "ALTER TABLE t ALTER COLUMN pri TYPE bigint;",
        "ALTER TABLE t ALTER COLUMN pri TYPE int;",
    ),
    (
        "a new column backfilled, dropped by the down",
        "ALTER TABLE t ADD COLUMN label text; UPDATE t SET label = first || ' ' || last; ALTER TABLE t ALTER COLUMN label SET NOT NULL;",
        "ALTER TABLE t DROP COLUMN label;",
    ),
    (
        "rows the up inserts, deleted by the down",
        "INSERT INTO t VALUES (10, 1, NULL, 'seed', 's', 's');",
        "DELETE FROM t WHERE id = 10;",
    ),
    (
        "a new table with seed rows, dropped by the down",
        "CREATE TABLE kinds (id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text, at timestamptz DEFAULT now()); INSERT INTO kinds (name) VALUES ('a'), ('b');",
        "DROP TABLE kinds;",
    ),
];

#[tokio::test]
async fn lossless_histories_pass() {
    for (name, up, down) in LOSSLESS {
        let history = with_t().rev("2_x", up, down);
        let report = walk_case(history, &[("1_t", ROWS)], DataMode::Fixtures).await;
        assert!(
            report.passed(),
            "{name}: {:#?}",
            report.findings().collect::<Vec<_>>()
        );
        assert!(report.warnings().next().is_none(), "{name}");
    }
}

#[tokio::test]
async fn identity_values_a_second_upgrade_picks_anew_are_not_a_difference() {
    // The up inserts into an existing table whose key is an identity: the
    // second upgrade gets new ids, and the rows are still the same rows.
    let history = HistoryFiles::new()
        .rev(
            "1_k",
            "CREATE TABLE k (id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text, at timestamptz NOT NULL DEFAULT clock_timestamp());",
            "DROP TABLE k;",
        )
        .rev(
            "2_seed",
            "INSERT INTO k (name) VALUES ('seed');",
            "DELETE FROM k WHERE name = 'seed';",
        );
    let report = walk_case(
        history,
        &[("1_k", "INSERT INTO k (name) VALUES ('x');")],
        DataMode::Fixtures,
    )
    .await;
    assert!(
        report.passed(),
        "{:#?}",
        report.findings().collect::<Vec<_>>()
    );
}

#[tokio::test]
async fn without_a_fixtures_directory_the_default_checks_no_data() {
    let (_, up, down, _) = LOSSY[0];
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("migrations");
    with_t()
        .rev("2_x", up, down)
        .file("3_rows.up.sql", ROWS)
        .file("3_rows.down.sql", "DELETE FROM t;")
        .write(&dir);
    let cluster = common::shared().await;
    let report = walk(
        &common::load(&dir),
        cluster.server(),
        &WalkOptions::default(),
    )
    .await
    .unwrap();
    assert!(
        report.passed(),
        "{:#?}",
        report.findings().collect::<Vec<_>>()
    );
}

#[tokio::test]
async fn generated_rows_catch_a_case_without_fixtures() {
    // No fixture: --data auto's boundary values are outside the CASE.
    let (_, up, down, _) = LOSSY[0];
    let report = walk_case(with_t().rev("2_x", up, down), &[], DataMode::Auto).await;
    assert_eq!(kinds(&report), ["data-changed 2_x"]);
}

/// A schema with most of what generation has to respect.
const RICH: &str = "
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
CREATE DOMAIN small_pos AS int CHECK (VALUE > 0 AND VALUE < 100);
CREATE TABLE parent (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, code varchar(3) UNIQUE NOT NULL);
CREATE TABLE child (
    id serial PRIMARY KEY,
    parent_id bigint NOT NULL REFERENCES parent (id),
    m mood,
    n small_pos NOT NULL,
    amount numeric(6, 2) CHECK (amount >= 0),
    tags text[],
    doc jsonb,
    at timestamptz NOT NULL DEFAULT now(),
    flag boolean NOT NULL,
    total int GENERATED ALWAYS AS (n * 2) STORED
);
CREATE TABLE impossible (x int NOT NULL CHECK (x > 0 AND x < 0));
";

#[tokio::test]
async fn generated_rows_are_the_same_on_every_run_and_respect_the_schema() {
    use sqlx::Executor;
    let cluster = common::shared().await;
    let mut captures = Vec::new();
    for run in 0..2 {
        let db = cluster
            .server()
            .create_database(&format!("data_det_{}_{run}", std::process::id()))
            .await
            .unwrap();
        let mut conn = db.connect().await.unwrap();
        conn.execute(RICH).await.unwrap();
        let mut tried = Default::default();
        let (filled, skipped) =
            pg_roundtrip::data::generate(&mut conn, &InspectOptions::default(), &mut tried)
                .await
                .unwrap();
        let filled: Vec<(String, usize)> = filled.into_iter().map(|f| (f.table, f.rows)).collect();
        assert_eq!(
            filled,
            [
                ("public.parent".to_string(), 4),
                ("public.child".to_string(), 4)
            ],
            "{skipped:?}"
        );
        assert_eq!(skipped.len(), 1);
        assert_eq!(skipped[0].table, "public.impossible");
        let reason = pg_roundtrip::report::data_wording::skip_reason(&skipped[0].reason);
        assert!(reason.contains("check constraint"), "{reason}");
        // Once tried, a table is not tried again.
        let (again, _) =
            pg_roundtrip::data::generate(&mut conn, &InspectOptions::default(), &mut tried)
                .await
                .unwrap();
        assert!(again.is_empty());
        let mut capture = pg_roundtrip::data::capture(&mut conn, &InspectOptions::default())
            .await
            .unwrap();
        // The server picks `at` (now()): leave it out of the comparison.
        for t in &mut capture.tables {
            t.table.oid = 0;
            if t.table.name == "child" {
                let rows: serde_json::Value =
                    serde_json::from_str(t.rows.as_deref().unwrap()).unwrap();
                let cleaned: Vec<serde_json::Value> = rows
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|r| {
                        let mut r = r.clone();
                        r[1].as_object_mut().unwrap().remove("at");
                        r
                    })
                    .collect();
                t.rows = Some(serde_json::to_string(&cleaned).unwrap());
                t.hash.clear();
            }
        }
        captures.push(capture);
        drop(conn);
        cluster.server().drop_database(&db).await.unwrap();
    }
    assert_eq!(captures[0], captures[1]);
    let child = captures[0].get("public.child").unwrap();
    let rows = child.rows.as_deref().unwrap();
    // Boundaries: NULL where allowed, a numeric's largest value, the
    // enum's last label, the smallest value the domain accepts.
    for boundary in ["\"m\":null", "9999.99", "\"happy\"", "\"n\":1,"] {
        assert!(rows.contains(boundary), "{boundary} in {rows}");
    }
}

#[tokio::test]
async fn a_table_that_cannot_be_filled_is_skipped_with_a_reason() {
    let history = HistoryFiles::new().rev(
        "1_rich",
        RICH,
        "DROP TABLE impossible, child, parent; DROP DOMAIN small_pos; DROP TYPE mood;",
    );
    let report = walk_case(history, &[], DataMode::Auto).await;
    assert!(
        report.passed(),
        "{:#?}",
        report.findings().collect::<Vec<_>>()
    );
    let skipped: Vec<_> = report.warnings().collect();
    assert_eq!(warning_kinds(&report), ["data-skipped 1_rich"]);
    let message = wording::message(skipped[0]);
    assert!(
        message.contains("public.impossible") && message.contains("check constraint"),
        "{message}"
    );
}

#[tokio::test]
async fn an_upgrade_that_fails_on_generated_rows_runs_again_without_them() {
    // `note` is nullable, so generated rows hold NULL there; the upgrade
    // assumes no row does.
    let history = with_t().rev(
        "2_strict",
        "ALTER TABLE t ALTER COLUMN note SET NOT NULL;",
        "ALTER TABLE t ALTER COLUMN note DROP NOT NULL;",
    );
    let report = walk_case(history, &[], DataMode::Auto).await;
    assert!(
        report.passed(),
        "{:#?}",
        report.findings().collect::<Vec<_>>()
    );
    assert_eq!(warning_kinds(&report), ["data-skipped 2_strict"]);
    let message = wording::message(report.warnings().next().unwrap());
    assert!(
        message.contains("from public.t ") && message.contains("null values"),
        "{message}"
    );
}

#[tokio::test]
async fn a_failing_fixture_is_a_finding() {
    let report = walk_case(
        with_t(),
        &[("1_t", "INSERT INTO t (id) VALUES (1);")],
        DataMode::Fixtures,
    )
    .await;
    assert_eq!(kinds(&report), ["fixture-error 1_t"]);
    let f = report.findings().next().unwrap();
    assert!(f.file().unwrap().ends_with("fixtures/1_t.sql"));
}

/// Ups whose values differ on every run: (name, up, down, the columns).
const VOLATILE: &[(&str, &str, &str, &str)] = &[
    (
        "a column filled from the clock",
        "ALTER TABLE t ADD COLUMN seen timestamptz; UPDATE t SET seen = clock_timestamp();",
        "ALTER TABLE t DROP COLUMN seen;",
        "column seen",
    ),
    (
        "columns filled with gen_random_uuid() and random()",
        "ALTER TABLE t ADD COLUMN u uuid, ADD COLUMN r float8; UPDATE t SET u = gen_random_uuid(), r = random();",
        "ALTER TABLE t DROP COLUMN u, DROP COLUMN r;",
        "columns u, r",
    ),
    (
        "a ULID-like key made from the clock and random bytes, in a new table",
        "CREATE FUNCTION ulid() RETURNS text LANGUAGE sql VOLATILE AS $$ SELECT lpad(to_hex((extract(epoch FROM clock_timestamp()) * 1000)::int8), 12, '0') || md5(random()::text) $$; CREATE TABLE events (id text PRIMARY KEY, t_id int); INSERT INTO events SELECT ulid(), id FROM t;",
        "DROP TABLE events; DROP FUNCTION ulid();",
        "",
    ),
];

#[tokio::test]
async fn an_up_with_volatile_values_round_trips_with_a_not_deterministic_warning() {
    for (name, up, down, columns) in VOLATILE {
        let history = with_t().rev("2_x", up, down);
        let report = walk_case(history, &[("1_t", ROWS)], DataMode::Fixtures).await;
        assert!(
            report.passed(),
            "{name}: {:#?}",
            report.findings().collect::<Vec<_>>()
        );
        let warnings: Vec<_> = report.warnings().collect();
        assert!(
            !warnings.is_empty()
                && warnings
                    .iter()
                    .all(|w| w.kind().as_str() == "data-not-deterministic" && w.revision() == "2_x"),
            "{name}: {}",
            warning_kinds(&report).join(", ")
        );
        let message = wording::message(warnings[0]);
        assert!(
            message.contains("not deterministic") && message.contains(columns),
            "{name}: {message}"
        );
        assert!(
            wording::details(warnings[0])
                .iter()
                .any(|d| d.contains("a warning, not a failure")),
            "{name}"
        );
    }
}

#[tokio::test]
async fn a_real_loss_beside_volatile_values_is_still_a_failure() {
    // The downgrade does not give the backfilled NULLs back: the second
    // upgrade ran on other rows, so its random values are not called
    // non-determinism, and the downgrade's loss fails the revision.
    let history = with_t().rev(
        "2_x",
        "ALTER TABLE t ADD COLUMN u uuid; UPDATE t SET u = gen_random_uuid(); UPDATE t SET note = 'none' WHERE note IS NULL;",
        "ALTER TABLE t DROP COLUMN u;",
    );
    let report = walk_case(history, &[("1_t", ROWS)], DataMode::Fixtures).await;
    assert_eq!(kinds(&report), ["data-changed 2_x"]);
    let f = report.findings().next().unwrap();
    assert!(wording::message(f).contains("after the downgrade"));
    assert!(
        report.warnings().next().is_none(),
        "{}",
        warning_kinds(&report).join(", ")
    );
}

#[tokio::test]
async fn after_a_downgrade_that_loses_rows_the_second_upgrade_is_not_reported_again() {
    // openmeter's shape: the upgrade drops a table that held rows (a real
    // loss) and fills a new one keyed by gen_random_uuid(); the second
    // upgrade's other keys are not a finding of their own.
    let history = with_t().rev(
        "2_x",
        "CREATE TABLE runs (id uuid PRIMARY KEY, t_id int); INSERT INTO runs SELECT gen_random_uuid(), id FROM t; DROP TABLE t;",
        "CREATE TABLE t (id int PRIMARY KEY, pri int NOT NULL, amount numeric(10, 2), note text, first text, last text); DROP TABLE runs;",
    );
    let report = walk_case(history, &[("1_t", ROWS)], DataMode::Fixtures).await;
    assert_eq!(kinds(&report), ["data-destroyed 2_x"]);
    assert!(report.warnings().next().is_none());
}

#[tokio::test]
async fn a_table_whose_parent_got_no_rows_names_the_parent_and_its_reason() {
    let history = HistoryFiles::new().rev(
        "1_chain",
        "CREATE TABLE impossible (id int PRIMARY KEY, x int NOT NULL CHECK (x > 0 AND x < 0));
         CREATE TABLE kid (id int PRIMARY KEY, imp int NOT NULL REFERENCES impossible);
         CREATE TABLE grandkid (id int PRIMARY KEY, kid int NOT NULL REFERENCES kid);
         CREATE TABLE optional (id int PRIMARY KEY, imp int REFERENCES impossible);",
        "DROP TABLE optional, grandkid, kid, impossible;",
    );
    let report = walk_case(history, &[], DataMode::Auto).await;
    assert!(report.passed());
    let messages: Vec<String> = report.warnings().map(wording::message).collect();
    let of = |table: &str| {
        messages
            .iter()
            .find(|m| m.contains(&format!("table public.{table} ")))
            .unwrap_or_else(|| panic!("no warning for {table}: {messages:#?}"))
    };
    assert!(
        of("kid").contains("its parent public.impossible got no rows: the server refused every row tried: new row for relation \"impossible\" violates check constraint"),
        "{}",
        of("kid")
    );
    assert!(
        of("grandkid").contains(
            "its parent public.kid got no rows: its parent public.impossible got no rows: "
        ),
        "{}",
        of("grandkid")
    );
    // A nullable foreign key takes NULL: the table is filled.
    assert!(!messages.iter().any(|m| m.contains("public.optional")));
    let generated = report.generated.as_ref().unwrap();
    assert_eq!(
        generated.filled.iter().collect::<Vec<_>>(),
        ["public.optional"]
    );
}

#[test]
fn the_report_says_what_data_auto_filled_and_skipped_in_every_format() {
    let tmp = tempfile::tempdir().unwrap();
    with_t()
        .rev(
            "2_more",
            "CREATE TABLE impossible (id int PRIMARY KEY, x int NOT NULL CHECK (x > 0 AND x < 0));
             CREATE TABLE kid (id int PRIMARY KEY, imp int NOT NULL REFERENCES impossible);
             CREATE TABLE other (id int PRIMARY KEY, v int NOT NULL CHECK (v < -1000000000 AND v > 0));",
            "DROP TABLE other, kid, impossible;",
        )
        .write(&tmp.path().join("m"));
    let o = common::bin::PgRoundtrip::local(tmp.path())
        .args([
            "check",
            "m",
            "--no-snapshots",
            "--data",
            "auto",
            "--report",
            "human",
            "--report",
            "json=out.json",
            "--report",
            "junit=out.xml",
        ])
        .output();
    let stdout = common::bin::text(&o);
    assert_eq!(o.status.code(), Some(0), "{stdout}");
    let line = stdout
        .lines()
        .find(|l| l.starts_with("data: "))
        .unwrap_or_else(|| panic!("no data line: {stdout}"));
    assert_eq!(
        line,
        "data: --data auto filled 1 table, skipped 3: a CHECK constraint refused every row (2: public.impossible, public.other); a parent table got no rows (1: public.kid)"
    );
    let text = std::fs::read_to_string(tmp.path().join("out.json")).unwrap();
    let report = pg_roundtrip::report::json::parse(&text).unwrap();
    let generated = report.runs[0].generated.as_ref().unwrap();
    assert_eq!((generated.filled, generated.skipped), (1, 3));
    assert_eq!(generated.filled_tables, ["public.t"]);
    let kid = &generated.skipped_groups[1].tables[0];
    assert_eq!(kid.table, "public.kid");
    assert!(
        kid.reason
            .starts_with("its parent public.impossible got no rows: "),
        "{}",
        kid.reason
    );
    let junit = std::fs::read_to_string(tmp.path().join("out.xml")).unwrap();
    assert!(
        junit.contains("name=\"data\" value=\"--data auto filled 1 table, skipped 3: "),
        "{junit}"
    );
    let o = common::bin::PgRoundtrip::local(tmp.path())
        .args([
            "check",
            "m",
            "--no-snapshots",
            "--data",
            "auto",
            "--report",
            "github",
        ])
        .output();
    let github = common::bin::text(&o);
    assert!(
        github
            .lines()
            .any(|l| l.starts_with("pg-roundtrip: m on PostgreSQL ")
                && l.contains(": data: --data auto filled 1 table, skipped 3")),
        "{github}"
    );
    // Without --data auto, no such line and no field.
    let o = common::bin::PgRoundtrip::local(tmp.path())
        .args(["check", "m", "--no-snapshots", "--report", "json"])
        .output();
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(json["runs"][0].get("generated").is_none(), "{json}");
}
