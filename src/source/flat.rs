//! The flat layout shared by sqlx-cli and golang-migrate: one directory
//! holding `<version>_<description>.up.sql` and
//! `<version>_<description>.down.sql` for every revision.
//!
//! Naming rules, chosen to accept exactly what both tools accept:
//! * the version is a non-empty run of ASCII digits, read as a `u64` and
//!   compared as an integer (`0010` sorts after `9`); its written form is
//!   kept as `version_text`;
//! * the `_` after the version is required: `1.up.sql` is rejected, because
//!   neither sqlx nor golang-migrate accepts it;
//! * the description (everything between the first `_` and `.up.sql` /
//!   `.down.sql`) may be empty (`1_.up.sql`), as both tools allow.
//!
//! Every other entry of the directory is reported, never skipped silently,
//! with three exceptions: hidden entries (a name starting with `.`, such as
//! `.gitkeep` or `.gitattributes`), a `README`, `README.md` or
//! `README.txt` (in any case), and the companion files of
//! [`super::companions::COMPANIONS`] (`atlas.sum`); and what `--exclude`
//! names. Go migrations (`<version>_<description>.up.go` / `.down.go`, as
//! concourse keeps beside its SQL) are recognised: a revision whose up is
//! Go is left out with a warning, one whose down is Go is irreversible.
//!
//! All problems of the directory are collected and returned together.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use super::companions::{exclude_hint, go_down_help, go_down_what, go_up_left_out};
use super::directive::{IRREVERSIBLE_MARKER, no_transaction_warnings, parse_directives};
use super::error::{HistoryError, Problem};
use super::exclude::Exclude;
use super::files::{Content, Lister, check_dir, entries, read, whole_file};
use super::flat_names::{DOWN_SUFFIX, UP_SUFFIX, lowercase_suffix, parse_stem, renamed};
use super::transaction::check_revisions;
use super::{Format, History, MissingDown, Revision, RevisionName, Step, TxMode, place};

const SQL_SUFFIX: &str = ".sql";

/// Reads a flat-layout history from `dir`.
///
/// Revisions come back sorted by integer version. On any problem, returns
/// every problem found in the directory, sorted by path.
pub fn load_flat(dir: &Path) -> Result<History, HistoryError> {
    read_flat(dir, &Exclude::default())
}

