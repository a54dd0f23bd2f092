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

// The lexer works on bytes: every character it looks for is ASCII, and
// every byte of a non-ASCII character is >= 0x80, which the server treats
// as an identifier letter, so a token never ends inside a character. No
// side table per character is built: memory beyond the input is the
// statements' text.

fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)
}

/// The server treats every non-ASCII character as an identifier letter.
fn is_ident_start(c: u8) -> bool {
    c.is_ascii_alphabetic() || c == b'_' || !c.is_ascii()
}

fn is_ident_cont(c: u8) -> bool {
    is_ident_start(c) || c.is_ascii_digit() || c == b'$'
}

/// A dollar-quote tag may not contain `$` itself.
fn is_tag_cont(c: u8) -> bool {
    is_ident_start(c) || c.is_ascii_digit()
}

/// Per-statement state, reset at every statement boundary.
#[derive(Default)]
struct Current {
    /// Byte index of the first token.
    first: Option<usize>,
    /// Byte index just past the last token.
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

    fn word(&mut self, from: usize, to: usize, word: &[u8]) {
        self.token(from, to);
        let after_begin = std::mem::take(&mut self.after_begin);
        // Only short words matter: the prefix and BEGIN/ATOMIC/CASE/END.
        if word.len() > 9 {
            if self.prefix.len() < 4 {
                self.prefix.push(String::new());
            }
            return;
        }
        let word = String::from_utf8_lossy(word).to_ascii_lowercase();
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
    b: &'a [u8],
    out: Vec<Statement>,
    /// Incremental counting: the byte `count_at.0` is on line
    /// `count_at.1` and is the character `count_at.2` of the script.
    count_at: (usize, usize, usize),
}

impl<'a> Splitter<'a> {
    fn new(sql: &'a str) -> Self {
        Splitter {
            sql,
            b: sql.as_bytes(),
            out: Vec::new(),
            count_at: (0, 1, 0),
        }
    }

    fn at(&self, i: usize) -> Option<u8> {
        self.b.get(i).copied()
    }

    fn run(mut self) -> Vec<Statement> {
        let n = self.b.len();
        let mut cur = Current::default();
        let mut i = 0;
        while i < n {
            let c = self.b[i];
            let next = self.at(i + 1);
            if is_space(c) {
                i += 1;
            } else if c == b'-' && next == Some(b'-') {
                while i < n && self.b[i] != b'\n' {
                    i += 1;
                }
            } else if c == b'/' && next == Some(b'*') {
                let end = self.block_comment(i);
                if end.is_none() && cur.first.is_some() {
                    // Unterminated: keep it so that the server complains.
                    cur.other_token(i, n);
                }
                i = end.unwrap_or(n);
            } else if c == b'\'' {
                let end = self.quoted(i + 1, b'\'', false);
                cur.other_token(i, end);
                i = end;
            } else if c == b'"' {
                let end = self.quoted(i + 1, b'"', false);
                cur.other_token(i, end);
                i = end;
            } else if c == b'$' {
                let end = self.dollar(i);
                cur.other_token(i, end);
                i = end;
            } else if is_ident_start(c) {
                let mut end = i + 1;
                while end < n && is_ident_cont(self.b[end]) {
                    end += 1;
                }
                if self.at(end) == Some(b'\'') {
                    // A prefixed string: E'…', B'…', X'…', N'…' (U&'…' lexes
                    // as the word U, an operator and a plain string).
                    let escapes = self.b[i..end].eq_ignore_ascii_case(b"e");
                    let end = self.quoted(end + 1, b'\'', escapes);
                    cur.other_token(i, end);
                    i = end;
                } else {
                    cur.word(i, end, &self.b[i..end]);
                    i = end;
                }
            } else if c.is_ascii_digit() {
                let mut end = i + 1;
                while end < n
                    && (self.b[end].is_ascii_alphanumeric() || matches!(self.b[end], b'_' | b'.'))
                {
                    end += 1;
                }
                cur.other_token(i, end);
                i = end;
            } else if c == b'(' {
                cur.other_token(i, i + 1);
                cur.paren_depth += 1;
                i += 1;
            } else if c == b')' {
                cur.other_token(i, i + 1);
                cur.paren_depth = cur.paren_depth.saturating_sub(1);
                i += 1;
            } else if c == b';' && cur.paren_depth == 0 && cur.begin_depth == 0 {
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
        while i < self.b.len() {
            let c = self.b[i];
            let next = self.at(i + 1);
            if c == b'/' && next == Some(b'*') {
                depth += 1;
                i += 2;
            } else if c == b'*' && next == Some(b'/') {
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
    fn quoted(&self, mut i: usize, quote: u8, backslash: bool) -> usize {
        let n = self.b.len();
        while i < n {
            let c = self.b[i];
            if backslash && c == b'\\' {
                // The escaped character may be several bytes: its
                // continuation bytes are skipped as ordinary characters.
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
        let n = self.b.len();
        let mut j = i + 1;
        if self.at(j).is_some_and(|c| c.is_ascii_digit()) {
            while j < n && self.b[j].is_ascii_digit() {
                j += 1;
            }
            return j;
        }
        if self.at(j).is_some_and(is_ident_start) {
            while j < n && is_tag_cont(self.b[j]) {
                j += 1;
            }
        }
        if self.at(j) != Some(b'$') {
            return i + 1;
        }
        let tag = &self.b[i..=j];
        let body = &self.b[j + 1..];
        // A tag holds no `$` but its ends: each `$` of the body is a
        // candidate for the closing tag.
        let mut k = 0;
        while let Some(offset) = body[k..].iter().position(|&c| c == b'$') {
            let at = k + offset;
            if body[at..].starts_with(tag) {
                return j + 1 + at + tag.len();
            }
            k = at + 1;
        }
        n
    }

    /// Line and character index of the byte `index`, counted on from the
    /// previous call (`index` never goes back).
    fn position_of(&mut self, index: usize) -> (usize, usize) {
        let (from, mut line, mut chars) = self.count_at;
        for &c in &self.b[from..index] {
            if c == b'\n' {
                line += 1;
            }
            // Every byte but a continuation byte starts a character.
            if c & 0xc0 != 0x80 {
                chars += 1;
            }
        }
        self.count_at = (index, line, chars);
        (line, chars)
    }

    fn emit(&mut self, cur: &Current) {
        let Some(first) = cur.first else { return };
        let text = self.sql[first..cur.end].to_string();
        let (line, start) = self.position_of(first);
        self.out.push(Statement { text, start, line });
    }
}

#[cfg(test)]
mod tests;
