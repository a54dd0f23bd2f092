#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::*;
use crate::diff::diff;
use crate::model::{Column, Index, Schema, Table};
use crate::render::document;

fn tasks(indexes: &[(&str, &str)], title_not_null: bool) -> Schema {
    let mut schema = Schema::default();
    let mut table = Table::default();
    for (name, not_null) in [("id", true), ("title", title_not_null)] {
        table.columns.push(Column {
            name: name.into(),
            data_type: "text".into(),
            not_null,
            ..Column::default()
        });
    }
    for (name, definition) in indexes {
        table.indexes.insert(
            name.to_string(),
            Index {
                definition: definition.to_string(),
                valid: true,
                comment: None,
            },
        );
    }
    schema
        .tables
        .insert(crate::model::QualifiedName::new("public", "tasks"), table);
    schema
}

fn fix(expected: &Schema, actual: &Schema, language: FixLanguage) -> Fix {
    let changes = diff(&document(expected), &document(actual));
    suggest(expected, actual, &changes, language)
}

#[test]
fn a_leftover_index_is_dropped_and_a_lost_not_null_set_again() {
    let expected = tasks(&[], true);
    let ix = "CREATE INDEX ix_tasks_title ON public.tasks USING btree (title)";
    let actual = tasks(&[("ix_tasks_title", ix)], false);
    let fix = fix(&expected, &actual, FixLanguage::Sql);
    assert_eq!(
        fix.text(),
        "DROP INDEX public.ix_tasks_title;\nALTER TABLE public.tasks ALTER COLUMN title SET NOT NULL;"
    );
    assert!(fix.unrestorable.is_empty());
}

#[test]
fn alembic_uses_op_calls_and_op_execute_for_the_rest() {
    let ix = "CREATE INDEX ix_tasks_title ON public.tasks USING btree (title)";
    let expected = tasks(&[("ix_tasks_title", ix)], true);
    let actual = tasks(&[], false);
    let fix = fix(&expected, &actual, FixLanguage::Alembic);
    assert_eq!(
        fix.text(),
        "op.alter_column(\"tasks\", \"title\", nullable=False, schema=\"public\")\n\
         op.execute(\"CREATE INDEX ix_tasks_title ON public.tasks USING btree (title);\")"
    );
}

#[test]
fn a_dropped_view_goes_before_its_table_and_a_foreign_key_before_its_key() {
    let mut plan = plan::Plan::default();
    plan.push(Phase::DropTable, "table public.t", "DROP TABLE public.t;");
    plan.push(
        Phase::DropPart,
        "constraint public.t.k",
        "ALTER TABLE public.t DROP CONSTRAINT k;",
    );
    plan.push(Phase::DropDependent, "view public.v", "DROP VIEW public.v;");
    let fix = plan.finish(FixLanguage::Sql);
    let order: Vec<&str> = fix.statements.iter().map(|s| s.sql.as_str()).collect();
    assert_eq!(
        order,
        [
            "DROP VIEW public.v;",
            "ALTER TABLE public.t DROP CONSTRAINT k;",
            "DROP TABLE public.t;"
        ]
    );
}

#[test]
fn a_column_added_back_before_others_says_the_order_is_lost() {
    let expected = tasks(&[], true);
    let mut actual = expected.clone();
    let table = actual.tables.values_mut().next().unwrap();
    table.columns.remove(0);
    let fix = fix(&expected, &actual, FixLanguage::Sql);
    assert_eq!(
        fix.statements[0].sql,
        "ALTER TABLE public.tasks ADD COLUMN id text NOT NULL;"
    );
    assert!(matches!(
        fix.unrestorable[0].reason,
        UnrestorableReason::ColumnOrder { .. }
    ));
}
