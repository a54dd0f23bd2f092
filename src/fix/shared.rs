//! What every kind has: comments, owners, grants and revokes.

use super::Phase;
use super::kinds::EntryFix;
use super::plan::{Plan, Target};
use super::sql::{literal_or_null, owner};
use crate::diff::Change;
use crate::model::object::{EntryKind, ModelObject, ObjectKey, PartKey, PartKind, SubObject};
use crate::model::{Privileges, TypeKind};
use std::collections::{BTreeMap, BTreeSet};

/// Restores a comment, owner, grant or revoke line; false for any other
/// change, which the kind's own rules restore.
pub(super) fn part(
    target: &Target,
    fix: &dyn EntryFix,
    change: &Change,
    expected: ModelObject,
    actual: ModelObject,
    plan: &mut Plan,
) -> bool {
    let Some(part) = change.object.part_key() else {
        return false;
    };
    if target.key.kind == EntryKind::DefaultPrivileges {
        return false;
    }
    let path = &change.object.path;
    // A comment or grant on a part the fix drops goes with it; on a part
    // the fix creates, the creation writes it too (the same statement).
    if let Some(on) = &part.on {
        let key = ObjectKey {
            entry: target.key.clone(),
            part: Some(PartKey::named(on.kind, on.name.clone())),
        };
        let gone = target.expected.object(&key).is_none();
        let new = target.actual.object(&key).is_none();
        if gone || (new && part.kind != PartKind::Comment) {
            return true;
        }
    }
    match part.kind {
        PartKind::Comment => {
            let on = comment_target(target, fix, expected, part.on.as_ref());
            let text = comment_of(expected, part.on.as_ref());
            plan.push(
                Phase::Annotate,
                path,
                format!("COMMENT ON {on} IS {};", literal_or_null(text.as_ref())),
            );
            true
        }
        // A sequence owned by a column has its table's owner, and follows it.
        PartKind::Owner if matches!(expected, ModelObject::Sequence(s) if s.owned_by.is_some()) => {
            true
        }
        PartKind::Owner => {
            let sql = format!(
                "ALTER {} {} OWNER TO {};",
                fix.word(expected),
                target.name(),
                owner(owner_of(expected))
            );
            plan.push(Phase::Annotate, path, sql);
            true
        }
        PartKind::Grant | PartKind::Revoke => {
            let column = part.on.as_ref().map(|o| o.name.as_str());
            let (Some(e), Some(a)) = (
                privileges_of(expected, column),
                privileges_of(actual, column),
            ) else {
                return false;
            };
            let on = format!("{} {}", fix.grant_word(expected), target.name());
            let grants = Grants {
                prefix: "",
                on: &on,
                column,
            };
            grants.restore(plan, path, e, a, Some(&part.name));
            true
        }
        _ => false,
    }
}

/// The comment, owner and privileges of a newly created object, as
/// `object` holds them (for an entry created as a whole).
pub(super) fn annotate(target: &Target, fix: &dyn EntryFix, object: ModelObject, plan: &mut Plan) {
    let path = &target.path;
    if let Some(c) = comment_of(object, None) {
        let on = comment_target(target, fix, object, None);
        plan.push(
            Phase::Annotate,
            path,
            format!("COMMENT ON {on} IS {};", literal_or_null(Some(&c))),
        );
    }
    if let Some(o) = owner_of(object) {
        let sql = format!("ALTER {} {} OWNER TO {o};", fix.word(object), target.name());
        plan.push(Phase::Annotate, path, sql);
    }
    if let Some(p) = privileges_of(object, None) {
        let on = format!("{} {}", fix.grant_word(object), target.name());
        let grants = Grants {
            prefix: "",
            on: &on,
            column: None,
        };
        grants.restore(plan, path, p, &Privileges::default(), None);
    }
}

/// Where privilege statements apply.
pub(super) struct Grants<'a> {
    /// `ALTER DEFAULT PRIVILEGES FOR ROLE r ` for default privileges.
    pub prefix: &'a str,
    /// `TABLE public.tasks`.
    pub on: &'a str,
    pub column: Option<&'a str>,
}

