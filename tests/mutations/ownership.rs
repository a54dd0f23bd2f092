//! Mutation cases for ownership.

use crate::case::{Case, NONE, m, ok};

pub fn cases() -> Vec<Case> {
    vec![
        m(
            "table_owner_not_restored",
            "ALTER TABLE tasks OWNER TO rt_m_owner;",
            "SELECT 1;",
            "table public.tasks",
        ),
        m(
            "function_owner_not_restored",
            "ALTER FUNCTION f() OWNER TO rt_m_owner;",
            "SELECT 1;",
            "function public.f()",
        ),
        m(
            "type_owner_not_restored",
            "ALTER TYPE mood OWNER TO rt_m_owner;",
            "SELECT 1;",
            "type public.mood",
        ),
        m(
            "schema_owner_not_restored",
            "ALTER SCHEMA public OWNER TO rt_m_owner;",
            "SELECT 1;",
            "schema public",
        ),
        ok(
            "owner_changed_and_changed_back",
            NONE,
            "ALTER TABLE tasks OWNER TO rt_m_owner; ALTER FUNCTION f() OWNER TO rt_m_owner;",
            "ALTER TABLE tasks OWNER TO CURRENT_USER; ALTER FUNCTION f() OWNER TO CURRENT_USER;",
        ),
    ]
}
