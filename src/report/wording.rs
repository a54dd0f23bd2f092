//! Every sentence a report says about a walk, for all formats.
//!
//! Findings are plain data ([`Finding`]); this module turns them into the
//! one-line message and the detail lines that the human, JSON, JUnit and
//! GitHub reports all print, together with the hints and the flag names
//! they mention (`--allow-irreversible`, `--strict-roles`,
//! `pg-roundtrip review`, `cargo insta review`).

use crate::diff::{Change, ChangeKind};
use crate::walk::{
    Direction, FailedStep, Finding, GlobalObject, NotRunReason, Problem, SnapshotMismatch,
};

/// At most this many changed lines of a snapshot are listed.
const SNAPSHOT_LINES: usize = 12;

/// Whether `finding` says only that its revision has no snapshot yet (a
/// first run): the round trip itself passed.
pub fn is_new_snapshot(finding: &Finding) -> bool {
    matches!(&finding.problem, Problem::SnapshotMismatch(s) if s.stored.is_none())
}

/// Whether the current directory is inside a cargo package (a
/// `Cargo.toml` in it or above it), where `cargo insta review` works too.
pub fn in_cargo_package() -> bool {
    std::env::current_dir()
        .map(|cwd| cwd.ancestors().any(|d| d.join("Cargo.toml").is_file()))
        .unwrap_or(false)
}

/// The line that ends a first run: the round trip passed and `new`
/// snapshots wait for review (`written`: `.snap.new` files were recorded;
/// in CI nothing is).
pub fn new_snapshots(new: usize, written: bool, cargo_package: bool) -> String {
    let plural = if new == 1 { "" } else { "s" };
    if !written {
        return format!(
            "every revision round-trips; {new} revision{plural} ha{} no snapshot yet and nothing was written (CI or INSTA_UPDATE=no): run pg-roundtrip check locally to record {}",
            if new == 1 { "s" } else { "ve" },
            if new == 1 { "it" } else { "them" }
        );
    }
    let review = if cargo_package {
        "`pg-roundtrip review` (or `cargo insta review`)"
    } else {
        "`pg-roundtrip review`"
    };
    format!(
        "every revision round-trips; {new} new snapshot{plural} wait{} for review: {review}, then `pg-roundtrip accept`",
        if new == 1 { "s" } else { "" }
    )
}

/// One line: what went wrong.
pub fn message(finding: &Finding) -> String {
    if let Some(text) = super::data_wording::message(finding) {
        return text;
    }
    let id = finding.revision();
    match &finding.problem {
        Problem::DowngradeMismatch(_) => {
            format!("the downgrade of {id} did not restore the schema from before it")
        }
        Problem::ReupgradeMismatch(_) => {
            format!("upgrading {id} again after its downgrade gave a different schema")
        }
        Problem::ReupgradeError(step) => step_message("second upgrade", id, step),
        Problem::StepError { direction, step } => {
            let what = match direction {
                Direction::Up => "upgrade",
                Direction::Down => "downgrade",
            };
            step_message(what, id, step)
        }
        Problem::VerifyError { second, step } => step_message(
            if *second {
                "verify script after the second upgrade"
            } else {
                "verify script after the upgrade"
            },
            id,
            step,
        ),
        Problem::SnapshotMismatch(s) if !s.edited.is_empty() => {
            let files: Vec<String> = s
                .edited
                .iter()
                .map(|e| format!("{} file {}", e.direction, e.path.display()))
                .collect();
            format!(
                "edited an applied migration: the {} of {id} changed after its snapshot {} was recorded",
                files.join(" and the "),
                s.path.display()
            )
        }
        Problem::SnapshotMismatch(s) if s.stored.is_none() && s.sorts_before.is_some() => format!(
            "{id} is new but sorts before {}, which already has a snapshot",
            s.sorts_before.as_deref().unwrap_or_default()
        ),
        Problem::SnapshotMismatch(s) => match &s.stored {
            None => format!("{id} has no snapshot yet ({})", s.path.display()),
            Some(_) => format!(
                "the schema after {id} on PostgreSQL {} differs from its snapshot {}",
                s.major,
                s.path.display()
            ),
        },
        Problem::Irreversible { missing } => format!(
            "{id} has no downgrade ({}); it was upgraded only",
            missing.what
        ),
        Problem::RoleLeftBehind { role, .. } => {
            format!("role {role} exists after the downgrade of {id} but did not before its upgrade")
        }
        Problem::GlobalLeftBehind { object, name, .. } => format!(
            "{} {name} exists after the downgrade of {id} but did not before its upgrade",
            global_object(*object)
        ),
        Problem::NotDeterministic(_) => format!(
            "replaying the upgrades up to {id} gave another schema than the walk's first pass: \
             the history is not deterministic; the walk goes on from the replayed schema"
        ),
        Problem::Data(_)
        | Problem::DataDestroyed { .. }
        | Problem::FixtureError(_)
        | Problem::DataSkipped { .. }
        | Problem::GeneratedRowsRemoved { .. } => String::new(),
    }
}

