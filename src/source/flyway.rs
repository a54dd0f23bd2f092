//! Flyway: `V<version>__<description>.sql` files, each undone by a
//! `U<version>__<description>.sql` file with the same version, anywhere
//! under the directory (Flyway scans its locations recursively).
//!
//! Rules, as Flyway reads them:
//! * the version is one or more numbers separated by `.` or `_`
//!   (`1`, `1.2`, `1_2_10`, `2024.01.02`); versions are compared number
//!   by number, numerically, missing numbers counting as zero, so `1.2.10`
//!   comes after `1.2.9` and `1.0` is the same version as `1`;
//! * the separator before the description is `__`;
//! * `R__<description>.sql` repeatable migrations are re-applied whenever
//!   they change, never undone: they cannot be round-tripped and are
//!   reported;
//! * a `V` file without its `U` file (or with an empty one) has no
//!   downgrade: a problem unless it says `-- pg-roundtrip: irreversible`;
//! * Flyway replaces `${placeholders}` before running a script; they are
//!   not supported and reported with their line;
//! * a step runs outside a transaction when its script configuration file
//!   (`V1__x.sql.conf`) says `executeInTransaction=false`, or when it holds
//!   a statement PostgreSQL refuses inside a transaction
//!   (`CREATE INDEX CONCURRENTLY`, `VACUUM`, …), which Flyway detects too.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::{Path, PathBuf};

use super::companions::exclude_hint;
use super::directive::{IRREVERSIBLE_MARKER, parse_directives};
use super::error::{HistoryError, Problem};
use super::exclude::Exclude;
use super::files::{Content, Lister, check_dir, entries, is_blank_sql, read, tx_mode, whole_file};
use super::sections::lines;
use super::split::split_statements;
use super::transaction::check_revisions;
use super::unsupported::cannot_run_in_transaction;
use super::{Down, History, Layout, MissingDown, Revision, RevisionName, Step, place};

/// A Flyway version: its numbers, compared as Flyway compares them.
#[derive(Debug, Clone)]
pub struct FlywayVersion(pub Vec<u64>);

impl FlywayVersion {
    /// Reads `1.2`, `1_2_10`; `None` when it is not a version.
    pub fn parse(text: &str) -> Option<Self> {
        text.split(['.', '_'])
            .map(|part| {
                (!part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()))
                    .then(|| part.parse::<u64>().ok())
                    .flatten()
            })
            .collect::<Option<Vec<u64>>>()
            .map(FlywayVersion)
    }

    fn significant(&self) -> &[u64] {
        let len = self.0.iter().rposition(|n| *n != 0).map_or(0, |i| i + 1);
        &self.0[..len]
    }
}

impl PartialEq for FlywayVersion {
    fn eq(&self, other: &Self) -> bool {
        self.significant() == other.significant()
    }
}

impl Eq for FlywayVersion {}

impl PartialOrd for FlywayVersion {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for FlywayVersion {
    fn cmp(&self, other: &Self) -> Ordering {
        self.significant().cmp(other.significant())
    }
}

/// `1.2.10`: the numbers that matter (`1.0` prints as `1`, the version it
/// is the same as).
impl fmt::Display for FlywayVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let significant = self.significant();
        let numbers = if significant.is_empty() {
            &[0][..]
        } else {
            significant
        };
        let parts: Vec<String> = numbers.iter().map(u64::to_string).collect();
        f.write_str(&parts.join("."))
    }
}

/// A `V` or `U` file, read.
struct Versioned {
    path: PathBuf,
    stem: String,
    version_text: String,
    description: String,
    content: Content,
}

#[derive(Default)]
struct Slot {
    ups: Vec<Versioned>,
    undos: Vec<Versioned>,
}

/// Reads a Flyway history from `dir` (recursively), in version order.
pub fn load_flyway(dir: &Path) -> Result<History, HistoryError> {
    read_flyway(dir, &Exclude::default())
}

