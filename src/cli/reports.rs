//! The reports a command writes: `--report FORMAT[=PATH]` (repeatable),
//! with `--format FORMAT` and `--junit PATH` as aliases, checked before
//! anything runs; then writing them all from one
//! [`Report`](crate::report::json::schema::Report), and the exit code of a
//! verdict beside report files that could not be written.

use super::args::Color;
use super::error::CliError;
use super::exit;
use super::stdout::Stdout;
use crate::report::json::schema::Report;
use crate::report::{self, Format};
use std::ffi::OsString;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;

/// One `--report`: a format, and the file it goes to (`None`: standard
/// output).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportSpec {
    pub format: Format,
    pub path: Option<PathBuf>,
}

/// Parses `human`, `json`, `junit`, `github`, or `FORMAT=PATH` (not for
/// `github`, whose workflow commands only work on standard output).
pub fn parse_spec(text: &str) -> Result<ReportSpec, String> {
    let (name, path) = match text.split_once('=') {
        Some((name, path)) => (name, Some(path)),
        None => (text, None),
    };
    let format = <Format as clap::ValueEnum>::from_str(name, false).map_err(|_| {
        format!("unknown report format `{name}`: use human, json, junit or github, optionally with =PATH (json=report.json)")
    })?;
    let path = match path {
        None => None,
        Some("") => return Err(format!("`{text}`: the path after = is empty")),
        Some(_) if format == Format::Github => {
            return Err("github writes workflow commands, which GitHub reads on standard output only: use `--report github` without a path (the step summary goes to $GITHUB_STEP_SUMMARY)".into());
        }
        Some(p) => Some(PathBuf::from(p)),
    };
    Ok(ReportSpec { format, path })
}

/// The reports to write, checked: at most one on standard output, no
/// file twice.
#[derive(Debug, Clone)]
pub struct Reports {
    specs: Vec<ReportSpec>,
    color: bool,
}

impl Reports {
    /// The reports `--report`, `--format` and `--junit` ask for. When none
    /// writes to standard output, the human report does, so that a log
    /// always says what failed.
    pub fn plan(
        reports: &[ReportSpec],
        format: Option<Format>,
        junit: Option<&PathBuf>,
        color: Color,
    ) -> Result<Self, CliError> {
        let mut specs: Vec<ReportSpec> = reports.to_vec();
        if let Some(format) = format {
            specs.push(ReportSpec { format, path: None });
        }
        if let Some(path) = junit {
            specs.push(ReportSpec {
                format: Format::Junit,
                path: Some(path.clone()),
            });
        }
        let on_stdout: Vec<&ReportSpec> = specs.iter().filter(|s| s.path.is_none()).collect();
        if on_stdout.len() > 1 {
            let names: Vec<&str> = on_stdout.iter().map(|s| s.format.name()).collect();
            return Err(CliError::Usage(format!(
                "{} would all write to standard output; only one report can: give the others a file (--report json=report.json){}",
                names.join(" and "),
                if format.is_some() {
                    " (--format is --report FORMAT on standard output)"
                } else {
                    ""
                }
            )));
        }
        for (i, a) in specs.iter().enumerate() {
            if let Some(path) = &a.path
                && specs[..i].iter().any(|b| b.path.as_ref() == Some(path))
            {
                return Err(CliError::Usage(format!(
                    "two reports would write to {}: give each its own file",
                    path.display()
                )));
            }
        }
        if on_stdout.is_empty() {
            specs.insert(
                0,
                ReportSpec {
                    format: Format::Human,
                    path: None,
                },
            );
        }
        let color = use_color(
            color,
            std::io::stdout().is_terminal(),
            std::env::var_os("NO_COLOR"),
        );
        Ok(Reports { specs, color })
    }

    /// The reports, in the order they are written.
    #[cfg(test)]
    pub fn specs(&self) -> &[ReportSpec] {
        &self.specs
    }

    /// Writes every report of `report`, and the GitHub step summary with
    /// the github report. Standard output failing is the error; the
    /// returned errors are files that could not be written, which never
    /// hide the verdict ([`exit_code`]).
    pub fn write(&self, report: &Report) -> Result<Vec<CliError>, CliError> {
        let mut errors = Vec::new();
        for spec in &self.specs {
            match &spec.path {
                None => {
                    let mut out = Stdout::new();
                    report::write_report(spec.format, &mut out, report, self.color)
                        .map_err(CliError::Stdout)?;
                    out.flush().map_err(CliError::Stdout)?;
                }
                Some(path) => {
                    if let Err(e) = write_file(spec.format, path, report) {
                        errors.push(e);
                    }
                }
            }
            if spec.format == Format::Github
                && let Err(e) = report::github::append_step_summary(report)
            {
                errors.push(e.into());
            }
        }
        Ok(errors)
    }
}

