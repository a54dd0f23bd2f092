//! What goes wrong when a history is read: [`Problem`]s, one per bad file,
//! gathered into a single [`HistoryError`] for the whole directory so that a
//! user sees everything to fix at once.

use std::fmt;
use std::path::{Path, PathBuf};

/// Every problem found in one history directory, sorted by path.
///
/// Displays as a header line, one line per problem (each naming its file,
/// with its `help` on the next line), and a closing line saying what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", render(.dir, .problems))]
pub struct HistoryError {
    pub dir: PathBuf,
    pub problems: Vec<Problem>,
}

impl HistoryError {
    /// Gathers `problems` for `dir`, sorted by path (then by line and column;
    /// problems of the same place keep the order they were found in).
    pub fn new(dir: impl Into<PathBuf>, mut problems: Vec<Problem>) -> Self {
        problems.sort_by(|a, b| (&a.path, a.line, a.column).cmp(&(&b.path, b.line, b.column)));
        Self {
            dir: dir.into(),
            problems,
        }
    }
}

fn render(dir: &Path, problems: &[Problem]) -> String {
    let count = match problems.len() {
        1 => "1 problem".to_owned(),
        n => format!("{n} problems"),
    };
    let mut out = format!(
        "failed to read the migration history in `{}` ({count}):\n",
        dir.display()
    );
    for problem in problems {
        out.push_str(&format!("  {problem}\n"));
        if let Some(help) = &problem.help {
            out.push_str(&format!("    help: {help}\n"));
        }
    }
    out.push_str("fix the files listed above, then run pg-roundtrip again");
    out
}

/// One thing wrong with one file (or with the directory itself).
///
/// `message` is a lowercase fragment saying what is wrong; `help`, when
/// present, says what to do about it. `line` and `column` are 1-based.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub path: PathBuf,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
    pub help: Option<String>,
}

impl Problem {
    /// A problem with the whole of `path`, with no position and no help yet.
    pub fn new(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Self {
            path: path.into(),
            line: None,
            column: None,
            message: message.into(),
            help: None,
        }
    }

    /// Adds what the user should do.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Places the problem at a 1-based line and column of the file.
    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.line = Some(line);
        self.column = Some(column);
        self
    }
}

/// `path[:line[:column]]: message`, the form editors and CI annotations
/// understand.
impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        write!(f, ": {}", self.message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problems_are_sorted_by_path_then_position() {
        let err = HistoryError::new(
            "m",
            vec![
                Problem::new("m/2_b.up.sql", "second"),
                Problem::new("m/1_a.up.sql", "later").at(3, 1),
                Problem::new("m/1_a.up.sql", "earlier").at(1, 4),
                Problem::new("m", "dir"),
            ],
        );
        let messages: Vec<&str> = err.problems.iter().map(|p| p.message.as_str()).collect();
        assert_eq!(messages, ["dir", "earlier", "later", "second"]);
    }

    #[test]
    fn display_lists_every_problem_with_its_help_and_ends_with_what_to_do() {
        let err = HistoryError::new(
            "migrations",
            vec![
                Problem::new("migrations/1_a.up.sql", "missing down file")
                    .with_help("add `1_a.down.sql`"),
                Problem::new("migrations/2_b.up.sql", "invalid utf-8").at(2, 5),
            ],
        );
        assert_eq!(
            err.to_string(),
            "failed to read the migration history in `migrations` (2 problems):\n  \
             migrations/1_a.up.sql: missing down file\n    \
             help: add `1_a.down.sql`\n  \
             migrations/2_b.up.sql:2:5: invalid utf-8\n\
             fix the files listed above, then run pg-roundtrip again"
        );
    }

    #[test]
    fn one_problem_is_singular() {
        let err = HistoryError::new("m", vec![Problem::new("m", "empty")]);
        assert!(err.to_string().contains("(1 problem):"));
    }
}