/// [`load_flyway`], leaving out what `exclude` matches.
pub(super) fn read_flyway(dir: &Path, exclude: &Exclude) -> Result<History, HistoryError> {
    let list = Lister::new(dir, exclude);
    let mut problems = Vec::new();
    let mut slots: BTreeMap<FlywayVersion, Slot> = BTreeMap::new();
    if check_dir(dir, &mut problems) {
        let mut files = Vec::new();
        collect(list, dir, &mut files, &mut problems);
        if files.is_empty() && problems.is_empty() {
            problems.push(Problem::new(dir, "no migration files found").with_help(
                "add `V<version>__<description>.sql` files and their `U<version>__<description>.sql` undo files",
            ));
        }
        let scripts: BTreeSet<&Path> = files.iter().map(|(p, _)| p.as_path()).collect();
        for (path, name) in &files {
            if let Some(script) = name.strip_suffix(".conf").filter(|s| s.ends_with(".sql")) {
                if !scripts.contains(path.with_file_name(script).as_path()) {
                    problems.push(
                        Problem::new(path, "script configuration without its script").with_help(
                            "name it after the migration it configures \
                             (`V1__x.sql.conf` for `V1__x.sql`), or remove it",
                        ),
                    );
                }
                continue;
            }
            classify(path, name, &mut slots, &mut problems);
        }
    }
    let mut revisions = Vec::new();
    for (version, slot) in slots {
        if let Some(revision) = pair(&version, slot, &mut problems) {
            revisions.push(revision);
        }
    }
    check_revisions(&revisions, Layout::Flyway, &mut problems);
    if !problems.is_empty() {
        return Err(HistoryError::new(dir, problems));
    }
    place(&mut revisions);
    for revision in &mut revisions {
        revision.version = revision.position as u64 + 1;
    }
    Ok(History {
        dir: dir.to_path_buf(),
        format: Layout::Flyway,
        revisions,
        warnings: Vec::new(),
    })
}

/// Every file under `dir`, depth first.
fn collect(
    list: Lister<'_>,
    dir: &Path,
    out: &mut Vec<(PathBuf, String)>,
    problems: &mut Vec<Problem>,
) {
    for entry in entries(list, dir, problems) {
        if entry.is_dir() {
            collect(list, &entry.path, out, problems);
        } else {
            out.push((entry.path, entry.name));
        }
    }
}

fn classify(
    path: &Path,
    name: &str,
    slots: &mut BTreeMap<FlywayVersion, Slot>,
    problems: &mut Vec<Problem>,
) {
    let Some(stem) = name.strip_suffix(".sql") else {
        problems.push(
            Problem::new(path, "not a migration file").with_help(format!(
                "Flyway histories hold `V<version>__<description>.sql` and \
             `U<version>__<description>.sql` files; move it out of the migration locations, {}",
                exclude_hint(path)
            )),
        );
        return;
    };
    if stem.starts_with("R__") {
        problems.push(
            Problem::new(path, "repeatable migration cannot be round-tripped").with_help(
                "Flyway re-applies `R__` files whenever they change and never undoes them; \
                 move it out of the checked directory, or turn it into a `V` file with its `U` file",
            ),
        );
        return;
    }
    let (prefix, rest) = stem.split_at(stem.find(|c: char| c.is_ascii_digit()).unwrap_or(0));
    let parsed = rest
        .split_once("__")
        .and_then(|(v, d)| FlywayVersion::parse(v).map(|version| (version, v, d)));
    let (undo, (version, version_text, description)) = match (prefix, parsed) {
        ("V", Some(parts)) => (false, parts),
        ("U", Some(parts)) => (true, parts),
        _ => {
            problems.push(Problem::new(path, "not a Flyway migration name").with_help(
                "name it `V<version>__<description>.sql` (or `U…` for its undo), where the version \
                 is numbers separated by `.` or `_`, such as `V1_2__add_tags.sql`",
            ));
            return;
        }
    };
    let Some(content) = read(path, problems) else {
        return;
    };
    let file = Versioned {
        path: path.to_path_buf(),
        stem: stem.to_owned(),
        version_text: version_text.to_owned(),
        description: description.to_owned(),
        content,
    };
    let slot = slots.entry(version).or_default();
    if undo {
        slot.undos.push(file);
    } else {
        slot.ups.push(file);
    }
}

