//! Histories written to disk in the flat layout (`1_name.up.sql`,
//! `1_name.down.sql`), for tests that need a history of their own.

use std::path::Path;

/// A history to write: revisions and any other files, in order.
///
/// ```ignore
/// HistoryFiles::new()
///     .rev("1_a", "CREATE TABLE a ();", "DROP TABLE a;")
///     .up_only("2_b", "CREATE TABLE b ();")
///     .write(&dir);
/// ```
#[derive(Debug, Clone, Default)]
pub struct HistoryFiles {
    files: Vec<(String, String)>,
}

impl HistoryFiles {
    pub fn new() -> Self {
        Self::default()
    }

    /// A revision with both files: `STEM.up.sql` and `STEM.down.sql`.
    pub fn rev(self, stem: &str, up: &str, down: &str) -> Self {
        self.file(&format!("{stem}.up.sql"), up)
            .file(&format!("{stem}.down.sql"), down)
    }

    /// An upgrade without its down file.
    pub fn up_only(self, stem: &str, up: &str) -> Self {
        self.file(&format!("{stem}.up.sql"), up)
    }

    /// Any other file in the directory.
    pub fn file(mut self, name: &str, text: &str) -> Self {
        self.files.push((name.to_string(), text.to_string()));
        self
    }

    /// Writes every file into `dir`, creating it if needed.
    pub fn write(&self, dir: &Path) {
        std::fs::create_dir_all(dir)
            .unwrap_or_else(|e| panic!("could not create {}: {e}", dir.display()));
        for (name, text) in &self.files {
            let path = dir.join(name);
            std::fs::write(&path, text)
                .unwrap_or_else(|e| panic!("could not write {}: {e}", path.display()));
        }
    }
}

/// One revision whose upgrade sleeps for a minute: a run to interrupt.
pub fn sleeping_upgrade() -> HistoryFiles {
    HistoryFiles::new().rev("1_slow", "SELECT pg_sleep(60);\n", "SELECT 1;\n")
}
