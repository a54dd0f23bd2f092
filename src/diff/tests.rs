use super::*;
use crate::model::object::{EntryKey, EntryKind, ModelObject, ObjectKind, PartKind};
use crate::model::{Column, Index, QualifiedName, Schema, Table};
use crate::render::{Document, Entry, Line, document};

pub(crate) fn col(name: &str, ty: &str) -> Column {
    Column {
        name: name.into(),
        data_type: ty.into(),
        ..Column::default()
    }
}

pub(crate) fn schema_with(table: Table) -> Schema {
    let mut s = Schema::default();
    s.namespaces.insert("public".into(), Default::default());
    s.tables
        .insert(QualifiedName::new("public", "tasks"), table.into());
    s
}

pub(crate) fn tasks() -> Table {
    Table {
        columns: vec![
            col("id", "bigint"),
            col("title", "text"),
            col("priority", "text"),
        ],
        ..Table::default()
    }
}

pub(crate) fn changes(expected: &Schema, actual: &Schema) -> Vec<Change> {
    diff(&document(expected), &document(actual))
}

pub(crate) fn paths(changes: &[Change]) -> Vec<&str> {
    changes.iter().map(|c| c.object.path.as_str()).collect()
}

#[test]
fn equal_schemas_have_no_changes() {
    let s = schema_with(tasks());
    assert!(diff(&document(&s), &document(&s)).is_empty());
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

#[test]
fn a_table_named_like_an_index_is_a_table() {
    let mut s = schema_with(tasks());
    let mut log = tasks();
    log.indexes.insert(
        "index_log_title".into(),
        Index {
            definition: "CREATE INDEX index_log_title ON public.index_log (title)".into(),
            valid: true,
            comment: Some("by title".into()),
        },
    );
    s.tables.insert(
        QualifiedName::new("public", "index_log"),
        log.clone().into(),
    );
    let mut after = s.clone();
    log.indexes.clear();
    after
        .tables
        .insert(QualifiedName::new("public", "index_log"), log.into());
    after.tables.remove(&QualifiedName::new("public", "tasks"));
    let found = changes(&s, &after);
    assert_eq!(
        paths(&found),
        [
            "index public.index_log_title",
            "comment on index index_log_title of table public.index_log",
            "table public.tasks",
        ]
    );
    assert_eq!(
        found[0].object.to_string(),
        "index index_log_title on table public.index_log"
    );
    assert!(found[0].object.entry_key().kind == EntryKind::Table);
    assert_eq!(found[2].object.kind(), ObjectKind::Entry(EntryKind::Table));
    assert!(found[2].object.part_key().is_none());
}

#[test]
fn a_change_names_the_model_object_before_and_after() {
    let mut t = tasks();
    let ix = Index {
        definition: "CREATE INDEX ix_tasks_title ON public.tasks USING btree (title)".into(),
        valid: true,
        comment: None,
    };
    t.indexes.insert("ix_tasks_title".into(), ix.clone());
    let before = schema_with(t);
    let after = schema_with(tasks());
    let found = changes(&before, &after);
    assert_eq!(paths(&found), ["index public.ix_tasks_title"]);
    assert_eq!(
        found[0].model_objects(&before, &after),
        (Some(ModelObject::Index(&ix)), None)
    );
    // A whole table added: absent before, the table after.
    let empty = Schema::default();
    let found = changes(&empty, &after);
    let table = found
        .iter()
        .find(|c| c.object.entry_key().kind == EntryKind::Table)
        .expect("the table is added");
    assert_eq!(
        table.model_objects(&empty, &after),
        (
            None,
            Some(ModelObject::Table(
                &after.tables[&QualifiedName::new("public", "tasks")]
            ))
        )
    );
}

#[test]
fn object_refs_serialize_as_before() {
    let mut t = tasks();
    t.columns[2].comment = Some("how soon".into());
    let before = schema_with(t);
    let mut after = before.clone();
    let mut t = tasks();
    t.columns.pop();
    after
        .tables
        .insert(QualifiedName::new("public", "tasks"), t.into());
    let found = changes(&before, &after);
    let json: Vec<String> = found
        .iter()
        .map(|c| serde_json::to_string(&c.object).unwrap_or_default())
        .collect();
    assert_eq!(
        json,
        [
            r#"{"kind":"column","name":"priority","parent":"table public.tasks","path":"column public.tasks.priority"}"#,
            r#"{"kind":"comment on","name":"column priority","parent":"table public.tasks","path":"comment on column priority of table public.tasks"}"#,
        ]
    );
    let whole = ObjectRef::entry(&document(&before).entries()[1]);
    assert_eq!(
        serde_json::to_string(&whole).unwrap_or_default(),
        r#"{"kind":"table","name":"public.tasks","parent":null,"path":"table public.tasks"}"#
    );
}

/// Lines that no key tells apart (which the renderer never writes) still
/// make unequal documents differ.

#[test]
fn unequal_entries_without_a_keyed_difference_are_one_change() {
    let key = EntryKey::qualified(EntryKind::Table, &QualifiedName::new("public", "t"));
    let entry = |second: &str| {
        Document::new(vec![Entry::new(
            key.clone(),
            "public.t",
            vec![
                Line::new(PartKind::Column, "a", "text"),
                Line::new(PartKind::Column, "a", second),
            ],
        )])
    };
    let (expected, actual) = (entry("text"), entry("integer"));
    assert_ne!(expected, actual);
    let found = diff(&expected, &actual);
    assert_eq!(paths(&found), ["table public.t"]);
    assert!(matches!(found[0].kind, ChangeKind::Altered { .. }));
}

/// A schema with one function `public.touch(integer)` in `language` with
/// `body`.
fn with_function(language: &str, body: &str) -> Schema {
    let mut s = Schema::default();
    s.namespaces.insert("public".into(), Default::default());
    s.functions.insert(
        QualifiedName::new("public", "touch(integer)"),
        crate::model::Function {
            kind: crate::model::RoutineKind::Function,
            arguments: "a integer".into(),
            result: Some("integer".into()),
            language: language.into(),
            volatility: "volatile".into(),
            strict: false,
            security_definer: false,
            leakproof: false,
            parallel: "unsafe".into(),
            cost: "100".into(),
            rows: None,
            config: Vec::new(),
            body: body.into(),
            aggregate: None,
            owner: None,
            privileges: Default::default(),
            comment: None,
        },
    );
    s
}

fn body_changes(language: &str, before: &str, after: &str, strict: bool) -> Vec<Change> {
    let options = DiffOptions {
        strict_bodies: strict,
    };
    diff_with(
        &document(&with_function(language, before)),
        &document(&with_function(language, after)),
        &options,
    )
}

const WRITTEN: &str = "\nBEGIN\n    -- one more\n    RETURN a + 1;\nEND\n";
const REINDENTED: &str = "BEGIN\n\tRETURN a + 1; /* one more */\nEND";

#[test]
fn sql_and_plpgsql_bodies_are_compared_as_code() {
    for language in ["plpgsql", "sql"] {
        assert_eq!(body_changes(language, WRITTEN, REINDENTED, false), []);
        let changed = REINDENTED.replace('1', "2");
        let changes = body_changes(language, WRITTEN, &changed, false);
        assert_eq!(paths(&changes), ["function public.touch(integer)"]);
        // The change shows both texts as written.
        assert_eq!(
            changes[0].kind,
            ChangeKind::Altered {
                expected: WRITTEN.into(),
                actual: changed
            }
        );
    }
}

#[test]
fn strict_bodies_compare_bytes() {
    let changes = body_changes("plpgsql", WRITTEN, REINDENTED, true);
    assert_eq!(paths(&changes), ["function public.touch(integer)"]);
    assert_eq!(body_changes("plpgsql", WRITTEN, WRITTEN, true), []);
}

#[test]
fn other_languages_compare_bytes() {
    // Whitespace may mean something in PL/Python; C's body is a symbol.
    let py = ("def f():\n    return 1\n", "def f():\n  return 1\n");
    assert_eq!(body_changes("plpython3u", py.0, py.1, false).len(), 1);
    assert_eq!(body_changes("c", "touch", "touch ", false).len(), 1);
}

#[test]
fn only_the_body_is_compared_as_code() {
    // A comment's text is compared as text even when it looks like code.
    let mut a = with_function("sql", "SELECT 1");
    let mut b = a.clone();
    for (s, comment) in [(&mut a, "SELECT  1"), (&mut b, "SELECT 1")] {
        if let Some(f) = s.functions.values_mut().next() {
            f.comment = Some(comment.into());
        }
    }
    assert_eq!(changes(&a, &b).len(), 1);
}
