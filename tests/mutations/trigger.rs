//! Mutation cases for triggers.

use crate::case::{Case, TRIGGER, ms, ok};

pub fn cases() -> Vec<Case> {
    vec![
        ms(
            "trigger_left_behind",
            (
                "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;",
                "DROP FUNCTION touch();",
            ),
            "CREATE TRIGGER tasks_touch BEFORE UPDATE ON tasks FOR EACH ROW EXECUTE FUNCTION touch();",
            "SELECT 1;",
            "trigger public.tasks.tasks_touch",
        ),
        ms(
            "trigger_recreated_without_its_column_list",
            TRIGGER,
            "DROP TRIGGER tasks_touch ON tasks;",
            "CREATE TRIGGER tasks_touch BEFORE UPDATE ON tasks FOR EACH ROW EXECUTE FUNCTION touch();",
            "trigger public.tasks.tasks_touch",
        ),
        ms(
            "trigger_left_disabled",
            TRIGGER,
            "ALTER TABLE tasks DISABLE TRIGGER tasks_touch;",
            "SELECT 1;",
            "trigger public.tasks.tasks_touch",
        ),
        ok(
            "trigger_dropped_and_recreated",
            TRIGGER,
            "DROP TRIGGER tasks_touch ON tasks;",
            "CREATE TRIGGER tasks_touch\n  BEFORE UPDATE OF title\n  ON tasks FOR EACH ROW\n  EXECUTE PROCEDURE touch();",
        ),
    ]
}
