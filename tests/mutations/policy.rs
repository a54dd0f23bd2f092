//! Mutation cases for row level security policies.

use crate::case::{Case, POLICY, m, ms, ok};

pub fn cases() -> Vec<Case> {
    vec![
        m(
            "policy_left_behind",
            "CREATE POLICY mine ON tasks USING (user_id = 1);",
            "SELECT 1;",
            "policy public.tasks.mine",
        ),
        ms(
            "policy_expression_not_restored",
            POLICY,
            "ALTER POLICY own ON tasks USING (true);",
            "ALTER POLICY own ON tasks USING (user_id > 0);",
            "policy public.tasks.own",
        ),
        ms(
            "policy_roles_not_restored",
            POLICY,
            "ALTER POLICY own ON tasks TO rt_m_reader;",
            "SELECT 1;",
            "policy public.tasks.own",
        ),
        ms(
            "restrictive_policy_recreated_permissive",
            POLICY,
            "DROP POLICY own ON tasks;",
            "CREATE POLICY own ON tasks USING (user_id = 1);",
            "policy public.tasks.own",
        ),
        ok(
            "policy_dropped_and_recreated",
            POLICY,
            "DROP POLICY own ON tasks;",
            "CREATE POLICY own ON tasks AS RESTRICTIVE USING (user_id = 1);",
        ),
    ]
}
