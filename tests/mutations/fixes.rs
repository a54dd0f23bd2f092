//! The proof of suggested fixes (`pg_roundtrip::fix`): for every case
//! that must fail as a downgrade mismatch, the suggestion of its finding
//! is appended to the broken down file, the history is walked again, and
//! the revision must pass. A case whose difference no statement restores
//! is listed in [`NOT_FIXABLE`] with its reason, and its suggestion must
//! say so; a difference no rule covers fails the trial, naming the kind.
//!
//! `cargo test --test mutations fix::` runs the proof alone; every new
//! mutation case is proven here without a line of its own.

use crate::case::{Case, DM, Expect};
use crate::check;
use pg_roundtrip::fix::{Fix, UnrestorableReason};
use pg_roundtrip::walk::{FindingKind, WalkReport};

/// The cases no statement can fix, with why. The reason is the one the
/// suggestion itself gives (its `reason` tag); anything else fails.
pub const NOT_FIXABLE: &[(&str, &str, &str)] = &[
    (
        "column::column_re_added_at_the_end",
        "column-order",
        "a column added again goes to the end: rebuild the table or declare the revision irreversible",
    ),
    (
        "foreign_data_wrapper::fdw_secret_option_not_restored",
        "secret",
        "a secret option is read as a hash only: its value cannot be written back",
    ),
    (
        "foreign_server::user_mapping_password_not_restored",
        "secret",
        "a user mapping's password is read as a hash only: its value cannot be written back",
    ),
    (
        "foreign_server::user_mapping_recreated_without_password",
        "secret",
        "a user mapping's password is read as a hash only: its value cannot be written back",
    ),
    (
        "subscription::subscription_password_not_restored",
        "secret",
        "a connection string's password is redacted: its value cannot be written back",
    ),
];

/// The reason tag of an unrestorable difference, as the JSON report spells it.
fn tag(reason: &UnrestorableReason) -> String {
    serde_json::to_value(reason)
        .ok()
        .and_then(|v| v.get("reason").and_then(|r| r.as_str().map(String::from)))
        .unwrap_or_default()
}

/// The suggestion of the downgrade mismatch at `revision` (1-based).
fn suggestion(report: &WalkReport, revision: usize) -> Result<Fix, String> {
    let outcome = report
        .revisions
        .get(revision - 1)
        .ok_or(format!("revision {revision} did not run"))?;
    let finding = outcome
        .findings
        .iter()
        .find(|f| f.kind() == FindingKind::DowngradeMismatch)
        .ok_or(format!("no downgrade mismatch at revision {revision}"))?;
    finding
        .suggestion
        .as_ref()
        .map(|s| s.fix.clone())
        .ok_or_else(|| "the downgrade mismatch carries no suggestion".to_string())
}

/// True for the cases the proof covers: the downgrade mismatches.
pub fn covered(case: &Case) -> bool {
    matches!(case.expect, Expect::Fail(kind, _, _) if kind == DM)
}

/// Walks the case, appends its suggestion to the broken down file, walks
/// again and requires a pass (or the listed reason).
pub async fn prove(
    server: &pg_roundtrip::db::Server,
    name: &str,
    case: &Case,
) -> Result<(), String> {
    let Expect::Fail(_, revision, _) = case.expect else {
        return Ok(());
    };
    let report = check::walk_case(server, case).await?;
    let fix = suggestion(&report, revision)?;
    let listed = NOT_FIXABLE.iter().find(|(n, _, _)| *n == name);
    if let Some(u) = fix
        .unrestorable
        .iter()
        .find(|u| matches!(u.reason, UnrestorableReason::NoRule { .. }))
    {
        return Err(format!(
            "no suggestion rule for {} ({:?}): add one in src/fix/",
            u.object, u.reason
        ));
    }
    match (listed, fix.unrestorable.first()) {
        (Some((_, reason, _)), Some(u)) if tag(&u.reason) == *reason => return Ok(()),
        (Some((_, reason, _)), Some(u)) => {
            return Err(format!(
                "listed as not fixable for {reason}, but the suggestion says {}",
                tag(&u.reason)
            ));
        }
        (Some((_, reason, _)), None) => {
            return Err(format!(
                "listed as not fixable ({reason}), but the suggestion restores it: take it off NOT_FIXABLE\n{}",
                fix.sql()
            ));
        }
        (None, Some(u)) => {
            return Err(format!(
                "the suggestion says {} is not restorable ({}); list it in NOT_FIXABLE with its reason or fix the rule",
                u.object,
                tag(&u.reason)
            ));
        }
        (None, None) => {}
    }
    if fix.statements.is_empty() {
        return Err("the suggestion has no statement".into());
    }
    let mut revisions = case.revisions.clone();
    let down = &mut revisions[revision - 1].1;
    down.push_str("\n-- suggested by pg-roundtrip\n");
    down.push_str(&fix.sql());
    down.push('\n');
    let fixed = Case {
        name: case.name,
        revisions,
        expect: Expect::Pass,
    };
    let again = check::walk_case(server, &fixed).await?;
    let findings: Vec<String> = again
        .revisions
        .iter()
        .flat_map(|r| r.findings.iter())
        .map(|f| {
            format!(
                "{} at {}: {:?}",
                f.kind(),
                f.revision,
                f.changes()
                    .iter()
                    .map(|c| &c.object.path)
                    .collect::<Vec<_>>()
            )
        })
        .collect();
    if again.passed() {
        Ok(())
    } else {
        Err(format!(
            "the suggestion did not fix the revision:\n{}\nstill:\n  {}",
            fix.sql(),
            findings.join("\n  ")
        ))
    }
}