/// The lines under the message: one per differing object, the server's
/// detail and hint, what to do next.
pub fn details(finding: &Finding) -> Vec<String> {
    if let Some(lines) = super::data_wording::details(finding) {
        return lines;
    }
    let id = finding.revision();
    match &finding.problem {
        Problem::DowngradeMismatch(m) => {
            let expected = format!("before {id}");
            let mut lines = changes(&m.changes, &expected, "after its downgrade");
            lines.extend(frozen_moment(m));
            lines
        }
        Problem::ReupgradeMismatch(m) => {
            let mut lines = changes(
                &m.changes,
                "after the first upgrade",
                "after the second upgrade",
            );
            lines.extend(frozen_moment(m));
            lines
        }
        Problem::NotDeterministic(m) => {
            let mut lines = changes(&m.changes, "after the first pass", "after the replay");
            lines.extend(frozen_moment(m));
            lines
        }
        Problem::ReupgradeError(step) => {
            let mut lines = server_details(step);
            lines.push("the downgrade probably left something behind: what a downgrade mismatch of this revision names, else data or objects pg-roundtrip does not compare".into());
            lines
        }
        Problem::StepError { step, .. } => server_details(step),
        Problem::VerifyError { second, step } => {
            let mut lines = server_details(step);
            lines.push(if *second {
                "the first upgrade verified: the downgrade probably left something behind that the second upgrade trips over".into()
            } else {
                "sqitch runs this script after every deploy (`sqitch deploy --verify`) and reverts the change when it fails".into()
            });
            lines
        }
        Problem::SnapshotMismatch(s) => snapshot_details(id, s),
        Problem::Irreversible { missing } => vec![format!(
            "{}; or allow it for this run with --allow-irreversible {id}",
            missing.help
        )],
        Problem::RoleLeftBehind { strict, .. } => vec![format!(
            "roles are cluster-wide: drop it in the downgrade if the upgrade created it{}",
            if *strict {
                ""
            } else {
                " (a warning; --strict-roles makes it a failure)"
            }
        )],
        Problem::Data(_)
        | Problem::DataDestroyed { .. }
        | Problem::FixtureError(_)
        | Problem::DataSkipped { .. }
        | Problem::GeneratedRowsRemoved { .. } => Vec::new(),
        Problem::GlobalLeftBehind { object, strict, .. } => vec![format!(
            "{}s are cluster-wide: drop it in the downgrade if the upgrade created it{}",
            global_object(*object),
            if *strict {
                ""
            } else {
                " (a warning; --strict-globals makes it a failure)"
            }
        )],
    }
}

/// `database`, `tablespace`.
fn global_object(object: GlobalObject) -> &'static str {
    match object {
        GlobalObject::Database => "database",
        GlobalObject::Tablespace => "tablespace",
    }
}

