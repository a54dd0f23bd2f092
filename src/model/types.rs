/// A user-defined type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeDef {
    pub kind: TypeKind,
    pub owner: Option<String>,
    pub privileges: super::Privileges,
    pub comment: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TypeKind {
    /// Labels in their sort order (`enumsortorder`), which is part of the type.
    Enum {
        labels: Vec<String>,
    },
    /// A composite type's attributes (name, type) in order, which is part
    /// of the type (row constructors and positional access use it).
    Composite {
        attributes: Vec<(String, String)>,
        /// Comments on attributes, by attribute name.
        comments: std::collections::BTreeMap<String, String>,
    },
    Domain(Domain),
    Range(Range),
    /// A base type (`CREATE TYPE name (INPUT = …, OUTPUT = …)`): its
    /// definition from `pg_type`, the non-default properties in one line
    /// (`input myint_in output myint_out internallength 4 passedbyvalue
    /// alignment int4 …`). Its implicit array type is not shown.
    Base {
        definition: String,
    },
    /// A shell type (`CREATE TYPE name;`), not yet defined.
    Shell,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Domain {
    /// `format_type` of the base type, with its typmod.
    pub base_type: String,
    /// Only when it differs from the base type's.
    pub collation: Option<String>,
    pub default: Option<String>,
    pub not_null: bool,
    /// Named CHECK constraints by name.
    pub checks: std::collections::BTreeMap<String, DomainCheck>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DomainCheck {
    /// `pg_get_constraintdef`: `CHECK (VALUE ~~ '%@%'::text)`, `NOT VALID`.
    pub definition: String,
    pub comment: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Range {
    pub subtype: String,
    pub subtype_opclass: Option<String>,
    pub collation: Option<String>,
    pub canonical: Option<String>,
    pub subtype_diff: Option<String>,
    /// The multirange type's name (PostgreSQL 14+).
    pub multirange: Option<String>,
}
