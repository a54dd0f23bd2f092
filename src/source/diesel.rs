//! diesel: one directory per revision, named `<version>_<name>`, holding
//! `up.sql`, `down.sql` and optionally `metadata.toml`.
//!
//! Rules, as diesel reads them:
//! * the version is the part of the directory name before the first `_`
//!   (usually `2024-01-02-120000`, or `00000000000000` for the
//!   `00000000000000_diesel_initial_setup` revision that `diesel setup`
//!   writes); revisions run in the order of their versions with the `-`
//!   removed, compared as text; the name is the rest and may hold spaces;
//! * `up.sql` is required; without a `down.sql` (`diesel migration
//!   generate --no-down`), or with an empty (0-byte) one, which diesel
//!   refuses to run, the revision has no downgrade: the walk reports it
//!   unless `up.sql` says `-- pg-roundtrip: irreversible`. A `down.sql`
//!   with only comments runs, as in diesel, as a no-op;
//! * diesel reads only directories, and only those three files in them:
//!   anything else (a stray `.sql` file beside the directories, notes in a
//!   revision's directory) is ignored with a warning, as diesel ignores it.
//! * `metadata.toml` may say `run_in_transaction = false`, which runs both
//!   scripts outside a transaction.

use std::collections::BTreeMap;
use std::path::Path;

use super::companions::exclude_hint;
use super::directive::{IRREVERSIBLE_MARKER, parse_directives};
use super::error::{HistoryError, Problem};
use super::exclude::Exclude;
use super::files::{Entry, Lister, check_dir, entries, is_blank_sql, read, tx_mode, whole_file};
use super::sections::lines;
use super::transaction::check_revisions;
use super::{Down, History, Layout, MissingDown, Revision, RevisionName, Step, place};

/// Reads a diesel history from `dir`, in diesel's order.
pub fn load_diesel(dir: &Path) -> Result<History, HistoryError> {
    read_diesel(dir, &Exclude::default())
}

/// [`load_diesel`], leaving out what `exclude` matches.
pub(super) fn read_diesel(dir: &Path, exclude: &Exclude) -> Result<History, HistoryError> {
    let list = Lister::new(dir, exclude);
    let mut problems = Vec::new();
    let mut warnings = Vec::new();
    // Keyed by the version without dashes, as diesel orders them.
    let mut by_version: BTreeMap<String, Vec<Revision>> = BTreeMap::new();
    if check_dir(dir, &mut problems) {
        let found = entries(list, dir, &mut problems);
        if found.is_empty() && problems.is_empty() {
            problems.push(Problem::new(dir, "no migration directories found").with_help(
                "add a directory `<version>_<name>` holding `up.sql` and `down.sql` per revision",
            ));
        }
        for entry in found {
            if let Some((key, revision)) = migration(list, &entry, &mut problems, &mut warnings) {
                by_version.entry(key).or_default().push(revision);
            }
        }
    }
    let mut revisions = Vec::new();
    for (_, mut same) in by_version {
        if same.len() > 1 {
            let names: Vec<String> = same.iter().map(|r| format!("`{}`", r.id())).collect();
            problems.push(
                Problem::new(
                    dir.join(same[0].id()),
                    format!(
                        "version {} is used by more than one directory: {}",
                        same[0].version_text,
                        names.join(", ")
                    ),
                )
                .with_help("give each revision its own version, or remove the extra directories"),
            );
        } else if let Some(revision) = same.pop() {
            revisions.push(revision);
        }
    }
    check_revisions(&revisions, Layout::Diesel, &mut problems);
    if !problems.is_empty() {
        return Err(HistoryError::new(dir, problems));
    }
    place(&mut revisions);
    Ok(History {
        dir: dir.to_path_buf(),
        format: Layout::Diesel,
        revisions,
        warnings,
    })
}