/// Why a revision was not walked.
pub fn not_run(reason: &NotRunReason) -> String {
    match reason {
        NotRunReason::UpgradeFailed { revision } => format!("the upgrade of {revision} failed"),
        NotRunReason::RebuildFailed {
            target,
            failed_at,
            message,
        } => format!("rebuilding the database up to {target} failed at {failed_at}: {message}"),
        NotRunReason::FastForwardFailed { failed_at, message } => {
            format!("upgrading the revisions before it failed at {failed_at}: {message}")
        }
    }
}

/// A one-line description of a change, neutral about which step produced
/// the schemas: `index ix on table public.t: present after its downgrade,
/// absent before 0002_x`.
pub fn change(change: &Change, expected_label: &str, actual_label: &str) -> String {
    let one = |s: &str| -> String {
        let first = s.lines().next().unwrap_or_default();
        if s.lines().nth(1).is_some() {
            format!("{first} …")
        } else {
            first.to_string()
        }
    };
    let object = &change.object;
    match &change.kind {
        ChangeKind::Added { .. } => {
            format!("{object}: present {actual_label}, absent {expected_label}")
        }
        ChangeKind::Removed { .. } => {
            format!("{object}: missing {actual_label}, present {expected_label}")
        }
        ChangeKind::Altered { expected, actual }
            if super::textdiff::whitespace_only(expected, actual) =>
        {
            format!(
                "{object}: differs {actual_label} from {expected_label} in whitespace only (shown as · for a space, → for a tab, ⏎ for a line break)"
            )
        }
        ChangeKind::Altered { expected, actual }
            if expected.contains('\n') || actual.contains('\n') =>
        {
            format!("{object}: differs {actual_label} from {expected_label}")
        }
        ChangeKind::Altered { expected, actual } => format!(
            "{object}: `{}` {actual_label}, was `{}` {expected_label}",
            one(actual),
            one(expected)
        ),
        ChangeKind::Reordered { expected, actual } => format!(
            "{object}: {} ({}) {actual_label}, was ({}) {expected_label}",
            if object.has_columns() {
                "column order"
            } else {
                "order"
            },
            actual.join(", "),
            expected.join(", ")
        ),
    }
}

fn changes(changes: &[Change], expected_label: &str, actual_label: &str) -> Vec<String> {
    changes
        .iter()
        .map(|c| change(c, expected_label, actual_label))
        .collect()
}

fn step_message(what: &str, id: &str, step: &FailedStep) -> String {
    format!("the {what} of {id} failed: {}", step.error.message)
}

fn server_details(step: &FailedStep) -> Vec<String> {
    let mut lines = Vec::new();
    if let Some(d) = &step.error.detail {
        lines.push(format!("detail: {d}"));
    }
    if let Some(h) = &step.error.hint {
        lines.push(format!("hint: {h}"));
    }
    lines.extend(advice(&step.error.message));
    lines
}

/// Why two renderings of one history differ, when it can be told: they
/// differ only in timestamp literals, which is what an upgrade that
/// evaluates `now()` (or `'now'::timestamp`, `CURRENT_DATE`…) into a view
/// definition, a default or a check leaves.
fn frozen_moment(m: &crate::walk::Mismatch) -> Option<String> {
    let differs = m.expected != m.actual;
    (differs && without_timestamps(&m.expected) == without_timestamps(&m.actual)).then(|| {
        "the only difference is a timestamp literal: the upgrade froze the moment it ran into \
         the definition (`now()`, `'now'::timestamp` or `CURRENT_DATE` evaluated when the \
         migration runs), so running it again gives another schema; compute the value at query \
         time instead (in a view, call now() in the query rather than a literal)"
            .to_string()
    })
}

/// `text` with every quoted timestamp or date literal (`'2026-12-01
/// 12:08:17.175595'`, `'2026-12-01'`, with an optional zone) replaced by
/// `'…'`.
pub fn without_timestamps(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find('\'') {
        out.push_str(&rest[..=start]);
        let after = &rest[start + 1..];
        match after.find('\'') {
            Some(end) if is_timestamp(&after[..end]) => {
                out.push('…');
                rest = &after[end..];
                out.push('\'');
                rest = &rest[1..];
            }
            _ => rest = after,
        }
    }
    out.push_str(rest);
    out
}

