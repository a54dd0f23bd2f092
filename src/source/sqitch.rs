//! sqitch: a `sqitch.plan` listing the changes in deploy order, and for
//! each change `deploy/<change>.sql`, `revert/<change>.sql` and, when
//! present, `verify/<change>.sql`.
//!
//! Rules, as sqitch reads them:
//! * the plan's lines are pragmas (`%project=…`), blank lines, comments
//!   (`#`), tags (`@v1.0 …`) and changes: `name [dependencies] timestamp
//!   planner <email> # note`, optionally prefixed with `+`; a `-` prefix
//!   (a change the plan reverts) is not supported and reported;
//! * a change may appear again later in the plan (`sqitch rework`): its
//!   earlier instance's scripts are named `<change>@<tag>.sql` after the
//!   first tag between the two instances that has such a deploy script,
//!   and its id is `<change>@<tag>`;
//! * sqitch runs the scripts as psql does, statement by statement, and the
//!   scripts hold their own `BEGIN` and `COMMIT`, so every step runs
//!   without an enclosing transaction; psql meta-commands (`\set`, `\i`)
//!   cannot be sent to the server and are reported with their line;
//! * a change without a revert script (or with an empty one) has no
//!   downgrade: a problem unless its deploy script says
//!   `-- pg-roundtrip: irreversible`;
//! * `top_dir`, `plan_file` and the `*_dir` settings of `sqitch.conf` are
//!   not read yet: a project that sets them is reported.
//!
//! Every file under `deploy/`, `revert/` and `verify/` must belong to a
//! change of the plan.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::companions::exclude_hint;
use super::directive::{IRREVERSIBLE_MARKER, parse_directives};
use super::error::{HistoryError, Problem};
use super::exclude::Exclude;
use super::files::{Content, Lister, check_dir, entries, is_blank_sql, read, whole_file};
use super::sections::lines;
use super::{
    Down, History, Layout, MissingDown, Revision, RevisionName, Script, Step, TxMode, place,
};

/// The plan's file name.
pub(super) const PLAN: &str = "sqitch.plan";
const CONF: &str = "sqitch.conf";
const DIRS: [&str; 3] = ["deploy", "revert", "verify"];

/// One line of the plan that matters.
enum Item {
    Change { name: String, line: usize },
    Tag { name: String },
}

/// Reads a sqitch project from `dir`, in plan order.
pub fn load_sqitch(dir: &Path) -> Result<History, HistoryError> {
    read_sqitch(dir, &Exclude::default())
}

/// [`load_sqitch`], leaving out what `exclude` matches.
pub(super) fn read_sqitch(dir: &Path, exclude: &Exclude) -> Result<History, HistoryError> {
    let list = Lister::new(dir, exclude);
    let mut problems = Vec::new();
    let mut revisions = Vec::new();
    if check_dir(dir, &mut problems) {
        read_project(list, dir, &mut revisions, &mut problems);
    }
    if !problems.is_empty() {
        return Err(HistoryError::new(dir, problems));
    }
    place(&mut revisions);
    for revision in &mut revisions {
        revision.version = revision.position as u64 + 1;
    }
    Ok(History {
        dir: dir.to_path_buf(),
        format: Layout::Sqitch,
        revisions,
        warnings: Vec::new(),
    })
}

