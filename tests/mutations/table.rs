//! Mutation cases for tables: persistence, partitions, inheritance, storage parameters, row level security, replica identity.

use crate::case::{Case, EVENTS, NONE, m, ms, ok};

pub fn cases() -> Vec<Case> {
    vec![
        m(
            "table_left_behind",
            "CREATE TABLE labels (id int);",
            "SELECT 1;",
            "table public.labels",
        ),
        m(
            "unlogged_not_reverted",
            "ALTER TABLE tasks SET UNLOGGED;",
            "SELECT 1;",
            "table public.tasks",
        ),
        ms(
            "partition_detached_instead_of_dropped",
            EVENTS,
            "CREATE TABLE events_2025 PARTITION OF events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');",
            "ALTER TABLE events DETACH PARTITION events_2025;",
            "table public.events_2025",
        ),
        ms(
            "partition_bound_not_restored",
            EVENTS,
            "ALTER TABLE events DETACH PARTITION events_2024; ALTER TABLE events ATTACH PARTITION events_2024 FOR VALUES FROM ('2024-01-01') TO ('2026-01-01');",
            "ALTER TABLE events DETACH PARTITION events_2024; ALTER TABLE events ATTACH PARTITION events_2024 FOR VALUES FROM ('2024-01-01') TO ('2025-02-01');",
            "table public.events_2024",
        ),
        ms(
            "default_partition_left_behind",
            EVENTS,
            "CREATE TABLE events_other PARTITION OF events DEFAULT;",
            "SELECT 1;",
            "table public.events_other",
        ),
        ms(
            "inheritance_not_removed",
            (
                "CREATE TABLE base_t (note text); CREATE TABLE child_t (note text);",
                "DROP TABLE child_t; DROP TABLE base_t;",
            ),
            "ALTER TABLE child_t INHERIT base_t;",
            "SELECT 1;",
            "table public.child_t",
        ),
        m(
            "fillfactor_not_reset",
            "ALTER TABLE tasks SET (fillfactor = 70);",
            "SELECT 1;",
            "with public.tasks.fillfactor",
        ),
        m(
            "autovacuum_parameter_set_to_the_default_value_instead_of_reset",
            "ALTER TABLE tasks SET (autovacuum_vacuum_scale_factor = 0.01);",
            "ALTER TABLE tasks SET (autovacuum_vacuum_scale_factor = 0.2);",
            "with public.tasks.autovacuum_vacuum_scale_factor",
        ),
        m(
            "row_level_security_left_enabled",
            "ALTER TABLE tasks ENABLE ROW LEVEL SECURITY;",
            "SELECT 1;",
            "table public.tasks",
        ),
        m(
            "forced_row_level_security_left",
            "ALTER TABLE tasks ENABLE ROW LEVEL SECURITY; ALTER TABLE tasks FORCE ROW LEVEL SECURITY;",
            "ALTER TABLE tasks DISABLE ROW LEVEL SECURITY;",
            "table public.tasks",
        ),
        m(
            "replica_identity_not_restored",
            "ALTER TABLE tasks REPLICA IDENTITY FULL;",
            "SELECT 1;",
            "table public.tasks",
        ),
        ok(
            "rename_and_rename_back",
            NONE,
            "ALTER TABLE tasks RENAME COLUMN title TO summary; ALTER TABLE tasks RENAME TO todo; ALTER INDEX ix_title RENAME TO ix_summary;",
            "ALTER INDEX ix_summary RENAME TO ix_title; ALTER TABLE todo RENAME TO tasks; ALTER TABLE tasks RENAME COLUMN summary TO title;",
        ),
        ok(
            "storage_parameters_set_back_in_another_order",
            (
                "ALTER TABLE tasks SET (fillfactor = 70, autovacuum_enabled = false);",
                "",
            ),
            "ALTER TABLE tasks RESET (fillfactor, autovacuum_enabled);",
            "ALTER TABLE tasks SET (autovacuum_enabled = false, fillfactor = 70);",
        ),
        ok(
            "partition_detached_and_attached_back",
            EVENTS,
            "ALTER TABLE events DETACH PARTITION events_2024;",
            "ALTER TABLE events ATTACH PARTITION events_2024 FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');",
        ),
        // A bookkeeping table's name counts only in the schema the tool
        // writes it in (the current schema, public): elsewhere it is the
        // user's table (the cases are flat histories: golang-migrate's
        // `schema_migrations`).
        ms(
            "bookkeeping_named_table_left_behind_in_another_schema",
            ("CREATE SCHEMA audit;", "DROP SCHEMA audit;"),
            "CREATE TABLE audit.schema_migrations (version bigint PRIMARY KEY, dirty boolean NOT NULL);",
            "SELECT 1;",
            "table audit.schema_migrations",
        ),
        ok(
            "the_tools_own_table_in_the_current_schema_is_left_out",
            NONE,
            "CREATE TABLE IF NOT EXISTS schema_migrations (version bigint PRIMARY KEY, dirty boolean NOT NULL);",
            "SELECT 1;",
        ),
    ]
}
