//! Rendering that follows what changed: [`RenderCache`] keeps, for every
//! object it rendered, a copy of the model object and its shared entry,
//! and renders again only objects that differ from the copy.
//!
//! The copy of a relation (table, view, statistics object, sequence) is
//! the schema's own `Arc`, not a deep copy, and comparing it costs a
//! pointer comparison when the new schema shares the relation (as the
//! incremental inspection's schemas share every relation that did not
//! change): std's `PartialEq` for `Arc<T>` with `T: Eq` answers equal for
//! the same pointer before it compares the values. `Schema` derives `Eq`,
//! so the four relation types are `Eq`; objects of other kinds are still
//! compared and copied by value. A relation that was read again but came
//! out equal (a table whose foreign key's other side changed) keeps its
//! entry, and the cache keeps the new schema's pointer to it ([`Keep`]):
//! the next schema shares that one, so the next comparison is a pointer
//! comparison again, not a deep one at every inspection to the end of
//! the walk.
//!
//! Exact because every renderer is a pure function of its key and its one
//! model object (no renderer reads any other object of the schema; see
//! [`super::document()`]): an object equal (`==`) to the one an entry was
//! rendered from renders to that same entry. The document is therefore
//! the one [`super::document()`] gives, entry for entry; only the sharing
//! differs.

use super::document::{Document, Entry};
use super::{foreign, function, global, relation, support, types};
use crate::model::{
    AccessMethod, Cast, Collation, Conversion, DefaultPrivilegesKey, EventTrigger, Extension,
    ForeignDataWrapper, ForeignServer, Function, Language, Namespace, Operator, OperatorClass,
    OperatorFamily, Privileges, Publication, QualifiedName, Schema, Sequence, Statistics,
    Subscription, Table, TextSearchConfig, TextSearchDictionary, TextSearchParser,
    TextSearchTemplate, Transform, TypeDef, View,
};
use std::collections::BTreeMap;
use std::sync::Arc;

/// What the latest [`RenderCache::document`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CacheStats {
    /// Entries in the document.
    pub entries: usize,
    /// Of them, rendered anew (their object is new or changed).
    pub rendered: usize,
}

/// One map's rendered objects, in the map's (key) order: the key, a copy
/// of the object rendered (for a relation, the shared `Arc`), and its
/// entry.
type Slot<K, V> = Vec<(K, V, Arc<Entry>)>;

macro_rules! cache {
    ($($field:ident: $key:ty, $object:ty => $render:path;)*) => {
        /// The previous rendering's objects and entries, per kind of
        /// object. Any schema may be rendered through it (of any database):
        /// what it reuses depends only on the objects being equal.
        #[derive(Debug, Default)]
        pub struct RenderCache {
            $($field: Slot<$key, $object>,)*
            stats: CacheStats,
        }

        impl RenderCache {
            /// Renders `schema` as [`super::document()`] does, sharing the
            /// entry of every object equal to the one the previous call
            /// rendered under the same key, and remembers this schema's
            /// objects for the next call.
            pub fn document(&mut self, schema: &Schema) -> Document {
                let mut entries = Vec::new();
                let mut rendered = 0;
                $(
                    rendered += refresh(&mut self.$field, &schema.$field, &mut entries, |k, o| {
                        $render(k, o)
                    });
                )*
                self.stats = CacheStats {
                    entries: entries.len(),
                    rendered,
                };
                Document::shared(entries)
            }
        }
    };
}

rendered_kinds!(cache);

impl RenderCache {
    /// What the latest [`RenderCache::document`] did.
    pub fn stats(&self) -> CacheStats {
        self.stats
    }
}

/// Brings `slot` up to `map`: keeps the entries of objects equal to their
/// copy, renders the others, drops the ones no longer there, and pushes
/// every entry of `map` to `out`. Returns how many it rendered.
///
/// Both sides are sorted by key, so one merge pass pairs them: linear in
/// the map, and nothing is cloned or rendered for an unchanged object. For
/// a relation the comparison is a pointer comparison first and the clone
/// an `Arc`'s (see the module's notes).
fn refresh<K: Ord + Clone, V: Keep>(
    slot: &mut Slot<K, V>,
    map: &BTreeMap<K, V>,
    out: &mut Vec<Arc<Entry>>,
    render: impl Fn(&K, &V) -> Entry,
) -> usize {
    let mut old = std::mem::take(slot).into_iter().peekable();
    let mut new = Vec::with_capacity(map.len());
    let mut rendered = 0;
    for (key, object) in map {
        while old.next_if(|(k, _, _)| k < key).is_some() {}
        let kept = old.next_if(|(k, o, _)| k == key && o == object);
        let (key, object, entry) = match kept {
            Some((key, copy, entry)) => (key, V::keep(copy, object), entry),
            None => {
                rendered += 1;
                let entry = Arc::new(render(key, object));
                (key.clone(), object.clone(), entry)
            }
        };
        out.push(Arc::clone(&entry));
        new.push((key, object, entry));
    }
    *slot = new;
    rendered
}

/// Which copy the cache keeps of an object equal to the one it rendered.
trait Keep: PartialEq + Clone {
    /// `kept`, the copy the entry was rendered from, or `new`, the equal
    /// object of the schema just rendered.
    fn keep(kept: Self, new: &Self) -> Self;
}

/// A shared relation: the new pointer (a pointer's copy), which the next
/// schema shares when the relation does not change again.
impl<T: Eq> Keep for Arc<T> {
    fn keep(_kept: Self, new: &Self) -> Self {
        Arc::clone(new)
    }
}

/// Objects held by value: the copy already kept, compared by value either
/// way, instead of a deep copy of the new one.
macro_rules! keep_by_value {
    ($($object:ty),* $(,)?) => {
        $(impl Keep for $object {
            fn keep(kept: Self, _new: &Self) -> Self {
                kept
            }
        })*
    };
}

keep_by_value!(
    Namespace,
    TypeDef,
    Function,
    Extension,
    Collation,
    TextSearchConfig,
    EventTrigger,
    Publication,
    Privileges,
    Operator,
    OperatorFamily,
    OperatorClass,
    Cast,
    Transform,
    Conversion,
    TextSearchDictionary,
    TextSearchParser,
    TextSearchTemplate,
    ForeignDataWrapper,
    ForeignServer,
    Subscription,
    Language,
    AccessMethod,
);
