//! What to leave out of an inspection.

/// Migration tools' bookkeeping tables. They are left out in the schema the
/// tool writes them in (see [`InspectOptions::bookkeeping_tables`]),
/// together with their columns, constraints, indexes, triggers and owned
/// sequences: their rows, not the schema, record what has been applied.
pub const BOOKKEEPING_TABLES: &[&str] = &[
    "_sqlx_migrations",
    "__diesel_schema_migrations",
    "schema_migrations",
    "alembic_version",
    "goose_db_version",
    "flyway_schema_history",
];

/// Options for [`super::inspect`]. The default leaves out
/// [`BOOKKEEPING_TABLES`] and nothing else.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InspectOptions {
    /// The bookkeeping tables of the history's layout, when known; `None`
    /// leaves out every tool's ([`BOOKKEEPING_TABLES`]), as `inspect` of a
    /// live database does. Each is left out only in the schema its tool
    /// writes it in by default: the database's current schema (the first
    /// schema of `search_path` that exists, `public` in a new database), as
    /// an unqualified `CREATE TABLE` does. A table of that name in any other
    /// schema is the user's, and compared.
    pub bookkeeping_tables: Option<Vec<String>>,
    /// Further tables to leave out (e.g. a migration table renamed, or put
    /// in another schema, in the tool's configuration), each
    /// `[SCHEMA.]NAME`: `NAME` in the current schema, as the bookkeeping
    /// tables, `SCHEMA.NAME` in that schema, `*.NAME` in every schema.
    /// Names are matched as stored in the catalog (unquoted,
    /// case-sensitive); the first `.` separates the schema.
    pub ignore_tables: Vec<String>,
    /// Leave every object's owner out of the model (`--ignore ownership`).
    /// Ownership is compared by default: who owns an object decides who
    /// may alter or drop it, and what its default privileges are.
    pub ignore_ownership: bool,
}

impl InspectOptions {
    /// Every table to leave out, as the quoted names `kinds/scope.sql`
    /// reads with `parse_ident`: `"schema"."name"`, or `"name"` for every
    /// schema. `current_schema` is the inspected session's (`None` when no
    /// schema of its `search_path` exists: unqualified names then match
    /// nothing, as the tool could create no table).
    pub fn ignored_tables(&self, current_schema: Option<&str>) -> Vec<String> {
        let defaults: Vec<String> = match &self.bookkeeping_tables {
            Some(tables) => tables.clone(),
            None => BOOKKEEPING_TABLES.iter().map(|t| (*t).to_owned()).collect(),
        };
        let extras = self.ignore_tables.iter().map(|t| match t.split_once('.') {
            Some(("*", name)) => (Where::Every, name),
            Some((schema, name)) => (Where::In(schema), name),
            None => (Where::Current, t.as_str()),
        });
        defaults
            .iter()
            .map(|t| (Where::Current, t.as_str()))
            .chain(extras)
            .filter(|(_, name)| !name.is_empty())
            .filter_map(|(at, name)| match at {
                Where::Every => Some(quoted(name)),
                Where::In(schema) => Some(format!("{}.{}", quoted(schema), quoted(name))),
                Where::Current => current_schema.map(|s| format!("{}.{}", quoted(s), quoted(name))),
            })
            .collect()
    }
}

/// Where a left-out table is matched.
enum Where<'a> {
    Current,
    In(&'a str),
    Every,
}

/// `name` as a quoted identifier.
fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bookkeeping_tables_are_qualified_with_the_current_schema() {
        let options = InspectOptions {
            bookkeeping_tables: Some(vec!["schema_migrations".into()]),
            ignore_tables: vec![
                "mine".into(),
                "audit.versions".into(),
                "*.Every\"where".into(),
                "".into(),
            ],
            ..InspectOptions::default()
        };
        assert_eq!(
            options.ignored_tables(Some("public")),
            [
                r#""public"."schema_migrations""#,
                r#""public"."mine""#,
                r#""audit"."versions""#,
                r#""Every""where""#,
            ]
        );
        assert_eq!(
            options.ignored_tables(None),
            [r#""audit"."versions""#, r#""Every""where""#]
        );
    }
}
