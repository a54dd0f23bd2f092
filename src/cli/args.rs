//! Raw command-line arguments. Doc comments are the help text.

use super::reports::{ReportSpec, parse_spec};
use crate::report::Format;
use crate::source::Layout;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// Proves PostgreSQL migrations are reversible: walks every revision
/// upgrade → downgrade → upgrade on a throwaway PostgreSQL, compares the
/// schema after each step exactly, and keeps one snapshot per revision.
#[derive(Debug, Parser)]
#[command(
    name = "pg-roundtrip",
    version,
    after_help = "Examples:\n  pg-roundtrip check migrations\n  pg-roundtrip check db/migrations --snapshots db/snapshots --report junit=roundtrip.xml\n  pg-roundtrip review && pg-roundtrip accept\n  pg-roundtrip inspect --url postgres://localhost/app\n\nExit codes: 0 all good; 1 a round-trip, snapshot or irreversibility failure;\n2 bad usage or bad input; 3 no PostgreSQL could be started or reached; 130 interrupted."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

// Parsed once per run: the size of the largest variant costs nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Walk every revision up, down and up again, and compare schemas and snapshots.
    #[command(
        after_help = "Examples:\n  pg-roundtrip check migrations\n  pg-roundtrip check migrations --backend docker --pg 15,17,18\n  pg-roundtrip check migrations --backend url --url postgres://postgres:pw@localhost/postgres\n  pg-roundtrip check migrations --allow-irreversible 0007 --report github --report json=roundtrip.json\n  CI=true pg-roundtrip check migrations   # a snapshot mismatch fails and writes nothing"
    )]
    Check(CheckArgs),
    /// Print the schema of a live database as pg-roundtrip sees it (read-only).
    #[command(
        after_help = "Example:\n  pg-roundtrip inspect --url postgres://postgres@localhost/app"
    )]
    Inspect(InspectArgs),
    /// Show pending snapshot changes (`.snap.new` files) as diffs.
    Review(SnapshotArgs),
    /// Accept pending snapshots (all, or the named revisions).
    Accept(SnapshotArgs),
    /// Delete pending snapshots (all, or the named revisions).
    Reject(SnapshotArgs),
    /// Print the configuration `check` would use with these arguments, and
    /// where each value comes from (default, pg-roundtrip.toml:LINE, env
    /// VAR, flag --x).
    #[command(
        after_help = "Examples:\n  pg-roundtrip config\n  PG_ROUNDTRIP_BACKEND=local pg-roundtrip config --jobs 1"
    )]
    Config(CheckArgs),
    /// Print a shell completion script to standard output.
    #[command(
        after_help = "Examples:\n  pg-roundtrip completions bash > ~/.local/share/bash-completion/completions/pg-roundtrip\n  pg-roundtrip completions zsh > ~/.zfunc/_pg-roundtrip\n  pg-roundtrip completions fish > ~/.config/fish/completions/pg-roundtrip.fish"
    )]
    Completions(CompletionsArgs),
    /// Print the man page (roff) to standard output, or write one page per
    /// command into a directory.
    #[command(
        after_help = "Examples:\n  pg-roundtrip man | man -l -\n  pg-roundtrip man --dir ~/.local/share/man/man1"
    )]
    Man(ManArgs),
    /// Merge the JSON reports of several partitions into one.
    #[command(
        after_help = "Examples:\n  pg-roundtrip merge-reports merged.json part-1.json part-2.json\n  pg-roundtrip merge-reports -o merged.json reports/*.json --report junit=roundtrip.xml\n\nThe exit code follows the merged verdict: 0 passed, 1 failed, 2 reports that cannot be merged."
    )]
    MergeReports(MergeArgs),
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The migration histories' directories (each is walked on every
    /// version of --pg) [default: `history` of pg-roundtrip.toml, else
    /// migrations].
    #[arg(value_name = "DIR")]
    pub dirs: Vec<PathBuf>,
    /// The history's layout [default: detected from the directory]:
    /// flat (sqlx, golang-migrate), diesel, dbmate, goose, flyway, sqitch.
    #[arg(long, value_enum, value_name = "NAME")]
    pub layout: Option<Layout>,
    /// Where the snapshots live [default: `snapshots` beside DIR]; with
    /// several DIRs, the parent of one subdirectory per history.
    #[arg(long, value_name = "DIR")]
    pub snapshots: Option<PathBuf>,
    /// Run the round trip alone, without snapshots.
    #[arg(long, conflicts_with = "snapshots")]
    pub no_snapshots: bool,
    /// A revision (id like `0007_drop_legacy`, or its version) that may have
    /// no downgrade. Repeatable, or comma-separated.
    #[arg(long, value_name = "REV", value_delimiter = ',')]
    pub allow_irreversible: Vec<String>,
    /// Rows to check across every round trip: `off`; `fixtures` (the
    /// files of --fixtures, when that directory exists); `auto` (fixtures,
    /// and generated rows in every table that has none) [default:
    /// fixtures].
    #[arg(long, value_enum, value_name = "MODE")]
    pub data: Option<crate::data::DataMode>,
    /// The fixtures directory: `<revision>.sql` files, each run once its
    /// revision is upgraded [default: `fixtures` beside DIR].
    #[arg(long, value_name = "DIR")]
    pub fixtures: Option<PathBuf>,
    /// A revision (id or version) whose upgrade may destroy data (drop a
    /// column or table that holds rows). Repeatable, or comma-separated.
    #[arg(long, value_name = "REV", value_delimiter = ',')]
    pub allow_data_loss: Vec<String>,
    /// Differences to ignore.
    #[arg(long, value_enum, value_name = "WHAT")]
    pub ignore: Vec<Ignore>,
    /// A role that a downgrade leaves behind fails the revision (by
    /// default it is a warning: roles are cluster-wide); so do a database
    /// and a tablespace, as with `--strict-globals`.
    #[arg(long)]
    pub strict_roles: bool,
    /// Compare SQL and PL/pgSQL function and procedure bodies byte for
    /// byte (by default whitespace and comments outside string literals do
    /// not count).
    #[arg(long)]
    pub strict_bodies: bool,
    /// After the walks, append each downgrade mismatch's suggested fix to
    /// its down file, as a block marked `pg-roundtrip: suggested fix`;
    /// never a file that changed since the walk read it.
    #[arg(long)]
    pub write_fixes: bool,
    /// With --write-fixes: also edit Alembic revision files (the block
    /// goes at the end of `downgrade()`).
    #[arg(long, requires = "write_fixes")]
    pub write_fixes_alembic: bool,
    /// A table to leave out of the schema, in every schema, as the tool's
    /// own bookkeeping tables are (a migration table your tool's
    /// configuration renamed). Repeatable, or comma-separated.
    #[arg(long, value_name = "NAME", value_delimiter = ',')]
    pub exclude_table: Vec<String>,
    /// A file of the history directory that no reader sees: a glob
    /// matched against a name (`atlas.sum`, `*.go`), or with `/` against
    /// the path below DIR (`docs/**`). Repeatable.
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,
    /// A report to write: `human`, `json`, `junit` or `github` on standard
    /// output, or `FORMAT=PATH` to a file (`json=report.json`,
    /// `junit=roundtrip.xml`). Repeatable; at most one on standard output,
    /// which is `human` when no other report is. `github` prints workflow
    /// annotations and appends a table to $GITHUB_STEP_SUMMARY.
    #[arg(long = "report", value_name = "FORMAT[=PATH]", value_parser = parse_spec)]
    pub reports: Vec<ReportSpec>,
    /// Alias of `--report FORMAT` (a report on standard output).
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<Format>,
    /// Alias of `--report junit=PATH`.
    #[arg(long, value_name = "PATH")]
    pub junit: Option<PathBuf>,
    /// Longest time one upgrade or downgrade may run, in seconds [env:
    /// PG_ROUNDTRIP_STEP_TIMEOUT] [default: 300].
    #[arg(long, value_name = "SECS")]
    pub step_timeout: Option<u64>,
    /// Walk workers at once (histories × versions, each on its own
    /// database; jobs left over cut long histories into slices walked at
    /// once) [env: PG_ROUNDTRIP_JOBS] [default: the number of CPUs].
    #[arg(long, short = 'j', value_name = "N")]
    pub jobs: Option<usize>,
    #[command(flatten)]
    pub server: ServerArgs,
    #[command(flatten)]
    pub safety: super::safety::SafetyArgs,
    /// Colours in human output.
    #[arg(long, value_enum, default_value = "auto")]
    pub color: Color,
    /// The configuration file [env: PG_ROUNDTRIP_CONFIG] [default:
    /// pg-roundtrip.toml in the current directory or the nearest parent
    /// that has one].
    #[arg(long = "config", value_name = "FILE")]
    pub config_file: Option<PathBuf>,
    /// Boxed: it would make `Command::Check` much larger than the others.
    #[command(flatten)]
    pub select: Box<SelectArgs>,
    #[command(flatten)]
    pub driver: Box<DriverArgs>,
}

