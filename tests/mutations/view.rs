//! Mutation cases for views and materialized views.

use crate::case::{Case, MV, NONE, m, ms, ok};

pub fn cases() -> Vec<Case> {
    vec![
        m(
            "view_recreated_with_another_filter",
            "CREATE OR REPLACE VIEW open_tasks AS SELECT id, title FROM tasks WHERE NOT done AND id > 0;",
            "CREATE OR REPLACE VIEW open_tasks AS SELECT id, title FROM tasks WHERE done IS NOT TRUE;",
            "view public.open_tasks",
        ),
        m(
            "security_barrier_left_on",
            "ALTER VIEW open_tasks SET (security_barrier = true);",
            "SELECT 1;",
            "with public.open_tasks.security_barrier",
        ),
        m(
            "check_option_set_to_local_instead_of_reset",
            "ALTER VIEW open_tasks SET (check_option = cascaded);",
            "ALTER VIEW open_tasks SET (check_option = local);",
            "with public.open_tasks.check_option",
        ),
        ms(
            "materialized_view_recreated_with_no_data",
            MV,
            "DROP MATERIALIZED VIEW mv;",
            "CREATE MATERIALIZED VIEW mv AS SELECT user_id, count(*) AS n FROM tasks GROUP BY user_id WITH NO DATA;",
            "materialized view public.mv",
        ),
        ok(
            "view_recreated_written_differently",
            NONE,
            "DROP VIEW open_tasks;",
            "create view OPEN_TASKS as\n  select ID, TITLE\n  from TASKS\n  where not DONE;",
        ),
        ok(
            "materialized_view_refreshed",
            MV,
            "REFRESH MATERIALIZED VIEW mv;",
            "SELECT 1;",
        ),
    ]
}
