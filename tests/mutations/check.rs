//! Walking one case and judging its report against what it expects.

use crate::case::{Case, Expect};
use crate::common;
use crate::common::findings::FindingSummary;
use crate::common::history::HistoryFiles;
use pg_roundtrip::db::Server;
use pg_roundtrip::walk::{WalkOptions, WalkReport, walk};

/// Writes the case in the flat layout (`1_r1`, `2_r2`…) and walks it.
pub async fn walk_case(server: &Server, case: &Case) -> Result<WalkReport, String> {
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let files = case
        .revisions
        .iter()
        .enumerate()
        .fold(HistoryFiles::new(), |files, (i, (up, down))| {
            files.rev(&format!("{}_r{}", i + 1, i + 1), up, down)
        });
    files.write(dir.path());
    let history = common::load(dir.path());
    let options = WalkOptions {
        strict_roles: matches!(case.expect, Expect::StrictRole(_)),
        ..WalkOptions::default()
    };
    walk(&history, server, &options)
        .await
        .map_err(|e| format!("the walk could not run: {e}"))
}

/// `Ok` when the report matches the expectation; else what went wrong,
/// what was expected, and every finding and warning the walk reported.
pub fn check(case: &Case, report: &WalkReport) -> Result<(), String> {
    let findings = common::findings::findings_per_revision(report);
    let warnings = common::findings::warnings(report);
    let problem = problem(&case.expect, report.passed(), &findings, &warnings);
    match problem {
        None => Ok(()),
        Some(problem) => Err(format!(
            "{problem}\nexpected: {}\nfound:\n{}",
            case.expect,
            found(&findings, &warnings)
        )),
    }
}

fn problem(
    expect: &Expect,
    passed: bool,
    findings: &[Vec<FindingSummary>],
    warnings: &[FindingSummary],
) -> Option<String> {
    let role_left_behind = |f: &FindingSummary, role: &str| {
        f.kind == "role-left-behind" && f.role.as_deref() == Some(role)
    };
    match expect {
        Expect::Pass => (!passed || !warnings.is_empty()).then(|| "false alarm".to_string()),
        Expect::Warn(role) => {
            if !passed {
                Some("false alarm".to_string())
            } else if !warnings.iter().any(|w| role_left_behind(w, role)) {
                Some(format!("missed: no role-left-behind warning for {role}"))
            } else {
                None
            }
        }
        Expect::StrictRole(role) => {
            let hit = findings
                .get(1)
                .is_some_and(|r| r.iter().any(|f| role_left_behind(f, role)));
            (!hit).then(|| format!("missed: no role-left-behind failure for {role}"))
        }
        Expect::Fail(kind, revision, path) => {
            for (i, r) in findings.iter().enumerate() {
                if i + 1 != *revision && !r.is_empty() {
                    return Some(format!("false alarm at revision {}", i + 1));
                }
            }
            let Some(r) = findings.get(revision - 1) else {
                return Some(format!("missed: revision {revision} did not run"));
            };
            let Some(f) = r.iter().find(|f| f.kind == *kind) else {
                return Some(format!("missed: no {kind} at revision {revision}"));
            };
            if !f.paths.iter().any(|p| p == path) {
                return Some(format!("wrong object: expected {path}"));
            }
            None
        }
    }
}

/// Every finding per revision, then the warnings; "nothing" if none.
fn found(findings: &[Vec<FindingSummary>], warnings: &[FindingSummary]) -> String {
    let mut out = String::new();
    for (i, r) in findings.iter().enumerate() {
        for f in r {
            let f = f.to_string().replace('\n', "\n    ");
            out.push_str(&format!("  revision {}: {f}\n", i + 1));
        }
    }
    for w in warnings {
        let w = w.to_string().replace('\n', "\n    ");
        out.push_str(&format!("  warning: {w}\n"));
    }
    if out.is_empty() {
        out.push_str("  nothing\n");
    }
    out
}
