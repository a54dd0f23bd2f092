//! The new entry kinds' rules, on the model's sample objects: how each is
//! created and dropped, and that a secret is said, never written.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::*;
use crate::diff::diff;
use crate::model::Schema;
use crate::render::document;

fn fix(expected: &Schema, actual: &Schema) -> Fix {
    let changes = diff(&document(expected), &document(actual));
    suggest(expected, actual, &changes, FixLanguage::Sql)
}

fn foreign() -> Schema {
    let mut schema = Schema::default();
    crate::model::sample_objects(&mut schema, None);
    crate::model::sample_foreign_table(&mut schema);
    schema
}

fn position(fix: &Fix, sql: &str) -> usize {
    fix.statements
        .iter()
        .position(|s| s.sql == sql)
        .unwrap_or_else(|| panic!("no `{sql}` in\n{}", fix.sql()))
}

#[test]
fn foreign_objects_are_dropped_mappings_first_wrappers_last() {
    let fix = fix(&Schema::default(), &foreign());
    let mapping = position(&fix, "DROP USER MAPPING FOR reader SERVER dw;");
    let table = position(&fix, "DROP FOREIGN TABLE public.remote;");
    let server = position(&fix, "DROP SERVER dw;");
    let wrapper = position(&fix, "DROP FOREIGN DATA WRAPPER app_fdw;");
    assert!(mapping < server && table < server && server < wrapper);
    position(&fix, "DROP SUBSCRIPTION sub;");
    position(&fix, "DROP LANGUAGE pl;");
    position(&fix, "DROP ACCESS METHOD hash2;");
    assert!(fix.unrestorable.is_empty());
}

#[test]
fn a_secret_option_is_named_unrestorable_and_never_written() {
    let fix = fix(&foreign(), &Schema::default());
    position(
        &fix,
        "CREATE SERVER dw TYPE 'pg' FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host 'dw.internal');",
    );
    position(
        &fix,
        "CREATE USER MAPPING FOR reader SERVER dw OPTIONS (user 'r');",
    );
    position(
        &fix,
        "CREATE FOREIGN TABLE public.remote (id integer OPTIONS (column_name 'user_id'), n integer) SERVER dw OPTIONS (table_name 'users');",
    );
    position(&fix, "GRANT USAGE ON FOREIGN SERVER dw TO reader;");
    let secrets: Vec<&str> = fix
        .unrestorable
        .iter()
        .filter_map(|u| match &u.reason {
            UnrestorableReason::Secret { option } => Some(option.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(secrets, ["sslpassword", "password", "connection"]);
    for hash in ["0a1b", "9f8e", "77aa", "<redacted>"] {
        assert!(!fix.sql().contains(hash), "{hash} written:\n{}", fix.sql());
    }
}

#[test]
fn support_objects_are_created_and_dropped_with_their_spellings() {
    let mut schema = Schema::default();
    crate::model::object::support_tests::add_support_kinds(&mut schema);
    let created = fix(&schema, &Schema::default());
    for sql in [
        "CREATE OPERATOR public.=== (FUNCTION = public.mood_eq, LEFTARG = public.mood, RIGHTARG = public.mood, COMMUTATOR = OPERATOR(public.===), RESTRICT = eqsel, JOIN = eqjoinsel, HASHES);",
        "CREATE CAST (public.mood AS integer) WITH FUNCTION public.mood_int(public.mood) AS ASSIGNMENT;",
        "CREATE TRANSFORM FOR public.mood LANGUAGE plpgsql (FROM SQL WITH FUNCTION public.mood_from_sql(internal), TO SQL WITH FUNCTION public.mood_to_sql(internal));",
        "CREATE OPERATOR FAMILY public.mood_fam using btree;",
        "ALTER OPERATOR FAMILY public.mood_fam using btree ADD FUNCTION 1 (public.mood, public.mood) public.mood_cmp(public.mood,public.mood);",
        "CREATE TYPE public.myint;",
        "CREATE TYPE public.myint (INPUT = public.myint_in, OUTPUT = public.myint_out, INTERNALLENGTH = 4);",
    ] {
        position(&created, sql);
    }
    let dropped = fix(&Schema::default(), &schema);
    for sql in [
        "DROP OPERATOR public.===(public.mood, public.mood);",
        "DROP CAST (public.mood AS integer);",
        "DROP TRANSFORM FOR public.mood LANGUAGE plpgsql;",
        "DROP OPERATOR FAMILY public.mood_fam using btree;",
        "DROP TYPE public.myint CASCADE;",
    ] {
        position(&dropped, sql);
    }
    // Its family is dropped too and takes the class with it.
    assert!(!dropped.sql().contains("DROP OPERATOR CLASS"));
    assert!(
        position(
            &dropped,
            "DROP OPERATOR FAMILY public.mood_fam using btree;"
        ) < position(
            &dropped,
            "DROP OPERATOR public.===(public.mood, public.mood);"
        )
    );
}
