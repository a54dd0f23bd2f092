//! `--exclude GLOB` and `exclude = [..]`: files of a history directory that
//! no reader sees, for the companion files a project keeps beside its
//! migrations (a checksum file, code, notes).
//!
//! A pattern without `/` is matched against an entry's name, at any depth;
//! a pattern with `/` against its path relative to the history directory,
//! written with `/`. `*` matches any run of characters but `/`, `**` any
//! run including `/`, `?` one character but `/`, and `[abc]`, `[a-z]`,
//! `[!abc]` one character of (or not of) a set. A directory that matches is
//! left out with everything below it.

use std::path::Path;

/// Compiled exclusion patterns; the default excludes nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Exclude {
    patterns: Vec<Pattern>,
}

/// A pattern that cannot be compiled.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("--exclude `{pattern}`: {reason}")]
pub struct BadPattern {
    pub pattern: String,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Pattern {
    text: String,
    tokens: Vec<Token>,
    /// Matched against the relative path, not the name.
    anchored: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    Char(char),
    /// `?`
    One,
    /// `*`
    Star,
    /// `**`
    AnyDepth,
    Set {
        negated: bool,
        ranges: Vec<(char, char)>,
    },
}

impl Exclude {
    /// Compiles `patterns`; every bad one is returned.
    pub fn new<S: AsRef<str>>(patterns: &[S]) -> Result<Self, Vec<BadPattern>> {
        let mut compiled = Vec::new();
        let mut bad = Vec::new();
        for text in patterns {
            match compile(text.as_ref()) {
                Ok(p) => compiled.push(p),
                Err(reason) => bad.push(BadPattern {
                    pattern: text.as_ref().to_owned(),
                    reason,
                }),
            }
        }
        if bad.is_empty() {
            Ok(Exclude { patterns: compiled })
        } else {
            Err(bad)
        }
    }

    /// Whether no pattern was given.
    pub fn is_empty(&self) -> bool {
        self.patterns.is_empty()
    }

    /// The patterns as written.
    pub fn patterns(&self) -> impl Iterator<Item = &str> {
        self.patterns.iter().map(|p| p.text.as_str())
    }

    /// Whether `path` (below `root`, the history directory) is left out.
    pub fn matches(&self, root: &Path, path: &Path) -> bool {
        if self.patterns.is_empty() {
            return false;
        }
        let relative = path.strip_prefix(root).unwrap_or(path);
        let relative: Vec<String> = relative
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        let joined = relative.join("/");
        let name = relative.last().map(String::as_str).unwrap_or("");
        self.patterns.iter().any(|p| {
            let subject: Vec<char> = if p.anchored {
                joined.chars().collect()
            } else {
                name.chars().collect()
            };
            matches(&p.tokens, &subject)
        })
    }
}

fn compile(text: &str) -> Result<Pattern, String> {
    let trimmed = text.trim_start_matches("./");
    if trimmed.is_empty() {
        return Err("an empty pattern; give a file name or a glob such as `*.go`".into());
    }
    let trimmed = trimmed.trim_end_matches('/');
    let chars: Vec<char> = trimmed.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '*' if chars.get(i + 1) == Some(&'*') => {
                tokens.push(Token::AnyDepth);
                i += 2;
                // `**/` also matches no directory at all.
                if chars.get(i) == Some(&'/') {
                    tokens.push(Token::Char('/'));
                    i += 1;
                }
                continue;
            }
            '*' => tokens.push(Token::Star),
            '?' => tokens.push(Token::One),
            '[' => {
                let (set, next) = set(&chars, i)?;
                tokens.push(set);
                i = next;
                continue;
            }
            '\\' if i + 1 < chars.len() => {
                tokens.push(Token::Char(chars[i + 1]));
                i += 2;
                continue;
            }
            c => tokens.push(Token::Char(c)),
        }
        i += 1;
    }
    Ok(Pattern {
        text: text.to_owned(),
        anchored: trimmed.contains('/'),
        tokens,
    })
}

