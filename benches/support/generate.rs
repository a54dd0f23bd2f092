//! A generated migration history in the flat layout, for the walk
//! benchmark (`benches/walk.rs`) and the incremental-inspection test
//! (`tests/incremental.rs`, which includes this file by path).
//!
//! Revision `i` (from 1) creates table `t{i}`: an identity primary key, a
//! foreign key to `t{i-1}`, a check, a default, an expression index and a
//! comment. Every few revisions it also creates an enum column, a view
//! over two tables, a trigger function and its trigger, a grant, a
//! partitioned table with two partitions, or alters an older table. The
//! schema grows by about 1.3 tables a revision: 500 revisions make 650.

use std::fmt::Write as _;
use std::path::Path;

/// The up and down scripts of revision `i` (1-based).
pub fn revision(i: usize) -> (String, String) {
    let mut up = String::new();
    let mut down = Vec::new();
    let parent = if i > 1 {
        format!(
            ",\n    parent_id bigint REFERENCES t{} (id) ON DELETE CASCADE",
            i - 1
        )
    } else {
        String::new()
    };
    let _ = write!(
        up,
        "CREATE TABLE t{i} (\n    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n    \
         name text NOT NULL,\n    amount numeric(12, 2) NOT NULL DEFAULT 0 CHECK (amount >= 0),\n    \
         created_at timestamptz NOT NULL DEFAULT now(){parent}\n);\n\
         CREATE INDEX t{i}_name_ix ON t{i} (lower(name));\n\
         COMMENT ON TABLE t{i} IS 'generated table {i}';\n"
    );
    down.push(format!("DROP TABLE t{i};\n"));
    if i.is_multiple_of(5) {
        let _ = write!(
            up,
            "CREATE TYPE e{i} AS ENUM ('new', 'open', 'closed');\n\
             ALTER TABLE t{i} ADD COLUMN state e{i} NOT NULL DEFAULT 'new';\n"
        );
        down.push(format!("DROP TYPE e{i};\n"));
    }
    if i % 5 == 1 && i > 1 {
        let _ = write!(
            up,
            "CREATE VIEW v{i} AS\n    SELECT a.id, a.name, b.name AS parent_name\n    \
             FROM t{i} a LEFT JOIN t{p} b ON b.id = a.parent_id;\n\
             COMMENT ON VIEW v{i} IS 'generated view {i}';\n",
            p = i - 1
        );
        down.insert(0, format!("DROP VIEW v{i};\n"));
    }
    if i % 5 == 2 {
        let _ = write!(
            up,
            "CREATE FUNCTION touch_{i}() RETURNS trigger LANGUAGE plpgsql AS $$\n\
             BEGIN\n    NEW.created_at := now();\n    RETURN NEW;\nEND\n$$;\n\
             CREATE TRIGGER t{i}_touch BEFORE UPDATE ON t{i}\n    \
             FOR EACH ROW EXECUTE FUNCTION touch_{i}();\n"
        );
        down.push(format!("DROP FUNCTION touch_{i}();\n"));
    }
    if i % 5 == 3 {
        let _ = writeln!(up, "GRANT SELECT, INSERT ON t{i} TO PUBLIC;");
    }
    if i % 10 == 4 {
        let _ = write!(
            up,
            "CREATE TABLE p{i} (id bigint NOT NULL, at date NOT NULL, note text)\n    \
             PARTITION BY RANGE (at);\n\
             CREATE TABLE p{i}_2025 PARTITION OF p{i} FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');\n\
             CREATE TABLE p{i}_2026 PARTITION OF p{i} FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');\n\
             CREATE INDEX p{i}_at_ix ON p{i} (at);\n"
        );
        down.insert(0, format!("DROP TABLE p{i};\n"));
    }
    if i % 7 == 6 && i > 10 {
        let old = i / 2;
        let _ = write!(
            up,
            "ALTER TABLE t{old} ADD COLUMN extra_{i} integer;\n\
             ALTER TABLE t{old} RENAME COLUMN name TO name_{i};\n"
        );
        // Renamed back first: the view over t{old}, if any, shows the name.
        down.insert(
            0,
            format!(
                "ALTER TABLE t{old} RENAME COLUMN name_{i} TO name;\n\
                 ALTER TABLE t{old} DROP COLUMN extra_{i};\n"
            ),
        );
    }
    (up, down.concat())
}

/// Writes revisions 1..=n into `dir` in the flat layout
/// (`0001_rev1.up.sql`, `0001_rev1.down.sql`, …).
pub fn write_history(dir: &Path, n: usize) -> std::io::Result<()> {
    for i in 1..=n {
        let (up, down) = revision(i);
        std::fs::write(dir.join(format!("{i:04}_rev{i}.up.sql")), up)?;
        std::fs::write(dir.join(format!("{i:04}_rev{i}.down.sql")), down)?;
    }
    Ok(())
}
