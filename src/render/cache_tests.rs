//! The render cache gives the documents `document` gives, and shares the
//! entries of unchanged objects.

use super::{CacheStats, Document, RenderCache, document};
use crate::diff::diff;
use crate::model::object::tests::every_kind;
use crate::model::*;
use std::sync::Arc;

fn shared(a: &Document, b: &Document) -> usize {
    a.entries()
        .iter()
        .filter(|e| b.entries().iter().any(|o| Arc::ptr_eq(e, o)))
        .count()
}

#[test]
fn a_cached_document_is_the_uncached_one_for_every_kind() {
    let s = every_kind();
    let mut cache = RenderCache::default();
    let cached = cache.document(&s);
    assert_eq!(cached, document(&s));
    assert_eq!(cached.to_string(), document(&s).to_string());
    let n = cached.entries().len();
    assert_eq!(
        cache.stats(),
        CacheStats {
            entries: n,
            rendered: n
        }
    );
}

#[test]
fn an_unchanged_object_keeps_the_same_entry() {
    let s = every_kind();
    let mut cache = RenderCache::default();
    let first = cache.document(&s);
    let second = cache.document(&s.clone());
    assert_eq!(cache.stats().rendered, 0);
    assert_eq!(shared(&first, &second), first.entries().len());
    for (a, b) in first.entries().iter().zip(second.entries()) {
        assert!(Arc::ptr_eq(a, b), "{} rendered again", a.label());
    }
}

#[test]
fn a_changed_object_is_rendered_again_and_only_it() {
    let s = every_kind();
    let mut cache = RenderCache::default();
    let first = cache.document(&s);
    let mut changed = s.clone();
    let (name, table) = changed
        .tables
        .iter_mut()
        .find(|(_, t)| t.properties.foreign.is_none())
        .expect("every_kind has a table");
    let name = name.clone();
    Arc::make_mut(table).comment = Some("another comment".into());
    let second = cache.document(&changed);
    assert_eq!(cache.stats().rendered, 1);
    assert_eq!(second, document(&changed));
    assert_ne!(second, first);
    assert_eq!(shared(&first, &second), first.entries().len() - 1);
    let key =
        crate::model::object::EntryKey::qualified(crate::model::object::EntryKind::Table, &name);
    let (before, after) = (first.get(&key), second.get(&key));
    assert!(after.is_some_and(|e| e.to_string().contains("another comment")));
    assert_ne!(before, after);
    // The diff of cached documents is the diff of uncached ones.
    assert_eq!(
        diff(&first, &second),
        diff(&document(&s), &document(&changed))
    );
    assert_eq!(diff(&second, &second.clone()), Vec::new());
}

#[test]
fn objects_that_come_and_go_are_followed() {
    let s = every_kind();
    let mut cache = RenderCache::default();
    let first = cache.document(&s);
    let mut fewer = s.clone();
    let gone = fewer.functions.keys().next().cloned().expect("a function");
    let function = fewer.functions.remove(&gone).expect("removed");
    fewer
        .functions
        .insert(QualifiedName::new("zz", "later()"), function.clone());
    fewer
        .functions
        .insert(QualifiedName::new("", "first()"), function);
    let second = cache.document(&fewer);
    assert_eq!(cache.stats().rendered, 2);
    assert_eq!(second, document(&fewer));
    assert_eq!(second.to_string(), document(&fewer).to_string());
    let third = cache.document(&s);
    assert_eq!(third, first);
    assert_eq!(third.to_string(), first.to_string());
}

/// What makes the cache exact: each entry renders from its own object
/// alone. A schema holding only that object renders it to the very same
/// entry as the whole schema does, for every kind (were a renderer to read
/// another object, its entry would differ here).
#[test]
fn every_entry_renders_from_its_own_object_alone() {
    let s = every_kind();
    let whole = document(&s);
    let mut seen = 0;
    macro_rules! one_by_one {
        ($($field:ident: $key:ty, $object:ty => $render:path;)*) => {
            $(
                for (key, object) in &s.$field {
                    let mut alone = Schema::default();
                    alone.$field.insert(key.clone(), object.clone());
                    let doc = document(&alone);
                    assert_eq!(doc.entries().len(), 1, "{}", stringify!($field));
                    let entry = &doc.entries()[0];
                    assert_eq!(whole.get(&entry.key), Some(&**entry), "{}", entry.label());
                    seen += 1;
                }
            )*
        };
    }
    rendered_kinds!(one_by_one);
    assert_eq!(seen, whole.entries().len());
}

/// A relation read again that came out equal (a new `Arc` of an equal
/// table) keeps its entry, and the cache keeps the new pointer, so that the
/// next schema, which shares it, is compared by pointer and not by value.
#[test]
fn an_equal_relation_read_again_is_kept_by_its_new_pointer() {
    let s = every_kind();
    let mut cache = RenderCache::default();
    let first = cache.document(&s);
    let mut again = s.clone();
    let (name, table) = again
        .tables
        .iter_mut()
        .next()
        .expect("every_kind has a table");
    let old = Arc::clone(&s.tables[name]);
    let fresh = Arc::new(Table::clone(table));
    *table = Arc::clone(&fresh);
    let second = cache.document(&again);
    assert_eq!(cache.stats().rendered, 0);
    assert_eq!(shared(&first, &second), first.entries().len());
    drop(again);
    // Held here and by the cache, which let the old copy go.
    assert_eq!(Arc::strong_count(&fresh), 2);
    assert_eq!(Arc::strong_count(&old), 2, "held here and by `s` only");
}
