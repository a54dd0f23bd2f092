//! Splits an SQL script into statements the way the server would read them.
//!
//! Needed wherever statements must be sent one at a time: `-- no-transaction`
//! steps (`CREATE INDEX CONCURRENTLY` must be alone in its query) and
//! locating the statement that raised an error without a position.
//!
//! This is a small lexer, not a `;` search. It knows:
//! * `'…'` strings with `''` escapes (and the `B'…'`, `X'…'`, `U&'…'`
//!   forms, which lex the same), `E'…'` strings with backslash escapes
//!   (`standard_conforming_strings` is assumed on, the default since 9.1);
//! * `"quoted identifiers"` with `""` escapes;
//! * `$tag$…$tag$` dollar quotes, where the tag is empty or an identifier;
//!   `$1` parameters and `$` inside identifiers (`a$b`) are not quotes;
//! * `--` line comments and nested `/* /* */ */` block comments;
//! * parentheses (a `;` inside them does not end a statement, as in
//!   `CREATE RULE … DO (…; …)`);
//! * SQL-standard routine bodies: in `CREATE [OR REPLACE] FUNCTION|PROCEDURE`,
//!   `BEGIN ATOMIC … END` (with `CASE … END` nested inside) is one unit.
//!
//! Statements holding only whitespace and comments are dropped.

/// One statement of a script.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    /// From the statement's first token to its last, without the leading
    /// comments and the terminating `;`.
    pub text: String,
    /// Offset, in characters (not bytes), of the statement's first
    /// character in the script: the unit of the server's error positions.
    pub start: usize,
    /// 1-based line of the statement's first character in the script.
    pub line: usize,
}

/// Splits `sql` into its statements, in order.
pub fn split_statements(sql: &str) -> Vec<Statement> {
    Splitter::new(sql).run()
}

/// 1-based line and column (in characters) of the character at
/// `char_index` in `sql`. An index past the end points just after the last
/// character.
pub(crate) fn line_column(sql: &str, char_index: usize) -> (usize, usize) {
    let mut line = 1;
    let mut column = 1;
    for c in sql.chars().take(char_index) {
        if c == '\n' {
            line += 1;
            column = 1;
        } else {
            column += 1;
        }
    }
    (line, column)
}

fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0b' | '\x0c')
}

/// The server treats every non-ASCII character as an identifier letter.
fn is_ident_start(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_' || !c.is_ascii()
}

fn is_ident_cont(c: char) -> bool {
    is_ident_start(c) || c.is_ascii_digit() || c == '$'
}

/// A dollar-quote tag may not contain `$` itself.
fn is_tag_cont(c: char) -> bool {
    is_ident_start(c) || c.is_ascii_digit()
}

/// Per-statement state, reset at every statement boundary.
#[derive(Default)]
struct Current {
    /// Char index of the first token.
    first: Option<usize>,
    /// Char index just past the last token.
    end: usize,
    paren_depth: usize,
    /// Lowercased first unquoted words, enough to recognise
    /// `CREATE [OR REPLACE] FUNCTION|PROCEDURE`.
    prefix: Vec<String>,
    /// Open `BEGIN ATOMIC` and nested `CASE` blocks.
    begin_depth: usize,
    /// The previous token was the word `BEGIN` in a routine definition.
    after_begin: bool,
}

impl Current {
    fn is_routine(&self) -> bool {
        let p: Vec<&str> = self.prefix.iter().map(String::as_str).collect();
        matches!(
            p.as_slice(),
            ["create", "function" | "procedure", ..]
                | ["create", "or", "replace", "function" | "procedure", ..]
        )
    }

    fn token(&mut self, from: usize, to: usize) {
        if self.first.is_none() {
            self.first = Some(from);
        }
        self.end = to;
    }

    /// Any token other than an unquoted word.
    fn other_token(&mut self, from: usize, to: usize) {
        self.token(from, to);
        self.after_begin = false;
    }

    fn word(&mut self, from: usize, to: usize, word: String) {
        self.token(from, to);
        let after_begin = std::mem::take(&mut self.after_begin);
        if self.prefix.len() < 4 {
            self.prefix.push(word.clone());
        }
        if self.paren_depth > 0 || !self.is_routine() {
            return;
        }
        match word.as_str() {
            "atomic" if after_begin => self.begin_depth += 1,
            "begin" => self.after_begin = true,
            "case" if self.begin_depth > 0 => self.begin_depth += 1,
            "end" if self.begin_depth > 0 => self.begin_depth -= 1,
            _ => {}
        }
    }
}

struct Splitter<'a> {
    sql: &'a str,
    chars: Vec<char>,
    /// Byte offset of every char, plus the total length at the end.
    bytes: Vec<usize>,
    out: Vec<Statement>,
    /// Incremental line counting: line of char `line_at.0` is `line_at.1`.
    line_at: (usize, usize),
}

impl<'a> Splitter<'a> {
    fn new(sql: &'a str) -> Self {
        let mut chars = Vec::with_capacity(sql.len());
        let mut bytes = Vec::with_capacity(sql.len() + 1);
        for (b, c) in sql.char_indices() {
            chars.push(c);
            bytes.push(b);
        }
        bytes.push(sql.len());
        Splitter {
            sql,
            chars,
            bytes,
            out: Vec::new(),
            line_at: (0, 1),
        }
    }

    fn at(&self, i: usize) -> Option<char> {
        self.chars.get(i).copied()
    }

