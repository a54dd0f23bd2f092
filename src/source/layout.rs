//! The names of the on-disk layouts pg-roundtrip reads.

use std::fmt;
use std::str::FromStr;

/// The on-disk layout a history was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Layout {
    /// `<version>_<description>.up.sql` + `.down.sql` (sqlx-cli, golang-migrate).
    Flat,
    /// A directory per revision holding `up.sql`, `down.sql` and
    /// `metadata.toml` (diesel).
    Diesel,
    /// `<version>_<name>.sql` with `-- migrate:up` and `-- migrate:down`
    /// sections (dbmate).
    Dbmate,
    /// `<version>_<name>.sql` with `-- +goose Up` and `-- +goose Down`
    /// sections (goose).
    Goose,
    /// `V<version>__<description>.sql` with `U<version>__<description>.sql`
    /// undo files (Flyway).
    Flyway,
    /// `sqitch.plan` with `deploy/`, `revert/` and `verify/` scripts (sqitch).
    Sqitch,
    /// `alembic.ini`, or a script directory with `env.py` and `versions/`
    /// (Alembic), read and run through the project's own alembic.
    Alembic,
    /// Any other tool, through `--list-cmd`, `--up-cmd` and `--down-cmd`;
    /// never detected.
    Command,
}

/// The old name of [`Layout`].
pub type Format = Layout;

impl Layout {
    /// Every layout, in the order they are listed to users.
    pub const ALL: [Layout; 8] = [
        Layout::Flat,
        Layout::Diesel,
        Layout::Dbmate,
        Layout::Goose,
        Layout::Flyway,
        Layout::Sqitch,
        Layout::Alembic,
        Layout::Command,
    ];

    /// The name `--layout` takes.
    pub fn name(self) -> &'static str {
        match self {
            Layout::Flat => "flat",
            Layout::Diesel => "diesel",
            Layout::Dbmate => "dbmate",
            Layout::Goose => "goose",
            Layout::Flyway => "flyway",
            Layout::Sqitch => "sqitch",
            Layout::Alembic => "alembic",
            Layout::Command => "command",
        }
    }

    /// What a directory of this layout holds, in a few words.
    pub fn looks_like(self) -> &'static str {
        match self {
            Layout::Flat => {
                "`<version>_<description>.up.sql` and `.down.sql` files (sqlx, golang-migrate)"
            }
            Layout::Diesel => "a directory per revision with `up.sql` and `down.sql` (diesel)",
            Layout::Dbmate => "`<version>_<name>.sql` files with `-- migrate:up` (dbmate)",
            Layout::Goose => "`<version>_<name>.sql` files with `-- +goose Up` (goose)",
            Layout::Flyway => {
                "`V<version>__<description>.sql` with `U<version>__<description>.sql` (Flyway)"
            }
            Layout::Sqitch => "`sqitch.plan` with `deploy/` and `revert/` (sqitch)",
            Layout::Alembic => "`alembic.ini`, or `env.py` with `versions/` (Alembic)",
            Layout::Command => "any tool, through --list-cmd, --up-cmd and --down-cmd",
        }
    }

    /// The tables the layout's own tool keeps its bookkeeping in (which
    /// revisions ran), left out of the schema for this layout only: a
    /// table of that name in another layout's history is the user's.
    /// The flat layout serves sqlx and golang-migrate; the command driver
    /// any tool, so it leaves out every tool's table.
    pub fn bookkeeping_tables(self) -> &'static [&'static str] {
        match self {
            Layout::Flat => &["_sqlx_migrations", "schema_migrations"],
            Layout::Diesel => &["__diesel_schema_migrations"],
            Layout::Dbmate => &["schema_migrations"],
            Layout::Goose => &["goose_db_version"],
            Layout::Flyway => &["flyway_schema_history"],
            Layout::Sqitch => &[],
            Layout::Alembic => &["alembic_version"],
            Layout::Command => &[
                "_sqlx_migrations",
                "__diesel_schema_migrations",
                "schema_migrations",
                "alembic_version",
                "goose_db_version",
                "flyway_schema_history",
            ],
        }
    }

    /// What the layout's tool creates in a database before it runs the
    /// first migration, where migrations are known to rely on it (Lemmy
    /// puts a trigger on diesel's table): run on every scratch database
    /// the walk creates.
    pub fn bookkeeping_setup(self) -> Option<&'static str> {
        match self {
            Layout::Diesel => Some(
                "CREATE TABLE IF NOT EXISTS __diesel_schema_migrations (\
                 version VARCHAR(50) PRIMARY KEY NOT NULL, \
                 run_on TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP)",
            ),
            _ => None,
        }
    }

    /// Every layout with what it looks like, for a help text.
    pub fn list() -> String {
        Layout::ALL
            .iter()
            .map(|l| format!("{}: {}", l.name(), l.looks_like()))
            .collect::<Vec<_>>()
            .join("; ")
    }
}

impl fmt::Display for Layout {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A name `--layout` does not know.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown layout `{0}`; the layouts are {names}", names = names())]
pub struct UnknownLayout(pub String);

fn names() -> String {
    Layout::ALL
        .iter()
        .map(|l| l.name())
        .collect::<Vec<_>>()
        .join(", ")
}

impl FromStr for Layout {
    type Err = UnknownLayout;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Layout::ALL
            .into_iter()
            .find(|l| l.name() == s)
            .ok_or_else(|| UnknownLayout(s.to_string()))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for layout in Layout::ALL {
            assert_eq!(layout.name().parse::<Layout>(), Ok(layout));
        }
        let err = "liquibase".parse::<Layout>().unwrap_err();
        assert!(
            err.to_string()
                .contains("flat, diesel, dbmate, goose, flyway, sqitch")
        );
    }
}
