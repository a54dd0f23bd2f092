//! The sentences about data findings (`--data`), for every format.

use crate::data::{DataDiff, DiffClass, SkipGroup, SkipReason, Stage};
use crate::walk::{Finding, Problem};

/// At most this many characters of a row are shown.
const ROW_CHARS: usize = 200;

fn rows(n: i64) -> String {
    if n == 1 {
        "1 row".into()
    } else {
        format!("{n} rows")
    }
}

/// `is` or `are`, for `n` rows.
fn be(n: i64) -> &'static str {
    if n == 1 { "is" } else { "are" }
}

fn have(n: i64) -> &'static str {
    if n == 1 { "has" } else { "have" }
}

fn were(n: i64) -> &'static str {
    if n == 1 { "was" } else { "were" }
}

fn columns(list: &[String]) -> String {
    match list {
        [] => String::new(),
        [one] => format!("column {one}"),
        many => format!("columns {}", many.join(", ")),
    }
}

/// The one-line message of a data finding; `None` for other findings.
pub fn message(finding: &Finding) -> Option<String> {
    let id = finding.revision();
    Some(match &finding.problem {
        Problem::Data(d) if d.not_deterministic => format!(
            "{}, although its downgrade gave back exactly the rows from before: the upgrade is not deterministic",
            second_upgrade_message(id, &d.diff)
        ),
        Problem::Data(d) if d.declared => format!("{} (declared)", diff_message(id, &d.diff)),
        Problem::Data(d) => diff_message(id, &d.diff),
        Problem::DataDestroyed {
            destroyed, allowed, ..
        } => {
            let what = if destroyed.columns.is_empty() {
                format!("table {}", destroyed.table)
            } else {
                format!("{} of {}", columns(&destroyed.columns), destroyed.table)
            };
            format!(
                "the upgrade of {id} drops {what}, which held {}: no downgrade can bring {} back{}",
                rows(destroyed.rows),
                if destroyed.columns.is_empty() {
                    "them"
                } else {
                    "their values"
                },
                if *allowed { " (declared)" } else { "" }
            )
        }
        Problem::FixtureError(step) => {
            format!("the fixture of {id} failed: {}", step.error.message)
        }
        Problem::GeneratedRowsRemoved { tables, reason } => format!(
            "the upgrade of {id} failed on the rows --data auto generated ({reason}): they were removed from {} and the upgrade ran again",
            tables.join(", ")
        ),
        Problem::DataSkipped { table, reason } => format!(
            "--data auto could not give table {table} a row (after {id}): {}",
            skip_reason(reason)
        ),
        _ => return None,
    })
}

/// Why a table got no generated row: the `data-skipped` warning's reason.
pub fn skip_reason(reason: &SkipReason) -> String {
    match reason {
        SkipReason::NoValue { column, sql_type } => format!(
            "no value to generate for column {column} of type {sql_type} (NOT NULL, no default)"
        ),
        SkipReason::Refused { message, .. } => {
            format!("the server refused every row tried: {message}")
        }
        SkipReason::ParentEmpty {
            parent,
            because: Some(because),
        } => format!("its parent {parent} got no rows: {}", skip_reason(because)),
        SkipReason::ParentEmpty {
            parent,
            because: None,
        } => format!(
            "its parent {parent} has no rows and --data auto did not fill it (it had rows when first looked at, is left out of the comparison, or comes later in a cycle of foreign keys)"
        ),
    }
}

/// What the skipped tables of a group share, for the summary.
pub fn skip_group(group: &SkipGroup) -> String {
    match group {
        SkipGroup::NoValue { sql_type } => {
            format!("no value to generate for a NOT NULL column of type {sql_type}")
        }
        SkipGroup::Refused { code } => match code.as_deref() {
            Some("23514") => "a CHECK constraint refused every row".into(),
            Some("23505") => "a unique constraint refused every row".into(),
            Some("23502") => "a NOT NULL column got NULL".into(),
            Some("23503") => "a foreign key refused every row".into(),
            Some("23P01") => "an exclusion constraint refused every row".into(),
            Some("P0001") => "a trigger raised an error".into(),
            Some(code) if code.starts_with("22") => {
                format!("a value was out of range or invalid (SQLSTATE {code})")
            }
            Some(code) => format!("the server refused every row (SQLSTATE {code})"),
            None => "the server refused every row".into(),
        },
        SkipGroup::ParentEmpty => "a parent table got no rows".into(),
    }
}

