//! Routine bodies compared as code: the tokens of SQL and PL/pgSQL source,
//! without the whitespace and comments between them.
//!
//! Two bodies are the same code when their token streams are equal, token
//! for token, byte for byte. Only what the server itself skips is left
//! out: whitespace and comments (`-- …` to the end of the line, `/* … */`
//! nested as PostgreSQL nests them) outside literals. Everything else
//! counts exactly: string literals (`'…'` with `''` escapes, `E'…'` with
//! backslash escapes, `B'…'`, `X'…'`, `N'…'`), dollar quotes
//! (`$tag$…$tag$`), quoted identifiers (`"…"`), keywords and their case,
//! numbers, operators.
//!
//! PL/pgSQL is read by the same scanner as SQL, so one lexer serves both.
//! It is written for this comparison and errs one way only: where it is
//! unsure how the server splits two characters it keeps them together, so
//! whitespace there makes a difference (`+-` and `+ -` differ here even
//! though the server may read both as two operators), and never hides one.
//! Each token is an exact slice of the text, so two texts with equal
//! streams differ only in the whitespace and comments between tokens.
//!
//! `source::split` knows the same quoting rules to cut statements, but
//! `diff` may not use `source`, and what it needs (a token stream) is not
//! what the splitter keeps (statement boundaries): hence this small copy
//! of the rules.

/// True when `a` and `b` are the same code: equal token streams.
pub fn same_code(a: &str, b: &str) -> bool {
    tokens(a).eq(tokens(b))
}

/// The tokens of `code`, in order, each an exact slice of it.
pub fn tokens(code: &str) -> Tokens<'_> {
    Tokens { code, at: 0 }
}

/// The iterator [`tokens`] returns.
#[derive(Debug, Clone)]
pub struct Tokens<'a> {
    code: &'a str,
    /// Byte offset of the next unread byte.
    at: usize,
}

// Every byte this lexer looks at is ASCII, and the bytes of a non-ASCII
// character are never ASCII, so every offset it cuts at is a character
// boundary.

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)
}

/// The server treats every non-ASCII character as an identifier letter.
fn is_ident_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_' || !b.is_ascii()
}

fn is_ident_cont(b: u8) -> bool {
    is_ident_start(b) || b.is_ascii_digit() || b == b'$'
}

/// Characters an operator is made of (PostgreSQL's `op_chars`).
fn is_op_char(b: u8) -> bool {
    b"~!@#^&|`?+-*/%<>=".contains(&b)
}

impl<'a> Iterator for Tokens<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let s = self.code.as_bytes();
        loop {
            let i = self.at;
            let c = *s.get(i)?;
            let next = s.get(i + 1).copied();
            let end = if is_space(c) {
                self.at += 1;
                continue;
            } else if c == b'-' && next == Some(b'-') {
                self.at = s[i..]
                    .iter()
                    .position(|&b| b == b'\n')
                    .map_or(s.len(), |p| i + p);
                continue;
            } else if c == b'/' && next == Some(b'*') {
                match block_comment(s, i) {
                    Some(end) => {
                        self.at = end;
                        continue;
                    }
                    // Unterminated: a token, so that it is compared.
                    None => s.len(),
                }
            } else if c == b'\'' {
                quoted(s, i + 1, b'\'', false)
            } else if c == b'"' {
                quoted(s, i + 1, b'"', false)
            } else if c == b'$' {
                dollar(s, i)
            } else if is_ident_start(c) {
                let end = run(s, i + 1, is_ident_cont);
                let prefix = &s[i..end];
                if s.get(end) == Some(&b'\'') && is_string_prefix(prefix) {
                    let escapes = prefix.eq_ignore_ascii_case(b"e");
                    quoted(s, end + 1, b'\'', escapes)
                } else {
                    end
                }
            } else if c.is_ascii_digit() || (c == b'.' && next.is_some_and(|b| b.is_ascii_digit()))
            {
                number(s, i)
            } else if is_op_char(c) {
                operator(s, i)
            } else if (c == b':' && matches!(next, Some(b':' | b'=')))
                || (c == b'.' && next == Some(b'.'))
            {
                // `::`, `:=`, `..`
                i + 2
            } else {
                // One character (a non-ASCII one is an identifier letter,
                // so this is ASCII).
                i + 1
            };
            self.at = end;
            return Some(&self.code[i..end]);
        }
    }
}

