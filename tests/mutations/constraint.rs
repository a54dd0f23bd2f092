//! Mutation cases for constraints: foreign keys, unique, check, exclusion, primary keys.

use crate::case::{Case, NONE, m, ms, ok};

pub fn cases() -> Vec<Case> {
    vec![
        m(
            "foreign_key_re_added_under_another_name",
            "ALTER TABLE tasks DROP CONSTRAINT tasks_user_id_fkey;",
            "ALTER TABLE tasks ADD CONSTRAINT fk_tasks_user FOREIGN KEY (user_id) REFERENCES users (id);",
            "constraint public.tasks.tasks_user_id_fkey",
        ),
        m(
            "foreign_key_deferrability_not_restored",
            "ALTER TABLE tasks DROP CONSTRAINT tasks_user_id_fkey, ADD FOREIGN KEY (user_id) REFERENCES users (id) DEFERRABLE INITIALLY DEFERRED;",
            "ALTER TABLE tasks DROP CONSTRAINT tasks_user_id_fkey, ADD FOREIGN KEY (user_id) REFERENCES users (id) DEFERRABLE;",
            "constraint public.tasks.tasks_user_id_fkey",
        ),
        m(
            "foreign_key_action_restored_as_restrict_was_no_action",
            "ALTER TABLE tasks DROP CONSTRAINT tasks_user_id_fkey, ADD FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE;",
            "ALTER TABLE tasks DROP CONSTRAINT tasks_user_id_fkey, ADD FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE RESTRICT;",
            "constraint public.tasks.tasks_user_id_fkey",
        ),
        m(
            "foreign_key_match_full_kept",
            "ALTER TABLE tasks DROP CONSTRAINT tasks_user_id_fkey, ADD FOREIGN KEY (user_id) REFERENCES users (id) MATCH FULL;",
            "ALTER TABLE tasks DROP CONSTRAINT tasks_user_id_fkey, ADD FOREIGN KEY (user_id) REFERENCES users (id) MATCH FULL;",
            "constraint public.tasks.tasks_user_id_fkey",
        ),
        ms(
            "unique_nulls_not_distinct_lost",
            (
                "ALTER TABLE users ADD CONSTRAINT users_name_key UNIQUE NULLS NOT DISTINCT (name);",
                "",
            ),
            "ALTER TABLE users DROP CONSTRAINT users_name_key;",
            "ALTER TABLE users ADD CONSTRAINT users_name_key UNIQUE (name);",
            "constraint public.users.users_name_key",
        ),
        ms(
            "validated_check_not_made_not_valid_again",
            (
                "ALTER TABLE tasks ADD CONSTRAINT title_not_blank CHECK (title <> '') NOT VALID;",
                "",
            ),
            "ALTER TABLE tasks VALIDATE CONSTRAINT title_not_blank;",
            "SELECT 1;",
            "constraint public.tasks.title_not_blank",
        ),
        ms(
            "check_re_added_without_no_inherit",
            (
                "ALTER TABLE tasks ADD CONSTRAINT title_short CHECK (length(title) < 200) NO INHERIT;",
                "",
            ),
            "ALTER TABLE tasks DROP CONSTRAINT title_short;",
            "ALTER TABLE tasks ADD CONSTRAINT title_short CHECK (length(title) < 200);",
            "constraint public.tasks.title_short",
        ),
        ms(
            "exclusion_constraint_left_behind",
            (
                "CREATE TABLE bookings (room int, during tstzrange);",
                "DROP TABLE bookings;",
            ),
            "ALTER TABLE bookings ADD CONSTRAINT no_overlap EXCLUDE USING gist (during WITH &&);",
            "SELECT 1;",
            "constraint public.bookings.no_overlap",
        ),
        m(
            "primary_key_re_added_under_another_name",
            "ALTER TABLE tasks DROP CONSTRAINT tasks_pkey, ADD PRIMARY KEY (id, user_id);",
            "ALTER TABLE tasks DROP CONSTRAINT tasks_pkey, ADD CONSTRAINT tasks_pk PRIMARY KEY (id);",
            "constraint public.tasks.tasks_pkey",
        ),
        ok(
            "auto_named_foreign_key_dropped_and_recreated",
            NONE,
            "ALTER TABLE tasks DROP CONSTRAINT tasks_user_id_fkey;",
            "ALTER TABLE tasks ADD FOREIGN KEY (user_id) REFERENCES users (id);",
        ),
        ok(
            "check_validated_then_re_added_not_valid",
            (
                "ALTER TABLE tasks ADD CONSTRAINT title_not_blank CHECK (title <> '') NOT VALID;",
                "",
            ),
            "ALTER TABLE tasks VALIDATE CONSTRAINT title_not_blank;",
            "ALTER TABLE tasks DROP CONSTRAINT title_not_blank; ALTER TABLE tasks ADD CONSTRAINT title_not_blank CHECK (title <> '') NOT VALID;",
        ),
    ]
}
