//! The splitter's table of cases.

use super::*;

fn texts(sql: &str) -> Vec<String> {
    split_statements(sql).into_iter().map(|s| s.text).collect()
}

#[test]
fn empty_and_comment_only_inputs_have_no_statements() {
    assert!(texts("").is_empty());
    assert!(texts("  \n\t ").is_empty());
    assert!(texts(";;; ;\n;").is_empty());
    assert!(texts("-- just a comment\n/* and a block */\n;").is_empty());
    assert!(texts("/* unterminated").is_empty());
}

#[test]
fn splits_on_semicolons_and_keeps_the_last_unterminated_statement() {
    assert_eq!(
        texts("SELECT 1; SELECT 2;SELECT 3"),
        ["SELECT 1", "SELECT 2", "SELECT 3"]
    );
}

#[test]
fn start_and_line_point_at_the_first_token() {
    let sql = "-- header\n\n  CREATE TABLE a (id int);\n/* c */ SELECT 1;\nSELECT\n2";
    let got = split_statements(sql);
    assert_eq!(got.len(), 3);
    assert_eq!(got[0].text, "CREATE TABLE a (id int)");
    assert_eq!(got[0].line, 3);
    assert_eq!(got[0].start, sql.find("CREATE").unwrap_or(0));
    assert_eq!(got[1].text, "SELECT 1");
    assert_eq!(got[1].line, 4);
    assert_eq!(line_column(sql, got[1].start), (4, 9));
    assert_eq!(got[2].text, "SELECT\n2");
    assert_eq!(got[2].line, 5);
}

#[test]
fn start_counts_characters_not_bytes() {
    let sql = "SELECT 'héllo wörld'; SELECT 2";
    let got = split_statements(sql);
    assert_eq!(got[1].start, 22);
    assert_eq!(
        sql.chars().skip(got[1].start).collect::<String>(),
        "SELECT 2"
    );
}

#[test]
fn trailing_comments_are_not_part_of_the_text() {
    assert_eq!(
        texts("SELECT 1 -- one\n;\nSELECT 2 /* two */"),
        ["SELECT 1", "SELECT 2"]
    );
}

#[test]
fn comments_between_tokens_are_kept() {
    assert_eq!(
        texts("SELECT /* ; */ 1 -- ;\n + 2;"),
        ["SELECT /* ; */ 1 -- ;\n + 2"]
    );
}

#[test]
fn single_quoted_strings_with_doubled_quotes() {
    assert_eq!(
        texts("SELECT 'a;b', 'it''s;'; SELECT 2"),
        ["SELECT 'a;b', 'it''s;'", "SELECT 2"]
    );
    assert_eq!(
        texts("SELECT ''; SELECT ''''"),
        ["SELECT ''", "SELECT ''''"]
    );
}

#[test]
fn backslash_is_literal_in_standard_strings() {
    // 'a\' is a complete string under standard_conforming_strings.
    assert_eq!(
        texts(r"SELECT 'a\'; SELECT 2"),
        [r"SELECT 'a\'", "SELECT 2"]
    );
}

#[test]
fn escape_strings_honour_backslashes() {
    assert_eq!(
        texts(r"SELECT E'a\';b'; SELECT 2"),
        [r"SELECT E'a\';b'", "SELECT 2"]
    );
    assert_eq!(
        texts(r"SELECT e'\\'; SELECT 2"),
        [r"SELECT e'\\'", "SELECT 2"]
    );
    assert_eq!(
        texts(r"SELECT E'it''s;'; SELECT 2"),
        [r"SELECT E'it''s;'", "SELECT 2"]
    );
}

#[test]
fn a_word_ending_in_e_is_not_an_escape_prefix() {
    // `date'…'` is a typed literal; the backslash is literal.
    assert_eq!(
        texts(r"SELECT date'2020\'; SELECT 2"),
        [r"SELECT date'2020\'", "SELECT 2"]
    );
}

#[test]
fn other_prefixed_strings() {
    assert_eq!(
        texts("SELECT B'01;', X'ff;', N'x;', U&'d\\0061;'; SELECT 2"),
        ["SELECT B'01;', X'ff;', N'x;', U&'d\\0061;'", "SELECT 2"]
    );
}

