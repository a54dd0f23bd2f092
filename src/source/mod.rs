//! Reads migration histories from disk into [`History`]s of [`Revision`]s.
//!
//! Pure: no database, no async. Each on-disk [`Layout`] has its own file and
//! reader that turns a directory into revisions: [`load_flat`] (sqlx,
//! golang-migrate), [`load_diesel`], [`load_dbmate`], [`load_goose`],
//! [`load_flyway`] and [`load_sqitch`]; [`load`] detects the layout
//! ([`detect`]) and runs its reader, [`load_with`] can be told which one. Bad input is reported as a [`HistoryError`] that lists
//! every problem at once, each naming its file and, when known, its line.
//! [`split_statements`] cuts a script into the statements the server would
//! read.

mod alembic;
mod companions;
mod dbmate;
mod detect;
mod diesel;
mod directive;
mod error;
mod exclude;
mod files;
mod flat;
mod flat_names;
mod flyway;
mod goose;
mod layout;
mod sections;
mod split;
mod sqitch;
mod transaction;
mod unsupported;

pub use alembic::load_alembic;
pub use dbmate::load_dbmate;
pub use detect::detect;
pub use diesel::load_diesel;
pub use directive::{
    BOM, Directives, IRREVERSIBLE_MARKER, NO_TRANSACTION, parse_directives, strip_bom,
};
pub use error::{HistoryError, Problem};
pub use exclude::{BadPattern, Exclude};
pub use flat::load_flat;
pub use flyway::{FlywayVersion, load_flyway};
pub use goose::load_goose;
pub use layout::{Format, Layout, UnknownLayout};
pub(crate) use split::line_column;
pub use split::{Statement, split_statements};
pub use sqitch::load_sqitch;
pub use transaction::{ControlKind, TransactionControl, breaks_transaction, transaction_control};

use std::path::{Path, PathBuf};

/// A migration history: every revision of one directory, in the order the
/// tool that owns it applies them.
#[derive(Debug, Clone)]
pub struct History {
    pub dir: PathBuf,
    /// The layout it was read as.
    pub format: Layout,
    pub revisions: Vec<Revision>,
    /// What the reader noticed but did not refuse (a `-- no-transaction`
    /// that is ignored, or honoured where sqlx would not honour it), each
    /// with its file and line. The CLI prints them as `warning:` lines.
    pub warnings: Vec<Problem>,
}

/// One revision, whatever the tool: an upgrade and, unless it is
/// irreversible, a downgrade, each with the file and line it comes from.
///
/// What `version` and `version_text` hold depends on the layout:
///
/// | layout | `id()` | `version` | `version_text` | `description` |
/// |---|---|---|---|---|
/// | flat | `0003_add_tasks` | `3` | `0003` | `add_tasks` |
/// | diesel | `2024-01-02-000000_add tags` (the directory) | `20240102000000` (the version without `-`; 0 when that is not a number) | `2024-01-02-000000` | `add tags` |
/// | dbmate, goose | `20240102120000_add_tags` (the file stem) | `20240102120000` | `20240102120000` | `add_tags` |
/// | flyway | `V1_2__add_tags` (the file stem) | position in the history, from 1 | `1_2` (as written) | `add_tags` |
/// | sqitch | `add_tags`, or `add_tags@v1.0` for a reworked change's earlier instance | position in the plan, from 1 | the id | the change name |
///
/// `position` is the ordering key every reader sets: the index of the
/// revision in its history, once the reader has sorted the revisions by its
/// tool's own rules (integers for flat, dbmate and goose; diesel's version
/// strings; Flyway's dotted versions; the order of `sqitch.plan`).
#[derive(Debug, Clone)]
pub struct Revision {
    /// The identity people and snapshots use (see the table above).
    id: String,
    /// Other names a user may give for it on the command line (`1.2` for
    /// Flyway's `V1_2__x`).
    aliases: Vec<String>,
    /// Whether any decimal spelling of `version` names it (`3` for `0003`).
    numbered: bool,
    /// Integer version where the layout has one, else the position from 1.
    pub version: u64,
    /// The version as written (keeps leading zeros), e.g. `0003`.
    pub version_text: String,
    /// The revision's name as written, e.g. `add_tasks`.
    pub description: String,
    /// Index of the revision in `History::revisions`: the order its tool
    /// applies it in.
    pub position: usize,
    /// The ids of the revisions it follows directly (the previous revision
    /// for linear layouts; empty for the first). Branched tools list more
    /// than one at a merge.
    pub parents: Vec<String>,
    pub up: Step,
    /// `None` when the revision is irreversible: declared so (`-- pg-roundtrip:
    /// irreversible`), or see `missing_down`.
    pub down: Option<Step>,
    /// Set when `down` is `None` without a declaration: the tool's
    /// downgrade is missing or holds no statement. Not an error of the
    /// history (the walk reports it as a finding, so that the rest of the
    /// history is still walked), unless `--allow-irreversible` names it.
    pub missing_down: Option<MissingDown>,
    /// A script that checks the upgrade worked (sqitch's `verify/`), to run
    /// after each upgrade (the walk does, as `sqitch deploy --verify` would).
    pub verify: Option<Script>,
}

