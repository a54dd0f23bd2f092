//! Mutation cases for extended statistics objects (`CREATE STATISTICS`).

use crate::case::{Case, NONE, m, ms, ok};

/// A statistics object on two of `tasks`' columns, with two kinds.
const ST: (&str, &str) = (
    "CREATE STATISTICS st (ndistinct, dependencies) ON user_id, done FROM tasks;",
    "",
);

pub fn cases() -> Vec<Case> {
    vec![
        m(
            "statistics_left_behind",
            "CREATE STATISTICS st ON user_id, done FROM tasks;",
            "SELECT 1;",
            "statistics public.st",
        ),
        ms(
            "statistics_recreated_with_other_kinds",
            ST,
            "DROP STATISTICS st;",
            "CREATE STATISTICS st ON user_id, done FROM tasks;",
            "statistics public.st",
        ),
        ms(
            "statistics_recreated_on_other_columns",
            ST,
            "DROP STATISTICS st;",
            "CREATE STATISTICS st (ndistinct, dependencies) ON user_id, title FROM tasks;",
            "statistics public.st",
        ),
        ms(
            "statistics_recreated_on_another_expression",
            ("CREATE STATISTICS st_title ON (lower(title)) FROM tasks;", ""),
            "DROP STATISTICS st_title;",
            "CREATE STATISTICS st_title ON (upper(title)) FROM tasks;",
            "statistics public.st_title",
        ),
        ms(
            "statistics_target_not_reset",
            ST,
            "ALTER STATISTICS st SET STATISTICS 1000;",
            "SELECT 1;",
            "statistics public.st",
        ),
        ms(
            "statistics_comment_left",
            ST,
            "COMMENT ON STATISTICS st IS 'users and done go together';",
            "SELECT 1;",
            "statistics public.st",
        ),
        ms(
            "statistics_owner_not_restored",
            ST,
            "ALTER STATISTICS st OWNER TO rt_m_owner;",
            "SELECT 1;",
            "statistics public.st",
        ),
        ms(
            "statistics_rename_not_undone",
            ST,
            "ALTER STATISTICS st RENAME TO st_renamed;",
            "SELECT 1;",
            "statistics public.st",
        ),
        ok(
            "statistics_dropped_and_recreated_identically",
            ST,
            "DROP STATISTICS st;",
            "CREATE STATISTICS st (ndistinct, dependencies) ON user_id, done FROM tasks;",
        ),
        ok(
            // The server sorts the columns into table order; the kinds are a
            // set.
            "statistics_recreated_with_columns_and_kinds_in_another_order",
            ST,
            "DROP STATISTICS st;",
            "CREATE STATISTICS st (dependencies, ndistinct) ON done, user_id FROM tasks;",
        ),
        ok(
            // Dropping a column drops every statistics object on it.
            "statistics_dropped_with_its_column",
            NONE,
            "ALTER TABLE tasks ADD COLUMN due date; CREATE STATISTICS st_due ON user_id, due FROM tasks;",
            "ALTER TABLE tasks DROP COLUMN due;",
        ),
        ok(
            "statistics_dropped_with_its_table",
            NONE,
            "CREATE TABLE notes (a int, b int); CREATE STATISTICS notes_ab ON a, b FROM notes;",
            "DROP TABLE notes;",
        ),
        ok(
            "statistics_on_expressions",
            NONE,
            "CREATE STATISTICS st_lower ON (lower(title)) FROM tasks;
             CREATE STATISTICS st_mixed (mcv) ON user_id, (lower(title)) FROM tasks;",
            "DROP STATISTICS st_lower, st_mixed;",
        ),
        ok(
            // -1 is the default on every version (NULL in the catalog from 17).
            "statistics_target_set_and_reset",
            ST,
            "ALTER STATISTICS st SET STATISTICS 1000;",
            "ALTER STATISTICS st SET STATISTICS -1;",
        ),
        ok(
            // What ANALYZE gathers is data, not schema.
            "statistics_built_by_analyze",
            ST,
            "INSERT INTO users (email) VALUES ('a@example.com'), ('b@example.com');
             INSERT INTO tasks (user_id, title) SELECT u.id, 't' || i FROM users u, generate_series(1, 200) i;
             ANALYZE tasks;",
            "DELETE FROM tasks; DELETE FROM users; ANALYZE tasks;",
        ),
    ]
}
