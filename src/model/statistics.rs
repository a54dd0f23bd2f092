//! Extended statistics objects (`CREATE STATISTICS`): their definitions,
//! never the statistics data that `ANALYZE` gathers for them.

use super::QualifiedName;

/// One statistics object, named in its own schema (which need not be its
/// table's).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statistics {
    /// The table or materialized view the statistics are on.
    pub table: QualifiedName,
    /// The columns and expressions, as the server prints them
    /// (`pg_get_statisticsobjdef_columns`): columns in table order, then
    /// expressions in their order, e.g. `user_id, title, lower(title)`.
    pub targets: String,
    /// The kinds built, in this order; empty for a single expression, whose
    /// only statistics are those of the expression itself.
    pub kinds: Vec<StatisticsKind>,
    /// `ALTER STATISTICS … SET STATISTICS n`; `None` for the default.
    pub target: Option<i32>,
    /// `None` when it is the role that runs the migrations.
    pub owner: Option<String>,
    pub comment: Option<String>,
}

/// The kinds of statistics a statistics object may build. The statistics
/// on the expressions themselves (`stxkind` `e`) are not a kind of their
/// own here: the server builds them exactly when there are expressions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum StatisticsKind {
    Ndistinct,
    Dependencies,
    Mcv,
}

impl StatisticsKind {
    /// The word `CREATE STATISTICS` takes for it.
    pub fn word(self) -> &'static str {
        match self {
            StatisticsKind::Ndistinct => "ndistinct",
            StatisticsKind::Dependencies => "dependencies",
            StatisticsKind::Mcv => "mcv",
        }
    }
}