/// Which revisions get the round trip (`check`); the ones before them are
/// fast-forwarded: upgraded once, without inspection.
#[derive(Debug, Clone, Default, Args)]
pub struct SelectArgs {
    /// Round-trip REV (id or version) and every revision after it only.
    #[arg(long, value_name = "REV", help_heading = "Selecting revisions")]
    pub since: Option<String>,
    /// Round-trip only the revisions whose files git says were added or
    /// modified since GIT_REF (from its merge base with HEAD, working tree
    /// and untracked files included), e.g. `origin/main`. An edited
    /// upgrade of an older revision fails the check.
    #[arg(long, value_name = "GIT_REF", help_heading = "Selecting revisions")]
    pub changed_from: Option<String>,
    /// With --changed-from: an edited upgrade of an already applied
    /// revision is a warning, not a failure.
    #[arg(long, requires = "changed_from", help_heading = "Selecting revisions")]
    pub allow_edited: bool,
    /// Walk only part K of N of the selected revisions (like
    /// cargo-nextest's `count:K/N`), for a CI matrix: every (version,
    /// history, revision) walk is cut into N contiguous slices of
    /// near-equal size.
    #[arg(long, value_name = "K/N", help_heading = "Selecting revisions")]
    pub partition: Option<crate::walk::Partition>,
}

