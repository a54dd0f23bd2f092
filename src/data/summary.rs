//! What `--data auto` did in a whole walk: the tables it filled and those
//! it could not, with why, for the report's summary line.

use super::generate::{Filled, SkipReason, Skipped};
use std::collections::{BTreeMap, BTreeSet};

/// The tables `--data auto` gave rows (in any database of the walk), and
/// those it never could, each with the first reason it gave.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Generation {
    pub filled: BTreeSet<String>,
    skipped: BTreeMap<String, SkipReason>,
}

/// What a group of skipped tables has in common, for the summary.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum SkipGroup {
    /// No value for a `NOT NULL` column of this type.
    NoValue { sql_type: String },
    /// The server refused every row, with this SQLSTATE.
    Refused { code: Option<String> },
    /// A parent got no rows.
    ParentEmpty,
}

impl SkipReason {
    /// The group this reason belongs to.
    pub fn group(&self) -> SkipGroup {
        match self {
            SkipReason::NoValue { sql_type, .. } => SkipGroup::NoValue {
                sql_type: sql_type.clone(),
            },
            SkipReason::Refused { code, .. } => SkipGroup::Refused { code: code.clone() },
            SkipReason::ParentEmpty { .. } => SkipGroup::ParentEmpty,
        }
    }
}

impl Generation {
    /// One pass of generation: a table filled now is filled, whatever an
    /// earlier database skipped it for.
    pub fn record(&mut self, filled: &[Filled], skipped: &[Skipped]) {
        for f in filled {
            self.skipped.remove(&f.table);
            self.filled.insert(f.table.clone());
        }
        for s in skipped {
            if !self.filled.contains(&s.table) {
                self.skipped
                    .entry(s.table.clone())
                    .or_insert_with(|| s.reason.clone());
            }
        }
    }

    /// `other` (a later slice of the same history) added to this one.
    pub fn join(&mut self, other: Generation) {
        self.filled.extend(other.filled);
        for (table, reason) in other.skipped {
            self.skipped.entry(table).or_insert(reason);
        }
        let filled = &self.filled;
        self.skipped.retain(|t, _| !filled.contains(t));
    }

    /// The tables never filled, with their reasons, by table.
    pub fn skipped(&self) -> impl Iterator<Item = (&String, &SkipReason)> {
        self.skipped.iter()
    }

    /// The skipped tables by group, the largest group first (then by
    /// group), tables by name within one.
    pub fn groups(&self) -> Vec<(SkipGroup, Vec<(&String, &SkipReason)>)> {
        let mut groups: BTreeMap<SkipGroup, Vec<(&String, &SkipReason)>> = BTreeMap::new();
        for (table, reason) in &self.skipped {
            groups
                .entry(reason.group())
                .or_default()
                .push((table, reason));
        }
        let mut out: Vec<_> = groups.into_iter().collect();
        out.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then_with(|| a.0.cmp(&b.0)));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(code: &str) -> SkipReason {
        SkipReason::Refused {
            message: "no".into(),
            code: Some(code.into()),
        }
    }

    fn skipped(table: &str, reason: SkipReason) -> Skipped {
        Skipped {
            table: table.into(),
            reason,
        }
    }

    fn filled(table: &str) -> Filled {
        Filled {
            table: table.into(),
            oid: 1,
            rows: 4,
        }
    }

    #[test]
    fn a_table_filled_in_a_later_database_is_filled() {
        let mut g = Generation::default();
        g.record(&[], &[skipped("public.a", refused("23514"))]);
        g.record(&[filled("public.a")], &[]);
        g.record(&[], &[skipped("public.a", refused("23505"))]);
        assert_eq!(g.skipped().count(), 0);
        assert!(g.filled.contains("public.a"));
    }

    #[test]
    fn skipped_tables_are_grouped_largest_group_first() {
        let mut g = Generation::default();
        g.record(
            &[],
            &[
                skipped("public.a", refused("23514")),
                skipped(
                    "public.b",
                    SkipReason::ParentEmpty {
                        parent: "public.a".into(),
                        because: Some(Box::new(refused("23514"))),
                    },
                ),
                skipped("public.c", refused("23514")),
            ],
        );
        let groups = g.groups();
        assert_eq!(groups.len(), 2);
        assert_eq!(groups[0].0, refused("23514").group());
        assert_eq!(groups[0].1.len(), 2);
        assert_eq!(groups[1].0, SkipGroup::ParentEmpty);
    }

    #[test]
    fn joined_slices_count_a_table_once() {
        let mut first = Generation::default();
        first.record(
            &[filled("public.a")],
            &[skipped("public.b", refused("23514"))],
        );
        let mut second = Generation::default();
        second.record(
            &[filled("public.b")],
            &[skipped("public.c", refused("23505"))],
        );
        first.join(second);
        assert_eq!(first.filled.len(), 2);
        let skipped: Vec<&String> = first.skipped().map(|(t, _)| t).collect();
        assert_eq!(skipped, ["public.c"]);
    }
}