/// One revision's directory: its sort key and revision.
fn migration(
    list: Lister<'_>,
    entry: &Entry,
    problems: &mut Vec<Problem>,
    warnings: &mut Vec<Problem>,
) -> Option<(String, Revision)> {
    if !entry.is_dir() {
        warnings.push(
            Problem::new(
                &entry.path,
                "not a migration directory: ignored, as diesel ignores it",
            )
            .with_help(format!(
                "a diesel history holds one directory `<version>_<name>` per revision; \
                     to silence this move the file elsewhere, {}",
                exclude_hint(&entry.path)
            )),
        );
        return None;
    }
    let Some((version_text, description)) = entry.name.split_once('_') else {
        problems.push(
            Problem::new(
                &entry.path,
                "directory name has no `_` between the version and the name",
            )
            .with_help("rename it to `<version>_<name>`, as `diesel migration generate` does"),
        );
        return None;
    };
    if version_text.is_empty() {
        problems.push(
            Problem::new(&entry.path, "directory name has no version before the `_`")
                .with_help("rename it to `<version>_<name>`, such as `2024-01-02-120000_add_tags`"),
        );
        return None;
    }
    let key = version_text.replace('-', "");
    let before = problems.len();
    let mut up = None;
    let mut down = None;
    let mut metadata = None;
    for file in entries(list, &entry.path, problems) {
        match file.name.as_str() {
            "up.sql" if file.is_file() => up = read(&file.path, problems).map(|c| (file.path, c)),
            "down.sql" if file.is_file() => {
                down = read(&file.path, problems).map(|c| (file.path, c));
            }
            "metadata.toml" if file.is_file() => {
                metadata = read(&file.path, problems).map(|c| (file.path, c));
            }
            "up.sql" | "down.sql" | "metadata.toml" => problems.push(
                Problem::new(
                    &file.path,
                    "not a regular file (a directory, a pipe, a device, or a link to nothing)",
                )
                .with_help(format!("make `{}` a file, or remove it", file.name)),
            ),
            _ => warnings.push(
                Problem::new(
                    &file.path,
                    "not part of a diesel migration: ignored, as diesel ignores it",
                )
                .with_help(format!(
                    "a diesel migration directory holds `up.sql`, `down.sql` and \
                         `metadata.toml`; to silence this move it elsewhere, {}",
                    exclude_hint(&file.path)
                )),
            ),
        }
    }
    let no_transaction = metadata
        .as_ref()
        .is_some_and(|(path, content)| !run_in_transaction(path, content.sql(), problems));
    let Some((up_path, up)) = up else {
        if problems.len() == before {
            problems.push(
                Problem::new(&entry.path, "migration directory without `up.sql`")
                    .with_help("add `up.sql` with the upgrade, or remove the directory"),
            );
        }
        return None;
    };
    let irreversible = parse_directives(up.sql()).irreversible;
    let transaction = tx_mode(no_transaction);
    let down_step = match down {
        // diesel refuses only an empty (0-byte) file; a `down.sql` that
        // holds only comments (`diesel migration generate` writes one) runs
        // as a no-op, and the walk then shows whether that restores the
        // schema.
        Some((path, content)) if runs_as_down(&content, irreversible) => {
            if irreversible {
                problems.push(
                    Problem::new(&up_path, "marked irreversible, but it has a `down.sql`")
                        .with_help(format!(
                            "remove the `{IRREVERSIBLE_MARKER}` line, or delete `down.sql`"
                        )),
                );
            }
            Down::Step(Step {
                script: whole_file(&path, &content),
                transaction,
                runner: super::Runner::Sql,
            })
        }
        _ if irreversible => Down::Declared,
        Some((path, _)) => Down::Missing(MissingDown {
            file: path,
            line: None,
            what: "an empty (0-byte) `down.sql`".into(),
            help: format!(
                "write the SQL that undoes `up.sql`, or declare the revision irreversible \
                 with a line `{IRREVERSIBLE_MARKER}` in `up.sql` and delete `down.sql`"
            ),
        }),
        None => Down::Missing(MissingDown {
            file: up_path.clone(),
            line: None,
            what: "no `down.sql`".into(),
            help: format!(
                "add `down.sql` beside `up.sql`, or declare the revision irreversible \
                 with a line `{IRREVERSIBLE_MARKER}` in `up.sql`"
            ),
        }),
    };
    if problems.len() > before {
        return None;
    }
    let digits = key.parse::<u64>().ok();
    let name = RevisionName {
        id: entry.name.clone(),
        version: digits.unwrap_or_default(),
        version_text: version_text.to_owned(),
        description: description.to_owned(),
        aliases: vec![key.clone()],
        numbered: digits.is_some(),
    };
    let up_step = Step {
        script: whole_file(&up_path, &up),
        transaction,
        runner: super::Runner::Sql,
    };
    Some((key, Revision::with_down(name, up_step, down_step)))
}

/// Whether a `down.sql` is the revision's downgrade: anything but an empty
/// (0-byte) file, unless it holds no statement and the revision is
/// declared irreversible.
fn runs_as_down(content: &super::files::Content, irreversible: bool) -> bool {
    let empty = content.text.is_empty();
    let declared = irreversible && is_blank_sql(content.sql());
    !empty && !declared
}

/// Reads `metadata.toml`: `run_in_transaction = true|false`, the one key
/// diesel knows. Anything else is a problem.
fn run_in_transaction(path: &Path, text: &str, problems: &mut Vec<Problem>) -> bool {
    let mut value = true;
    for line in lines(text) {
        let code = line.text.split('#').next().unwrap_or("").trim();
        if code.is_empty() {
            continue;
        }
        match code.split_once('=').map(|(k, v)| (k.trim(), v.trim())) {
            Some(("run_in_transaction", "false")) => value = false,
            Some(("run_in_transaction", "true")) => value = true,
            _ => problems.push(
                Problem::new(path, format!("unknown setting `{code}`"))
                    .at(line.number, 1)
                    .with_help(
                        "diesel's `metadata.toml` knows `run_in_transaction = false` (or `true`)",
                    ),
            ),
        }
    }
    value
}
