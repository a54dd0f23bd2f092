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
mod tests;
