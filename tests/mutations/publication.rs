//! Mutation cases for publications.

use crate::case::{Case, PUB, m, ms, ok};

pub fn cases() -> Vec<Case> {
    vec![
        m(
            "publication_left_behind",
            "CREATE PUBLICATION pub FOR TABLE tasks;",
            "SELECT 1;",
            "publication pub",
        ),
        ms(
            "publication_table_not_removed",
            PUB,
            "ALTER PUBLICATION pub ADD TABLE tasks;",
            "SELECT 1;",
            "table pub.public.tasks",
        ),
        ms(
            "publication_truncate_forgotten",
            PUB,
            "ALTER PUBLICATION pub SET (publish = 'insert');",
            "ALTER PUBLICATION pub SET (publish = 'insert, update, delete');",
            "publication pub",
        ),
        ok(
            "publication_table_removed_and_added_back",
            PUB,
            "ALTER PUBLICATION pub DROP TABLE users;",
            "ALTER PUBLICATION pub ADD TABLE users;",
        ),
    ]
}
