#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::*;
use crate::diff::diff;
use crate::model::{Column, Index, Schema, Table};
use crate::render::document;
use std::sync::Arc;

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
    schema.tables.insert(
        crate::model::QualifiedName::new("public", "tasks"),
        table.into(),
    );
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
    let table = Arc::make_mut(actual.tables.values_mut().next().unwrap());
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

#[test]
fn a_default_goes_before_its_sequence_and_a_trigger_before_its_function() {
    use crate::model::{Function, RoutineKind, Sequence, Trigger};
    let expected = tasks(&[], true);
    let mut actual = expected.clone();
    let name = |n: &str| crate::model::QualifiedName::new("public", n);
    actual.sequences.insert(
        name("s2"),
        Arc::new(Sequence {
            data_type: "bigint".into(),
            start: 1,
            increment: 1,
            min: 1,
            max: i64::MAX,
            cache: 1,
            cycle: false,
            owned_by: None,
            unlogged: false,
            owner: None,
            privileges: Default::default(),
            comment: None,
        }),
    );
    actual.functions.insert(
        name("touch()"),
        Function {
            kind: RoutineKind::Function,
            arguments: String::new(),
            result: Some("trigger".into()),
            language: "plpgsql".into(),
            volatility: "volatile".into(),
            strict: false,
            security_definer: false,
            leakproof: false,
            parallel: "unsafe".into(),
            cost: "100".into(),
            rows: None,
            config: Vec::new(),
            body: "BEGIN RETURN NEW; END".into(),
            aggregate: None,
            owner: None,
            privileges: Default::default(),
            comment: None,
        },
    );
    let table = Arc::make_mut(actual.tables.values_mut().next().unwrap());
    table.columns[0].default = Some("nextval('public.s2'::regclass)".into());
    table.triggers.insert(
        "t_touch".into(),
        Trigger {
            definition: "CREATE TRIGGER t_touch BEFORE UPDATE ON public.tasks FOR EACH ROW EXECUTE FUNCTION public.touch()".into(),
            enabled: "origin".into(),
            comment: None,
        },
    );
    let fix = fix(&expected, &actual, FixLanguage::Sql);
    assert_eq!(
        fix.text(),
        "DROP TRIGGER t_touch ON public.tasks;\n\
         ALTER TABLE public.tasks ALTER COLUMN id DROP DEFAULT;\n\
         DROP SEQUENCE public.s2;\n\
         DROP FUNCTION public.touch();"
    );
}

#[test]
fn the_comment_of_a_leftover_index_goes_with_it_and_a_lost_one_comes_back_with_it() {
    let ix = "CREATE INDEX ix_tasks_title ON public.tasks USING btree (title)";
    let mut with = tasks(&[("ix_tasks_title", ix)], true);
    let table = Arc::make_mut(with.tables.values_mut().next().unwrap());
    table.indexes.values_mut().next().unwrap().comment = Some("by title".into());
    table.columns[1].comment = Some("what to do".into());
    let without = tasks(&[], true);
    let mut without_column = without.clone();
    Arc::make_mut(without_column.tables.values_mut().next().unwrap())
        .columns
        .pop();

    let dropped = fix(&without, &with, FixLanguage::Sql);
    assert_eq!(
        dropped.text(),
        "DROP INDEX public.ix_tasks_title;\nCOMMENT ON COLUMN public.tasks.title IS NULL;"
    );
    let created = fix(&with, &without_column, FixLanguage::Sql);
    assert_eq!(
        created.text(),
        "ALTER TABLE public.tasks ADD COLUMN title text NOT NULL;\n\
         CREATE INDEX ix_tasks_title ON public.tasks USING btree (title);\n\
         COMMENT ON COLUMN public.tasks.title IS 'what to do';\n\
         COMMENT ON INDEX public.ix_tasks_title IS 'by title';"
    );
}
