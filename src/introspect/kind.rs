//! What one object kind's slice of the inspection is: [`KindQuery`], which
//! each file in `kinds/` implements, and [`Kind`], the descriptor the
//! inspection loops over. Also the small helpers the kinds' assembly shares.

use super::error::InspectError;
use crate::model::{QualifiedName, Schema};
use serde::de::DeserializeOwned;
use std::fmt;

/// One object kind's part of the inspection: its catalog query, the row
/// type that query returns, and how those rows join the model.
///
/// Implemented once per file in `kinds/`; [`Kind::of`] turns an
/// implementation into the descriptor that goes into the list of kinds.
pub(super) trait KindQuery {
    /// The query's file in `kinds/`, e.g. `columns.sql`; errors name it.
    const FILE: &'static str;
    /// The query: `include_str!` of [`Self::FILE`]. It reads the `scope_*`
    /// rows of `kinds/scope.sql` (the filter every kind shares) and may use
    /// `$1` (bookkeeping table names).
    const SQL: &'static str;
    /// The kinds whose objects this kind's rows hang on (columns hang on
    /// relations). They come earlier in the list and are always read with
    /// this kind.
    const NEEDS: &'static [&'static Kind];
    /// One row of the query, field for field what it selects. Rows arrive
    /// as one JSON array (`json_agg`); names already quoted (`quote_ident`).
    type Row: DeserializeOwned;

    /// Adds the rows to `schema`. Fails on a row whose owner object is
    /// missing or on a catalog code this version does not know, rather than
    /// dropping a fact silently.
    fn assemble(rows: Vec<Self::Row>, schema: &mut Schema) -> Result<(), InspectError>;
}

/// An object kind as the inspection sees it: one catalog query and its part
/// of assembly. The list of every kind, in assembly order, is
/// [`super::kinds::ALL`]; pass a few of them to
/// [`super::inspect_kinds`] to read only those (and what they hang on).
pub struct Kind {
    file: &'static str,
    sql: &'static str,
    needs: &'static [&'static Kind],
    assemble: fn(&str, &mut Schema) -> Result<(), InspectError>,
}

impl Kind {
    /// The descriptor of one [`KindQuery`] implementation.
    pub(super) const fn of<K: KindQuery>() -> Kind {
        Kind {
            file: K::FILE,
            sql: K::SQL,
            needs: K::NEEDS,
            assemble: decode_and_assemble::<K>,
        }
    }

    /// The kind's name, its query file without `.sql`: `columns`.
    pub fn name(&self) -> &'static str {
        self.file.strip_suffix(".sql").unwrap_or(self.file)
    }

    /// The kinds whose objects this kind's rows hang on.
    pub fn needs(&self) -> &'static [&'static Kind] {
        self.needs
    }

    /// The query file, for error messages.
    pub(super) fn file(&self) -> &'static str {
        self.file
    }

    /// The query text, before the shared scope is put in front of it.
    pub(super) fn sql(&self) -> &'static str {
        self.sql
    }

    /// Decodes the query's JSON array and adds its rows to `schema`.
    pub(super) fn assemble(&self, json: &str, schema: &mut Schema) -> Result<(), InspectError> {
        (self.assemble)(json, schema)
    }
}

/// Kinds are equal when they read the same query file.
impl PartialEq for Kind {
    fn eq(&self, other: &Kind) -> bool {
        self.file == other.file
    }
}

impl Eq for Kind {}

impl fmt::Debug for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Kind").field(&self.name()).finish()
    }
}

fn decode_and_assemble<K: KindQuery>(json: &str, schema: &mut Schema) -> Result<(), InspectError> {
    let rows: Vec<K::Row> = serde_json::from_str(json).map_err(|source| InspectError::Decode {
        query: K::FILE,
        source,
    })?;
    K::assemble(rows, schema)
}

/// A row whose table, view or other owner object the inspection did not
/// read.
pub(super) fn orphan(
    kind: &'static str,
    name: String,
    relation: QualifiedName,
    expected: &'static str,
) -> InspectError {
    InspectError::Orphan {
        kind,
        name,
        relation,
        expected,
    }
}

/// A catalog code (a `relkind`, `contype`, …) this version does not know.
pub(super) fn unexpected(
    query: &'static str,
    field: &'static str,
    value: &str,
    object: &dyn fmt::Display,
) -> InspectError {
    InspectError::UnexpectedValue {
        query,
        field,
        value: value.to_owned(),
        object: object.to_string(),
    }
}

/// `grant` → true, `revoke` → false: the `action` column of the privilege
/// queries.
pub(super) fn grant_action(
    action: &str,
    query: &'static str,
    object: &str,
) -> Result<bool, InspectError> {
    match action {
        "grant" => Ok(true),
        "revoke" => Ok(false),
        other => Err(unexpected(query, "action", other, &object)),
    }
}
