//! Lines that many kinds of entries share: owner, privileges, comments.

use super::document::Line;
use super::text::literal;
use crate::model::Privileges;
use crate::model::object::{PartKey, PartKind};

pub fn comment(lines: &mut Vec<Line>, comment: &Option<String>) {
    if let Some(c) = comment {
        lines.push(Line::property(PartKind::Comment, literal(c)));
    }
}

/// A comment on a part of an entry: keyed by the part so that a lost
/// column comment is reported as such.
pub fn sub_comment(lines: &mut Vec<Line>, kind: PartKind, name: &str, comment: &Option<String>) {
    if let Some(c) = comment {
        lines.push(Line::keyed(PartKey::comment_on(kind, name), literal(c)));
    }
}

/// `owner app`, only when the owner is not the role that runs the
/// migrations (`None`): snapshots then read the same whichever superuser a
/// backend connects as.
pub fn owner(lines: &mut Vec<Line>, owner: &Option<String>) {
    if let Some(o) = owner {
        lines.push(Line::property(PartKind::Owner, o.clone()));
    }
}

/// `grant rt_reader SELECT, UPDATE` and `revoke PUBLIC EXECUTE`: one line
/// per grantee, keyed by grantee, for privileges beyond or missing from the
/// default. `column` names the column for column privileges (`grant
/// rt_reader on column title UPDATE`).
pub fn privileges(lines: &mut Vec<Line>, privileges: &Privileges, column: Option<&str>) {
    for (kind, map) in [
        (PartKind::Grant, &privileges.granted),
        (PartKind::Revoke, &privileges.revoked),
    ] {
        for (grantee, set) in map {
            let list: Vec<&str> = set.iter().map(String::as_str).collect();
            lines.push(Line::keyed(
                PartKey::privileges(kind, grantee, column),
                list.join(", "),
            ));
        }
    }
}
