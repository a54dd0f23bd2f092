//! Mutation cases for foreign tables.

use crate::case::{Case, ms, ok};
use crate::foreign_server::SRV;

fn ft() -> (String, String) {
    (
        format!(
            "{}\nCREATE FOREIGN TABLE ft (id integer OPTIONS (column_name 'uid') NOT NULL, name text)
                 SERVER srv OPTIONS (table_name 'users');",
            SRV.0
        ),
        format!("DROP FOREIGN TABLE ft;\n{}", SRV.1),
    )
}

pub fn cases() -> Vec<Case> {
    let (up, down) = ft();
    let ft = (up.as_str(), down.as_str());
    vec![
        ms(
            "foreign_table_left_behind",
            SRV,
            "CREATE FOREIGN TABLE ft2 (a integer) SERVER srv;",
            "SELECT 1;",
            "foreign table public.ft2",
        ),
        ms(
            "foreign_table_option_not_restored",
            ft,
            "ALTER FOREIGN TABLE ft OPTIONS (SET table_name 'people');",
            "SELECT 1;",
            "option public.ft.table_name",
        ),
        ms(
            "foreign_column_option_not_restored",
            ft,
            "ALTER FOREIGN TABLE ft ALTER COLUMN id OPTIONS (SET column_name 'user_id');",
            "SELECT 1;",
            "option column_name on column id of foreign table public.ft",
        ),
        ms(
            "foreign_table_recreated_as_a_table",
            ft,
            "DROP FOREIGN TABLE ft;",
            "CREATE TABLE ft (id integer NOT NULL, name text);",
            "foreign table public.ft",
        ),
        ms(
            "foreign_table_column_left_behind",
            ft,
            "ALTER FOREIGN TABLE ft ADD COLUMN email text;",
            "SELECT 1;",
            "column public.ft.email",
        ),
        ok(
            "foreign_table_recreated_then_altered_into_the_same",
            ft,
            "DROP FOREIGN TABLE ft;",
            "CREATE FOREIGN TABLE ft (id integer OPTIONS (column_name 'x'), name text) SERVER srv;
             ALTER FOREIGN TABLE ft ALTER COLUMN id SET NOT NULL,
                 ALTER COLUMN id OPTIONS (SET column_name 'uid'), OPTIONS (ADD table_name 'users');",
        ),
    ]
}
