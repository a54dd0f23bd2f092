//! The one place the tests read a walk's findings.
//!
//! Tests compare [`FindingSummary`] values, never the fields of
//! [`Finding`] itself, so that a change to how a finding is represented
//! changes [`summarize`] and nothing else.

use pg_roundtrip::report::wording;
use pg_roundtrip::walk::{Finding, Problem, WalkReport};

/// What a test may assert about one finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FindingSummary {
    /// `downgrade-mismatch`, `role-left-behind`…
    pub kind: String,
    /// The revision it is about: `0002_add_due_on`.
    pub revision: String,
    /// The path of every object it names: `index public.ix_title`.
    pub paths: Vec<String>,
    /// The role a `role-left-behind` finding is about.
    pub role: Option<String>,
    /// Everything else the finding says, shown when a test fails and never
    /// matched against.
    pub text: String,
}

/// Reads one finding.
pub fn summarize(f: &Finding) -> FindingSummary {
    let role = match &f.problem {
        Problem::RoleLeftBehind { role, .. } => Some(role.clone()),
        _ => None,
    };
    let mut text = wording::message(f);
    for detail in wording::details(f) {
        text.push('\n');
        text.push_str(&detail);
    }
    FindingSummary {
        kind: f.kind().as_str().to_string(),
        revision: f.revision().to_string(),
        paths: f.changes().iter().map(|c| c.object.path.clone()).collect(),
        role,
        text,
    }
}

/// The findings of each revision, in order (index 0 is revision 1).
pub fn findings_per_revision(report: &WalkReport) -> Vec<Vec<FindingSummary>> {
    report
        .revisions
        .iter()
        .map(|r| r.findings.iter().map(summarize).collect())
        .collect()
}

/// The warnings of the whole walk (findings that do not fail it).
pub fn warnings(report: &WalkReport) -> Vec<FindingSummary> {
    report.warnings().map(summarize).collect()
}

impl std::fmt::Display for FindingSummary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} at {}", self.kind, self.revision)?;
        if !self.paths.is_empty() {
            write!(f, " naming {:?}", self.paths)?;
        }
        write!(f, ": {}", self.text)
    }
}
