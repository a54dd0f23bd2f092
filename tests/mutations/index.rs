//! Mutation cases for indexes.

use crate::case::{Case, MV, NONE, m, ms, ok};

pub fn cases() -> Vec<Case> {
    vec![
        m(
            "index_recreated_with_another_opclass",
            "DROP INDEX ix_title; CREATE INDEX ix_title ON tasks USING hash (title);",
            "DROP INDEX ix_title; CREATE INDEX ix_title ON tasks (title text_pattern_ops);",
            "index public.ix_title",
        ),
        m(
            "index_recreated_descending",
            "DROP INDEX ix_title;",
            "CREATE INDEX ix_title ON tasks (title DESC);",
            "index public.ix_title",
        ),
        ms(
            "index_recreated_without_include",
            (
                "CREATE INDEX ix_user ON tasks (user_id) INCLUDE (done);",
                "",
            ),
            "DROP INDEX ix_user;",
            "CREATE INDEX ix_user ON tasks (user_id);",
            "index public.ix_user",
        ),
        ms(
            "index_recreated_without_its_predicate",
            (
                "CREATE INDEX ix_open ON tasks (user_id) WHERE NOT done;",
                "",
            ),
            "DROP INDEX ix_open;",
            "CREATE INDEX ix_open ON tasks (user_id);",
            "index public.ix_open",
        ),
        ms(
            "unique_index_recreated_non_unique",
            (
                "CREATE UNIQUE INDEX ix_user_title ON tasks (user_id, title);",
                "",
            ),
            "DROP INDEX ix_user_title;",
            "CREATE INDEX ix_user_title ON tasks (user_id, title);",
            "index public.ix_user_title",
        ),
        m(
            "index_recreated_with_a_collation",
            "DROP INDEX ix_title;",
            "CREATE INDEX ix_title ON tasks (title COLLATE \"C\");",
            "index public.ix_title",
        ),
        ms(
            "index_storage_parameter_lost",
            (
                "CREATE INDEX ix_done ON tasks (done) WITH (fillfactor = 50);",
                "",
            ),
            "DROP INDEX ix_done;",
            "CREATE INDEX ix_done ON tasks (done);",
            "index public.ix_done",
        ),
        ms(
            "materialized_view_index_left_behind",
            MV,
            "CREATE UNIQUE INDEX mv_user ON mv (user_id);",
            "SELECT 1;",
            "index public.mv_user",
        ),
        ok(
            "concurrently_with_no_transaction",
            NONE,
            "-- no-transaction\nCREATE INDEX CONCURRENTLY ix_done ON tasks (done);\n",
            "-- no-transaction\nDROP INDEX CONCURRENTLY ix_done;\n",
        ),
        ok(
            "objects_recreated_in_another_order",
            (
                "CREATE INDEX ix_a ON tasks (user_id); CREATE INDEX ix_b ON tasks (done);",
                "",
            ),
            "DROP INDEX ix_a; DROP INDEX ix_b; ALTER TABLE tasks DROP CONSTRAINT tasks_user_id_fkey;",
            "CREATE INDEX ix_b ON tasks (done); ALTER TABLE tasks ADD FOREIGN KEY (user_id) REFERENCES users (id); CREATE INDEX ix_a ON tasks (user_id);",
        ),
        ok(
            "index_options_recreated_in_another_order",
            (
                "CREATE INDEX ix_o ON tasks (user_id) WITH (fillfactor = 80, deduplicate_items = off);",
                "",
            ),
            "DROP INDEX ix_o;",
            "CREATE INDEX ix_o ON tasks (user_id) WITH (deduplicate_items = off, fillfactor = 80);",
        ),
    ]
}
