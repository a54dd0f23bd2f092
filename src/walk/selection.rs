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

    /// The selected indices of a history of `len` revisions, in order.
    pub fn indices(&self, len: usize) -> Vec<usize> {
        (0..len).filter(|i| self.contains(*i)).collect()
    }

    /// Whether nothing of a history of `len` revisions is selected.
    pub fn is_empty(&self, len: usize) -> bool {
        self.last(len).is_none()
    }

    /// The revisions both selections select.
    pub fn and(&self, other: &Selection, len: usize) -> Selection {
        match (self, other) {
            (Selection::All, s) | (s, Selection::All) => s.clone(),
            _ => Selection::only((0..len).filter(|i| self.contains(*i) && other.contains(*i))),
        }
    }
}

/// One of `count` parts of a run (`--partition K/N`, like cargo-nextest's
/// `count:K/N`): the work is cut into `count` contiguous slices of
/// near-equal size, and partition `index` (from 1) takes the
/// `index`-th.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Partition {
    /// K, from 1.
    pub index: usize,
    /// N, at least 1.
    pub count: usize,
}

/// A `--partition` that is not `K/N` with `1 <= K <= N`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{given:?} is not a partition: {why} (give K/N with 1 <= K <= N, e.g. 1/3)")]
pub struct BadPartition {
    pub given: String,
    pub why: &'static str,
}

impl std::str::FromStr for Partition {
    type Err = BadPartition;

    /// `K/N`, or nextest's spelling `count:K/N`.
    fn from_str(given: &str) -> Result<Self, Self::Err> {
        let bad = |why| BadPartition {
            given: given.to_string(),
            why,
        };
        let text = given.trim();
        let text = text.strip_prefix("count:").unwrap_or(text);
        let (k, n) = text.split_once('/').ok_or_else(|| bad("no `/`"))?;
        let number = |s: &str| {
            s.trim()
                .parse::<usize>()
                .map_err(|_| bad("K and N are whole numbers"))
        };
        let (index, count) = (number(k)?, number(n)?);
        if count == 0 {
            return Err(bad("N is 0"));
        }
        if index == 0 || index > count {
            return Err(bad("K is not between 1 and N"));
        }
        Ok(Partition { index, count })
    }
}

impl std::fmt::Display for Partition {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

impl Partition {
    /// The slice of `0..len` this partition takes: `len` cut into `count`
    /// contiguous slices whose sizes differ by at most one (the first
    /// `len % count` are one longer). Together the partitions `1..=count`
    /// take every index exactly once; a partition may be empty when `len <
    /// count`.
    pub fn slice(&self, len: usize) -> Range<usize> {
        let (size, longer) = (len / self.count, len % self.count);
        let k = self.index - 1;
        let start = k * size + k.min(longer);
        let end = start + size + usize::from(k < longer);
        start..end
    }

    /// Every partition of `count`, in order.
    pub fn all(count: usize) -> impl Iterator<Item = Partition> {
        (1..=count).map(move |index| Partition { index, count })
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
        assert_eq!(o.indices(6), [1, 5]);
        assert!(Selection::only([9]).is_empty(4));
        assert_eq!(r.and(&o, 10), Selection::only([]));
        assert_eq!(Selection::All.and(&o, 10), o);
        assert_eq!(r.and(&Selection::range(3..9), 10), Selection::only([3]));
    }

    /// Partitions 1..=N together take every index exactly once, each a
    /// contiguous slice, sizes within one of each other, for many N and
    /// lengths (more partitions than items included).
    #[test]
    fn partitions_cover_every_index_exactly_once() {
        for len in 0..40 {
            for count in 1..12 {
                let slices: Vec<Range<usize>> =
                    Partition::all(count).map(|p| p.slice(len)).collect();
                let mut seen = vec![0; len];
                for slice in &slices {
                    for i in slice.clone() {
                        seen[i] += 1;
                    }
                }
                assert!(
                    seen.iter().all(|n| *n == 1),
                    "len {len}, {count}: {slices:?}"
                );
                // In order and adjacent: slice k ends where slice k+1 starts.
                assert_eq!(slices.first().map(|s| s.start), Some(0));
                assert_eq!(slices.last().map(|s| s.end), Some(len));
                assert!(slices.windows(2).all(|w| w[0].end == w[1].start));
                let sizes: Vec<usize> = slices.iter().map(|s| s.len()).collect();
                let (min, max) = (sizes.iter().min(), sizes.iter().max());
                assert!(max.zip(min).is_some_and(|(a, b)| a - b <= 1), "{sizes:?}");
            }
        }
        let p = |index, count| Partition { index, count };
        assert_eq!(p(1, 3).slice(10), 0..4);
        assert_eq!(p(2, 3).slice(10), 4..7);
        assert_eq!(p(3, 3).slice(10), 7..10);
        assert_eq!(p(3, 4).slice(2), 2..2);
    }

    #[test]
    fn partitions_parse_like_nextest() {
        let ok = |s: &str| s.parse::<Partition>().map(|p| (p.index, p.count));
        assert_eq!(ok("2/3"), Ok((2, 3)));
        assert_eq!(ok("count:1/2"), Ok((1, 2)));
        assert_eq!(ok(" 1 / 1 "), Ok((1, 1)));
        for bad in ["0/3", "4/3", "1/0", "3", "a/b", "1/-2", "hash:1/2"] {
            let e = bad.parse::<Partition>().err().map(|e| e.to_string());
            assert!(
                e.as_deref().is_some_and(|e| e.contains("give K/N")),
                "{bad}: {e:?}"
            );
        }
        assert_eq!(p_display(), "2/5");
    }

    fn p_display() -> String {
        Partition { index: 2, count: 5 }.to_string()
    }
}