/// The set starting at `chars[open]` (`[`), and the index after its `]`.
fn set(chars: &[char], open: usize) -> Result<(Token, usize), String> {
    let mut i = open + 1;
    let negated = matches!(chars.get(i), Some('!' | '^'));
    if negated {
        i += 1;
    }
    let mut ranges = Vec::new();
    let mut first = true;
    while i < chars.len() {
        let c = chars[i];
        if c == ']' && !first {
            return Ok((Token::Set { negated, ranges }, i + 1));
        }
        first = false;
        if chars.get(i + 1) == Some(&'-') && chars.get(i + 2).is_some_and(|&e| e != ']') {
            ranges.push((c, chars[i + 2]));
            i += 3;
        } else {
            ranges.push((c, c));
            i += 1;
        }
    }
    Err("a `[` without its `]`; write `\\[` for the character itself".into())
}

/// Whether `tokens` match the whole of `subject`.
fn matches(tokens: &[Token], subject: &[char]) -> bool {
    let Some((token, rest)) = tokens.split_first() else {
        return subject.is_empty();
    };
    match token {
        Token::AnyDepth => {
            // `**/` may match nothing at all, `/` included.
            if rest.first() == Some(&Token::Char('/')) && matches(&rest[1..], subject) {
                return true;
            }
            (0..=subject.len()).any(|n| matches(rest, &subject[n..]))
        }
        Token::Star => {
            let limit = subject
                .iter()
                .position(|&c| c == '/')
                .unwrap_or(subject.len());
            (0..=limit).any(|n| matches(rest, &subject[n..]))
        }
        _ => match subject.split_first() {
            Some((&c, tail)) if one(token, c) => matches(rest, tail),
            _ => false,
        },
    }
}

fn one(token: &Token, c: char) -> bool {
    match token {
        Token::Char(t) => *t == c,
        Token::One => c != '/',
        Token::Set { negated, ranges } => {
            c != '/' && ranges.iter().any(|&(lo, hi)| lo <= c && c <= hi) != *negated
        }
        Token::Star | Token::AnyDepth => false,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn excluded(patterns: &[&str], path: &str) -> bool {
        let root = Path::new("/h");
        Exclude::new(patterns)
            .unwrap()
            .matches(root, &root.join(path))
    }

    #[test]
    fn a_pattern_without_a_slash_matches_names_at_any_depth() {
        assert!(excluded(&["atlas.sum"], "atlas.sum"));
        assert!(excluded(&["*.go"], "1_a.up.go"));
        assert!(excluded(&["*.go"], "2024_x/helper.go"));
        assert!(!excluded(&["*.go"], "1_a.up.sql"));
        assert!(excluded(&["1_a.*"], "1_a.down.sql"));
        assert!(excluded(&["NOTES?.txt"], "NOTES1.txt"));
        assert!(!excluded(&["NOTES?.txt"], "NOTES.txt"));
    }

    #[test]
    fn a_pattern_with_a_slash_matches_the_relative_path() {
        assert!(excluded(&["docs/*"], "docs/a.md"));
        assert!(!excluded(&["docs/*"], "docs/x/a.md"));
        assert!(excluded(&["docs/**"], "docs/x/a.md"));
        assert!(excluded(&["**/seed.sql"], "seed.sql"));
        assert!(excluded(&["**/seed.sql"], "a/b/seed.sql"));
        assert!(excluded(&["./sql/old/"], "sql/old"));
        assert!(!excluded(&["sql/old"], "other/sql/old"));
    }

    #[test]
    fn sets_ranges_and_escapes() {
        assert!(excluded(&["[0-9]*.go"], "1_a.up.go"));
        assert!(!excluded(&["[!0-9]*.go"], "1_a.up.go"));
        assert!(excluded(&["[!0-9]*.go"], "migrations.go"));
        assert!(excluded(&["a\\*"], "a*"));
        assert!(!excluded(&["a\\*"], "ab"));
        assert!(excluded(&["[]]"], "]"));
    }

    #[test]
    fn nothing_is_excluded_by_default() {
        assert!(!Exclude::default().matches(Path::new("/h"), Path::new("/h/a")));
        assert!(Exclude::default().is_empty());
    }

    #[test]
    fn bad_patterns_are_each_reported() {
        let bad = Exclude::new(&["[abc", "", "ok"]).unwrap_err();
        assert_eq!(bad.len(), 2);
        assert!(bad[0].to_string().contains("`[abc`"), "{}", bad[0]);
        assert!(bad[0].reason.contains("without its `]`"));
        assert!(bad[1].reason.contains("empty pattern"));
    }
}
