use super::*;
use std::collections::BTreeSet;
use std::path::Path;

/// A flat history of `n` revisions (`1_r1` … `n_rn`) in `dir`.
fn history(dir: &Path, n: usize) -> History {
    std::fs::create_dir_all(dir).unwrap_or_else(|e| panic!("{e}"));
    for i in 1..=n {
        for (dir_name, sql) in [("up", "CREATE TABLE t();"), ("down", "DROP TABLE t;")] {
            let file = dir.join(format!("{i}_r{i}.{dir_name}.sql"));
            std::fs::write(file, sql).unwrap_or_else(|e| panic!("{e}"));
        }
    }
    crate::source::load(dir).unwrap_or_else(|e| panic!("{e}"))
}

fn file(h: &History, rev: usize, down: bool) -> PathBuf {
    let r = &h.revisions[rev];
    let path = match (&r.down, down) {
        (Some(d), true) => &d.script.path,
        _ => &r.up.script.path,
    };
    resolved(path)
}

/// Every (server, history, revision) walk a partition set takes.
fn walks(matrix: &[Vec<Selection>], lens: &[usize]) -> Vec<(usize, usize, usize)> {
    let mut all = Vec::new();
    for (b, row) in matrix.iter().enumerate() {
        for (h, s) in row.iter().enumerate() {
            all.extend(s.indices(lens[h]).into_iter().map(|i| (b, h, i)));
        }
    }
    all
}

#[test]
fn partitions_together_walk_every_selected_revision_once() {
    let histories: [&[usize]; 4] = [&[0], &[1], &[5, 3], &[17, 0, 9, 2]];
    for lens in histories {
        for servers in 1..=3 {
            // A whole walk, and a selection that leaves out the first and
            // every third revision.
            let picks: [Vec<Selection>; 2] = [
                vec![Selection::All; lens.len()],
                lens.iter()
                    .map(|len| Selection::only((1..*len).filter(|i| i % 3 != 0)))
                    .collect(),
            ];
            for selections in &picks {
                let whole = walks(&partitioned(selections, lens, servers, None), lens);
                for n in 1..=7 {
                    let mut seen: Vec<(usize, usize, usize)> = Vec::new();
                    for p in Partition::all(n) {
                        let matrix = partitioned(selections, lens, servers, Some(p));
                        assert_eq!(matrix.len(), servers);
                        // Within one walk a partition takes consecutive
                        // selected revisions: it fast-forwards once.
                        for (row, base) in matrix.iter().zip(std::iter::repeat(selections)) {
                            for ((s, all), len) in row.iter().zip(base).zip(lens) {
                                let mine = s.indices(*len);
                                let order = all.indices(*len);
                                if let Some(first) = mine.first() {
                                    let at = order.iter().position(|i| i == first);
                                    let run = at.map(|a| &order[a..a + mine.len()]);
                                    assert_eq!(run, Some(&mine[..]), "{lens:?} {p}");
                                }
                            }
                        }
                        seen.extend(walks(&matrix, lens));
                    }
                    let mut sorted = seen.clone();
                    sorted.sort();
                    let mut expected = whole.clone();
                    expected.sort();
                    assert_eq!(sorted, expected, "lens {lens:?}, {servers} servers, N={n}");
                    let unique: BTreeSet<_> = seen.iter().collect();
                    assert_eq!(unique.len(), seen.len(), "a walk taken twice");
                }
            }
        }
    }
}

#[test]
fn a_version_matrix_splits_by_server_first() {
    // Three versions of a four-revision history in three partitions: one
    // server each.
    let sel = [Selection::All];
    for k in 1..=3 {
        let m = partitioned(&sel, &[4], 3, Some(Partition { index: k, count: 3 }));
        let busy: Vec<usize> = (0..3).filter(|b| !walks_nothing(&m[*b][0], 4)).collect();
        assert_eq!(busy, [k - 1]);
        assert_eq!(m[k - 1][0], Selection::range(0..4));
    }
    // Without a partition, every server walks the whole selection.
    assert_eq!(
        partitioned(&sel, &[4], 2, None),
        vec![vec![Selection::All]; 2]
    );
}

#[test]
fn since_takes_the_revision_and_all_after_it() {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let h = history(&tmp.path().join("m"), 12);
    assert_eq!(since(&h, "10_r10").ok(), Some(Selection::range(9..12)));
    assert_eq!(since(&h, "3").ok(), Some(Selection::range(2..12)));
    let e = since(&h, "13_r13")
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(
        e.starts_with("--since 13_r13: no revision \"13_r13\" in "),
        "{e}"
    );
    assert!(e.contains("nearby: 10_r10, 11_r11, 12_r12;"), "{e}");
    assert!(e.contains("12 revisions from 1_r1 to 12_r12"), "{e}");
    let empty = History {
        revisions: Vec::new(),
        ..h
    };
    let e = since(&empty, "1")
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(e.ends_with("has no revisions"), "{e}");
}

#[test]
fn edit_distance() {
    assert_eq!(distance("", "abc"), 3);
    assert_eq!(distance("kitten", "sitting"), 3);
    assert_eq!(distance("0004", "0003"), 1);
    assert_eq!(distance("same", "same"), 0);
}