fn read_project(
    list: Lister<'_>,
    dir: &Path,
    revisions: &mut Vec<Revision>,
    problems: &mut Vec<Problem>,
) {
    for entry in entries(list, dir, problems) {
        let known = entry.name == PLAN
            || entry.name == CONF
            || (DIRS.contains(&entry.name.as_str()) && entry.is_dir());
        if !known {
            problems.push(
                Problem::new(&entry.path, "not part of a sqitch project").with_help(format!(
                    "point pg-roundtrip at the directory holding `sqitch.plan`, `deploy/`, \
                     `revert/` and `verify/`, and move other files out of it, {}",
                    exclude_hint(&entry.path)
                )),
            );
        }
    }
    let conf = dir.join(CONF);
    if conf.is_file()
        && let Some(content) = read(&conf, problems)
    {
        for line in lines(content.sql()) {
            let key = line.text.split('=').next().unwrap_or("").trim();
            if [
                "top_dir",
                "plan_file",
                "deploy_dir",
                "revert_dir",
                "verify_dir",
            ]
            .contains(&key)
            {
                problems.push(
                    Problem::new(&conf, format!("`{key}` is not supported yet"))
                        .at(line.number, 1)
                        .with_help("keep `sqitch.plan`, `deploy/`, `revert/` and `verify/` in one directory and point pg-roundtrip at it"),
                );
            }
        }
    }
    let plan_path = dir.join(PLAN);
    let Some(plan) = (if plan_path.is_file() {
        read(&plan_path, problems)
    } else {
        problems.push(
            Problem::new(&plan_path, "no `sqitch.plan`")
                .with_help("run `sqitch init`, or point pg-roundtrip at the project's directory"),
        );
        None
    }) else {
        return;
    };
    let items = parse_plan(&plan_path, &plan, problems);
    if !items.iter().any(|i| matches!(i, Item::Change { .. })) && problems.is_empty() {
        problems.push(
            Problem::new(&plan_path, "no changes in the plan")
                .with_help("add changes with `sqitch add`"),
        );
    }
    let mut used: BTreeSet<PathBuf> = BTreeSet::new();
    for (i, item) in items.iter().enumerate() {
        let Item::Change { name, line } = item else {
            continue;
        };
        let Some(suffix) = rework_suffix(dir, &items[i + 1..], name, &plan_path, *line, problems)
        else {
            continue;
        };
        let id = format!("{name}{suffix}");
        let [deploy, revert, verify] = DIRS.map(|d| dir.join(d).join(format!("{id}.sql")));
        used.extend([deploy.clone(), revert.clone(), verify.clone()]);
        if let Some(revision) = change(
            &id,
            name,
            (&deploy, &revert, &verify),
            (&plan_path, *line),
            problems,
        ) {
            revisions.push(revision);
        }
    }
    for sub in DIRS {
        let mut files = Vec::new();
        collect(list, &dir.join(sub), &mut files, problems);
        for file in files.into_iter().filter(|f| !used.contains(f)) {
            problems.push(
                Problem::new(&file, "script of no change in `sqitch.plan`")
                    .with_help("add the change to the plan (`sqitch add`), or remove the script"),
            );
        }
    }
}

/// Every file under `dir` (nothing when it does not exist).
fn collect(list: Lister<'_>, dir: &Path, out: &mut Vec<PathBuf>, problems: &mut Vec<Problem>) {
    if !dir.is_dir() {
        return;
    }
    for entry in entries(list, dir, problems) {
        if entry.is_dir() {
            collect(list, &entry.path, out, problems);
        } else {
            out.push(entry.path);
        }
    }
}

fn parse_plan(path: &Path, plan: &Content, problems: &mut Vec<Problem>) -> Vec<Item> {
    let mut items = Vec::new();
    for line in lines(plan.sql()) {
        let text = line.text.trim();
        if text.is_empty() || text.starts_with('#') || text.starts_with('%') {
            continue;
        }
        if let Some(tag) = text.strip_prefix('@') {
            let name = tag.split_whitespace().next().unwrap_or("").to_owned();
            items.push(Item::Tag { name });
            continue;
        }
        if text.starts_with('-') {
            problems.push(
                Problem::new(path, "a change the plan reverts (`-name`) is not supported")
                    .at(line.number, 1)
                    .with_help("remove the line and the change it reverts from the plan, or check the history without it"),
            );
            continue;
        }
        let text = text.strip_prefix('+').unwrap_or(text);
        let name: String = text
            .chars()
            .take_while(|c| !c.is_whitespace() && *c != '[')
            .collect();
        if name.is_empty() {
            problems.push(
                Problem::new(path, "plan line without a change name")
                    .at(line.number, 1)
                    .with_help("write `name [dependencies] timestamp planner <email> # note`, as `sqitch add` does"),
            );
            continue;
        }
        items.push(Item::Change {
            name,
            line: line.number,
        });
    }
    items
}

