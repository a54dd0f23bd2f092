//! Which revisions of a history a walk takes through the round trip.

use crate::source::History;
use std::collections::BTreeSet;
use std::ops::Range;

/// The revisions (by their index in [`History::revisions`]) that get the
/// full round trip. The others before the last selected one are only
/// upgraded, once and without inspection (fast-forwarded), so that each
/// selected revision starts from the schema it would have in a whole walk;
/// the ones after the last selected one are not touched. The report has an
/// outcome for the selected revisions only.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Selection {
    /// Every revision: a whole walk.
    #[default]
    All,
    /// These indices (indices past the end select nothing).
    Only(BTreeSet<usize>),
}

impl Selection {
    /// The revisions with an index in `range`.
    pub fn range(range: Range<usize>) -> Self {
        Selection::Only(range.collect())
    }

    /// The revisions with these indices.
    pub fn only(indices: impl IntoIterator<Item = usize>) -> Self {
        Selection::Only(indices.into_iter().collect())
    }

    /// The revisions of `history` whose id is one of `ids` (ids that name
    /// no revision select nothing).
    pub fn ids<S: AsRef<str>>(history: &History, ids: &[S]) -> Self {
        Selection::only(
            history
                .revisions
                .iter()
                .enumerate()
                .filter(|(_, r)| ids.iter().any(|id| r.id() == id.as_ref()))
                .map(|(i, _)| i),
        )
    }

    /// Whether the revision at `index` gets the round trip.
    pub fn contains(&self, index: usize) -> bool {
        match self {
            Selection::All => true,
            Selection::Only(set) => set.contains(&index),
        }
    }

    /// The last selected index of a history of `len` revisions.
    pub(crate) fn last(&self, len: usize) -> Option<usize> {
        (0..len).rev().find(|i| self.contains(*i))
    }

    /// How many of a history of `len` revisions are selected.
    pub(crate) fn count(&self, len: usize) -> usize {
        (0..len).filter(|i| self.contains(*i)).count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_range_and_only() {
        assert!(Selection::All.contains(7));
        assert_eq!(Selection::All.last(3), Some(2));
        assert_eq!(Selection::All.last(0), None);
        let r = Selection::range(2..4);
        assert!(!r.contains(1) && r.contains(2) && r.contains(3) && !r.contains(4));
        assert_eq!(r.last(10), Some(3));
        assert_eq!(r.last(3), Some(2));
        assert_eq!(r.count(10), 2);
        let o = Selection::only([5, 1]);
        assert_eq!(o.last(4), Some(1));
        assert_eq!(o.count(4), 1);
        assert_eq!(Selection::only([]).last(4), None);
    }
}
