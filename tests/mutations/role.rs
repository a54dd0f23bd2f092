//! Mutation cases for roles.
//! Roles are cluster-wide: these cases never run beside another case on
//! the same server (see `Kind::creates_roles`).

use crate::case::{Case, Expect, base, rev};

pub fn cases() -> Vec<Case> {
    vec![
        Case {
            name: "role_created_idempotently_and_left_behind",
            revisions: vec![
                base(),
                rev(
                    "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'rt_m_left') THEN CREATE ROLE rt_m_left; END IF; END $$; GRANT SELECT ON tasks TO rt_m_left;",
                    "REVOKE SELECT ON tasks FROM rt_m_left;",
                ),
            ],
            expect: Expect::Warn("rt_m_left"),
        },
        Case {
            name: "role_left_behind_with_strict_roles",
            revisions: vec![
                base(),
                rev(
                    "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'rt_m_strict') THEN CREATE ROLE rt_m_strict; END IF; END $$;",
                    "SELECT 1;",
                ),
            ],
            expect: Expect::StrictRole("rt_m_strict"),
        },
        Case {
            name: "role_created_and_dropped",
            revisions: vec![
                base(),
                rev(
                    "CREATE ROLE rt_m_tmp; GRANT SELECT ON tasks TO rt_m_tmp;",
                    "REVOKE SELECT ON tasks FROM rt_m_tmp; DROP ROLE rt_m_tmp;",
                ),
            ],
            expect: Expect::Pass,
        },
    ]
}
