//! `review`, `accept` and `reject`: pending snapshots (`.snap.new`) shown
//! as diffs against what they would replace, then moved into place or
//! deleted. `--revision REV` selects by the rule every other flag uses
//! ([`Revision::is_named`](crate::source::Revision::is_named)). Without
//! DIR, the histories and snapshots are those `check` would use
//! (`pg-roundtrip.toml`).

use super::args::SnapshotArgs;
use super::config::snapshot_dirs;
use super::error::CliError;
use super::exit;
use super::stdout::{Stdout, say};
use crate::config::{self, Lookup, Names, Overrides};
use crate::snapshot;
use crate::source;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

/// Each history and its snapshots directory: DIR (or the configured
/// histories) and `--snapshots` (or the configured one), placed as
/// `check` places them.
/// How `--revision REV` reads a history to know its revisions: the
/// configured layout and `exclude`, as `check` reads it.
struct Reading {
    layout: Option<source::Layout>,
    exclude: source::Exclude,
}

fn histories(args: &SnapshotArgs) -> Result<(Vec<(PathBuf, PathBuf)>, Reading), CliError> {
    let mut overrides = Overrides::none(Names::FLAGS);
    overrides.histories = args.dir.clone().map(|d| vec![d]);
    overrides.snapshots = args.snapshots.clone();
    let lookup = Lookup {
        start: Path::new("."),
        explicit: args.config_file.as_deref(),
        env: &config::process_env,
    };
    let effective = config::load(&lookup, &overrides).map_err(|errors| {
        CliError::all(errors.into_iter().map(CliError::from).collect())
            .unwrap_or(CliError::Internal("no error".into()))
    })?;
    let mut errors = Vec::new();
    let reading = Reading {
        layout: effective.layout.value,
        exclude: super::exclude::compile(&effective.exclude, &mut errors),
    };
    if let Some(error) = CliError::all(errors) {
        return Err(error);
    }
    let dirs = effective.histories.value;
    for dir in &dirs {
        if !dir.is_dir() {
            return Err(CliError::Usage(format!(
                "{}: no such history directory (give the directory of the history whose snapshots to review; they are beside it, or where --snapshots says)",
                dir.display()
            )));
        }
    }
    let snapshots = snapshot_dirs(&dirs, &effective.snapshots.value)?;
    Ok((dirs.into_iter().zip(snapshots).collect(), reading))
}

fn selected(
    args: &SnapshotArgs,
    reading: &Reading,
    history: &Path,
    dir: &Path,
) -> Result<Vec<snapshot::Pending>, CliError> {
    let revisions = if args.revisions.is_empty() {
        Vec::new()
    } else {
        // REV means what it means everywhere else (Revision::is_named).
        source::load_excluding(
            history,
            reading.layout,
            &crate::driver::AlembicOptions::default(),
            &reading.exclude,
        )?
        .revisions
    };
    Ok(snapshot::select(dir, &args.revisions, &revisions)?)
}

pub fn review(args: SnapshotArgs) -> Result<u8, CliError> {
    let (histories, reading) = histories(&args)?;
    for (history, dir) in histories {
        review_one(&args, &reading, &history, &dir)?;
    }
    Ok(exit::OK)
}

fn review_one(
    args: &SnapshotArgs,
    reading: &Reading,
    history: &Path,
    dir: &Path,
) -> Result<(), CliError> {
    let pending = selected(args, reading, history, dir)?;
    let mut out = Stdout::new();
    if pending.is_empty() {
        say!(out, "no pending snapshots in {}", dir.display());
        return Ok(());
    }
    let color = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    for p in &pending {
        let old = snapshot::stored(&p.target)?;
        let new = p.new_text()?;
        // A new version-specific snapshot (`<rev>@pgM`) is best read as
        // what differs from the shared one it will stand beside.
        let shared = match (&old, p.shared()) {
            (None, Some(shared)) => {
                snapshot::stored(&shared)?.map(|text| (p.name.revision.clone(), text))
            }
            _ => None,
        };
        let label = match (&old, &shared) {
            (Some(_), _) => "changed".to_string(),
            (None, Some((rev, _))) => format!("new, shown against the shared {rev}.snap"),
            (None, None) => "new".to_string(),
        };
        say!(out, "── {} ({label})", p.name);
        let old = old.or(shared.map(|(_, text)| text));
        let diff = similar::TextDiff::from_lines(old.as_deref().unwrap_or(""), new.as_str());
        for change in diff.iter_all_changes() {
            let (sign, code) = match change.tag() {
                similar::ChangeTag::Delete => ("-", "31"),
                similar::ChangeTag::Insert => ("+", "32"),
                similar::ChangeTag::Equal => (" ", ""),
            };
            let line = format!("{sign} {}", change.value().trim_end_matches('\n'));
            if color && !code.is_empty() {
                say!(out, "\u{1b}[{code}m{line}\u{1b}[0m");
            } else {
                say!(out, "{line}");
            }
        }
        say!(out, "");
    }
    say!(
        out,
        "{} pending snapshot(s); settle them with `pg-roundtrip accept` or `pg-roundtrip reject` (add --revision REV for one)",
        pending.len()
    );
    Ok(())
}

pub fn settle(args: SnapshotArgs, accept: bool) -> Result<u8, CliError> {
    let (histories, reading) = histories(&args)?;
    for (history, dir) in histories {
        settle_one(&args, &reading, &history, &dir, accept)?;
    }
    Ok(exit::OK)
}

fn settle_one(
    args: &SnapshotArgs,
    reading: &Reading,
    history: &Path,
    dir: &Path,
    accept: bool,
) -> Result<(), CliError> {
    let pending = selected(args, reading, history, dir)?;
    let mut out = Stdout::new();
    for p in &pending {
        if accept {
            match p.accept()? {
                snapshot::Accepted::Written => say!(out, "accepted {}", p.target.display()),
                snapshot::Accepted::SameAsShared(shared) => say!(
                    out,
                    "not kept {}: identical to {}",
                    p.target.display(),
                    shared.display()
                ),
            }
        } else {
            p.reject()?;
            say!(out, "rejected {}", p.new.display());
        }
    }
    if pending.is_empty() {
        say!(out, "no pending snapshots in {}", dir.display());
    }
    Ok(())
}