/// How a reader names a revision; [`Revision::new`] takes it.
#[derive(Debug, Clone)]
pub(crate) struct RevisionName {
    pub id: String,
    pub version: u64,
    pub version_text: String,
    pub description: String,
    pub aliases: Vec<String>,
    pub numbered: bool,
}

impl Revision {
    /// A revision not yet placed in its history (see [`place`]).
    pub(crate) fn new(name: RevisionName, up: Step, down: Option<Step>) -> Self {
        Revision {
            id: name.id,
            aliases: name.aliases,
            numbered: name.numbered,
            version: name.version,
            version_text: name.version_text,
            description: name.description,
            position: 0,
            parents: Vec::new(),
            up,
            down,
            missing_down: None,
            verify: None,
        }
    }

    /// This revision without a downgrade, because its tool's downgrade is
    /// missing and nothing declares it irreversible.
    pub(crate) fn with_missing_down(self, missing: MissingDown) -> Self {
        Revision {
            down: None,
            missing_down: Some(missing),
            ..self
        }
    }

    /// A revision not yet placed in its history, with its downgrade as
    /// its reader found it.
    pub(crate) fn with_down(name: RevisionName, up: Step, down: Down) -> Self {
        match down {
            Down::Step(step) => Revision::new(name, up, Some(step)),
            Down::Declared => Revision::new(name, up, None),
            Down::Missing(missing) => Revision::new(name, up, None).with_missing_down(missing),
        }
    }

    /// Whether `name`, as a user wrote it on the command line, means this
    /// revision: its id (`0003_add_tasks`), its version as written
    /// (`0003`), its version number (`3`) where the layout numbers its
    /// revisions, or another spelling the layout knows (`1.2` for Flyway).
    pub fn is_named(&self, name: &str) -> bool {
        name == self.id
            || name == self.version_text
            || self.aliases.iter().any(|a| a == name)
            || (self.numbered && name.parse::<u64>().ok() == Some(self.version))
    }

    /// The revision's identity as people write it: `0003_add_tasks`.
    /// Also the snapshot's file stem.
    pub fn id(&self) -> String {
        self.id.clone()
    }
}

/// Sets every revision's `position` and, for a linear history, its parent.
pub(crate) fn place(revisions: &mut [Revision]) {
    let mut previous: Option<String> = None;
    for (position, revision) in revisions.iter_mut().enumerate() {
        revision.position = position;
        revision.parents = previous.iter().cloned().collect();
        previous = Some(revision.id.clone());
    }
}

/// A revision's downgrade as a reader finds it.
#[derive(Debug, Clone)]
pub(crate) enum Down {
    Step(Step),
    /// None, and the upgrade says `-- pg-roundtrip: irreversible`.
    Declared,
    /// None, and nothing declares the revision irreversible.
    Missing(MissingDown),
}

/// A downgrade that its tool's layout expects and that is not there (or
/// holds no statement), in a revision not declared irreversible.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct MissingDown {
    /// The file a finding points at: the empty down file, or the up file
    /// when the down file does not exist.
    pub file: PathBuf,
    /// The line of `file` where the empty down section starts, when the
    /// down is a section of a file (dbmate, goose).
    pub line: Option<usize>,
    /// What is wrong, as the layout says it: ``no `down.sql` ``,
    /// ``an empty `down.sql` ``.
    pub what: String,
    /// What to do, in the layout's terms.
    pub help: String,
}

