//! Walk reports → text, for people and for machines.
//!
//! A walk's data is first turned into the documented types of the JSON
//! report ([`json::schema::Report`], by [`json::from_walk`]); every format
//! renders from those, so a report merged from several partitions
//! ([`merge`]) prints exactly like one walk's. One file per format, each a
//! function over `&mut impl io::Write`: [`human`] (terminal), [`json`]
//! (the versioned schema, for scripts), [`junit`] (one test case per
//! revision, for CI test tabs) and [`github`] (workflow-command
//! annotations on the offending file, plus a Markdown step summary).
//! Every sentence they print about a finding comes from [`wording`]; the
//! expected/actual diff of a mismatch from [`textdiff`].

pub mod data_wording;
pub mod github;
pub mod human;
pub mod json;
pub mod junit;
pub mod merge;
pub mod suggestion;
pub mod textdiff;
pub mod wording;

#[cfg(test)]
mod tests;

use crate::walk::WalkReport;
use json::schema::Report;
use std::io;

/// A report format (`--report FORMAT`, and its alias `--format`).
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
    write_report(format, out, &json::from_walk::report(reports), color)
}

/// Writes `report` in `format` (the GitHub step summary is
/// [`github::append_step_summary`]'s).
pub fn write_report(
    format: Format,
    out: &mut impl io::Write,
    report: &Report,
    color: bool,
) -> io::Result<()> {
    match format {
        Format::Human => human::write_report(out, report, color),
        Format::Json => json::write_report(out, report),
        Format::Junit => junit::write_report(out, report),
        Format::Github => github::write_annotations(out, report),
    }
}

impl Format {
    /// `human`, `json`, `junit`, `github`.
    pub fn name(self) -> &'static str {
        match self {
            Format::Human => "human",
            Format::Json => "json",
            Format::Junit => "junit",
            Format::Github => "github",
        }
    }
}

/// A path for messages: relative to the current directory when it is
/// below it.
pub fn display_path(p: &std::path::Path) -> String {
    match std::env::current_dir() {
        Ok(cwd) => relative_to(p, &cwd),
        Err(_) => p.display().to_string(),
    }
}

/// `p` relative to `dir` when it is below it; `.` when it is `dir` itself
/// (never an empty name).
fn relative_to(p: &std::path::Path, dir: &std::path::Path) -> String {
    match p.strip_prefix(dir) {
        Ok(rest) if rest.as_os_str().is_empty() => ".".to_string(),
        Ok(rest) => rest.display().to_string(),
        Err(_) => p.display().to_string(),
    }
}

#[cfg(test)]
mod display_path_tests {
    use super::relative_to;
    use std::path::Path;

    #[test]
    fn a_path_is_shown_relative_and_never_empty() {
        let cwd = Path::new("/work/app");
        assert_eq!(
            relative_to(Path::new("/work/app/db/migrations"), cwd),
            "db/migrations"
        );
        assert_eq!(relative_to(Path::new("/work/app"), cwd), ".");
        assert_eq!(relative_to(Path::new("/work/app/"), cwd), ".");
        assert_eq!(relative_to(Path::new("/elsewhere/m"), cwd), "/elsewhere/m");
    }
}