/// [`load_flat`], leaving out what `exclude` matches.
pub(super) fn read_flat(dir: &Path, exclude: &Exclude) -> Result<History, HistoryError> {
    let mut problems = Vec::new();
    let files: Vec<(PathBuf, String)> = if check_dir(dir, &mut problems) {
        entries(Lister::new(dir, exclude), dir, &mut problems)
            .into_iter()
            .map(|e| (e.path, e.name))
            .collect()
    } else {
        Vec::new()
    };
    let found_any = !files.is_empty();
    let mut versions: BTreeMap<u64, Slot> = BTreeMap::new();
    let mut warnings = Vec::new();
    for (path, name) in files {
        if let Some(file) = classify(&path, &name, &mut problems, &mut warnings) {
            if let Some(content) = &file.content
                && !file.go
            {
                warnings.extend(no_transaction_warnings(&file.path, &content.text));
            }
            let slot = versions.entry(file.name.version).or_default();
            match file.name.direction {
                Direction::Up => slot.ups.push(file),
                Direction::Down => slot.downs.push(file),
            }
        }
    }
    if !found_any && problems.is_empty() {
        problems.push(Problem::new(dir, "no migration files found").with_help(
            "add `<version>_<description>.up.sql` and `.down.sql` files, \
                 or point pg-roundtrip at the directory that holds them",
        ));
    }
    let mut revisions = Vec::new();
    for (_, slot) in versions {
        if let Some(revision) = pair(slot, &mut problems, &mut warnings) {
            revisions.push(revision);
        }
    }
    place(&mut revisions);
    check_revisions(&revisions, Format::Flat, &mut problems);
    if problems.is_empty() {
        Ok(History {
            dir: dir.to_path_buf(),
            format: Format::Flat,
            revisions,
            warnings,
        })
    } else {
        Err(HistoryError::new(dir, problems))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Direction {
    Up,
    Down,
}

/// A file name split into its parts.
#[derive(Debug)]
struct FileName {
    version: u64,
    version_text: String,
    description: String,
    direction: Direction,
}

impl FileName {
    fn stem(&self) -> String {
        format!("{}_{}", self.version_text, self.description)
    }
}

/// An up or down file, read.
#[derive(Debug)]
struct File {
    path: PathBuf,
    file_name: String,
    name: FileName,
    /// `None` when the file could not be read or decoded (already reported),
    /// and for a Go migration.
    content: Option<Content>,
    /// A Go migration (`.up.go`, `.down.go`), which pg-roundtrip cannot run.
    go: bool,
}

/// One version's files, before pairing.
#[derive(Debug, Default)]
struct Slot {
    ups: Vec<File>,
    downs: Vec<File>,
}

/// Turns one directory entry into an up or down file, or records why it
/// is not one.
fn classify(
    path: &Path,
    name: &str,
    problems: &mut Vec<Problem>,
    warnings: &mut Vec<Problem>,
) -> Option<File> {
    let is_file = match fs::metadata(path) {
        Ok(meta) => meta.is_file(),
        Err(err) => {
            problems.push(super::files::unreadable_file(path, &err));
            return None;
        }
    };
    if !is_file {
        problems.push(
            Problem::new(
                path,
                "unexpected directory or special file in a flat history",
            )
            .with_help(
                "move it out of the migrations directory; \
                     a flat history holds only `<version>_<description>.up.sql` \
                     and `.down.sql` files",
            ),
        );
        return None;
    }
    if let Some(fixed) = lowercase_suffix(name) {
        problems.push(
            Problem::new(path, "the `.up.sql` / `.down.sql` ending must be lowercase").with_help(
                format!(
                    "rename it to `{fixed}` (sqlx and golang-migrate read only lowercase endings)"
                ),
            ),
        );
        return None;
    }
    let go = go_direction(name);
    let (stem, direction) = if let Some(stem) = name.strip_suffix(UP_SUFFIX) {
        (stem, Direction::Up)
    } else if let Some(stem) = name.strip_suffix(DOWN_SUFFIX) {
        (stem, Direction::Down)
    } else if let Some((stem, direction)) = go {
        (stem, direction)
    } else if let Some(stem) = name.strip_suffix(SQL_SUFFIX) {
        problems.push(simple_or_unknown_sql(path, stem));
        return None;
    } else {
        // sqlx and golang-migrate read only `.sql` files and skip the
        // rest; so does pg-roundtrip, saying so, except for the companion
        // files their ecosystem keeps there on purpose (left out by the
        // listing).
        warnings.push(
            Problem::new(
                path,
                "not a migration file: ignored, as sqlx and golang-migrate ignore it",
            )
            .with_help(format!(
                "a flat history's migrations are `<version>_<description>.up.sql` and \
                 `.down.sql` files; to silence the warning move this file elsewhere, {}",
                exclude_hint(path)
            )),
        );
        return None;
    };
    let name_parts = match parse_stem(stem) {
        Ok((version, version_text, description)) => FileName {
            version,
            version_text: version_text.to_owned(),
            description: description.to_owned(),
            direction,
        },
        Err(message) => {
            let suffix = match direction {
                Direction::Up => UP_SUFFIX,
                Direction::Down => DOWN_SUFFIX,
            };
            let help = match renamed(stem) {
                Some(fixed) => format!(
                    "rename it to `{fixed}{suffix}`: a flat history's files are named \
                     `<version>_<description>{suffix}`"
                ),
                None => format!(
                    "rename it to `<version>_{stem}{suffix}`, \
                     where the version is a decimal integer after the last one, such as `0001` or `20240101120000`"
                ),
            };
            problems.push(Problem::new(path, message).with_help(help));
            return None;
        }
    };
    let go = go.is_some();
    let content = if go { None } else { read(path, problems) };
    Some(File {
        path: path.to_path_buf(),
        file_name: name.to_owned(),
        name: name_parts,
        content,
        go,
    })
}

/// A Go migration's stem and direction: `<stem>.up.go`, `<stem>.down.go`.
fn go_direction(name: &str) -> Option<(&str, Direction)> {
    if let Some(stem) = name.strip_suffix(".up.go") {
        Some((stem, Direction::Up))
    } else {
        name.strip_suffix(".down.go")
            .map(|stem| (stem, Direction::Down))
    }
}

/// A `.sql` file that is neither `.up.sql` nor `.down.sql`: a sqlx simple
/// (up-only) migration if it is named like one, else an unknown file.
fn simple_or_unknown_sql(path: &Path, stem: &str) -> Problem {
    match parse_stem(stem) {
        Ok(_) => Problem::new(
            path,
            "simple migration (no `.up`/`.down`) cannot be reversed",
        )
        .with_help(format!(
            "rename it to `{stem}{UP_SUFFIX}` and add `{stem}{DOWN_SUFFIX}` that undoes it"
        )),
        Err(_) => Problem::new(path, "not a migration file").with_help(format!(
            "name it `<version>_<description>.up.sql` (with a matching `.down.sql`), \
             move it out of the migrations directory, {}",
            exclude_hint(path)
        )),
    }
}

/// Checks one version's files against each other and builds its revision.
fn pair(slot: Slot, problems: &mut Vec<Problem>, warnings: &mut Vec<Problem>) -> Option<Revision> {
    let Slot { mut ups, mut downs } = slot;
    let duplicate_up = report_duplicates(&ups, "up", problems);
    let duplicate_down = report_duplicates(&downs, "down", problems);
    for down in &downs {
        if down
            .content
            .as_ref()
            .is_some_and(|c| parse_directives(&c.text).irreversible)
        {
            problems.push(
                Problem::new(&down.path, "irreversible marker in a down file").with_help(format!(
                    "remove the `{IRREVERSIBLE_MARKER}` line; it belongs in the up file, \
                     and only when there is no down file"
                )),
            );
        }
    }
    if duplicate_up || duplicate_down {
        return None;
    }
    let up = ups.pop();
    let down = downs.pop();
    if let Some(up) = up.as_ref().filter(|u| u.go) {
        let also = down.as_ref().filter(|d| !d.go).map(|d| d.path.as_path());
        warnings.push(go_up_left_out(&up.path, &up.name.stem(), also));
        return None;
    }
    let (down, go_down) = match down {
        Some(d) if d.go => (None, Some(d)),
        other => (other, None),
    };
    if let Some(go_down) = go_down {
        let Some(up) = up else {
            problems.push(
                Problem::new(&go_down.path, "down file without an up file").with_help(format!(
                    "add `{}{UP_SUFFIX}`, or remove this file",
                    go_down.name.stem()
                )),
            );
            return None;
        };
        let content = up.content?;
        let stem = up.name.stem();
        let missing = MissingDown {
            what: go_down_what(&go_down.path),
            help: go_down_help(&format!("{stem}{DOWN_SUFFIX}")),
            file: go_down.path,
            line: None,
        };
        return Some(revision(up.path, up.name, content, None).with_missing_down(missing));
    }
    match (up, down) {
        (None, None) => None,
        (None, Some(down)) => {
            problems.push(
                Problem::new(&down.path, "down file without an up file").with_help(format!(
                    "add `{}{UP_SUFFIX}`, or remove this file",
                    down.name.stem()
                )),
            );
            None
        }
        (Some(up), None) => {
            let content = up.content?;
            let declared = parse_directives(&content.text).irreversible;
            let stem = up.name.stem();
            let revision = revision(up.path.clone(), up.name, content, None);
            Some(if declared {
                revision
            } else {
                revision.with_missing_down(MissingDown {
                    file: up.path,
                    line: None,
                    what: format!("no `{stem}{DOWN_SUFFIX}`"),
                    help: format!(
                        "add `{stem}{DOWN_SUFFIX}`, or declare the revision irreversible \
                         with a line `{IRREVERSIBLE_MARKER}` in its up file"
                    ),
                })
            })
        }
        (Some(up), Some(down)) => {
            let mut ok = true;
            if up.name.description != down.name.description {
                // Both tools pair an up and a down by version alone.
                warnings.push(
                    Problem::new(
                        &up.path,
                        format!(
                            "up and down files of version {} have different descriptions: \
                             `{}` and `{}`",
                            up.name.version, up.file_name, down.file_name
                        ),
                    )
                    .with_help(
                        "they are paired by version, as sqlx and golang-migrate pair them; \
                         rename one of them so that both have the same description",
                    ),
                );
            } else if up.name.version_text != down.name.version_text {
                problems.push(
                    Problem::new(
                        &up.path,
                        format!(
                            "up and down files of version {} write the version differently: \
                             `{}` and `{}`",
                            up.name.version, up.file_name, down.file_name
                        ),
                    )
                    .with_help("rename one of them so that both names start the same way"),
                );
                ok = false;
            }
            if up
                .content
                .as_ref()
                .is_some_and(|c| parse_directives(&c.text).irreversible)
            {
                problems.push(
                    Problem::new(
                        &up.path,
                        format!(
                            "marked irreversible, but it has a down file `{}`",
                            down.file_name
                        ),
                    )
                    .with_help(format!(
                        "remove the `{IRREVERSIBLE_MARKER}` line, or delete the down file"
                    )),
                );
                ok = false;
            }
            let (Some(up_content), Some(down_content)) = (up.content, down.content) else {
                return None;
            };
            ok.then(|| {
                let down_step = step(down.path, down_content);
                revision(up.path, up.name, up_content, Some(down_step))
            })
        }
    }
}

/// Records a problem if more than one file of one direction has the same
/// version; returns whether it did.
fn report_duplicates(files: &[File], direction: &str, problems: &mut Vec<Problem>) -> bool {
    let [first, ..] = files else {
        return false;
    };
    if files.len() < 2 {
        return false;
    }
    let names: Vec<String> = files.iter().map(|f| format!("`{}`", f.file_name)).collect();
    problems.push(
        Problem::new(
            &first.path,
            format!(
                "version {} is used by more than one {direction} file: {}",
                first.name.version,
                names.join(", ")
            ),
        )
        .with_help("give each revision its own version, or remove the extra files"),
    );
    true
}

fn revision(path: PathBuf, name: FileName, up: Content, down: Option<Step>) -> Revision {
    let id = if name.description.is_empty() {
        name.version_text.clone()
    } else {
        name.stem()
    };
    let name = RevisionName {
        id,
        version: name.version,
        version_text: name.version_text,
        description: name.description,
        aliases: Vec::new(),
        numbered: true,
    };
    Revision::new(name, step(path, up), down)
}

fn step(path: PathBuf, content: Content) -> Step {
    let transaction = if parse_directives(&content.text).no_transaction {
        TxMode::NoTransaction
    } else {
        TxMode::Transaction
    };
    Step {
        script: whole_file(&path, &content),
        transaction,
        runner: super::Runner::Sql,
    }
}
