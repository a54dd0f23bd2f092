//! Checkpoints: copies of the scratch database kept aside during a walk,
//! so that after a failed revision the walk restores the nearest copy and
//! replays only the upgrades after it, instead of every earlier upgrade on
//! a fresh database.
//!
//! A checkpoint is a file copy (`CREATE DATABASE … TEMPLATE … STRATEGY
//! FILE_COPY`) of the scratch database as it is after a revision that
//! passed (or was upgraded only): its schema is that revision's. Only the
//! latest is kept. Copies cost more as the schema grows, so one is taken
//! when the upgrades run since the last one took [`FACTOR`] times what the
//! last copy took (at least [`FLOOR`]): the copies then cost at most a
//! fraction of the walk, and a restore replays at most that much.

use std::time::Duration;

/// Upgrade time between checkpoints, as a multiple of a copy's cost.
pub(super) const FACTOR: u32 = 3;

/// Upgrade time between checkpoints at least, whatever a copy costs.
pub(super) const FLOOR: Duration = Duration::from_millis(30);

/// When to take the next checkpoint, and which one there is.
#[derive(Debug, Default)]
pub(super) struct Policy {
    /// The revision (index into the history) the kept copy is at.
    pub at: Option<usize>,
    /// Upgrade time since that revision (since the start without one).
    pub since: Duration,
    /// What the latest copy took.
    pub copy_cost: Duration,
    /// Copies failed once (no right to create databases, a session the
    /// migrations left on the database): none are tried again.
    pub disabled: bool,
}

impl Policy {
    /// A revision's first upgrade ran for `took`.
    pub fn upgraded(&mut self, took: Duration) {
        self.since += took;
    }

    /// Whether replaying what ran since the last checkpoint would now cost
    /// more than enough copies to be worth one.
    pub fn due(&self) -> bool {
        !self.disabled && self.since >= (self.copy_cost * FACTOR).max(FLOOR)
    }

    /// A copy at revision `at` was taken in `cost`.
    pub fn taken(&mut self, at: usize, cost: Duration) {
        self.at = Some(at);
        self.since = Duration::ZERO;
        self.copy_cost = cost;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_checkpoint_is_due_once_the_upgrades_outweigh_a_copy() {
        let mut p = Policy::default();
        p.upgraded(Duration::from_millis(10));
        assert!(!p.due(), "below the floor");
        p.upgraded(FLOOR);
        assert!(p.due());
        p.taken(4, Duration::from_millis(100));
        assert_eq!(p.at, Some(4));
        p.upgraded(Duration::from_millis(250));
        assert!(!p.due(), "three copies' worth not reached");
        p.upgraded(Duration::from_millis(50));
        assert!(p.due());
        p.disabled = true;
        assert!(!p.due());
    }
}