fn pair(version: &FlywayVersion, slot: Slot, problems: &mut Vec<Problem>) -> Option<Revision> {
    let Slot { mut ups, mut undos } = slot;
    let mut ok = true;
    for (files, what) in [(&ups, "migration"), (&undos, "undo")] {
        if let [first, _, ..] = files.as_slice() {
            let names: Vec<String> = files.iter().map(|f| format!("`{}.sql`", f.stem)).collect();
            problems.push(
                Problem::new(
                    &first.path,
                    format!(
                        "version {version} is used by more than one {what} file: {}",
                        names.join(", ")
                    ),
                )
                .with_help(
                    "give each migration its own version (Flyway reads `1.0` and `1` as the same)",
                ),
            );
            ok = false;
        }
    }
    if !ok {
        return None;
    }
    let undo = undos.pop();
    let Some(up) = ups.pop() else {
        if let Some(undo) = undo {
            problems.push(
                Problem::new(&undo.path, "undo file without its migration").with_help(format!(
                    "add `V{}__{}.sql`, or remove this file",
                    undo.version_text, undo.description
                )),
            );
        }
        return None;
    };
    let irreversible = parse_directives(up.content.sql()).irreversible;
    let down = match undo {
        Some(undo) if !is_blank_sql(undo.content.sql()) => {
            if irreversible {
                problems.push(
                    Problem::new(
                        &up.path,
                        format!(
                            "marked irreversible, but it has an undo file `{}.sql`",
                            undo.stem
                        ),
                    )
                    .with_help(format!(
                        "remove the `{IRREVERSIBLE_MARKER}` line, or delete the undo file"
                    )),
                );
                return None;
            }
            Down::Step(step(&undo.path, &undo.content, problems)?)
        }
        _ if irreversible => Down::Declared,
        Some(undo) => Down::Missing(MissingDown {
            file: undo.path.clone(),
            line: None,
            what: format!("an empty undo file `{}.sql`", undo.stem),
            help: format!(
                "write the SQL that undoes `{}.sql`, or declare it irreversible with a line \
                 `{IRREVERSIBLE_MARKER}` and delete the undo file",
                up.stem
            ),
        }),
        None => Down::Missing(MissingDown {
            file: up.path.clone(),
            line: None,
            what: format!(
                "no undo file `U{}__{}.sql`",
                up.version_text, up.description
            ),
            help: format!(
                "add `U{}__{}.sql` that undoes it, or declare the migration irreversible \
                 with a line `{IRREVERSIBLE_MARKER}`",
                up.version_text, up.description
            ),
        }),
    };
    let up_step = step(&up.path, &up.content, problems)?;
    let name = RevisionName {
        id: up.stem.clone(),
        version: 0,
        version_text: up.version_text.clone(),
        description: up.description.clone(),
        aliases: vec![version.to_string()],
        numbered: false,
    };
    Some(Revision::with_down(name, up_step, down))
}

/// A script and its transaction mode (its `.sql.conf`, or a statement
/// that cannot run in a transaction).
fn step(path: &Path, content: &Content, problems: &mut Vec<Problem>) -> Option<Step> {
    placeholders(path, content, problems);
    let mut conf = path.as_os_str().to_owned();
    conf.push(".conf");
    let conf = PathBuf::from(conf);
    let mut no_transaction = split_statements(content.sql())
        .iter()
        .any(|s| cannot_run_in_transaction(&s.text));
    if conf.is_file() {
        let text = read(&conf, problems)?;
        for (i, line) in text.sql().lines().enumerate() {
            let code = line.trim();
            if code.is_empty() || code.starts_with('#') {
                continue;
            }
            match code.split_once('=').map(|(k, v)| (k.trim(), v.trim())) {
                Some(("executeInTransaction", "false")) => no_transaction = true,
                Some(("executeInTransaction", "true")) => {}
                _ => {
                    problems.push(
                        Problem::new(&conf, format!("unsupported script setting `{code}`"))
                            .at(i + 1, 1)
                            .with_help(
                                "pg-roundtrip reads `executeInTransaction=false` (or `true`) here",
                            ),
                    );
                    return None;
                }
            }
        }
    }
    Some(Step {
        script: whole_file(path, content),
        transaction: tx_mode(no_transaction),
        runner: super::Runner::Sql,
    })
}

/// Reports every `${name}`: Flyway replaces placeholders before it runs a
/// script (and fails on one it does not know); pg-roundtrip runs the SQL as
/// written.
fn placeholders(path: &Path, content: &Content, problems: &mut Vec<Problem>) {
    for line in lines(content.sql()) {
        for (byte, _) in line.text.match_indices("${") {
            if let Some(len) = line.text[byte..].find('}') {
                let column = line.text[..byte].chars().count() + 1;
                let placeholder = &line.text[byte..byte + len + 1];
                problems.push(
                    Problem::new(
                        path,
                        format!("Flyway placeholder `{placeholder}` is not supported"),
                    )
                    .at(line.number, column)
                    .with_help(
                        "pg-roundtrip runs the SQL as written; write the value into the migration",
                    ),
                );
            }
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn v(text: &str) -> FlywayVersion {
        FlywayVersion::parse(text).unwrap()
    }

    #[test]
    fn versions_compare_number_by_number() {
        assert!(v("1.2.10") > v("1.2.9"));
        assert!(v("1_10") > v("1.9"));
        assert!(v("2") > v("1.999"));
        assert_eq!(v("1.0"), v("1"));
        assert_eq!(v("1_0_0"), v("1"));
        assert_eq!(v("001.02"), v("1.2"));
        assert_eq!(v("1_2_10").to_string(), "1.2.10");
        assert_eq!(v("1.0").to_string(), "1");
        assert_eq!(v("0").to_string(), "0");
    }

    #[test]
    fn bad_versions() {
        for bad in ["", "1..2", "1.a", "a", "1.", "-1"] {
            assert!(FlywayVersion::parse(bad).is_none(), "{bad}");
        }
    }
}