#[derive(Debug, Args)]
pub struct MergeArgs {
    /// `OUT.json IN.json…`: the merged report's file, then the reports to
    /// merge (with -o, every file is a report to merge).
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<PathBuf>,
    /// Where the merged JSON report goes (then every FILE is an input).
    #[arg(long, short = 'o', value_name = "OUT")]
    pub output: Option<PathBuf>,
    /// Also write the merged report as `human`, `junit`, `github` (or
    /// `json`), on standard output or `FORMAT=PATH`; as for `check`.
    #[arg(long = "report", value_name = "FORMAT[=PATH]", value_parser = parse_spec)]
    pub reports: Vec<ReportSpec>,
    /// Colours in human output.
    #[arg(long, value_enum, default_value = "auto")]
    pub color: Color,
}

/// Histories whose steps another tool runs: Alembic, or any command.
#[derive(Debug, Args)]
#[command(next_help_heading = "Alembic and other tools")]
pub struct DriverArgs {
    /// The command that starts the Alembic project's Python [default: the
    /// project's .venv, `uv run python` with a uv.lock, `poetry run python`
    /// with a poetry.lock, else python3 on PATH].
    #[arg(long, value_name = "CMD", env = "PG_ROUNDTRIP_PYTHON")]
    pub python: Option<String>,
    /// How the scratch database's URL reaches env.py: `env` (the variable
    /// of --alembic-url-env), `x` (`-x url=…`) or `ini` (sqlalchemy.url).
    #[arg(long, value_name = "HOW", default_value = "env")]
    pub alembic_url_via: crate::driver::UrlVia,
    /// The variable `--alembic-url-via env` sets.
    #[arg(long, value_name = "VAR", default_value = "DATABASE_URL")]
    pub alembic_url_env: String,
    /// The SQLAlchemy scheme of that URL, e.g. postgresql+asyncpg or
    /// postgresql+psycopg [default: asyncpg for an async env.py, else psycopg].
    #[arg(long, value_name = "SCHEME")]
    pub alembic_url_scheme: Option<String>,
    /// Start a new Python process for every Alembic step instead of one
    /// resident process per walk (slower; for an env.py that keeps state).
    #[arg(long)]
    pub alembic_process_per_step: bool,
    /// Any other tool: prints the revision ids in order, one per line (run
    /// with `sh -c` in DIR).
    #[arg(long, value_name = "CMD", requires_all = ["up_cmd", "down_cmd"], conflicts_with = "layout")]
    pub list_cmd: Option<String>,
    /// Applies one revision: `{rev}` and `{url}` are replaced (shell-quoted),
    /// and DATABASE_URL is set.
    #[arg(long, value_name = "CMD", requires = "list_cmd")]
    pub up_cmd: Option<String>,
    /// Undoes one revision, like --up-cmd.
    #[arg(long, value_name = "CMD", requires = "list_cmd")]
    pub down_cmd: Option<String>,
}