#[test]
fn changed_files_select_their_revisions_and_old_edits_are_named() {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let h = history(&tmp.path().join("m"), 5);
    let mut changes = Changes {
        reference: "main".into(),
        ..Changes::default()
    };
    // 5 is new; 4 (the newest at the ref) had its down file edited, 2 its
    // upgrade, 1 its downgrade.
    changes
        .added
        .extend([file(&h, 4, false), file(&h, 4, true)]);
    changes
        .modified
        .extend([file(&h, 3, true), file(&h, 1, false), file(&h, 0, true)]);
    changes.deleted.insert(tmp.path().join("m/9_gone.up.sql"));
    changes.deleted.insert(tmp.path().join("m/README.md"));
    let c = classify(&h, &changes);
    assert_eq!(c.selection, Selection::only([0, 1, 3, 4]));
    let edits: Vec<(&str, bool, &str)> = c
        .edits
        .iter()
        .map(|e| (e.revision.as_str(), e.upgrade, e.newest.as_str()))
        .collect();
    assert_eq!(edits, [("1_r1", false, "4_r4"), ("2_r2", true, "4_r4")]);
    assert_eq!(c.edits[1].files, [file(&h, 1, false)]);
    assert_eq!(c.warnings.len(), 1, "{:?}", c.warnings);
    assert!(c.warnings[0].contains("9_gone.up.sql was deleted since main"));

    // A new revision placed before one that existed is warned about.
    let mut early = Changes {
        reference: "main".into(),
        ..Changes::default()
    };
    early.added.insert(file(&h, 2, false));
    let c = classify(&h, &early);
    assert_eq!(c.selection, Selection::only([2]));
    assert!(c.edits.is_empty());
    assert!(c.warnings[0].contains("3_r3 in"), "{:?}", c.warnings);
    assert!(c.warnings[0].contains("comes before 5_r5, which existed there"));

    // Nothing changed: nothing selected.
    let none = classify(&h, &Changes::default());
    assert!(none.selection.is_empty(5) && none.edits.is_empty() && none.warnings.is_empty());
}

#[test]
fn an_edited_upgrade_fails_unless_allowed_and_a_downgrade_edit_warns() {
    let edit = |upgrade| Edit {
        history: "m".into(),
        revision: "2_r2".into(),
        files: vec!["m/2_r2.up.sql".into()],
        upgrade,
        newest: "4_r4".into(),
    };
    let chosen = |e| Chosen {
        edits: vec![e],
        ..Chosen::default()
    };
    let print = |c: &Chosen, allowed| {
        let mut out = Vec::new();
        let failed = c.print_edits(allowed, &mut out);
        (failed, String::from_utf8_lossy(&out).into_owned())
    };
    let (failed, text) = print(&chosen(edit(true)), false);
    assert!(failed);
    assert!(
        text.starts_with("error: edited an applied migration: 2_r2 in m (m/2_r2.up.sql changed, and the newer 4_r4 already existed): databases that applied 2_r2 will never run the edit\n  help: "),
        "{text}"
    );
    let (failed, text) = print(&chosen(edit(true)), true);
    assert!(
        !failed && text.starts_with("warning: edited an applied migration: 2_r2"),
        "{text}"
    );
    let (failed, text) = print(&chosen(edit(false)), false);
    assert!(
        !failed && text.starts_with("warning: edited an applied migration's downgrade"),
        "{text}"
    );
}

#[test]
fn the_chosen_line_says_what_and_why() {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let h = history(&tmp.path().join("m"), 9);
    let line = describe(&h, &Selection::only([3, 5]), "changed since main");
    assert!(line.ends_with("round trip for 4_r4, 6_r6 (changed since main); 4 before them fast-forwarded (upgraded, not inspected)"), "{line}");
    let line = describe(&h, &Selection::range(0..9), "--since 1");
    assert!(
        line.ends_with("round trip for 1_r1, 2_r2, 3_r3, 4_r4, 5_r5 and 4 more (--since 1)"),
        "{line}"
    );
    let line = describe(&h, &Selection::only([]), "changed since main");
    assert!(
        line.ends_with("no revision selected (changed since main)"),
        "{line}"
    );
}

/// A fixture history of this repository, read where it is.
fn fixture(name: &str) -> History {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    crate::source::load(&dir).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn one_file_layouts_and_diesel_metadata_count_as_the_revision_s_files() {
    // dbmate keeps both directions in one file: a change to it is a
    // change to the upgrade.
    let h = fixture("dbmate-ok");
    let changes = Changes {
        reference: "main".into(),
        modified: [file(&h, 0, true)].into(),
        ..Changes::default()
    };
    let c = classify(&h, &changes);
    assert_eq!(c.selection, Selection::only([0]));
    assert_eq!(c.edits.len(), 1);
    assert!(c.edits[0].upgrade, "{:?}", c.edits);
    // diesel's metadata.toml says how the revision runs: editing it
    // selects the revision (an edit that is not the upgrade's file).
    let h = fixture("diesel-ok");
    let last = h.revisions.len() - 1;
    let dir = h.revisions[last]
        .up
        .script
        .path
        .parent()
        .map(Path::to_path_buf);
    let metadata = resolved(&dir.unwrap_or_default().join("metadata.toml"));
    let changes = Changes {
        reference: "main".into(),
        modified: [metadata].into(),
        ..Changes::default()
    };
    let c = classify(&h, &changes);
    assert_eq!(c.selection, Selection::only([last]));
    assert!(
        c.edits.is_empty(),
        "the newest revision at the ref: {:?}",
        c.edits
    );
}