impl Grants<'_> {
    /// The statements that take `actual` to `expected`, for one grantee
    /// or (with `None`) all.
    pub fn restore(
        &self,
        plan: &mut Plan,
        path: &str,
        expected: &Privileges,
        actual: &Privileges,
        grantee: Option<&str>,
    ) {
        let grantees: BTreeSet<&String> = [&expected.granted, &expected.revoked]
            .into_iter()
            .chain([&actual.granted, &actual.revoked])
            .flat_map(|m| m.keys())
            .filter(|g| grantee.is_none_or(|x| x == g.as_str()))
            .collect();
        for g in grantees {
            // Beyond the default: grant what was, take away what was not.
            let (e, a) = (parsed(&expected.granted, g), parsed(&actual.granted, g));
            for (privilege, &grantable) in &e {
                match a.get(privilege) {
                    Some(&had) if had == grantable || had && !grantable => {
                        if had && !grantable {
                            self.revoke(plan, path, privilege, g, true);
                        }
                    }
                    _ => self.grant(plan, path, privilege, g, grantable),
                }
            }
            for privilege in a.keys().filter(|p| !e.contains_key(*p)) {
                self.revoke(plan, path, privilege, g, false);
            }
            // Defaults taken away: take away again, or give back.
            let (e, a) = (parsed(&expected.revoked, g), parsed(&actual.revoked, g));
            for privilege in e.keys().filter(|p| !a.contains_key(*p)) {
                self.revoke(plan, path, privilege, g, false);
            }
            for (privilege, &grantable) in a.iter().filter(|(p, _)| !e.contains_key(*p)) {
                self.grant(plan, path, privilege, g, grantable);
            }
        }
    }

    fn privilege(&self, privilege: &str) -> String {
        match self.column {
            Some(c) => format!("{privilege} ({c})"),
            None => privilege.to_string(),
        }
    }

    fn grant(&self, plan: &mut Plan, path: &str, privilege: &str, grantee: &str, option: bool) {
        let option = if option { " WITH GRANT OPTION" } else { "" };
        let sql = format!(
            "{}GRANT {} ON {} TO {grantee}{option};",
            self.prefix,
            self.privilege(privilege),
            self.on
        );
        plan.push(Phase::Annotate, path, sql);
    }

    fn revoke(&self, plan: &mut Plan, path: &str, privilege: &str, grantee: &str, option: bool) {
        let option = if option { "GRANT OPTION FOR " } else { "" };
        let sql = format!(
            "{}REVOKE {option}{} ON {} FROM {grantee};",
            self.prefix,
            self.privilege(privilege),
            self.on
        );
        plan.push(Phase::Annotate, path, sql);
    }
}

/// A grantee's privileges: name → with grant option.
fn parsed(map: &BTreeMap<String, BTreeSet<String>>, grantee: &str) -> BTreeMap<String, bool> {
    map.get(grantee)
        .into_iter()
        .flatten()
        .map(|p| match p.strip_suffix(" with grant option") {
            Some(name) => (name.to_string(), true),
            None => (p.clone(), false),
        })
        .collect()
}

/// `TABLE public.tasks`, `COLUMN public.tasks.title`, `CONSTRAINT c ON
/// public.tasks`, `INDEX public.ix`.
fn comment_target(
    target: &Target,
    fix: &dyn EntryFix,
    entry: ModelObject,
    on: Option<&SubObject>,
) -> String {
    let name = target.name();
    let Some(on) = on else {
        return format!("{} {name}", fix.word(entry));
    };
    let part = &on.name;
    match on.kind {
        PartKind::Column | PartKind::Attribute => format!("COLUMN {name}.{part}"),
        PartKind::Index => format!("INDEX {}.{part}", target.key.schema),
        PartKind::Constraint if matches!(entry, ModelObject::Type(_)) => {
            format!("CONSTRAINT {part} ON DOMAIN {name}")
        }
        kind => format!("{} {part} ON {name}", kind.word().to_uppercase()),
    }
}

