//! The expected/actual excerpt of a mismatch as a line diff: ` ` for a
//! line in both, `<` for one only expected, `>` for one only actual.
//!
//! A single changed line (one `<` directly followed by one `>`) is shown as
//! a pair with the changed characters highlighted when colour is on.
//! Alignment is a longest common subsequence (after the common head and
//! tail), with the left side's lines before the right side's in a changed
//! block, so that the same two texts always give the same lines (the
//! lines, and colours, that pretty_assertions' `StrComparison` printed
//! here before; a general-purpose diff such as `similar`'s places equal
//! lines differently in ambiguous cases, so the alignment is our own).

use std::fmt::Write;

/// The header line that introduces a diff in the JUnit description.
pub const HEADER: &str = "Diff < left / right > :";

const RED: &str = "\u{1b}[31m";
const GREEN: &str = "\u{1b}[32m";
const RED_HEAVY: &str = "\u{1b}[1;48;5;52;31m";
const GREEN_HEAVY: &str = "\u{1b}[1;48;5;22;32m";
const RESET: &str = "\u{1b}[0m";

/// One aligned element.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side<T> {
    Both(T),
    Left(T),
    Right(T),
}

/// The diff's lines, each ending in `\n`, without a header.
///
/// In a changed block that differs only in whitespace (a re-indented
/// body compared with `--strict-bodies`, a trailing space) the whitespace
/// is made visible: `·` for a space, `→` for a tab, `⏎` for a line that
/// is only a line break; the leading spaces all its lines share (the
/// document's indentation) stay as they are.
pub fn lines(expected: &str, actual: &str, color: bool) -> String {
    let mut out = String::new();
    let (left, right) = (split_lines(expected), split_lines(actual));
    let mut aligned: Vec<Side<&str>> = align(&left, &right)
        .into_iter()
        .map(|side| side.map(|l| *l))
        .collect();
    // `split_lines` drops a final empty line; a text ending in a newline
    // still shows it.
    match (expected.ends_with('\n'), actual.ends_with('\n')) {
        (true, true) => aligned.push(Side::Both("")),
        (true, false) => aligned.push(Side::Left("")),
        (false, true) => aligned.push(Side::Right("")),
        (false, false) => {}
    }
    let shown = show_whitespace(&aligned);
    let mut held = HeldDeletion::default();
    let mut items = shown
        .iter()
        .map(|side| side.as_ref().map(String::as_str))
        .peekable();
    while let Some(item) = items.next() {
        match item {
            Side::Both(line) => {
                held.flush(&mut out, color);
                out.push_str(&format!(" {line}\n"));
            }
            Side::Left(line) => {
                held.flush(&mut out, color);
                held.hold(line);
            }
            Side::Right(line) => {
                // Only a last inserted line can pair with a held deletion.
                let last = !matches!(items.peek(), Some(Side::Right(_)));
                match if last { held.single() } else { None } {
                    Some(deleted) => pair(&mut out, deleted, line, color),
                    None => {
                        held.flush(&mut out, color);
                        painted(&mut out, GREEN, '>', line, color);
                    }
                }
            }
        }
    }
    held.flush(&mut out, color);
    out
}

/// The lines of `text`, split at `\n` only (a `\r` before it is shown,
/// not dropped as `str::lines` drops it), without the empty one after a
/// final `\n`.
fn split_lines(text: &str) -> Vec<&str> {
    let mut lines: Vec<&str> = text.split('\n').collect();
    if text.is_empty() || text.ends_with('\n') {
        lines.pop();
    }
    lines
}

impl<T> Side<T> {
    fn map<U>(self, f: impl FnOnce(T) -> U) -> Side<U> {
        match self {
            Side::Both(t) => Side::Both(f(t)),
            Side::Left(t) => Side::Left(f(t)),
            Side::Right(t) => Side::Right(f(t)),
        }
    }

    fn as_ref(&self) -> Side<&T> {
        match self {
            Side::Both(t) => Side::Both(t),
            Side::Left(t) => Side::Left(t),
            Side::Right(t) => Side::Right(t),
        }
    }

    fn is_change(&self) -> bool {
        !matches!(self, Side::Both(_))
    }
}