/// `YYYY-MM-DD`, optionally followed by ` HH:MM[:SS[.f…]]` and a zone.
fn is_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| b.get(r).is_some_and(|d| d.iter().all(u8::is_ascii_digit));
    let date = b.len() >= 10
        && digits(0..4)
        && b[4] == b'-'
        && digits(5..7)
        && b[7] == b'-'
        && digits(8..10);
    date && s[10..]
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, ' ' | 'T' | ':' | '.' | '+' | '-'))
}

/// What to do about a server error whose message alone leaves a user
/// stuck, from the message's wording (the server's English messages).
pub fn advice(message: &str) -> Option<String> {
    let m = message;
    if m.contains("cannot run inside a transaction block")
        || m.contains("cannot be executed within a pipeline")
        || m.contains("cannot be executed from a function")
    {
        Some(
            "to run this file outside a transaction, start it with a line `-- no-transaction` \
             (flat layout); diesel: `run_in_transaction = false` in metadata.toml; dbmate: \
             `-- migrate:up transaction:false`; goose: `-- +goose NO TRANSACTION`; Flyway: \
             `executeInTransaction=false` in its .sql.conf"
                .into(),
        )
    } else if m.contains("extension \"") && m.contains("is not available")
        || m.contains("could not open extension control file")
    {
        Some(
            "the server has no files for this extension: install its package where the server \
             runs (Debian: postgresql-contrib, or postgresql-<major>-<extension>), or pick an image \
             that has it with --image"
                .into(),
        )
    } else if m.starts_with("role \"") && m.ends_with("does not exist") {
        Some(
            "roles are cluster-wide and the scratch server starts with none of yours: create the \
             role in an earlier migration (CREATE ROLE … in a DO block that checks pg_roles), or on \
             the server before the walk with --backend url"
                .into(),
        )
    } else if let Some(advice) = bad_input_advice(m) {
        Some(advice)
    } else if m.starts_with("permission denied") || m.starts_with("must be owner of") {
        Some(
            "the walk's user lacks this privilege: with --backend url, connect as a role that may \
             create databases and what the migrations create (a superuser on a scratch server)"
                .into(),
        )
    } else {
        None
    }
}

/// Advice for what a migration file does that the walk cannot run: it
/// ends its own session, holds psql syntax, or never closes a quote.
fn bad_input_advice(m: &str) -> Option<String> {
    let advice = if m.starts_with("terminating connection due to administrator command") {
        "a statement of this step ended the walk's own session (pg_terminate_backend of every \
         backend, its own included) or stopped the server: a migration must not end the session \
         that runs it; to end the others, leave it out with `WHERE pid <> pg_backend_pid()`"
    } else if m.starts_with("syntax error at or near \"\\\"") {
        "a line that starts with `\\` is a psql meta-command, which the server does not know: \
         write it in SQL"
    } else if m.contains("unexpected message: CopyInResponse")
        || m.contains("unexpected message: CopyOutResponse")
    {
        "`COPY … FROM STDIN` and `COPY … TO STDOUT` stream rows through the client, which \
         pg-roundtrip does not do: write the rows as INSERT statements"
    } else if m.starts_with("unterminated ") {
        "a quote, dollar quote or comment opens here and is never closed, so the server reads \
         the rest of the file as part of it: close it"
    } else {
        return None;
    };
    Some(advice.into())
}

/// The cause of a walk's end when its server crashed and restarted
/// (answering again, but every connection was cut): `saw` is the error
/// the walk got.
pub fn crashed_and_restarted(saw: &str) -> String {
    format!("it crashed and restarted, cutting off the walk: {saw}")
}

