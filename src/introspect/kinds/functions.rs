//! Functions, procedures and aggregates, keyed by identity signature. Their
//! privileges come with the `privileges` kind.

use crate::introspect::error::InspectError;
use crate::introspect::kind::{Kind, KindQuery, unexpected};
use crate::model::{Function, Privileges, QualifiedName, RoutineKind, Schema};
use serde::Deserialize;

pub(super) static KIND: Kind = Kind::of::<Functions>();

struct Functions;

/// `functions.sql`.
#[derive(Debug, Clone, Deserialize)]
pub(super) struct FunctionRow {
    pub schema: String,
    /// `name(identity arguments)`.
    pub name: String,
    /// `prokind`: `f`, `p` or `a`.
    pub kind: String,
    pub arguments: String,
    pub result: Option<String>,
    pub language: String,
    pub volatility: String,
    pub strict: bool,
    pub security_definer: bool,
    pub leakproof: bool,
    pub parallel: String,
    pub cost: String,
    pub rows: Option<String>,
    /// `proconfig` in catalog order (sorted when assembled).
    pub config: Vec<String>,
    pub body: String,
    pub owner: Option<String>,
    pub aggregate: Option<String>,
    pub comment: Option<String>,
}

impl KindQuery for Functions {
    const FILE: &'static str = "functions.sql";
    const SQL: &'static str = include_str!("functions.sql");
    const NEEDS: &'static [&'static Kind] = &[];
    type Row = FunctionRow;

    fn assemble(rows: Vec<FunctionRow>, schema: &mut Schema) -> Result<(), InspectError> {
        for row in rows {
            let name = QualifiedName::new(row.schema, row.name);
            let kind = match row.kind.as_str() {
                "f" => RoutineKind::Function,
                "p" => RoutineKind::Procedure,
                "a" => RoutineKind::Aggregate,
                "w" => RoutineKind::Window,
                other => return Err(unexpected(Self::FILE, "prokind", other, &name)),
            };
            let mut config = row.config;
            // SET options act together; their order carries no meaning.
            config.sort();
            schema.functions.insert(
                name,
                Function {
                    kind,
                    arguments: row.arguments,
                    result: row.result,
                    language: row.language,
                    volatility: row.volatility,
                    strict: row.strict,
                    security_definer: row.security_definer,
                    leakproof: row.leakproof,
                    parallel: row.parallel,
                    cost: row.cost,
                    rows: row.rows,
                    config,
                    body: row.body,
                    aggregate: row.aggregate,
                    owner: row.owner,
                    privileges: Privileges::default(),
                    comment: row.comment,
                },
            );
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn function_set_options_are_sorted() -> Result<(), InspectError> {
        let row = FunctionRow {
            schema: "public".into(),
            name: "f()".into(),
            kind: "f".into(),
            arguments: String::new(),
            result: Some("integer".into()),
            language: "sql".into(),
            volatility: "volatile".into(),
            strict: false,
            security_definer: false,
            leakproof: false,
            parallel: "unsafe".into(),
            cost: "100".into(),
            rows: None,
            config: vec!["work_mem=64MB".into(), "search_path=public".into()],
            body: "SELECT 1".into(),
            owner: None,
            aggregate: None,
            comment: None,
        };
        let mut schema = Schema::default();
        Functions::assemble(vec![row], &mut schema)?;
        let function = &schema.functions[&QualifiedName::new("public", "f()")];
        assert_eq!(function.config, ["search_path=public", "work_mem=64MB"]);
        Ok(())
    }
}