/// `E`, `B`, `X`, `N`: letters that make a following `'…'` one literal.
fn is_string_prefix(word: &[u8]) -> bool {
    matches!(
        word,
        [b'e' | b'E' | b'b' | b'B' | b'x' | b'X' | b'n' | b'N']
    )
}

/// The offset of the first byte from `i` that `keep` refuses.
fn run(s: &[u8], i: usize, keep: impl Fn(u8) -> bool) -> usize {
    s[i..]
        .iter()
        .position(|&b| !keep(b))
        .map_or(s.len(), |p| i + p)
}

/// A (nested) block comment starting at `i`: the offset after it, or
/// `None` when it is not closed.
fn block_comment(s: &[u8], mut i: usize) -> Option<usize> {
    let mut depth = 0usize;
    while i < s.len() {
        match (s[i], s.get(i + 1)) {
            (b'/', Some(b'*')) => {
                depth += 1;
                i += 2;
            }
            (b'*', Some(b'/')) => {
                depth -= 1;
                i += 2;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => i += 1,
        }
    }
    None
}

/// The end of a quoted token whose opening quote precedes `i`: a doubled
/// quote is a quote, and with `backslash` a `\` escapes the next byte.
fn quoted(s: &[u8], mut i: usize, quote: u8, backslash: bool) -> usize {
    while i < s.len() {
        let c = s[i];
        if backslash && c == b'\\' {
            i += 2;
        } else if c == quote {
            if s.get(i + 1) == Some(&quote) {
                i += 2;
            } else {
                return i + 1;
            }
        } else {
            i += 1;
        }
    }
    s.len()
}

/// At a `$`: a `$n` parameter, a `$tag$…$tag$` quote (to the end of the
/// text when it is not closed) or a lone `$`.
fn dollar(s: &[u8], i: usize) -> usize {
    let mut j = i + 1;
    if s.get(j).is_some_and(u8::is_ascii_digit) {
        return run(s, j, |b| b.is_ascii_digit());
    }
    if s.get(j).copied().is_some_and(is_ident_start) {
        // A tag may not contain `$` itself.
        j = run(s, j, |b| is_ident_start(b) || b.is_ascii_digit());
    }
    if s.get(j) != Some(&b'$') {
        return i + 1;
    }
    let tag = &s[i..=j];
    s[j + 1..]
        .windows(tag.len())
        .position(|w| w == tag)
        .map_or(s.len(), |p| j + 1 + p + tag.len())
}

/// A number from `i`: digits, letters and `_` (hex, octal, binary,
/// separators, exponents, and a trailing identifier the server would
/// reject), one `.` unless it starts `..` (`1..10` in a PL/pgSQL `FOR`),
/// and an exponent's sign.
fn number(s: &[u8], i: usize) -> usize {
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let mut end = run(s, i, word);
    if s.get(end) == Some(&b'.') && s.get(end + 1) != Some(&b'.') {
        end = run(s, end + 1, word);
    }
    let exponent = end > i && matches!(s[end - 1], b'e' | b'E');
    if exponent
        && matches!(s.get(end), Some(b'+' | b'-'))
        && s.get(end + 1).is_some_and(u8::is_ascii_digit)
    {
        end = run(s, end + 1, word);
    }
    end
}

/// An operator from `i`: the longest run of operator characters, ending
/// before a comment starts (as the server reads `+--x` as `+` and a
/// comment).
fn operator(s: &[u8], i: usize) -> usize {
    let mut end = i + 1;
    while end < s.len() && is_op_char(s[end]) {
        if matches!(
            (s[end], s.get(end + 1)),
            (b'-', Some(b'-')) | (b'/', Some(b'*'))
        ) {
            break;
        }
        end += 1;
    }
    end
}

#[cfg(test)]
mod tests;