/// The failed revisions a verdict line names: at most `shown`, then how
/// many more.
pub fn failed_revisions(ids: &[&str], shown: usize) -> String {
    let mut text = ids
        .iter()
        .take(shown)
        .copied()
        .collect::<Vec<_>>()
        .join(", ");
    if ids.len() > shown {
        text.push_str(&format!(" and {} more", ids.len() - shown));
    }
    text
}

fn snapshot_details(id: &str, s: &SnapshotMismatch) -> Vec<String> {
    let mut lines = match &s.stored {
        None => Vec::new(),
        Some(old) => text_changes(old, &s.text),
    };
    if !s.edited.is_empty() {
        lines.push(format!(
            "a database that already ran {id} will not run it again and never gets the edit: \
             put the change in a new migration and restore the file; only if no database has run \
             {id} yet, accept the new snapshot"
        ));
    }
    if let (None, Some(later)) = (&s.stored, &s.sorts_before) {
        lines.push(format!(
            "a database that already ran {later} would skip {id} (or its tool refuses to run it \
             out of order): give it a version after the last revision with a snapshot, or accept \
             its snapshot if that is intended"
        ));
    }
    if s.stored.is_some()
        && let Some(recorded) = s.recorded_on
    {
        let major = s.major;
        lines.push(format!(
            "that snapshot was recorded on PostgreSQL {recorded}: if PostgreSQL {major} really renders {id} differently, accept {}; if the migration changed, re-record on PostgreSQL {recorded} (--pg {recorded}) first",
            s.version_path.display()
        ));
    }
    lines.push(match &s.pending {
        Some(p) => format!("the new snapshot is in {}; review it with `pg-roundtrip review` (or `cargo insta review`), then `pg-roundtrip accept`", p.display()),
        None => "nothing was written (CI or INSTA_UPDATE=no); run pg-roundtrip check locally to record it".to_string(),
    });
    lines
}

/// The changed lines between a stored snapshot and the new text: at most
/// a dozen, each marked `-` (stored) or `+` (now). A changed line inside
/// an entry (indented: `  column owner text`) comes after its entry's
/// header (`  table public.tasks`, unmarked) unless the header was the
/// line before, so that every line names its object.
fn text_changes(stored: &str, now: &str) -> Vec<String> {
    let diff = similar::TextDiff::from_lines(stored, now);
    // The entry each side is in: the last unindented line seen.
    let (mut entry_stored, mut entry_now): (Option<&str>, Option<&str>) = (None, None);
    let mut shown: Option<&str> = None;
    let mut out: Vec<String> = Vec::new();
    let mut changed = 0;
    for c in diff.iter_all_changes() {
        let line = c.value().trim_end();
        let is_header = !line.is_empty() && !line.starts_with(char::is_whitespace);
        let (sign, entry) = match c.tag() {
            similar::ChangeTag::Equal => {
                if is_header {
                    (entry_stored, entry_now) = (Some(line), Some(line));
                }
                continue;
            }
            similar::ChangeTag::Delete => {
                if is_header {
                    entry_stored = Some(line);
                }
                ('-', entry_stored)
            }
            similar::ChangeTag::Insert => {
                if is_header {
                    entry_now = Some(line);
                }
                ('+', entry_now)
            }
        };
        if is_header {
            shown = Some(line);
        } else if !line.is_empty()
            && let Some(entry) = entry
            && shown != Some(entry)
        {
            out.push(format!("  {entry}"));
            shown = Some(entry);
        }
        out.push(format!("{sign} {line}"));
        changed += 1;
    }
    if out.len() > SNAPSHOT_LINES {
        let shown_changes = out[..SNAPSHOT_LINES]
            .iter()
            .filter(|l| !l.starts_with(' '))
            .count();
        out.truncate(SNAPSHOT_LINES);
        out.push(format!(
            "… and {} more changed lines",
            changed - shown_changes
        ));
    }
    out
}

#[cfg(test)]
#[path = "wording_tests.rs"]
mod tests;
