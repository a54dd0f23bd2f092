-- The incremental inspection's transaction, opened in one round trip (a
-- simple-query batch, whose results are not read): the snapshot, the
-- session's current schema kept for the statement (the schema an
-- unqualified CREATE TABLE would use, where a migration tool puts its
-- bookkeeping table; read before search_path is pinned; '' when there is
-- none), then settings.sql's pinned settings (appended after this file),
-- then one generic plan for the one statement: its parameters never change
-- what a good plan is. Every setting is transaction-local (SET LOCAL).
BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY;
SELECT set_config('pg_roundtrip.current_schema', coalesce(current_schema()::text, ''), true);
SELECT set_config('plan_cache_mode', 'force_generic_plan', true);
