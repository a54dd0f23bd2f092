//! Typed identity of every object a schema document shows, shared by the
//! renderer (which keys entries and lines with it), the differ (which
//! compares by it) and whoever needs the model object behind a change
//! ([`super::Schema::object`]).
//!
//! An [`EntryKey`] names a top-level object (a table, a function, a
//! schema…); a [`PartKey`] names one part of it (a column, an index, a
//! grant, the comment on a column, the body); an [`ObjectKey`] is the pair.

mod key;
mod kind;
mod lookup;

pub use key::{EntryKey, ObjectKey, PartKey, SubObject};
pub use kind::{EntryKind, ObjectKind, PartKind};
pub use lookup::ModelObject;

#[cfg(test)]
pub(crate) mod support_tests;
/// A schema with every kind, for tests here and in the renderer.
#[cfg(test)]
pub(crate) mod tests;
