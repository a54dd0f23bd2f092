//! The words for a diff's changes ([`super::change`]), on changes the
//! differ finds between small hand-built schemas.

use super::change;
use crate::diff::diff;
use crate::diff::tests::{changes, col, paths, schema_with, tasks};
use crate::model::object::{ModelObject, ObjectKind, PartKind, SubObject};
use crate::model::{Index, Privileges, QualifiedName, Schema, TypeDef, TypeKind};
use crate::render::document;

fn describe(expected: &Schema, actual: &Schema) -> Vec<String> {
    diff(&document(expected), &document(actual))
        .iter()
        .map(|c| change(c, "before", "after"))
        .collect()
}

#[test]
fn index_left_behind_is_named_with_its_table() {
    let before = schema_with(tasks());
    let mut t = tasks();
    t.indexes.insert(
        "ix_tasks_title".into(),
        Index {
            definition: "CREATE INDEX ix_tasks_title ON public.tasks USING btree (title)".into(),
            valid: true,
            comment: None,
        },
    );
    let after = schema_with(t);
    assert_eq!(
        describe(&before, &after),
        ["index ix_tasks_title on table public.tasks: present after, absent before"]
    );
}

#[test]
fn altered_column_shows_both_lines() {
    let before = schema_with(tasks());
    let mut t = tasks();
    t.columns[2].not_null = true;
    let after = schema_with(t);
    assert_eq!(
        describe(&before, &after),
        ["column priority of table public.tasks: `text not null` after, was `text` before"]
    );
}

#[test]
fn column_order_is_a_change() {
    let before = schema_with(tasks());
    let mut t = tasks();
    t.columns.swap(1, 2);
    let after = schema_with(t);
    assert_eq!(
        describe(&before, &after),
        [
            "table public.tasks: column order (id, priority, title) after, was (id, title, priority) before"
        ]
    );
    // …unless column order is ignored.
    let (b, a) = (before.without_column_order(), after.without_column_order());
    assert!(diff(&document(&b), &document(&a)).is_empty());
}

#[test]
fn removed_table_and_added_table() {
    let before = schema_with(tasks());
    let mut after = before.clone();
    let t = after.tables.remove(&QualifiedName::new("public", "tasks"));
    after
        .tables
        .insert(QualifiedName::new("public", "todo"), t.unwrap_or_default());
    assert_eq!(
        describe(&before, &after),
        [
            "table public.tasks: missing after, present before",
            "table public.todo: present after, absent before"
        ]
    );
}

#[test]
fn a_column_named_like_a_keyword_is_a_column() {
    let mut t = tasks();
    t.columns.push(col("index", "text"));
    t.columns.push(col("comment", "text"));
    let before = schema_with(t.clone());
    t.columns[3].data_type = "integer".into();
    t.columns.swap(1, 4);
    let after = schema_with(t);
    let found = changes(&before, &after);
    assert_eq!(
        paths(&found),
        ["column public.tasks.index", "table public.tasks"]
    );
    assert_eq!(found[0].object.kind(), ObjectKind::Part(PartKind::Column));
    assert_eq!(
        change(&found[0], "before", "after"),
        "column index of table public.tasks: `integer` after, was `text` before"
    );
    assert_eq!(
        change(&found[1], "before", "after"),
        "table public.tasks: column order (id, comment, priority, index, title) after, \
         was (id, title, priority, index, comment) before"
    );
}

#[test]
fn a_comment_on_a_column_is_not_the_table_comment() {
    let mut t = tasks();
    t.comment = Some("work".into());
    t.columns[2].comment = Some("how soon".into());
    let before = schema_with(t.clone());
    t.comment = None;
    t.columns[2].comment = None;
    let after = schema_with(t);
    let found = changes(&before, &after);
    assert_eq!(
        paths(&found),
        [
            "comment on column priority of table public.tasks",
            "table public.tasks"
        ]
    );
    let on_column = found[0].object.part_key().expect("a part");
    let on_table = found[1].object.part_key().expect("a part");
    assert_eq!(on_column.kind, PartKind::Comment);
    assert_eq!(on_table.kind, PartKind::Comment);
    assert_eq!(
        on_column.on,
        Some(SubObject {
            kind: PartKind::Column,
            name: "priority".into()
        })
    );
    assert_eq!(on_table.on, None);
    assert_eq!(
        describe(&before, &after),
        [
            "comment on column priority on table public.tasks: missing after, present before",
            "comment of table public.tasks: missing after, present before",
        ]
    );
    // The comment on the column is the column's; the table's is the table's.
    let (was, now) = found[0].model_objects(&before, &after);
    let column = |s: &Schema| s.tables[&QualifiedName::new("public", "tasks")].columns[2].clone();
    let (before_column, after_column) = (column(&before), column(&after));
    assert_eq!(was, Some(ModelObject::Column(&before_column)));
    assert_eq!(now, Some(ModelObject::Column(&after_column)));
    let (was, _) = found[1].model_objects(&before, &after);
    assert!(matches!(was, Some(ModelObject::Table(t)) if t.comment.is_some()));
}