/// At most this many tables are named per group in the summary line.
const GROUP_TABLES: usize = 3;

/// The summary line of what `--data auto` did in a run.
pub fn generated_summary(g: &crate::report::json::schema::Generated) -> String {
    let tables = |n: usize| {
        if n == 1 {
            "1 table".to_string()
        } else {
            format!("{n} tables")
        }
    };
    if g.skipped == 0 {
        return format!("--data auto filled {}, skipped none", tables(g.filled));
    }
    let groups: Vec<String> = g
        .skipped_groups
        .iter()
        .map(|group| {
            let mut names: Vec<&str> = group
                .tables
                .iter()
                .take(GROUP_TABLES)
                .map(|t| t.table.as_str())
                .collect();
            if group.tables.len() > GROUP_TABLES {
                names.push("…");
            }
            format!(
                "{} ({}: {})",
                group.reason,
                group.tables.len(),
                names.join(", ")
            )
        })
        .collect();
    format!(
        "--data auto filled {}, skipped {}: {}",
        tables(g.filled),
        g.skipped,
        groups.join("; ")
    )
}

/// What the second upgrade of `id` gave otherwise than the first.
fn second_upgrade_message(id: &str, d: &DataDiff) -> String {
    let (n, t) = (rows(d.rows), &d.table);
    match d.class {
        DiffClass::Changed => format!(
            "the second upgrade of {id} gave {n} of {t} other values than the first ({})",
            columns(&d.columns)
        ),
        DiffClass::Lost => {
            format!("the second upgrade of {id} did not give {n} of {t} that the first gave")
        }
        DiffClass::LeftBehind => {
            format!("the second upgrade of {id} gave {n} in {t} that the first did not")
        }
    }
}

fn diff_message(id: &str, d: &DataDiff) -> String {
    let n = rows(d.rows);
    let t = &d.table;
    match (d.stage, d.class) {
        (Stage::AfterDowngrade, DiffClass::Lost) => {
            format!(
                "{n} of {t} present before {id} {} gone after its downgrade",
                be(d.rows)
            )
        }
        (Stage::AfterDowngrade, DiffClass::Changed) => format!(
            "{n} of {t} {} other values after the downgrade of {id} than before its upgrade ({})",
            have(d.rows),
            columns(&d.columns)
        ),
        (Stage::AfterDowngrade, DiffClass::LeftBehind) => format!(
            "the downgrade of {id} left {n} in {t} that {} not there before its upgrade",
            were(d.rows)
        ),
        (Stage::AfterSecondUpgrade, DiffClass::Lost) => format!(
            "upgrading {id} again after its downgrade left {n} fewer in {t} than the first upgrade"
        ),
        (Stage::AfterSecondUpgrade, DiffClass::Changed) => format!(
            "upgrading {id} again after its downgrade gave {n} of {t} other values than the first upgrade ({})",
            columns(&d.columns)
        ),
        (Stage::AfterSecondUpgrade, DiffClass::LeftBehind) => format!(
            "upgrading {id} again after its downgrade gave {n} more in {t} than the first upgrade"
        ),
    }
}

