use super::*;
use crate::model::{Column, Index, QualifiedName, Schema, Table};
use crate::render::document;

fn col(name: &str, ty: &str) -> Column {
    Column {
        name: name.into(),
        data_type: ty.into(),
        ..Column::default()
    }
}

fn schema_with(table: Table) -> Schema {
    let mut s = Schema::default();
    s.namespaces.insert("public".into(), Default::default());
    s.tables
        .insert(QualifiedName::new("public", "tasks"), table);
    s
}

fn tasks() -> Table {
    Table {
        columns: vec![
            col("id", "bigint"),
            col("title", "text"),
            col("priority", "text"),
        ],
        ..Table::default()
    }
}

fn describe(expected: &Schema, actual: &Schema) -> Vec<String> {
    diff(&document(expected), &document(actual))
        .iter()
        .map(|c| crate::report::wording::change(c, "before", "after"))
        .collect()
}

#[test]
fn equal_schemas_have_no_changes() {
    let s = schema_with(tasks());
    assert!(diff(&document(&s), &document(&s)).is_empty());
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
fn documents_are_equal_iff_diff_is_empty() {
    let a = schema_with(tasks());
    let mut t = tasks();
    t.comment = Some("line one\nline two".into());
    let b = schema_with(t);
    let (da, db) = (document(&a), document(&b));
    assert_ne!(da, db);
    assert!(!diff(&da, &db).is_empty());
    assert_eq!(da.to_string(), document(&a).to_string());
}
