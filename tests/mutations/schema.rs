//! Mutation cases for schemas.

use crate::case::{Case, m};

pub fn cases() -> Vec<Case> {
    vec![
        m(
            "schema_left_behind",
            "CREATE SCHEMA audit;",
            "SELECT 1;",
            "schema audit",
        ),
        m(
            "schema_comment_not_restored",
            "COMMENT ON SCHEMA public IS 'ours';",
            "COMMENT ON SCHEMA public IS NULL;",
            "schema public",
        ),
        m(
            "schema_grant_left_behind",
            "GRANT CREATE ON SCHEMA public TO rt_m_writer;",
            "SELECT 1;",
            "grant rt_m_writer on schema public",
        ),
    ]
}
