//! Mutation cases for comments.

use crate::case::{Case, DOMAIN, NONE, m, ms, ok};

pub fn cases() -> Vec<Case> {
    vec![
        m(
            "table_comment_not_removed",
            "COMMENT ON TABLE tasks IS 'work';",
            "SELECT 1;",
            "table public.tasks",
        ),
        ms(
            "column_comment_lost",
            ("COMMENT ON COLUMN tasks.title IS 'What to do';", ""),
            "COMMENT ON COLUMN tasks.title IS 'What';",
            "COMMENT ON COLUMN tasks.title IS NULL;",
            "comment on column title of table public.tasks",
        ),
        m(
            "constraint_comment_left",
            "COMMENT ON CONSTRAINT tasks_pkey ON tasks IS 'id';",
            "SELECT 1;",
            "comment on constraint tasks_pkey of table public.tasks",
        ),
        m(
            "index_comment_left",
            "COMMENT ON INDEX ix_title IS 'search';",
            "SELECT 1;",
            "comment on index ix_title of table public.tasks",
        ),
        m(
            "function_comment_left",
            "COMMENT ON FUNCTION f() IS 'one';",
            "SELECT 1;",
            "function public.f()",
        ),
        m(
            "type_comment_left",
            "COMMENT ON TYPE mood IS 'feelings';",
            "SELECT 1;",
            "type public.mood",
        ),
        m(
            "view_column_comment_left",
            "COMMENT ON COLUMN open_tasks.title IS 'x';",
            "SELECT 1;",
            "comment on column title of view public.open_tasks",
        ),
        ms(
            "domain_constraint_comment_left",
            DOMAIN,
            "COMMENT ON CONSTRAINT posint_check ON DOMAIN posint IS 'non-negative';",
            "SELECT 1;",
            "comment on constraint posint_check of type public.posint",
        ),
        ok(
            "comments_inside_sql",
            NONE,
            "-- add a column; then an index\nALTER TABLE tasks ADD COLUMN due date; /* semicolon ; inside */\nCREATE INDEX ix_due ON tasks (due); -- trailing; comment",
            "/* undo; */ DROP INDEX ix_due;\n-- and the column\nALTER TABLE tasks DROP COLUMN due;",
        ),
        ok(
            "comment_set_and_set_back",
            ("COMMENT ON TABLE tasks IS 'work';", ""),
            "COMMENT ON TABLE tasks IS 'chores';",
            "COMMENT ON TABLE tasks IS 'work';",
        ),
    ]
}