    fn run(mut self) -> Vec<Statement> {
        let n = self.chars.len();
        let mut cur = Current::default();
        let mut i = 0;
        while i < n {
            let c = self.chars[i];
            let next = self.at(i + 1);
            if is_space(c) {
                i += 1;
            } else if c == '-' && next == Some('-') {
                while i < n && self.chars[i] != '\n' {
                    i += 1;
                }
            } else if c == '/' && next == Some('*') {
                let end = self.block_comment(i);
                if end.is_none() && cur.first.is_some() {
                    // Unterminated: keep it so that the server complains.
                    cur.other_token(i, n);
                }
                i = end.unwrap_or(n);
            } else if c == '\'' {
                let end = self.quoted(i + 1, '\'', false);
                cur.other_token(i, end);
                i = end;
            } else if c == '"' {
                let end = self.quoted(i + 1, '"', false);
                cur.other_token(i, end);
                i = end;
            } else if c == '$' {
                let end = self.dollar(i);
                cur.other_token(i, end);
                i = end;
            } else if is_ident_start(c) {
                let mut end = i + 1;
                while end < n && is_ident_cont(self.chars[end]) {
                    end += 1;
                }
                let word: String = self.chars[i..end].iter().collect::<String>();
                if self.at(end) == Some('\'') {
                    // A prefixed string: E'…', B'…', X'…', N'…' (U&'…' lexes
                    // as the word U, an operator and a plain string).
                    let escapes = word.eq_ignore_ascii_case("e");
                    let end = self.quoted(end + 1, '\'', escapes);
                    cur.other_token(i, end);
                    i = end;
                } else {
                    cur.word(i, end, word.to_ascii_lowercase());
                    i = end;
                }
            } else if c.is_ascii_digit() {
                let mut end = i + 1;
                while end < n
                    && (self.chars[end].is_ascii_alphanumeric()
                        || matches!(self.chars[end], '_' | '.'))
                {
                    end += 1;
                }
                cur.other_token(i, end);
                i = end;
            } else if c == '(' {
                cur.other_token(i, i + 1);
                cur.paren_depth += 1;
                i += 1;
            } else if c == ')' {
                cur.other_token(i, i + 1);
                cur.paren_depth = cur.paren_depth.saturating_sub(1);
                i += 1;
            } else if c == ';' && cur.paren_depth == 0 && cur.begin_depth == 0 {
                self.emit(&cur);
                cur = Current::default();
                i += 1;
            } else {
                cur.other_token(i, i + 1);
                i += 1;
            }
        }
        self.emit(&cur);
        self.out
    }

    /// Skips a (nested) block comment starting at `i`; the index after it,
    /// or `None` when it is not closed.
    fn block_comment(&self, mut i: usize) -> Option<usize> {
        let mut depth = 0usize;
        while i < self.chars.len() {
            let c = self.chars[i];
            let next = self.at(i + 1);
            if c == '/' && next == Some('*') {
                depth += 1;
                i += 2;
            } else if c == '*' && next == Some('/') {
                depth -= 1;
                i += 2;
                if depth == 0 {
                    return Some(i);
                }
            } else {
                i += 1;
            }
        }
        None
    }

    /// Skips the body of a quoted token whose opening quote precedes `i`;
    /// a doubled quote is an escaped quote, and with `backslash` a `\`
    /// escapes the next character. Returns the index after the closing
    /// quote (or the end of the input).
    fn quoted(&self, mut i: usize, quote: char, backslash: bool) -> usize {
        let n = self.chars.len();
        while i < n {
            let c = self.chars[i];
            if backslash && c == '\\' {
                i += 2;
            } else if c == quote {
                if self.at(i + 1) == Some(quote) {
                    i += 2;
                } else {
                    return i + 1;
                }
            } else {
                i += 1;
            }
        }
        n
    }

    /// At a `$`: a dollar-quoted string, a `$n` parameter or a lone `$`.
    /// Returns the index after the token.
    fn dollar(&self, i: usize) -> usize {
        let n = self.chars.len();
        let mut j = i + 1;
        if self.at(j).is_some_and(|c| c.is_ascii_digit()) {
            while j < n && self.chars[j].is_ascii_digit() {
                j += 1;
            }
            return j;
        }
        if self.at(j).is_some_and(is_ident_start) {
            while j < n && is_tag_cont(self.chars[j]) {
                j += 1;
            }
        }
        if self.at(j) != Some('$') {
            return i + 1;
        }
        let tag = &self.chars[i..=j];
        let mut k = j + 1;
        while k + tag.len() <= n {
            if &self.chars[k..k + tag.len()] == tag {
                return k + tag.len();
            }
            k += 1;
        }
        n
    }

    fn line_of(&mut self, index: usize) -> usize {
        let (from, mut line) = self.line_at;
        line += self.chars[from..index]
            .iter()
            .filter(|&&c| c == '\n')
            .count();
        self.line_at = (index, line);
        line
    }

    fn emit(&mut self, cur: &Current) {
        let Some(first) = cur.first else { return };
        let text = self.sql[self.bytes[first]..self.bytes[cur.end]].to_string();
        let line = self.line_of(first);
        self.out.push(Statement {
            text,
            start: first,
            line,
        });
    }
}

#[cfg(test)]
mod tests {
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
        let sql = "CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$ BEGIN RETURN 1; END $$;\nSELECT 2";
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
        let sql =
            "DO $outer$ BEGIN EXECUTE $q$ SELECT 1; $q$; PERFORM '$$;'; END $outer$; SELECT 2";
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
}
