//! Mutation cases for data: rows written by a migration.

use crate::case::{Case, NONE, ok};

pub fn cases() -> Vec<Case> {
    vec![ok(
        "data_migration_moves_identity_and_serial_positions",
        NONE,
        "INSERT INTO users (email) VALUES ('a@example.com'), ('b@example.com'); INSERT INTO tasks (user_id, title) SELECT id, 'x' FROM users;",
        "DELETE FROM tasks; DELETE FROM users;",
    )]
}
