//! Mutation cases for rules.

use crate::case::{Case, m};

pub fn cases() -> Vec<Case> {
    vec![m(
        "rule_left_behind",
        "CREATE RULE no_delete AS ON DELETE TO tasks DO INSTEAD NOTHING;",
        "SELECT 1;",
        "rule public.tasks.no_delete",
    )]
}
