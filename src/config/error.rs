//! What can be wrong with a configuration: a file that cannot be read, a
//! key or value that is not understood (at its file, line and column), an
//! environment variable that does not parse, or a value that cannot work.

use std::ops::Range;
use std::path::{Path, PathBuf};

/// One problem with the configuration.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("failed to read {}: {source}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    /// A key or value in the file: `path:line:column: message`, then the
    /// line with the place marked.
    #[error("{}:{line}:{column}: {message}\n{excerpt}", path.display())]
    Invalid {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
        /// The line, numbered, and a `^^^` under the value.
        excerpt: String,
    },
    /// An environment variable: `VAR=value: message`.
    #[error("{var}={value}: {message}")]
    Env {
        var: String,
        value: String,
        message: String,
    },
    /// A flag or a builder call: `--jobs 0: message`.
    #[error("{what}: {message}")]
    Value { what: String, message: String },
}

impl ConfigError {
    /// An error at byte range `span` of `text`, the file at `path`.
    pub fn at(path: &Path, text: &str, span: Range<usize>, message: impl Into<String>) -> Self {
        let (line, column) = line_col(text, span.start);
        let source_line = text.lines().nth(line - 1).unwrap_or("");
        let width = text
            .get(span.clone())
            .map(|s| s.lines().next().unwrap_or("").chars().count())
            .unwrap_or(1)
            .max(1);
        let number = line.to_string();
        let pad = " ".repeat(number.len());
        let excerpt = format!(
            "{pad} |\n{number} | {source_line}\n{pad} | {}{}",
            " ".repeat(column - 1),
            "^".repeat(width)
        );
        ConfigError::Invalid {
            path: path.to_path_buf(),
            line,
            column,
            message: message.into(),
            excerpt,
        }
    }
}

/// The line and column (both from 1, the column in characters) of byte
/// `offset` of `text`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before.get(line_start..).map_or(0, |s| s.chars().count()) + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_columns_count_from_one() {
        let text = "a = 1\nbé = 2\n";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 6), (2, 1));
        // After the two-byte `é`: the column counts characters.
        assert_eq!(line_col(text, 9), (2, 3));
        assert_eq!(line_col(text, 1000), (3, 1));
    }

    #[test]
    fn the_excerpt_marks_the_value() {
        let text = "history = \"m\"\njobs = 0\n";
        let e = ConfigError::at(Path::new("p.toml"), text, 21..22, "give at least 1");
        assert_eq!(
            e.to_string(),
            "p.toml:2:8: give at least 1\n  |\n2 | jobs = 0\n  |        ^"
        );
    }
}
