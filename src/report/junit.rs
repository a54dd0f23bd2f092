//! `--report junit`: one test suite per run (history × PostgreSQL
//! version), one test case per revision: a failure per failing revision,
//! `skipped` for one not run, warnings in its `system-out`.
//! `tests/schemas/junit.xsd` describes the XML as CI tools read it, and a
//! test validates the output against it.

use super::json::from_walk;
use super::json::schema::{Report, RevisionStatus};
use super::textdiff;
use crate::walk::WalkReport;
use quick_junit::{NonSuccessKind, TestCase, TestCaseStatus, TestSuite};
use std::io::{self, Write};
use std::time::Duration;

/// Writes `reports` as one JUnit XML document.
pub fn write(out: &mut impl Write, reports: &[WalkReport]) -> io::Result<()> {
    write_report(out, &from_walk::report(reports))
}

/// Writes `report` as one JUnit XML document.
pub fn write_report(out: &mut impl Write, report: &Report) -> io::Result<()> {
    let mut xml = quick_junit::Report::new("pg-roundtrip");
    xml.set_time(Duration::from_millis(
        report.runs.iter().map(|r| r.duration_ms).sum(),
    ));
    for run in &report.runs {
        let mut suite = TestSuite::new(format!(
            "{} (PostgreSQL {})",
            run.history.display(),
            run.pg_major
        ));
        suite.add_property(quick_junit::Property::new(
            "pg_major",
            run.pg_major.to_string(),
        ));
        suite.add_property(quick_junit::Property::new("server", run.server.clone()));
        if let Some(g) = &run.generated {
            suite.add_property(quick_junit::Property::new(
                "data",
                super::data_wording::generated_summary(g),
            ));
        }
        suite.set_time(Duration::from_millis(run.duration_ms));
        for r in &run.revisions {
            let status = match r.status {
                RevisionStatus::NotRun => {
                    let mut s = TestCaseStatus::skipped();
                    s.set_message(r.not_run_reason.clone().unwrap_or_default());
                    s
                }
                _ if r.findings.is_empty() => TestCaseStatus::success(),
                _ => {
                    let mut s = TestCaseStatus::non_success(NonSuccessKind::Failure);
                    let kinds: Vec<&str> = r.findings.iter().map(|f| f.kind.as_str()).collect();
                    s.set_type(kinds.join(","));
                    s.set_message(
                        r.findings
                            .iter()
                            .map(|f| f.message.as_str())
                            .collect::<Vec<_>>()
                            .join("; "),
                    );
                    let mut description = String::new();
                    for f in &r.findings {
                        description.push_str(&format!("{}: {}\n", f.kind, f.message));
                        for d in &f.details {
                            description.push_str(&format!("  {d}\n"));
                        }
                        if !f.before.is_empty() || !f.after.is_empty() {
                            description.push_str(textdiff::HEADER);
                            description.push('\n');
                            description.push_str(&textdiff::lines(&f.before, &f.after, false));
                            description.push('\n');
                        }
                    }
                    s.set_description(description);
                    s
                }
            };
            let mut case = TestCase::new(r.id.clone(), status);
            // Warnings do not fail the test case; they go to its output.
            if !r.warnings.is_empty() {
                let text: Vec<String> = r
                    .warnings
                    .iter()
                    .map(|w| format!("warning {}: {}", w.kind, w.message))
                    .collect();
                case.set_system_out(text.join("\n"));
            }
            // The version is part of the class, so that the same revision
            // on two versions is two distinct test cases.
            case.set_classname(format!("{}.pg{}", run.history.display(), run.pg_major));
            case.set_time(Duration::from_millis(r.total_ms()));
            suite.add_test_case(case);
        }
        xml.add_test_suite(suite);
    }
    let text = xml.to_string().map_err(io::Error::other)?;
    out.write_all(text.as_bytes())
}