/// The aligned lines as they are shown: those of a changed block that
/// differs only in whitespace with their whitespace visible, the others
/// as they are.
fn show_whitespace(aligned: &[Side<&str>]) -> Vec<Side<String>> {
    let mut shown = Vec::with_capacity(aligned.len());
    let mut i = 0;
    while i < aligned.len() {
        let len = aligned[i..].iter().take_while(|s| s.is_change()).count();
        if len == 0 {
            shown.push(aligned[i].map(str::to_string));
            i += 1;
            continue;
        }
        let block = &aligned[i..i + len];
        let side = |left: bool| -> String {
            block
                .iter()
                .filter_map(|s| match (s, left) {
                    (Side::Left(l), true) | (Side::Right(l), false) => Some(*l),
                    _ => None,
                })
                .flat_map(|l| l.chars().filter(|c| !c.is_whitespace()))
                .collect()
        };
        if side(true) == side(false) {
            let indent = block
                .iter()
                .filter_map(|s| {
                    let (Side::Left(l) | Side::Right(l) | Side::Both(l)) = s;
                    (!l.is_empty()).then(|| l.len() - l.trim_start_matches(' ').len())
                })
                .min()
                .unwrap_or(0);
            shown.extend(block.iter().map(|s| s.map(|l| visible(l, indent))));
        } else {
            shown.extend(block.iter().map(|s| s.map(str::to_string)));
        }
        i += len;
    }
    shown
}

/// True when `a` and `b` differ, and only in whitespace: what the diff
/// shows with its whitespace visible.
pub fn whitespace_only(a: &str, b: &str) -> bool {
    let words = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    a != b && words(a) == words(b)
}

/// `line` with its whitespace after the first `indent` spaces visible;
/// an empty line is `⏎`.
fn visible(line: &str, indent: usize) -> String {
    if line.is_empty() {
        return "⏎".to_string();
    }
    let (head, rest) = line.split_at(indent.min(line.len()));
    let rest: String = rest
        .chars()
        .map(|c| match c {
            ' ' => '·',
            '\t' => '→',
            '\r' => '␍',
            c => c,
        })
        .collect();
    format!("{head}{rest}")
}

/// A deleted line waiting to see whether one inserted line follows, which
/// makes the two a pair.
#[derive(Default)]
struct HeldDeletion<'a> {
    line: Option<&'a str>,
    /// Deletions since the last line in both, this one included.
    run: usize,
}

impl<'a> HeldDeletion<'a> {
    fn hold(&mut self, line: &'a str) {
        self.line = Some(line);
        self.run += 1;
    }

    /// The held line if it is the only deletion of its run.
    fn single(&mut self) -> Option<&'a str> {
        if self.run == 1 {
            self.line.take()
        } else {
            None
        }
    }

    fn flush(&mut self, out: &mut String, color: bool) {
        match self.line.take() {
            Some(line) => painted(out, RED, '<', line, color),
            None => self.run = 0,
        }
    }
}

fn painted(out: &mut String, code: &str, sign: char, line: &str, color: bool) {
    if color {
        let _ = writeln!(out, "{code}{sign}{line}{RESET}");
    } else {
        let _ = writeln!(out, "{sign}{line}");
    }
}

/// A changed line: the expected one, then the actual one, each with the
/// characters only it has in a heavier style.
fn pair(out: &mut String, deleted: &str, inserted: &str, color: bool) {
    if !color {
        let _ = writeln!(out, "<{deleted}");
        let _ = writeln!(out, ">{inserted}");
        return;
    }
    let left: Vec<char> = deleted.chars().collect();
    let right: Vec<char> = inserted.chars().collect();
    let chars = align(&left, &right);
    for (sign, light, heavy, left_side) in [
        ('<', RED, RED_HEAVY, true),
        ('>', GREEN, GREEN_HEAVY, false),
    ] {
        let mut styled = Styled::new(out);
        styled.push(sign, light);
        for c in &chars {
            match (c, left_side) {
                (Side::Both(c), _) => styled.push(**c, light),
                (Side::Left(c), true) | (Side::Right(c), false) => styled.push(**c, heavy),
                _ => {}
            }
        }
        styled.finish();
    }
}

/// Writes characters, opening and closing a style only where it changes.
struct Styled<'a> {
    out: &'a mut String,
    style: &'static str,
}

