//! Mutation cases for the tablespace of an index and of a constraint's
//! index (in the suite's tablespace `rt_m_space`, see `case::TABLESPACE`).

use crate::case::{Case, NONE, m, ok};

pub fn cases() -> Vec<Case> {
    vec![
        m(
            "index_tablespace_not_restored",
            "ALTER INDEX ix_title SET TABLESPACE rt_m_space;",
            "SELECT 1;",
            "index public.ix_title",
        ),
        m(
            "primary_key_index_tablespace_not_restored",
            "ALTER INDEX tasks_pkey SET TABLESPACE rt_m_space;",
            "SELECT 1;",
            "constraint public.tasks.tasks_pkey",
        ),
        m(
            "index_recreated_in_another_tablespace",
            "DROP INDEX ix_title;",
            "CREATE INDEX ix_title ON tasks (title) TABLESPACE rt_m_space;",
            "index public.ix_title",
        ),
        ok(
            "index_moved_and_moved_back",
            NONE,
            "ALTER INDEX ix_title SET TABLESPACE rt_m_space;",
            "ALTER INDEX ix_title SET TABLESPACE pg_default;",
        ),
    ]
}