/// The comment of the entry or of its part `on`.
fn comment_of(entry: ModelObject, on: Option<&SubObject>) -> Option<String> {
    if let Some(on) = on {
        return match (entry, on.kind) {
            (ModelObject::View(v), PartKind::Column) => v.column_comments.get(&on.name).cloned(),
            (ModelObject::Table(t), PartKind::Column) => t
                .columns
                .iter()
                .find(|c| c.name == on.name)
                .and_then(|c| c.comment.clone()),
            (ModelObject::Table(t), PartKind::Constraint) => {
                t.constraints.get(&on.name).and_then(|c| c.comment.clone())
            }
            (ModelObject::Table(t), PartKind::Index) => {
                t.indexes.get(&on.name).and_then(|c| c.comment.clone())
            }
            (ModelObject::View(v), PartKind::Index) => {
                v.indexes.get(&on.name).and_then(|c| c.comment.clone())
            }
            (ModelObject::Table(t), PartKind::Trigger) => {
                t.triggers.get(&on.name).and_then(|c| c.comment.clone())
            }
            (ModelObject::View(v), PartKind::Trigger) => {
                v.triggers.get(&on.name).and_then(|c| c.comment.clone())
            }
            (ModelObject::Table(t), PartKind::Policy) => {
                t.policies.get(&on.name).and_then(|c| c.comment.clone())
            }
            (ModelObject::Table(t), PartKind::Rule) => {
                t.rules.get(&on.name).and_then(|c| c.comment.clone())
            }
            (ModelObject::View(v), PartKind::Rule) => {
                v.rules.get(&on.name).and_then(|c| c.comment.clone())
            }
            (ModelObject::Type(t), PartKind::Constraint) => match &t.kind {
                TypeKind::Domain(d) => d.checks.get(&on.name).and_then(|c| c.comment.clone()),
                _ => None,
            },
            (ModelObject::Type(t), PartKind::Attribute) => match &t.kind {
                TypeKind::Composite { comments, .. } => comments.get(&on.name).cloned(),
                _ => None,
            },
            _ => None,
        };
    }
    match entry {
        ModelObject::Namespace(x) => x.comment.clone(),
        ModelObject::Extension(x) => x.comment.clone(),
        ModelObject::Collation(x) => x.comment.clone(),
        ModelObject::TextSearchConfig(x) => x.comment.clone(),
        ModelObject::Type(x) => x.comment.clone(),
        ModelObject::Sequence(x) => x.comment.clone(),
        ModelObject::Table(x) => x.comment.clone(),
        ModelObject::View(x) => x.comment.clone(),
        ModelObject::Statistics(x) => x.comment.clone(),
        ModelObject::Function(x) => x.comment.clone(),
        ModelObject::EventTrigger(x) => x.comment.clone(),
        ModelObject::Publication(x) => x.comment.clone(),
        ModelObject::Operator(x) => x.comment.clone(),
        ModelObject::OperatorFamily(x) => x.comment.clone(),
        ModelObject::OperatorClass(x) => x.comment.clone(),
        ModelObject::Cast(x) => x.comment.clone(),
        ModelObject::Transform(x) => x.comment.clone(),
        ModelObject::Conversion(x) => x.comment.clone(),
        ModelObject::TextSearchDictionary(x) => x.comment.clone(),
        ModelObject::TextSearchParser(x) => x.comment.clone(),
        ModelObject::TextSearchTemplate(x) => x.comment.clone(),
        ModelObject::ForeignDataWrapper(x) => x.comment.clone(),
        ModelObject::ForeignServer(x) => x.comment.clone(),
        ModelObject::Subscription(x) => x.comment.clone(),
        ModelObject::Language(x) => x.comment.clone(),
        ModelObject::AccessMethod(x) => x.comment.clone(),
        _ => None,
    }
}

fn owner_of<'a>(entry: ModelObject<'a>) -> Option<&'a String> {
    match entry {
        ModelObject::Namespace(x) => x.owner.as_ref(),
        ModelObject::Collation(x) => x.owner.as_ref(),
        ModelObject::TextSearchConfig(x) => x.owner.as_ref(),
        ModelObject::Type(x) => x.owner.as_ref(),
        ModelObject::Sequence(x) => x.owner.as_ref(),
        ModelObject::Table(x) => x.owner.as_ref(),
        ModelObject::View(x) => x.owner.as_ref(),
        ModelObject::Statistics(x) => x.owner.as_ref(),
        ModelObject::Function(x) => x.owner.as_ref(),
        ModelObject::EventTrigger(x) => x.owner.as_ref(),
        ModelObject::Publication(x) => x.owner.as_ref(),
        ModelObject::Operator(x) => x.owner.as_ref(),
        ModelObject::OperatorFamily(x) => x.owner.as_ref(),
        ModelObject::OperatorClass(x) => x.owner.as_ref(),
        ModelObject::Conversion(x) => x.owner.as_ref(),
        ModelObject::TextSearchDictionary(x) => x.owner.as_ref(),
        ModelObject::ForeignDataWrapper(x) => x.owner.as_ref(),
        ModelObject::ForeignServer(x) => x.owner.as_ref(),
        ModelObject::Subscription(x) => x.owner.as_ref(),
        ModelObject::Language(x) => x.owner.as_ref(),
        _ => None,
    }
}

/// The privileges of the entry, or of its column `column`.
pub(super) fn privileges_of<'a>(
    entry: ModelObject<'a>,
    column: Option<&str>,
) -> Option<&'a Privileges> {
    static NONE: std::sync::LazyLock<Privileges> = std::sync::LazyLock::new(Privileges::default);
    if let Some(column) = column {
        return match entry {
            ModelObject::Table(t) => t
                .columns
                .iter()
                .find(|c| c.name == column)
                .map(|c| &c.privileges),
            ModelObject::View(v) => Some(v.column_privileges.get(column).unwrap_or(&NONE)),
            _ => None,
        };
    }
    match entry {
        ModelObject::Namespace(x) => Some(&x.privileges),
        ModelObject::Type(x) => Some(&x.privileges),
        ModelObject::Sequence(x) => Some(&x.privileges),
        ModelObject::Table(x) => Some(&x.privileges),
        ModelObject::View(x) => Some(&x.privileges),
        ModelObject::Function(x) => Some(&x.privileges),
        ModelObject::DefaultPrivileges(x) => Some(x),
        ModelObject::ForeignDataWrapper(x) => Some(&x.privileges),
        ModelObject::ForeignServer(x) => Some(&x.privileges),
        ModelObject::Language(x) => Some(&x.privileges),
        _ => None,
    }
}
