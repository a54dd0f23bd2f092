//! Mutation cases for foreign servers and their user mappings.

use crate::case::{Case, ms, ok};

/// postgres_fdw, a server and a user mapping with a password.
pub const SRV: (&str, &str) = (
    "CREATE EXTENSION postgres_fdw;
     CREATE SERVER srv FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host 'a', dbname 'd');
     CREATE USER MAPPING FOR rt_m_reader SERVER srv OPTIONS (user 'u', password 'p1');",
    "DROP USER MAPPING FOR rt_m_reader SERVER srv; DROP SERVER srv; DROP EXTENSION postgres_fdw;",
);

pub fn cases() -> Vec<Case> {
    vec![
        ms(
            "server_left_behind",
            SRV,
            "CREATE SERVER srv2 FOREIGN DATA WRAPPER postgres_fdw;",
            "SELECT 1;",
            "server srv2",
        ),
        ms(
            "server_option_not_restored",
            SRV,
            "ALTER SERVER srv OPTIONS (SET host 'b');",
            "SELECT 1;",
            "option srv.host",
        ),
        ms(
            "server_version_left_behind",
            SRV,
            "ALTER SERVER srv VERSION '2';",
            "SELECT 1;",
            "server srv",
        ),
        ms(
            "user_mapping_left_behind",
            SRV,
            "CREATE USER MAPPING FOR rt_m_writer SERVER srv;",
            "SELECT 1;",
            "user mapping for rt_m_writer of server srv",
        ),
        ms(
            "user_mapping_password_not_restored",
            SRV,
            "ALTER USER MAPPING FOR rt_m_reader SERVER srv OPTIONS (SET password 'p2');",
            "SELECT 1;",
            "option password on user mapping for rt_m_reader of server srv",
        ),
        ms(
            "user_mapping_recreated_without_password",
            SRV,
            "DROP USER MAPPING FOR rt_m_reader SERVER srv;",
            "CREATE USER MAPPING FOR rt_m_reader SERVER srv OPTIONS (user 'u');",
            "option password on user mapping for rt_m_reader of server srv",
        ),
        ok(
            "user_mapping_recreated_with_the_same_password",
            SRV,
            "DROP USER MAPPING FOR rt_m_reader SERVER srv;",
            "CREATE USER MAPPING FOR rt_m_reader SERVER srv OPTIONS (password 'p1', user 'u');",
        ),
        ok(
            "server_renamed_and_back",
            SRV,
            "ALTER SERVER srv RENAME TO srv2; ALTER SERVER srv2 OPTIONS (SET host 'b');",
            "ALTER SERVER srv2 RENAME TO srv; ALTER SERVER srv OPTIONS (SET host 'a');",
        ),
    ]
}