#[test]
fn attributes_out_of_order_are_an_order_not_a_column_order() {
    let composite = |attributes: Vec<(String, String)>| {
        let mut s = Schema::default();
        s.types.insert(
            QualifiedName::new("public", "pair"),
            TypeDef {
                kind: TypeKind::Composite {
                    attributes,
                    comments: Default::default(),
                },
                owner: None,
                privileges: Privileges::default(),
                comment: None,
            },
        );
        s
    };
    let a = ("a".to_string(), "integer".to_string());
    let b = ("b".to_string(), "integer".to_string());
    let before = composite(vec![a.clone(), b.clone()]);
    let after = composite(vec![b, a]);
    let found = changes(&before, &after);
    assert!(!found[0].object.has_columns());
    assert_eq!(
        describe(&before, &after),
        [
            "type public.pair: order (attribute b, attribute a) after, was (attribute a, attribute b) before"
        ]
    );
}

#[test]
fn server_errors_that_leave_users_stuck_get_advice() {
    use super::advice;
    let concurrently = advice("CREATE INDEX CONCURRENTLY cannot run inside a transaction block");
    assert!(concurrently.is_some_and(|a| a.contains("-- no-transaction")
        && a.contains("run_in_transaction = false")
        && a.contains("+goose NO TRANSACTION")));
    let extension = advice("extension \"postgis\" is not available");
    assert!(extension.is_some_and(|a| a.contains("--image")));
    assert!(
        advice("role \"app_reader\" does not exist").is_some_and(|a| a.contains("cluster-wide"))
    );
    assert!(
        advice("permission denied for schema public").is_some_and(|a| a.contains("--backend url"))
    );
    assert!(advice("must be owner of table tasks").is_some());
    assert_eq!(advice("relation \"tag\" does not exist"), None);
}

#[test]
fn bad_input_the_server_refuses_gets_advice() {
    use super::advice;
    let cases = [
        (
            "terminating connection due to administrator command",
            "pg_backend_pid()",
        ),
        ("syntax error at or near \"\\\"", "psql meta-command"),
        (
            "encountered unexpected or invalid data: execute: unexpected message: CopyInResponse",
            "INSERT",
        ),
        (
            "unterminated dollar-quoted string at or near \"$$ SELECT 1;\"",
            "never closed",
        ),
        (
            "unterminated /* comment at or near \"/* x\"",
            "never closed",
        ),
    ];
    for (message, words) in cases {
        let got = advice(message);
        assert!(
            got.as_deref().is_some_and(|a| a.contains(words)),
            "{message}: {got:?}"
        );
    }
    assert_eq!(advice("syntax error at or near \"1\""), None);
}

#[test]
fn a_verdict_names_at_most_ten_failed_revisions() {
    use super::failed_revisions;
    assert_eq!(failed_revisions(&["a", "b"], 10), "a, b");
    let many: Vec<String> = (1..=12).map(|i| format!("{i:04}")).collect();
    let ids: Vec<&str> = many.iter().map(String::as_str).collect();
    assert_eq!(
        failed_revisions(&ids, 10),
        "0001, 0002, 0003, 0004, 0005, 0006, 0007, 0008, 0009, 0010 and 2 more"
    );
}

#[test]
fn timestamp_literals_are_masked_and_nothing_else() {
    use super::without_timestamps;
    assert_eq!(
        without_timestamps(
            "WHEN p.published < ('2026-12-01 12:08:17.175595'::timestamp without time zone - '1 mon'::interval)"
        ),
        "WHEN p.published < ('…'::timestamp without time zone - '1 mon'::interval)"
    );
    assert_eq!(without_timestamps("'2026-12-01' || 'x'"), "'…' || 'x'");
    assert_eq!(
        without_timestamps("'2026-12-01 10:00:00+02'::timestamptz"),
        "'…'::timestamptz"
    );
    assert_eq!(without_timestamps("'abc' || '12-01'"), "'abc' || '12-01'");
    assert_eq!(without_timestamps("no quotes"), "no quotes");
}