impl DriverArgs {
    /// The Alembic options these flags give.
    pub fn alembic(&self) -> crate::driver::AlembicOptions {
        crate::driver::AlembicOptions {
            python: self.python.clone(),
            url_via: self.alembic_url_via,
            url_env: self.alembic_url_env.clone(),
            scheme: self.alembic_url_scheme.clone(),
            process_per_step: self.alembic_process_per_step,
        }
    }

    /// The command driver's templates, when --list-cmd is given.
    pub fn commands(&self) -> Option<crate::driver::CommandTemplates> {
        Some(crate::driver::CommandTemplates {
            list: self.list_cmd.clone()?,
            up: self.up_cmd.clone()?,
            down: self.down_cmd.clone()?,
        })
    }
}

#[derive(Debug, Args)]
pub struct ServerArgs {
    /// Where PostgreSQL runs: `auto` = docker when an engine answers and
    /// the images are present, else local; `docker` = a throwaway container
    /// per version; `local` = a throwaway cluster from the installed
    /// binaries; `url` = scratch databases on an existing server (--url)
    /// [env: PG_ROUNDTRIP_BACKEND] [default: auto].
    #[arg(long, value_enum)]
    pub backend: Option<BackendKind>,
    /// PostgreSQL major version(s) to check on, e.g. `15,17,18` [env:
    /// PG_ROUNDTRIP_PG] [default: the installed server's major; 17 for
    /// docker when none is installed].
    #[arg(long = "pg", value_name = "MAJOR", value_delimiter = ',')]
    pub majors: Vec<u32>,
    /// Docker image, `NAME:TAG` (one version) or `NAME` (tag = the major)
    /// [env: PG_ROUNDTRIP_IMAGE] [default: postgres:<MAJOR>].
    #[arg(long, value_name = "IMAGE")]
    pub image: Option<String>,
    /// The server for `--backend url`, e.g. postgres://postgres:pw@localhost:5432/postgres
    /// [env: DATABASE_URL, or the variable `url-env` of pg-roundtrip.toml
    /// names]. Only `pg_roundtrip_*` databases are created (and dropped)
    /// there.
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,
    /// Directory of the PostgreSQL server binaries (initdb, postgres)
    /// [env: PG_ROUNDTRIP_PG_BIN] [default: found on PATH, by pg_config,
    /// or in /usr/lib/postgresql/*/bin].
    #[arg(long, value_name = "DIR")]
    pub pg_bin: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct InspectArgs {
    /// The database to read, e.g. postgres://user@host/db.
    #[arg(long, env = "DATABASE_URL")]
    pub url: String,
    /// Differences to ignore (affects the rendering).
    #[arg(long, value_enum, value_name = "WHAT")]
    pub ignore: Vec<Ignore>,
}

#[derive(Debug, Args)]
pub struct SnapshotArgs {
    /// The migration history's directory (its snapshots are beside it)
    /// [default: `history` of pg-roundtrip.toml (each, when it names
    /// several), else migrations].
    #[arg(value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// Where the snapshots live [default: `snapshots` beside DIR, or its
    /// subdirectory named after DIR when a check of several histories made
    /// one].
    #[arg(long, value_name = "DIR")]
    pub snapshots: Option<PathBuf>,
    /// Only these revisions (ids or versions); all pending ones when absent.
    #[arg(long = "revision", value_name = "REV", value_delimiter = ',')]
    pub revisions: Vec<String>,
    /// The configuration file [env: PG_ROUNDTRIP_CONFIG] [default:
    /// pg-roundtrip.toml in the current directory or the nearest parent
    /// that has one].
    #[arg(long = "config", value_name = "FILE")]
    pub config_file: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete in.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write `pg-roundtrip.1` and one `pg-roundtrip-<command>.1` per
    /// command into this directory instead.
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum BackendKind {
    Auto,
    Docker,
    Local,
    Url,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Ignore {
    /// Compare a table's columns as a set, not in order.
    ColumnOrder,
    /// Leave owners out (privileges are still compared).
    Ownership,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Color {
    Auto,
    Always,
    Never,
}

/// `--layout` takes the names the history readers know.
impl ValueEnum for Layout {
    fn value_variants<'a>() -> &'a [Self] {
        &Layout::ALL
    }

    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        Some(clap::builder::PossibleValue::new(self.name()))
    }
}