/// The detail lines of a data finding; `None` for other findings.
pub fn details(finding: &Finding) -> Option<Vec<String>> {
    let id = finding.revision();
    Some(match &finding.problem {
        Problem::Data(d) => {
            let (before, after) = match d.diff.stage {
                Stage::AfterDowngrade => ("before", "after the downgrade"),
                Stage::AfterSecondUpgrade => ("first upgrade", "second upgrade"),
            };
            let mut lines: Vec<String> = d
                .diff
                .examples
                .iter()
                .map(|e| {
                    let key = e
                        .key
                        .as_deref()
                        .map_or(String::new(), |k| format!("key {k}: "));
                    if d.diff.class == DiffClass::Changed
                        && let Some(changes) = changed_values(e, &d.diff.columns)
                    {
                        return format!("{key}{changes}");
                    }
                    let show = |r: &Option<String>| r.as_deref().map_or("(absent)".into(), cut);
                    format!(
                        "{key}{before} {} | {after} {}",
                        show(&e.before),
                        show(&e.after)
                    )
                })
                .collect();
            if d.diff.rows > d.diff.examples.len() as i64 && !d.diff.examples.is_empty() {
                lines.push(format!(
                    "({} more not shown)",
                    d.diff.rows - d.diff.examples.len() as i64
                ));
            }
            lines.push(match (d.diff.stage, d.diff.class) {
                _ if d.not_deterministic => "a warning, not a failure: the second upgrade ran on the same rows as the first, so the difference comes from the upgrade itself (random values such as gen_random_uuid() or random(), the clock, a sequence the downgrade does not reset)".into(),
                _ if d.declared => "declared: the revision loses data on purpose; a warning, not a failure".into(),
                (Stage::AfterDowngrade, DiffClass::LeftBehind) => {
                    "the downgrade should delete the rows its upgrade inserted".into()
                }
                (Stage::AfterDowngrade, _) => format!(
                    "the downgrade should give back the rows from before the upgrade; if the upgrade deletes or rewrites them on purpose (a cleanup, a lossy conversion), declare it with --allow-data-loss {id} or a line `-- pg-roundtrip: data-loss` in its up file"
                ),
                (Stage::AfterSecondUpgrade, _) => {
                    "the second upgrade computed other rows from what the downgrade left: the downgrade left data behind, or the upgrade depends on more than the schema".into()
                }
            });
            lines
        }
        Problem::DataDestroyed { allowed: true, .. } => {
            vec!["declared: a warning, not a failure".into()]
        }
        Problem::DataDestroyed { .. } => vec![format!(
            "if that is intended, declare it: a line `{}` in the up file, `allow-data-loss = [\"{id}\"]` in pg-roundtrip.toml, or --allow-data-loss {id}",
            crate::data::DATA_LOSS_MARKER
        )],
        Problem::FixtureError(step) => {
            let mut lines = Vec::new();
            if let Some(d) = &step.error.detail {
                lines.push(format!("detail: {d}"));
            }
            if let Some(h) = &step.error.hint {
                lines.push(format!("hint: {h}"));
            }
            lines.push(format!(
                "fixture {} runs once {id} is upgraded: it must fit the schema at {id}",
                step.file.display()
            ));
            lines
        }
        Problem::GeneratedRowsRemoved { .. } => vec![
            "a warning: the upgrade assumes something of existing rows (none NULL, distinct, castable) that generated rows need not meet; a fixture with realistic rows checks it for real".into(),
        ],
        Problem::DataSkipped { .. } => {
            vec!["a warning: the table is not compared unless a fixture gives it rows".into()]
        }
        _ => return None,
    })
}

/// The example rows before and after, one a line, for the reports'
/// `before`/`after` fields; `None` for other findings.
pub fn rows_before_after(finding: &Finding) -> Option<(String, String)> {
    let Problem::Data(d) = &finding.problem else {
        return None;
    };
    let side = |pick: fn(&crate::data::Example) -> &Option<String>| -> String {
        d.diff
            .examples
            .iter()
            .filter_map(|e| pick(e).clone())
            .collect::<Vec<_>>()
            .join("\n")
    };
    Some((side(|e| &e.before), side(|e| &e.after)))
}

/// `created_at "…" → "…", title …` for the `columns` of a changed row;
/// `None` when a side is not a JSON object.
fn changed_values(e: &crate::data::Example, columns: &[String]) -> Option<String> {
    let parse = |s: &Option<String>| -> Option<serde_json::Map<String, serde_json::Value>> {
        serde_json::from_str::<serde_json::Value>(s.as_deref()?)
            .ok()?
            .as_object()
            .cloned()
    };
    let (b, a) = (parse(&e.before)?, parse(&e.after)?);
    let parts: Vec<String> = columns
        .iter()
        .filter(|c| b.get(*c) != a.get(*c))
        .map(|c| {
            let show = |v: Option<&serde_json::Value>| {
                v.map_or("(absent)".into(), |v| cut(&v.to_string()))
            };
            format!("{c} {} → {}", show(b.get(c)), show(a.get(c)))
        })
        .collect();
    (!parts.is_empty()).then(|| parts.join(", "))
}

fn cut(row: &str) -> String {
    if row.chars().count() <= ROW_CHARS {
        row.to_string()
    } else {
        let head: String = row.chars().take(ROW_CHARS).collect();
        format!("{head}…")
    }
}
