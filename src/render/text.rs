//! Small text helpers shared by the renderers.

/// A SQL string literal: `'it''s'`. Text with line breaks or other control
/// characters becomes an escape string (`E'a\nb'`) so that one value always
/// stays on one line.
pub fn literal(s: &str) -> String {
    if s.chars().any(|c| c.is_control()) {
        let mut out = String::from("E'");
        for c in s.chars() {
            match c {
                '\'' => out.push_str("''"),
                '\\' => out.push_str("\\\\"),
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                '\t' => out.push_str("\\t"),
                c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
                c => out.push(c),
            }
        }
        out.push('\'');
        out
    } else {
        format!("'{}'", s.replace('\'', "''"))
    }
}

/// Joins the non-empty parts with single spaces.
pub fn words<'a>(parts: impl IntoIterator<Item = &'a str>) -> String {
    parts
        .into_iter()
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals() {
        assert_eq!(literal("plain"), "'plain'");
        assert_eq!(literal("it's"), "'it''s'");
        assert_eq!(literal("a\nb\\c"), "E'a\\nb\\\\c'");
    }

    #[test]
    fn words_skip_empty_parts() {
        assert_eq!(words(["a", "", "b"]), "a b");
    }
}
