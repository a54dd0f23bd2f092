//! Walk reports → text, for people and for machines.
//!
//! One file per format, each a function over `&mut impl io::Write`:
//! [`human`] (terminal), [`json`] (stable keys, for scripts), [`junit`]
//! (one test case per revision, for CI test tabs) and [`github`]
//! (workflow-command annotations on the offending file, plus a Markdown
//! step summary). Every sentence they print about a finding comes from
//! [`wording`]; the expected/actual diff of a mismatch from [`textdiff`].

pub mod github;
pub mod human;
pub mod json;
pub mod junit;
pub mod textdiff;
pub mod wording;

#[cfg(test)]
mod tests;

use crate::walk::WalkReport;
use std::io;

/// `--format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Json,
    Junit,
    Github,
}

/// Writes `reports` in `format`.
pub fn write(
    format: Format,
    out: &mut impl io::Write,
    reports: &[WalkReport],
    color: bool,
) -> io::Result<()> {
    match format {
        Format::Human => human::write(out, reports, color),
        Format::Json => json::write(out, reports),
        Format::Junit => junit::write(out, reports),
        Format::Github => github::write(out, reports),
    }
}

/// A path for messages: relative to the current directory when it is
/// below it.
pub fn display_path(p: &std::path::Path) -> String {
    match std::env::current_dir() {
        Ok(cwd) => p.strip_prefix(&cwd).unwrap_or(p).display().to_string(),
        Err(_) => p.display().to_string(),
    }
}
