use super::{same_code, tokens};

fn toks(code: &str) -> Vec<&str> {
    tokens(code).collect()
}

#[test]
fn whitespace_and_comments_between_tokens_do_not_count() {
    let written = "\nBEGIN\n  NEW.updated_at := now();\n  RETURN NEW;\nEND;\n";
    let reindented =
        "BEGIN\n\tNEW.updated_at := now();   -- keep it fresh\n    RETURN NEW;\n/* done */ END;";
    assert!(same_code(written, reindented));
    assert_eq!(
        toks(written),
        [
            "BEGIN",
            "NEW",
            ".",
            "updated_at",
            ":=",
            "now",
            "(",
            ")",
            ";",
            "RETURN",
            "NEW",
            ";",
            "END",
            ";"
        ]
    );
}

#[test]
fn only_whitespace_and_comments_is_no_code() {
    assert!(same_code("", "  \n\t-- nothing\n/* at /* all */ */\r\n"));
    assert_eq!(toks("-- a\n/* b */  "), Vec::<&str>::new());
}

#[test]
fn a_comment_ends_where_it_ends() {
    // A line comment runs to the end of its line only.
    assert!(!same_code("SELECT 1 -- one\n+ 1", "SELECT 1 -- one + 1"));
    // An operator stops where a comment starts.
    assert_eq!(toks("a+--x\n1"), ["a", "+", "1"]);
    assert_eq!(toks("a*/*x*/1"), ["a", "*", "1"]);
}

#[test]
fn block_comments_nest_as_postgresql_nests_them() {
    assert_eq!(
        toks("a /* outer /* inner */ still comment */ b"),
        ["a", "b"]
    );
    // Without nesting, `still` would be a token.
    assert!(same_code("a /* outer /* inner */ still */ b", "a b"));
    // Unterminated: compared as text, never silently dropped.
    assert!(!same_code("a /* open", "a /* other"));
}

#[test]
fn comments_inside_strings_are_not_comments() {
    assert_eq!(
        toks("SELECT '-- not a comment'"),
        ["SELECT", "'-- not a comment'"]
    );
    assert_eq!(
        toks("SELECT '/* nor this */'"),
        ["SELECT", "'/* nor this */'"]
    );
    assert!(!same_code("SELECT '-- a'", "SELECT '-- b'"));
    assert_eq!(toks("\"col -- x\" + 1"), ["\"col -- x\"", "+", "1"]);
}

#[test]
fn dashes_inside_dollar_quotes_are_not_comments() {
    let body = "EXECUTE $q$SELECT 1 -- inside\n$q$; -- outside";
    assert_eq!(toks(body), ["EXECUTE", "$q$SELECT 1 -- inside\n$q$", ";"]);
    assert!(!same_code(body, "EXECUTE $q$SELECT 1 -- changed\n$q$;"));
    assert!(same_code(body, "EXECUTE $q$SELECT 1 -- inside\n$q$;"));
    // `$1` is a parameter, `a$b` an identifier, not quotes.
    assert_eq!(toks("a$b + $1"), ["a$b", "+", "$1"]);
    assert_eq!(toks("$$x -- y$$"), ["$$x -- y$$"]);
}

#[test]
fn whitespace_inside_literals_counts() {
    assert!(!same_code("RAISE 'a  b'", "RAISE 'a b'"));
    assert!(!same_code("SELECT \"a b\"", "SELECT \"a  b\""));
    assert!(!same_code("EXECUTE $$ x $$", "EXECUTE $$x$$"));
}

#[test]
fn quotes_escape_as_postgresql_escapes_them() {
    assert_eq!(toks("'it''s' -- c"), ["'it''s'"]);
    assert_eq!(toks("E'it\\'s -- still' x"), ["E'it\\'s -- still'", "x"]);
    assert_eq!(toks("e'\\\\' x"), ["e'\\\\'", "x"]);
    // Without E, a backslash is a character and `'` ends the string.
    assert_eq!(toks("'a\\' x"), ["'a\\'", "x"]);
    assert_eq!(toks("\"a\"\"b\" c"), ["\"a\"\"b\"", "c"]);
    assert_eq!(toks("X'1F' B'01' N'x'"), ["X'1F'", "B'01'", "N'x'"]);
    assert!(!same_code("E'a\\tb'", "E'a\\nb'"));
}

#[test]
fn a_change_inside_a_literal_is_a_difference() {
    let a = "BEGIN RAISE EXCEPTION 'title must not be empty'; END";
    let b = "BEGIN RAISE EXCEPTION 'title must not be blank'; END";
    assert!(!same_code(a, b));
}

#[test]
fn a_change_of_a_keyword_or_name_is_a_difference() {
    assert!(!same_code("RETURN NEW;", "RETURN OLD;"));
    // Case counts too: the comparison is of bytes, not of meaning.
    assert!(!same_code("RETURN NEW;", "return new;"));
    assert!(!same_code("SELECT 1", "SELECT 2"));
}

#[test]
fn whitespace_that_joins_or_splits_tokens_counts() {
    assert!(!same_code("a b", "ab"));
    assert!(!same_code("x < = y", "x <= y"));
    assert!(!same_code("x: :int", "x::int"));
    assert!(!same_code("1 .5", "1.5"));
    assert!(!same_code("$ 1", "$1"));
    assert_eq!(toks("x<=y::int"), ["x", "<=", "y", "::", "int"]);
}

#[test]
fn numbers_and_ranges() {
    assert_eq!(toks("FOR i IN 1..10"), ["FOR", "i", "IN", "1", "..", "10"]);
    assert_eq!(
        toks("1.5e-3 .5 0x1F 1_000"),
        ["1.5e-3", ".5", "0x1F", "1_000"]
    );
    assert_eq!(toks("a.b"), ["a", ".", "b"]);
}

#[test]
fn non_ascii_is_part_of_identifiers_and_literals() {
    assert_eq!(toks("café := 'über' ;"), ["café", ":=", "'über'", ";"]);
    assert!(!same_code("'é'", "'è'"));
}

#[test]
fn unterminated_quotes_run_to_the_end() {
    assert_eq!(toks("'open -- x"), ["'open -- x"]);
    assert_eq!(toks("$a$ open"), ["$a$ open"]);
    assert_eq!(toks("E'\\"), ["E'\\"]);
}
