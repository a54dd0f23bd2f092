//! A fix in Alembic's language: `op.` calls where Alembic has one
//! (`op.drop_index`, `op.drop_column`, `op.alter_column`, …), otherwise
//! `op.execute` with the SQL.

use super::Statement;

/// One line of Python per statement, for a revision's `downgrade()`.
pub fn calls(statements: &[Statement]) -> Vec<String> {
    statements
        .iter()
        .map(|s| {
            s.op.clone()
                .unwrap_or_else(|| format!("op.execute({})", py(&s.sql)))
        })
        .collect()
}

/// A Python string literal.
pub(super) fn py(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A name as Alembic takes it: without `quote_ident`'s quotes.
pub(super) fn bare(name: &str) -> String {
    match name.strip_prefix('"').and_then(|n| n.strip_suffix('"')) {
        Some(inner) => inner.replace("\"\"", "\""),
        None => name.to_string(),
    }
}