impl<'a> Styled<'a> {
    fn new(out: &'a mut String) -> Self {
        Styled { out, style: "" }
    }

    fn push(&mut self, c: char, style: &'static str) {
        if style != self.style {
            if !self.style.is_empty() {
                self.out.push_str(RESET);
            }
            self.out.push_str(style);
            self.style = style;
        }
        self.out.push(c);
    }

    fn finish(self) {
        if !self.style.is_empty() {
            self.out.push_str(RESET);
        }
        self.out.push('\n');
    }
}

/// Aligns two sequences: the common head, a longest common subsequence of
/// the middle, the common tail. Walking the middle back from its end, an
/// element only on the right is taken before one only on the left, and a
/// common one last; that puts a changed block's left lines before its
/// right lines and gives every pair of texts one alignment.
fn align<'a, T: PartialEq>(left: &'a [T], right: &'a [T]) -> Vec<Side<&'a T>> {
    let head = left.iter().zip(right).take_while(|(l, r)| l == r).count();
    let tail = left[head..]
        .iter()
        .rev()
        .zip(right[head..].iter().rev())
        .take_while(|(l, r)| l == r)
        .count();
    let l = &left[head..left.len() - tail];
    let r = &right[head..right.len() - tail];
    // common[i][j]: the longest common subsequence of l[..i] and r[..j].
    let width = r.len() + 1;
    let mut common = vec![0u32; (l.len() + 1) * width];
    for i in 1..=l.len() {
        for j in 1..=r.len() {
            common[i * width + j] = if l[i - 1] == r[j - 1] {
                common[(i - 1) * width + j - 1] + 1
            } else {
                common[(i - 1) * width + j].max(common[i * width + j - 1])
            };
        }
    }
    let mut middle = Vec::with_capacity(l.len().max(r.len()));
    let (mut i, mut j) = (l.len(), r.len());
    while i > 0 || j > 0 {
        let here = common[i * width + j];
        if j > 0 && (i == 0 || here == common[i * width + j - 1]) {
            j -= 1;
            middle.push(Side::Right(&r[j]));
        } else if i > 0 && (j == 0 || here == common[(i - 1) * width + j]) {
            i -= 1;
            middle.push(Side::Left(&l[i]));
        } else {
            i -= 1;
            j -= 1;
            middle.push(Side::Both(&l[i]));
        }
    }
    middle.reverse();
    let mut out: Vec<Side<&T>> = left[..head].iter().map(Side::Both).collect();
    out.extend(middle);
    out.extend(left[left.len() - tail..].iter().map(Side::Both));
    out
}

#[cfg(test)]
mod tests {
    use super::lines;

    #[test]
    fn a_whitespace_only_change_shows_its_whitespace() {
        let expected = "function public.f()\n  body\n    BEGIN\n        RETURN NEW;\n    END\n";
        let actual = "function public.f()\n  body\n    BEGIN\n    \tRETURN NEW; \n    END\n";
        assert_eq!(
            lines(expected, actual, false),
            " function public.f()\n   body\n     BEGIN\n<    ····RETURN·NEW;\n>    →RETURN·NEW;·\n     END\n \n"
        );
    }

    #[test]
    fn a_line_break_only_change_shows_as_a_return_sign() {
        assert_eq!(lines("a\n", "a", false), " a\n<⏎\n");
        assert_eq!(lines("a\n\nb", "a\nb", false), " a\n<⏎\n b\n");
        // A carriage return is shown, not dropped as `str::lines` drops it.
        assert_eq!(lines("a\r\nb", "a\nb", false), "<a␍\n>a\n b\n");
    }

    #[test]
    fn whitespace_only_means_equal_words_in_unequal_texts() {
        assert!(super::whitespace_only("a b\n", "a\tb"));
        assert!(super::whitespace_only("ab", "a b"));
        assert!(!super::whitespace_only("a b", "a b"));
        assert!(!super::whitespace_only("a b", "a c"));
    }

    #[test]
    fn other_changes_are_shown_as_they_are() {
        // Not whitespace only: words changed, the spaces stay spaces.
        assert_eq!(lines("a b\n", "a c\n", false), "<a b\n>a c\n \n");
        assert_eq!(lines("x  y", "x  z", false), "<x  y\n>x  z\n");
    }
}
