/// A sequence's parameters. Never its position (`last_value`): that
/// legitimately differs between equal schemas.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sequence {
    pub data_type: String,
    pub start: i64,
    pub increment: i64,
    pub min: i64,
    pub max: i64,
    pub cache: i64,
    pub cycle: bool,
    /// `table.column` that owns it (serial and identity columns), if any.
    pub owned_by: Option<String>,
    pub unlogged: bool,
    pub owner: Option<String>,
    pub privileges: super::Privileges,
    pub comment: Option<String>,
}
