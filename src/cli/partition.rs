//! `--partition K/N`: the walks a check's selections leave, cut across
//! servers, histories and revisions into the slices of
//! [`Partition::slice`].

use super::config::HistoryRun;
use crate::report::display_path;
use crate::walk::{Partition, Selection};

/// The selection of each history on each of `servers` servers
/// (`[server][history]`) for `partition` of the walks `selections` leave,
/// with `lens` the histories' lengths. Without a partition every server
/// walks every history's selection. With one, the (server, history,
/// revision) walks, in that order, are cut into contiguous slices
/// ([`Partition::slice`]), so a partition walks a run of consecutive
/// revisions of each history it touches, and starts only the servers it
/// walks on.
pub fn partitioned(
    selections: &[Selection],
    lens: &[usize],
    servers: usize,
    partition: Option<Partition>,
) -> Vec<Vec<Selection>> {
    let Some(partition) = partition else {
        return vec![selections.to_vec(); servers];
    };
    let walks: Vec<(usize, usize, usize)> = (0..servers)
        .flat_map(|b| {
            selections
                .iter()
                .zip(lens)
                .enumerate()
                .flat_map(move |(h, (s, len))| s.indices(*len).into_iter().map(move |i| (b, h, i)))
        })
        .collect();
    let mut matrix = vec![vec![Vec::new(); selections.len()]; servers];
    for &(b, h, i) in &walks[partition.slice(walks.len())] {
        matrix[b][h].push(i);
    }
    matrix
        .into_iter()
        .map(|row| row.into_iter().map(Selection::only).collect())
        .collect()
}

/// `pg-roundtrip: partition 2/3: 4 revision walks of 12: migrations on PostgreSQL 17 (0005_e to 0008_h)`.
pub fn describe_partition(
    partition: Partition,
    matrix: &[Vec<Selection>],
    selections: &[Selection],
    histories: &[HistoryRun],
    labels: &[String],
) -> String {
    let lens: Vec<usize> = histories
        .iter()
        .map(|h| h.history.revisions.len())
        .collect();
    let all: usize = selections
        .iter()
        .zip(&lens)
        .map(|(s, len)| s.indices(*len).len())
        .sum::<usize>()
        * matrix.len();
    let mut mine = 0;
    let mut parts = Vec::new();
    for (row, label) in matrix.iter().zip(labels) {
        for ((s, run), len) in row.iter().zip(histories).zip(&lens) {
            let picked = s.indices(*len);
            let (Some(first), Some(last)) = (picked.first(), picked.last()) else {
                continue;
            };
            mine += picked.len();
            let ids = &run.history.revisions;
            let span = if first == last {
                ids[*first].id()
            } else {
                format!("{} to {}", ids[*first].id(), ids[*last].id())
            };
            parts.push(format!(
                "{} on {label} ({span})",
                display_path(&run.history.dir)
            ));
        }
    }
    let walks = |n: usize| match n {
        1 => "1 revision walk".to_string(),
        n => format!("{n} revision walks"),
    };
    if parts.is_empty() {
        return format!(
            "pg-roundtrip: partition {partition}: nothing to walk ({} in all, for {} partitions)",
            walks(all),
            partition.count
        );
    }
    format!(
        "pg-roundtrip: partition {partition}: {} of {all}: {}",
        walks(mine),
        parts.join(", ")
    )
}
