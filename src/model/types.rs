/// A user-defined type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeDef {
    pub kind: TypeKind,
    pub comment: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TypeKind {
    /// Labels in their sort order (`enumsortorder`), which is part of the type.
    Enum { labels: Vec<String> },
    /// A composite type's attributes (name, type) in order, which is part
    /// of the type (row constructors and positional access use it).
    Composite { attributes: Vec<(String, String)> },
}
