//! The run's `generated` field: what `--data auto` filled and skipped,
//! from the walk's [`Generation`](crate::data::Generation), and joined
//! when `merge-reports` joins partitions.

use serde::{Deserialize, Serialize};

/// What `--data auto` did in a run: the tables it gave rows, and those it
/// could not, grouped by reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Generated {
    /// How many tables got generated rows.
    pub filled: usize,
    /// How many tables got none (each also a `data-skipped` warning).
    pub skipped: usize,
    /// The tables that got rows, by name (`public.tasks`).
    pub filled_tables: Vec<String>,
    /// The skipped tables by reason, the largest group first.
    pub skipped_groups: Vec<SkippedGroup>,
}

/// Skipped tables that share a reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkippedGroup {
    /// What they share: `a CHECK constraint refused every row`.
    pub reason: String,
    pub tables: Vec<SkippedTable>,
}

/// One skipped table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkippedTable {
    /// `public.tasks`.
    pub table: String,
    /// Its own reason, as its `data-skipped` warning gives it.
    pub reason: String,
}

/// The report's form of `g`.
pub fn from_walk(g: &crate::data::Generation) -> Generated {
    use crate::report::data_wording::{skip_group, skip_reason};
    let skipped_groups: Vec<SkippedGroup> = g
        .groups()
        .into_iter()
        .map(|(group, tables)| SkippedGroup {
            reason: skip_group(&group),
            tables: tables
                .into_iter()
                .map(|(table, reason)| SkippedTable {
                    table: table.clone(),
                    reason: skip_reason(reason),
                })
                .collect(),
        })
        .collect();
    Generated {
        filled: g.filled.len(),
        skipped: skipped_groups.iter().map(|s| s.tables.len()).sum(),
        filled_tables: g.filled.iter().cloned().collect(),
        skipped_groups,
    }
}

/// `more` (another partition of the same run) added to `into`: a table
/// counts once, as filled when any partition filled it.
pub fn join(into: &mut Option<Generated>, more: Option<Generated>) {
    let Some(more) = more else {
        return;
    };
    let Some(all) = into else {
        *into = Some(more);
        return;
    };
    for t in more.filled_tables {
        if !all.filled_tables.contains(&t) {
            all.filled_tables.push(t);
        }
    }
    all.filled_tables.sort();
    for group in more.skipped_groups {
        match all
            .skipped_groups
            .iter_mut()
            .find(|g| g.reason == group.reason)
        {
            Some(g) => {
                for t in group.tables {
                    if !g.tables.iter().any(|s| s.table == t.table) {
                        g.tables.push(t);
                    }
                }
            }
            None => all.skipped_groups.push(group),
        }
    }
    let filled = &all.filled_tables;
    for g in &mut all.skipped_groups {
        g.tables.retain(|t| !filled.contains(&t.table));
        g.tables.sort_by(|a, b| a.table.cmp(&b.table));
    }
    all.skipped_groups.retain(|g| !g.tables.is_empty());
    all.skipped_groups.sort_by(|a, b| {
        b.tables
            .len()
            .cmp(&a.tables.len())
            .then_with(|| a.reason.cmp(&b.reason))
    });
    all.filled = all.filled_tables.len();
    all.skipped = all.skipped_groups.iter().map(|g| g.tables.len()).sum();
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn generated(filled: &[&str], skipped: &[(&str, &str)]) -> Generated {
        let skipped_groups = vec![SkippedGroup {
            reason: "r".into(),
            tables: skipped
                .iter()
                .map(|(t, r)| SkippedTable {
                    table: (*t).into(),
                    reason: (*r).into(),
                })
                .collect(),
        }];
        Generated {
            filled: filled.len(),
            skipped: skipped.len(),
            filled_tables: filled.iter().map(|t| (*t).into()).collect(),
            skipped_groups,
        }
    }

    #[test]
    fn partitions_join_into_one_count_per_table() {
        let mut all = Some(generated(
            &["public.a"],
            &[("public.b", "x"), ("public.c", "y")],
        ));
        join(
            &mut all,
            Some(generated(&["public.a", "public.b"], &[("public.c", "y")])),
        );
        let all = all.unwrap();
        assert_eq!(all.filled_tables, ["public.a", "public.b"]);
        assert_eq!((all.filled, all.skipped), (2, 1));
        assert_eq!(all.skipped_groups[0].tables[0].table, "public.c");
    }
}
