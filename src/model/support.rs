//! Operators, operator classes and families, casts, transforms,
//! conversions, and text search dictionaries, parsers and templates: the
//! objects that teach the server about types rather than hold data.
//!
//! Operators are keyed by `name(left, right)` (`===(mood, mood)`, `NONE`
//! for a prefix operator's left side), operator classes and families by
//! `name using method` (the index access method: `btree`, `gist`…), casts by `(source AS target)` and transforms by
//! `for type language lang` (both database-wide).

use std::collections::BTreeMap;

/// `CREATE OPERATOR`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Operator {
    /// The implementing function (`regprocedure` text) and the result
    /// type; `None` for a shell operator (named as another operator's
    /// commutator or negator, never defined).
    pub function: Option<String>,
    pub result: Option<String>,
    /// `regoperator` text of the commutator and negator, when set.
    pub commutator: Option<String>,
    pub negator: Option<String>,
    /// Restriction and join selectivity estimators, when set.
    pub restrict: Option<String>,
    pub join: Option<String>,
    pub hashes: bool,
    pub merges: bool,
    pub owner: Option<String>,
    pub comment: Option<String>,
}

/// The members of an operator class or family, as `pg_amop` and
/// `pg_amproc` hold them: keyed by `operator 1 (integer, integer)` /
/// `function 1 (integer, integer)` (the strategy or support number and
/// the types it is for), each with the operator or function and, for an
/// ordering operator, `for order by <opfamily>`.
pub type Members = BTreeMap<String, String>;

/// `CREATE OPERATOR FAMILY` (also made implicitly by `CREATE OPERATOR
/// CLASS`), with the members added to it loosely (`ALTER OPERATOR FAMILY
/// … ADD`); members of one of its classes are shown with the class.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OperatorFamily {
    pub members: Members,
    pub owner: Option<String>,
    pub comment: Option<String>,
}

/// `CREATE OPERATOR CLASS`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OperatorClass {
    /// `FOR TYPE`.
    pub for_type: String,
    /// `DEFAULT`.
    pub default: bool,
    /// The family it belongs to: `schema.name`.
    pub family: String,
    /// `STORAGE`, when it differs from the indexed type.
    pub storage: Option<String>,
    pub members: Members,
    pub owner: Option<String>,
    pub comment: Option<String>,
}

/// `CREATE CAST`. Casts have no owner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cast {
    /// `function <regprocedure>`, `without function` (binary coercible) or
    /// `with inout`.
    pub method: String,
    /// `implicit`, `assignment` or `explicit`.
    pub context: String,
    pub comment: Option<String>,
}

/// `CREATE TRANSFORM`. Transforms have no owner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transform {
    /// `regprocedure` text of the FROM SQL and TO SQL functions, when set.
    pub from_sql: Option<String>,
    pub to_sql: Option<String>,
    pub comment: Option<String>,
}

/// `CREATE CONVERSION`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conversion {
    /// Source and destination encodings (`UTF8`, `LATIN1`).
    pub from_encoding: String,
    pub to_encoding: String,
    /// The conversion function (`regproc` text).
    pub function: String,
    pub default: bool,
    pub owner: Option<String>,
    pub comment: Option<String>,
}

/// `CREATE TEXT SEARCH DICTIONARY`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextSearchDictionary {
    /// `schema.name` of its template.
    pub template: String,
    /// Its options (`stopwords = 'english'`), sorted: their order carries
    /// no meaning.
    pub options: Vec<String>,
    pub owner: Option<String>,
    pub comment: Option<String>,
}

/// `CREATE TEXT SEARCH PARSER`. Parsers have no owner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextSearchParser {
    pub start: String,
    pub gettoken: String,
    pub end: String,
    pub lextypes: String,
    pub headline: Option<String>,
    pub comment: Option<String>,
}

/// `CREATE TEXT SEARCH TEMPLATE`. Templates have no owner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextSearchTemplate {
    pub init: Option<String>,
    pub lexize: String,
    pub comment: Option<String>,
}