/// What one direction of a revision runs.
#[derive(Debug, Clone)]
pub struct Step {
    pub script: Script,
    pub transaction: TxMode,
    /// Who runs it: pg-roundtrip itself (the script's SQL), or the tool
    /// that owns the history (then `script` is only the origin: its file
    /// and the line where the step starts).
    pub runner: Runner,
}

/// Who runs a step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Runner {
    /// pg-roundtrip runs the script's SQL (`db::run_step`).
    Sql,
    /// The project's alembic runs it: `upgrade <revision>`, or the
    /// downgrade of exactly `revision` (to `down_revisions`, empty for
    /// `base`), through the project's `env.py`.
    Alembic {
        revision: String,
        upgrade: bool,
        down_revisions: Vec<String>,
    },
    /// A user's command (`--up-cmd` / `--down-cmd`), with `{rev}` and
    /// `{url}` in `template` replaced, run by `sh -c`.
    Command { template: String, revision: String },
}

impl Step {
    /// The script this step runs.
    pub fn script(&self) -> Option<&Script> {
        Some(&self.script)
    }
}

/// SQL text read from a file. `line_offset` is the number of lines of the
/// file that precede `sql` (non-zero for formats that keep both directions
/// in one file), so that an error at line `n` of `sql` is at line
/// `n + line_offset` of `path`.
#[derive(Debug, Clone)]
pub struct Script {
    pub path: PathBuf,
    pub sql: String,
    pub line_offset: usize,
    /// Hex SHA-256 of the whole file's bytes.
    pub checksum: String,
}

impl Script {
    /// The 1-based line of `path` where the script starts: 1 for a whole
    /// file, the line of the section's marker (`-- migrate:down`,
    /// `-- +goose Down`) for a section of one.
    pub fn first_line(&self) -> usize {
        self.line_offset + 1
    }

    /// The line a finding about the whole script should point at: where
    /// the script starts when that is not the top of its file (a dbmate or
    /// goose down section), else `None` (the file itself is the place).
    pub fn section_line(&self) -> Option<usize> {
        (self.line_offset > 0).then(|| self.first_line())
    }
}

/// Whether a step runs inside one transaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TxMode {
    /// The whole script in one transaction (the default).
    Transaction,
    /// Each statement on its own, as `CREATE INDEX CONCURRENTLY` needs
    /// (and as sqitch's scripts expect: they hold their own `BEGIN` and
    /// `COMMIT`).
    NoTransaction,
}

/// Reads the history in `dir`, detecting its layout.
pub fn load(dir: &Path) -> Result<History, HistoryError> {
    load_with(dir, None)
}

/// Reads the history in `dir` as `layout`, or as the layout [`detect`]
/// finds when `layout` is `None`.
pub fn load_with(dir: &Path, layout: Option<Layout>) -> Result<History, HistoryError> {
    load_with_options(dir, layout, &crate::driver::AlembicOptions::default())
}

/// [`load_with`], with how an Alembic project's Python is started.
pub fn load_with_options(
    dir: &Path,
    layout: Option<Layout>,
    alembic: &crate::driver::AlembicOptions,
) -> Result<History, HistoryError> {
    load_excluding(dir, layout, alembic, &Exclude::default())
}

/// [`load_with_options`], leaving out of the directory what `exclude`
/// matches (`--exclude`): every reader that lists the directory itself
/// honours it, and so does [`detect`]. Alembic lists its own scripts.
pub fn load_excluding(
    dir: &Path,
    layout: Option<Layout>,
    alembic: &crate::driver::AlembicOptions,
    exclude: &Exclude,
) -> Result<History, HistoryError> {
    let layout = match layout {
        Some(layout) => layout,
        None => detect::detect_excluding(dir, exclude)?,
    };
    match layout {
        Layout::Flat => flat::read_flat(dir, exclude),
        Layout::Diesel => diesel::read_diesel(dir, exclude),
        Layout::Dbmate => dbmate::read_dbmate(dir, exclude),
        Layout::Goose => goose::read_goose(dir, exclude),
        Layout::Flyway => flyway::read_flyway(dir, exclude),
        Layout::Sqitch => sqitch::read_sqitch(dir, exclude),
        Layout::Alembic => load_alembic(dir, alembic),
        Layout::Command => Err(HistoryError::new(
            dir,
            vec![
                Problem::new(dir, "the command layout lists its revisions with a command")
                    .with_help("give --list-cmd, --up-cmd and --down-cmd"),
            ],
        )),
    }
}
