/// A function or procedure. Its identity (name and argument types) is
/// the key in [`super::Schema::functions`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Function {
    pub kind: RoutineKind,
    /// `pg_get_function_arguments`: names, modes and defaults.
    pub arguments: String,
    /// `pg_get_function_result`; `None` for procedures.
    pub result: Option<String>,
    pub language: String,
    /// `immutable`, `stable` or `volatile`.
    pub volatility: String,
    pub strict: bool,
    pub security_definer: bool,
    pub leakproof: bool,
    /// `safe`, `restricted` or `unsafe`.
    pub parallel: String,
    pub cost: String,
    /// Estimated rows, for set-returning functions only.
    pub rows: Option<String>,
    /// `SET` options, sorted (their order carries no meaning).
    pub config: Vec<String>,
    /// The source text (`prosrc`), or the SQL-standard body rendered by
    /// the server for `BEGIN ATOMIC` functions.
    pub body: String,
    /// An aggregate's definition from `pg_aggregate`: `sfunc int4pl stype
    /// integer initcond '0'` (state, final, combine, moving-aggregate
    /// functions, sort operator…).
    pub aggregate: Option<String>,
    pub owner: Option<String>,
    pub privileges: super::Privileges,
    pub comment: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoutineKind {
    Function,
    Procedure,
    Aggregate,
    /// A window function (`prokind = 'w'`, `CREATE FUNCTION … WINDOW`);
    /// shown as a function whose attributes say `window`.
    Window,
}
