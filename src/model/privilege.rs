//! Privileges, as the difference from an object's default privileges.

use std::collections::{BTreeMap, BTreeSet};

/// What a grantee may do beyond, or no longer do compared with, the
/// object's default privileges (`acldefault` for its kind and owner).
///
/// Effective privileges are compared, not ACL arrays: a NULL ACL (the
/// default) and an explicit ACL equal to the default are both empty here;
/// the order of ACL items and who granted them are left out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Privileges {
    /// Grantee (`PUBLIC`, `CURRENT_USER` for the role running the
    /// migrations, or a quoted role name) → privileges (`SELECT`,
    /// `UPDATE with grant option`), beyond the default.
    pub granted: BTreeMap<String, BTreeSet<String>>,
    /// Grantee → default privileges it no longer has (e.g. `EXECUTE` on a
    /// function revoked from `PUBLIC`).
    pub revoked: BTreeMap<String, BTreeSet<String>>,
}

impl Privileges {
    pub fn is_empty(&self) -> bool {
        self.granted.is_empty() && self.revoked.is_empty()
    }

    /// Records one privilege row; `grant` is false for a revoked default.
    pub fn add(&mut self, grant: bool, grantee: String, privilege: String) {
        let map = if grant {
            &mut self.granted
        } else {
            &mut self.revoked
        };
        map.entry(grantee).or_default().insert(privilege);
    }
}

/// `ALTER DEFAULT PRIVILEGES [FOR ROLE role] [IN SCHEMA schema] … ON <objects>`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct DefaultPrivilegesKey {
    /// The role whose new objects get them (`CURRENT_USER` for the role
    /// running the migrations).
    pub role: String,
    /// `None`: in every schema (then `privileges` is the difference from
    /// the built-in defaults); `Some`: in that schema only (grants only).
    pub schema: Option<String>,
    /// `tables`, `sequences`, `functions`, `types` or `schemas`.
    pub object_type: String,
}
