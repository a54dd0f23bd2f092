//! Mutation cases for privileges: grants, revokes, default privileges.

use crate::case::{Case, NONE, m, ms, ok};

pub fn cases() -> Vec<Case> {
    vec![
        m(
            "table_grant_left_behind",
            "GRANT SELECT ON tasks TO rt_m_reader;",
            "SELECT 1;",
            "grant rt_m_reader on table public.tasks",
        ),
        m(
            "function_revoke_not_restored",
            "REVOKE EXECUTE ON FUNCTION f() FROM PUBLIC;",
            "SELECT 1;",
            "revoke PUBLIC on function public.f()",
        ),
        m(
            "column_grant_left_behind",
            "GRANT UPDATE (title) ON tasks TO rt_m_writer;",
            "SELECT 1;",
            "grant rt_m_writer on column title on table public.tasks",
        ),
        m(
            "sequence_grant_left_behind",
            "GRANT USAGE ON SEQUENCE tasks_id_seq TO rt_m_writer;",
            "SELECT 1;",
            "grant rt_m_writer on sequence public.tasks_id_seq",
        ),
        m(
            "type_usage_revoke_not_restored",
            "REVOKE USAGE ON TYPE mood FROM PUBLIC;",
            "SELECT 1;",
            "revoke PUBLIC on type public.mood",
        ),
        ms(
            "grant_option_revoked_with_the_grant_itself",
            ("GRANT SELECT ON tasks TO rt_m_reader;", ""),
            "GRANT SELECT ON tasks TO rt_m_reader WITH GRANT OPTION;",
            "REVOKE SELECT ON tasks FROM rt_m_reader;",
            "grant rt_m_reader on table public.tasks",
        ),
        m(
            "default_privileges_left_behind",
            "ALTER DEFAULT PRIVILEGES GRANT SELECT ON TABLES TO rt_m_reader;",
            "SELECT 1;",
            "default privileges for role CURRENT_USER on tables",
        ),
        m(
            "schema_default_privileges_left_behind",
            "ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE ON SEQUENCES TO rt_m_writer;",
            "SELECT 1;",
            "default privileges for role CURRENT_USER in schema public on sequences",
        ),
        ok(
            "null_acl_versus_explicit_default_acl",
            NONE,
            "GRANT SELECT ON tasks TO rt_m_reader; GRANT USAGE ON TYPE mood TO rt_m_reader; GRANT EXECUTE ON FUNCTION f() TO rt_m_reader;",
            "REVOKE SELECT ON tasks FROM rt_m_reader; REVOKE USAGE ON TYPE mood FROM rt_m_reader; REVOKE EXECUTE ON FUNCTION f() FROM rt_m_reader;",
        ),
        ok(
            "revoked_and_granted_back",
            NONE,
            "REVOKE EXECUTE ON FUNCTION f() FROM PUBLIC;",
            "GRANT EXECUTE ON FUNCTION f() TO PUBLIC;",
        ),
        ok(
            "grant_option_and_cascade",
            NONE,
            "GRANT SELECT ON tasks TO rt_m_reader WITH GRANT OPTION;",
            "REVOKE SELECT ON tasks FROM rt_m_reader CASCADE;",
        ),
    ]
}