/// Writes one report file (never in colour).
fn write_file(format: Format, path: &PathBuf, report: &Report) -> Result<(), CliError> {
    let file_error = |action| {
        move |source| CliError::ReportFile {
            action,
            path: path.clone(),
            source,
        }
    };
    let mut file = std::fs::File::create(path).map_err(file_error("create"))?;
    report::write_report(format, &mut file, report, false).map_err(file_error("write"))?;
    file.flush().map_err(file_error("write"))
}

/// Colours: `always` and `never` as said; `auto` only on a terminal, and
/// not when `NO_COLOR` is set to anything but the empty string
/// (<https://no-color.org>).
pub fn use_color(choice: Color, terminal: bool, no_color: Option<OsString>) -> bool {
    match choice {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => terminal && no_color.is_none_or(|v| v.is_empty()),
    }
}

/// The exit code of a verdict (`passed`) beside report files that could
/// not be written: those are an error of their own (exit 2) when the
/// verdict passed, and a warning when it failed, which keeps exit 1.
pub fn exit_code(passed: bool, report_errors: Vec<CliError>) -> Result<u8, CliError> {
    match CliError::all(report_errors) {
        Some(e) if passed => Err(e),
        Some(e) => {
            let _ = e.print_as_warning(&mut std::io::stderr().lock());
            Ok(exit::FAILED)
        }
        None if passed => Ok(exit::OK),
        None => Ok(exit::FAILED),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn spec(text: &str) -> ReportSpec {
        parse_spec(text).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn a_spec_is_a_format_and_maybe_a_path() {
        assert_eq!(
            spec("json=out/r.json"),
            ReportSpec {
                format: Format::Json,
                path: Some("out/r.json".into())
            }
        );
        assert_eq!(spec("junit").path, None);
        assert_eq!(spec("github").format, Format::Github);
        let bad = parse_spec("yaml=x").unwrap_err();
        assert!(bad.contains("unknown report format `yaml`"), "{bad}");
        assert!(parse_spec("json=").unwrap_err().contains("empty"));
        assert!(
            parse_spec("github=x")
                .unwrap_err()
                .contains("standard output only")
        );
    }

    #[test]
    fn one_report_on_standard_output_at_most() {
        let two = Reports::plan(&[spec("json"), spec("junit")], None, None, Color::Never);
        let Err(CliError::Usage(text)) = two else {
            panic!("two on stdout were accepted")
        };
        assert!(text.contains("json and junit would all write to standard output"));
        let alias = Reports::plan(&[spec("json")], Some(Format::Human), None, Color::Never);
        assert!(matches!(alias, Err(CliError::Usage(t)) if t.contains("--format is")));
        let same_file = Reports::plan(&[spec("json=r"), spec("junit=r")], None, None, Color::Never);
        assert!(
            matches!(same_file, Err(CliError::Usage(t)) if t.contains("two reports would write to r"))
        );
    }

    #[test]
    fn human_goes_to_standard_output_unless_another_report_does() {
        let junit = PathBuf::from("j.xml");
        let plan = Reports::plan(&[spec("json=r.json")], None, Some(&junit), Color::Never)
            .unwrap_or_else(|e| panic!("{e}"));
        let formats: Vec<(Format, Option<&str>)> = plan
            .specs()
            .iter()
            .map(|s| (s.format, s.path.as_deref().and_then(|p| p.to_str())))
            .collect();
        assert_eq!(
            formats,
            [
                (Format::Human, None),
                (Format::Json, Some("r.json")),
                (Format::Junit, Some("j.xml"))
            ]
        );
        let plan = Reports::plan(&[spec("github")], None, None, Color::Never)
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(plan.specs().len(), 1);
    }

    #[test]
    fn colour_only_on_a_terminal_and_never_with_no_color() {
        assert!(use_color(Color::Auto, true, None));
        assert!(!use_color(Color::Auto, false, None));
        assert!(!use_color(Color::Auto, true, Some("1".into())));
        // An empty NO_COLOR is as if unset.
        assert!(use_color(Color::Auto, true, Some("".into())));
        assert!(use_color(Color::Always, false, Some("1".into())));
        assert!(!use_color(Color::Never, true, None));
    }
}