#[test]
fn quoted_identifiers() {
    assert_eq!(
        texts(r#"CREATE TABLE "a;b" ("x""; y" int); SELECT 2"#),
        [r#"CREATE TABLE "a;b" ("x""; y" int)"#, "SELECT 2"]
    );
    assert_eq!(
        texts(r#"SELECT U&"d;"; SELECT 2"#),
        [r#"SELECT U&"d;""#, "SELECT 2"]
    );
}

#[test]
fn quotes_inside_comments_and_comments_inside_quotes() {
    assert_eq!(
        texts("SELECT 1 -- it's\n; SELECT '--'; SELECT '/*'; SELECT 4"),
        ["SELECT 1", "SELECT '--'", "SELECT '/*'", "SELECT 4"]
    );
    assert_eq!(
        texts("SELECT 1 /* it's; \"x */; SELECT 2"),
        ["SELECT 1", "SELECT 2"]
    );
}

#[test]
fn nested_block_comments() {
    assert_eq!(
        texts("/* a /* b; */ c; */ SELECT 1; SELECT 2"),
        ["SELECT 1", "SELECT 2"]
    );
    assert_eq!(
        texts("SELECT 1 /* /* */ ; */ + 1; SELECT 2"),
        ["SELECT 1 /* /* */ ; */ + 1", "SELECT 2"]
    );
}

#[test]
fn unterminated_tokens_run_to_the_end() {
    assert_eq!(
        texts("SELECT 1; SELECT 'abc; SELECT 2"),
        ["SELECT 1", "SELECT 'abc; SELECT 2"]
    );
    assert_eq!(
        texts("SELECT 1; SELECT $$abc; SELECT 2"),
        ["SELECT 1", "SELECT $$abc; SELECT 2"]
    );
    assert_eq!(
        texts("SELECT 1; SELECT 2 /* abc; SELECT 3"),
        ["SELECT 1", "SELECT 2 /* abc; SELECT 3"]
    );
    assert_eq!(texts("SELECT \"abc; SELECT 2"), ["SELECT \"abc; SELECT 2"]);
}

#[test]
fn dollar_quotes() {
    let sql =
        "CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$ BEGIN RETURN 1; END $$;\nSELECT 2";
    assert_eq!(
        texts(sql),
        [
            "CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$ BEGIN RETURN 1; END $$",
            "SELECT 2"
        ]
    );
}

#[test]
fn tagged_dollar_quotes_nest_other_tags() {
    let sql = "DO $outer$ BEGIN EXECUTE $q$ SELECT 1; $q$; PERFORM '$$;'; END $outer$; SELECT 2";
    assert_eq!(
        texts(sql),
        [
            "DO $outer$ BEGIN EXECUTE $q$ SELECT 1; $q$; PERFORM '$$;'; END $outer$",
            "SELECT 2"
        ]
    );
}

#[test]
fn dollar_tags_are_case_sensitive_and_exact() {
    assert_eq!(
        texts("SELECT $a$ $A$; $ab$ ; $a$; SELECT 2"),
        ["SELECT $a$ $A$; $ab$ ; $a$", "SELECT 2"]
    );
    assert_eq!(
        texts("SELECT $_x1$;$_x1$; SELECT 2"),
        ["SELECT $_x1$;$_x1$", "SELECT 2"]
    );
    assert_eq!(
        texts("SELECT $é$;$é$; SELECT 2"),
        ["SELECT $é$;$é$", "SELECT 2"]
    );
}

#[test]
fn parameters_and_dollars_in_identifiers_are_not_quotes() {
    assert_eq!(
        texts("PREPARE p AS SELECT $1; SELECT $2"),
        ["PREPARE p AS SELECT $1", "SELECT $2"]
    );
    // a$b and a$$b are identifiers; no quote opens here.
    assert_eq!(
        texts("SELECT a$b; SELECT a$$b; SELECT 3"),
        ["SELECT a$b", "SELECT a$$b", "SELECT 3"]
    );
    // A tag cannot start with a digit.
    assert_eq!(texts("SELECT $1$; SELECT 2"), ["SELECT $1$", "SELECT 2"]);
    // A lone dollar.
    assert_eq!(texts("SELECT $ ; SELECT 2"), ["SELECT $", "SELECT 2"]);
}

#[test]
fn semicolons_inside_parentheses_do_not_split() {
    let sql = "CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO a VALUES (1); INSERT INTO b VALUES (2)); SELECT 2";
    assert_eq!(
        texts(sql),
        [
            "CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO a VALUES (1); INSERT INTO b VALUES (2))",
            "SELECT 2"
        ]
    );
    // A stray closing parenthesis does not break later splitting.
    assert_eq!(texts("SELECT 1); SELECT 2"), ["SELECT 1)", "SELECT 2"]);
}

#[test]
fn begin_atomic_function_bodies() {
    let sql = "\
CREATE FUNCTION add(a int, b int) RETURNS int LANGUAGE sql
BEGIN ATOMIC
  SELECT a + b;
  SELECT CASE WHEN a > 0 THEN 1 ELSE 2 END;
END;
CREATE TABLE t (id int);";
    let got = split_statements(sql);
    assert_eq!(got.len(), 2, "{got:#?}");
    assert!(got[0].text.starts_with("CREATE FUNCTION add"));
    assert!(got[0].text.ends_with("END;\nEND"));
    assert_eq!(got[1].text, "CREATE TABLE t (id int)");
    assert_eq!(got[1].line, 6);
}

#[test]
fn begin_atomic_in_procedures_and_or_replace_any_case() {
    let sql = "create or replace procedure p() language sql begin atomic insert into t values (1); \
                   insert into t values (case when true then 1 end); end; select 2";
    let got = texts(sql);
    assert_eq!(got.len(), 2, "{got:#?}");
    assert_eq!(got[1], "select 2");
    let sql = "CREATE PROCEDURE p() BEGIN /* c */ ATOMIC SELECT 1; END; SELECT 2";
    assert_eq!(
        texts(sql),
        [
            "CREATE PROCEDURE p() BEGIN /* c */ ATOMIC SELECT 1; END",
            "SELECT 2"
        ]
    );
}

#[test]
fn nested_case_inside_begin_atomic() {
    let sql = "CREATE FUNCTION f(x int) RETURNS int BEGIN ATOMIC \
                   SELECT CASE WHEN x > 0 THEN CASE WHEN x > 9 THEN 2 ELSE 1 END ELSE 0 END; END; SELECT 2";
    let got = texts(sql);
    assert_eq!(got.len(), 2, "{got:#?}");
    assert_eq!(got[1], "SELECT 2");
}

#[test]
fn begin_outside_routines_is_a_transaction_statement() {
    assert_eq!(
        texts("BEGIN; SELECT 1; END; COMMIT"),
        ["BEGIN", "SELECT 1", "END", "COMMIT"]
    );
    // Not a routine: CREATE TABLE … then BEGIN does not open a block.
    assert_eq!(
        texts("CREATE TABLE begin_atomic (x int); BEGIN; SELECT 1"),
        ["CREATE TABLE begin_atomic (x int)", "BEGIN", "SELECT 1"]
    );
    // CASE … END outside a routine body is just an expression.
    assert_eq!(
        texts("SELECT CASE WHEN true THEN 1 END; SELECT 2"),
        ["SELECT CASE WHEN true THEN 1 END", "SELECT 2"]
    );
}

#[test]
fn a_routine_named_begin_is_not_a_block() {
    // psql's heuristic would wait for an END here; BEGIN must be
    // followed by ATOMIC to open a body.
    let sql = "CREATE FUNCTION begin() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$; SELECT 2";
    assert_eq!(
        texts(sql),
        [
            "CREATE FUNCTION begin() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$",
            "SELECT 2"
        ]
    );
    // Parameter names inside parentheses are ignored too.
    let sql =
        "CREATE FUNCTION f(begin int, atomic int) RETURNS int LANGUAGE sql RETURN 1; SELECT 2";
    assert_eq!(texts(sql).len(), 2);
}

#[test]
fn quoted_words_do_not_count_as_keywords() {
    let sql = "CREATE FUNCTION f() RETURNS int BEGIN ATOMIC SELECT 1 AS \"end\"; SELECT 'end'; END; SELECT 2";
    let got = texts(sql);
    assert_eq!(got.len(), 2, "{got:#?}");
    assert_eq!(got[1], "SELECT 2");
}

#[test]
fn dollar_quoted_function_bodies_with_begin_end_inside() {
    let sql = "CREATE OR REPLACE FUNCTION t() RETURNS trigger LANGUAGE plpgsql AS $fn$\n\
                   BEGIN\n  IF NEW.x THEN RETURN NEW; END IF;\n  RETURN NULL;\nEND\n$fn$;\nSELECT 2;";
    let got = split_statements(sql);
    assert_eq!(got.len(), 2);
    assert_eq!(got[1].text, "SELECT 2");
    assert_eq!(got[1].line, 7);
}

#[test]
fn numbers_and_operators() {
    assert_eq!(
        texts("SELECT 1.5e3, 1_000, .5, 2::text; SELECT 3-1"),
        ["SELECT 1.5e3, 1_000, .5, 2::text", "SELECT 3-1"]
    );
    // `--` starts a comment even right after an operand.
    assert_eq!(texts("SELECT 3--1;\n; SELECT 2"), ["SELECT 3", "SELECT 2"]);
}

#[test]
fn crlf_line_endings() {
    let got = split_statements("SELECT 1;\r\nSELECT 2;\r\n\r\nSELECT 3");
    assert_eq!(got.iter().map(|s| s.line).collect::<Vec<_>>(), [1, 2, 4]);
    assert_eq!(got[1].text, "SELECT 2");
}

#[test]
fn start_and_line_agree_with_line_column() {
    let sql = "SELECT 'ä';\n  /* x\n y */ SELECT 2;\n\tSELECT $$\n$$;";
    for s in split_statements(sql) {
        assert_eq!(line_column(sql, s.start).0, s.line);
        assert!(
            sql.chars()
                .skip(s.start)
                .collect::<String>()
                .starts_with(&s.text)
        );
    }
}

#[test]
fn line_column_counts_characters() {
    let sql = "ab\ncdé\nf";
    assert_eq!(line_column(sql, 0), (1, 1));
    assert_eq!(line_column(sql, 1), (1, 2));
    assert_eq!(line_column(sql, 3), (2, 1));
    assert_eq!(line_column(sql, 6), (2, 4));
    assert_eq!(line_column(sql, 7), (3, 1));
    assert_eq!(line_column(sql, 100), (3, 2));
}
