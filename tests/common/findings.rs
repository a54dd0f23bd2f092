//! The one place the tests read a walk's findings.
//!
//! Tests compare [`FindingSummary`] values, never the fields of
//! [`Finding`] itself, so that a change to how a finding is represented
//! changes [`summarize`] and nothing else.

use pg_roundtrip::walk::{Finding, FindingKind, WalkReport};

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
    let role = (f.kind == FindingKind::RoleLeftBehind)
        .then(|| {
            // "role NAME exists after the downgrade of …"
            f.message
                .strip_prefix("role ")
                .and_then(|rest| rest.split(' ').next())
                .map(str::to_string)
        })
        .flatten();
    let mut text = f.message.clone();
    for detail in &f.details {
        text.push('\n');
        text.push_str(detail);
    }
    FindingSummary {
        kind: f.kind.as_str().to_string(),
        revision: f.revision.clone(),
        paths: f.changes.iter().map(|c| c.object.path.clone()).collect(),
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
