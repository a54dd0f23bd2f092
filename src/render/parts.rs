//! Lines that many kinds of entries share: owner, privileges, comments.

use super::document::Line;
use super::text::literal;
use crate::model::Privileges;

pub fn comment(lines: &mut Vec<Line>, comment: &Option<String>) {
    if let Some(c) = comment {
        lines.push(Line::property("comment", literal(c)));
    }
}

/// A comment on a part of an entry: keyed by the part so that a lost
/// column comment is reported as such.
pub fn sub_comment(lines: &mut Vec<Line>, kind: &str, name: &str, comment: &Option<String>) {
    if let Some(c) = comment {
        lines.push(Line::new(
            "comment on",
            format!("{kind} {name}"),
            literal(c),
        ));
    }
}

/// `owner app`, only when the owner is not the role that runs the
/// migrations (`None`): snapshots then read the same whichever superuser a
/// backend connects as.
pub fn owner(lines: &mut Vec<Line>, owner: &Option<String>) {
    if let Some(o) = owner {
        lines.push(Line::property("owner", o.clone()));
    }
}

/// `grant rt_reader SELECT, UPDATE` and `revoke PUBLIC EXECUTE`: one line
/// per grantee, keyed by grantee, for privileges beyond or missing from the
/// default. `part` names a column (`(title)`) for column privileges.
pub fn privileges(lines: &mut Vec<Line>, privileges: &Privileges, part: Option<&str>) {
    let key = |grantee: &str| match part {
        Some(p) => format!("{grantee} on {p}"),
        None => grantee.to_string(),
    };
    for (grantee, set) in &privileges.granted {
        let list: Vec<&str> = set.iter().map(String::as_str).collect();
        lines.push(Line::new("grant", key(grantee), list.join(", ")));
    }
    for (grantee, set) in &privileges.revoked {
        let list: Vec<&str> = set.iter().map(String::as_str).collect();
        lines.push(Line::new("revoke", key(grantee), list.join(", ")));
    }
}