/// `""` for the last instance of a change, `@<tag>` for an earlier one;
/// `None` (with a problem) when no tag's scripts exist.
fn rework_suffix(
    dir: &Path,
    rest: &[Item],
    name: &str,
    plan: &Path,
    line: usize,
    problems: &mut Vec<Problem>,
) -> Option<String> {
    let next = rest
        .iter()
        .position(|item| matches!(item, Item::Change { name: n, .. } if n == name));
    let Some(next) = next else {
        return Some(String::new());
    };
    let tags: Vec<&str> = rest[..next]
        .iter()
        .filter_map(|item| match item {
            Item::Tag { name } => Some(name.as_str()),
            Item::Change { .. } => None,
        })
        .collect();
    let found = tags.iter().find(|tag| {
        dir.join("deploy")
            .join(format!("{name}@{tag}.sql"))
            .is_file()
    });
    match found {
        Some(tag) => Some(format!("@{tag}")),
        None => {
            problems.push(
                Problem::new(plan, format!("reworked change `{name}` has no `deploy/{name}@<tag>.sql`"))
                    .at(line, 1)
                    .with_help(if tags.is_empty() {
                        "tag the plan between the two instances of the change (`sqitch tag`) and rework it with `sqitch rework`".to_owned()
                    } else {
                        format!("its earlier scripts should be named after one of the tags {}", tags.join(", "))
                    }),
            );
            None
        }
    }
}

fn change(
    id: &str,
    name: &str,
    (deploy, revert, verify): (&Path, &Path, &Path),
    (plan, line): (&Path, usize),
    problems: &mut Vec<Problem>,
) -> Option<Revision> {
    if !deploy.is_file() {
        problems.push(
            Problem::new(
                plan,
                format!("change `{id}` has no deploy script `deploy/{id}.sql`"),
            )
            .at(line, 1)
            .with_help("add the deploy script, or remove the change from the plan"),
        );
        return None;
    }
    let before = problems.len();
    let deploy_content = read(deploy, problems)?;
    let up = script(deploy, &deploy_content, problems);
    let irreversible = parse_directives(deploy_content.sql()).irreversible;
    let down = if revert.is_file() {
        let content = read(revert, problems)?;
        if is_blank_sql(content.sql()) && !irreversible {
            Down::Missing(MissingDown {
                file: revert.to_path_buf(),
                line: None,
                what: "an empty revert script".into(),
                help: format!(
                    "write the SQL that undoes `deploy/{id}.sql`, or declare the change \
                     irreversible with a line `{IRREVERSIBLE_MARKER}` in its deploy script and \
                     delete this one"
                ),
            })
        } else if irreversible && !is_blank_sql(content.sql()) {
            problems.push(
                Problem::new(deploy, "marked irreversible, but it has a revert script").with_help(
                    format!("remove the `{IRREVERSIBLE_MARKER}` line, or delete `revert/{id}.sql`"),
                ),
            );
            Down::Declared
        } else if irreversible {
            Down::Declared
        } else {
            Down::Step(step(script(revert, &content, problems)))
        }
    } else if irreversible {
        Down::Declared
    } else {
        Down::Missing(MissingDown {
            file: deploy.to_path_buf(),
            line: None,
            what: format!("no revert script `revert/{id}.sql`"),
            help: format!(
                "add `revert/{id}.sql`, or declare the change irreversible \
                 with a line `{IRREVERSIBLE_MARKER}` in its deploy script"
            ),
        })
    };
    let verify = if verify.is_file() {
        let content = read(verify, problems)?;
        Some(whole_file(verify, &content))
    } else {
        None
    };
    if problems.len() > before {
        return None;
    }
    let revision_name = RevisionName {
        id: id.to_owned(),
        version: 0,
        version_text: id.to_owned(),
        description: name.to_owned(),
        aliases: Vec::new(),
        numbered: false,
    };
    let mut revision = Revision::with_down(revision_name, step(up), down);
    revision.verify = verify;
    Some(revision)
}

/// A sqitch script as a step: statement by statement, as psql runs it.
fn step(script: Script) -> Step {
    Step {
        script,
        transaction: TxMode::NoTransaction,
        runner: super::Runner::Sql,
    }
}

/// A whole script, with every psql meta-command reported.
fn script(path: &Path, content: &Content, problems: &mut Vec<Problem>) -> Script {
    for line in lines(content.sql()) {
        let trimmed = line.text.trim_start();
        if trimmed.starts_with('\\') {
            let column = line.text.len() - trimmed.len() + 1;
            problems.push(
                Problem::new(path, "psql meta-command")
                    .at(line.number, column)
                    .with_help("pg-roundtrip sends the script to the server, which does not know psql's backslash commands; write it in SQL"),
            );
        }
    }
    let script = whole_file(path, content);
    super::unsupported::check_script(&script, None, false, problems);
    script
}
