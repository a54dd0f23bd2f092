//! `--format junit`: one test suite per walk, one test case per revision.

use super::{textdiff, wording};
use crate::walk::{RevisionStatus, WalkReport};
use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};
use std::io::{self, Write};

/// Writes `reports` as one JUnit XML document.
pub fn write(out: &mut impl Write, reports: &[WalkReport]) -> io::Result<()> {
    let mut report = Report::new("pg-roundtrip");
    for walk in reports {
        let mut suite = TestSuite::new(format!(
            "{} (PostgreSQL {})",
            walk.history.display(),
            walk.pg_major
        ));
        suite.add_property(quick_junit::Property::new(
            "pg_major",
            walk.pg_major.to_string(),
        ));
        suite.add_property(quick_junit::Property::new("server", walk.server.clone()));
        for r in &walk.revisions {
            let status = match &r.status {
                RevisionStatus::NotRun { reason } => {
                    let mut s = TestCaseStatus::skipped();
                    s.set_message(wording::not_run(reason));
                    s
                }
                _ if r.findings.is_empty() => TestCaseStatus::success(),
                _ => {
                    let mut s = TestCaseStatus::non_success(NonSuccessKind::Failure);
                    let kinds: Vec<&str> = r.findings.iter().map(|f| f.kind().as_str()).collect();
                    s.set_type(kinds.join(","));
                    s.set_message(
                        r.findings
                            .iter()
                            .map(wording::message)
                            .collect::<Vec<_>>()
                            .join("; "),
                    );
                    let mut description = String::new();
                    for f in &r.findings {
                        description.push_str(&format!("{}: {}\n", f.kind(), wording::message(f)));
                        for d in wording::details(f) {
                            description.push_str(&format!("  {d}\n"));
                        }
                        if !f.expected().is_empty() || !f.actual().is_empty() {
                            description.push_str(textdiff::HEADER);
                            description.push('\n');
                            description.push_str(&textdiff::lines(f.expected(), f.actual(), false));
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
                    .map(|w| format!("warning {}: {}", w.kind(), wording::message(w)))
                    .collect();
                case.set_system_out(text.join("\n"));
            }
            // The version is part of the class, so that the same revision
            // on two versions is two distinct test cases.
            case.set_classname(format!("{}.pg{}", walk.history.display(), walk.pg_major));
            case.set_time(r.timings.up + r.timings.down + r.timings.reup + r.timings.inspect);
            suite.add_test_case(case);
        }
        report.add_test_suite(suite);
    }
    let xml = report.to_string().map_err(io::Error::other)?;
    out.write_all(xml.as_bytes())
}
