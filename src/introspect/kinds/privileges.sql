-- Reads: effective privileges on schemas, tables, views, materialized views,
-- foreign tables, sequences, columns, functions (and procedures,
-- aggregates), types, foreign data wrappers, foreign servers and
-- languages, as
-- their difference from the object's default privileges (acldefault for its
-- kind and owner): one row per privilege granted beyond the default
-- (action 'grant') or missing from it (action 'revoke'). A NULL ACL means
-- "the default", so it yields no rows, exactly like an explicit ACL equal
-- to the default: the two compare equal. Columns have no default (their
-- ACL is NULL until a column grant). The grantor is left out; the grant
-- option is kept. Grantees: PUBLIC for 0, CURRENT_USER for the inspecting
-- role, otherwise the quoted role name.
-- Excludes: what scope.sql leaves out (system schemas, extension members,
-- bookkeeping tables); rows for objects the other queries leave out
-- (implicit array types, the row types of tables, the sequences of
-- bookkeeping tables) are dropped when assembling.
WITH objects AS (
    SELECT 'relation' AS kind, quote_ident(c.nspname) AS schema, quote_ident(c.relname) AS name,
           NULL::text AS column_name,
           coalesce(c.relacl, acldefault(CASE WHEN c.relkind = 'S' THEN 's' ELSE 'r' END::"char", c.relowner)) AS acl,
           acldefault(CASE WHEN c.relkind = 'S' THEN 's' ELSE 'r' END::"char", c.relowner) AS base,
           c.oid::int8 AS anchor
    FROM scope_class c
    WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
    UNION ALL
    SELECT 'column', quote_ident(c.nspname), quote_ident(c.relname), quote_ident(a.attname),
           a.attacl, NULL, c.oid::int8
    FROM pg_attribute a
    JOIN scope_class c ON c.oid = a.attrelid
    WHERE a.attacl IS NOT NULL AND a.attnum > 0 AND NOT a.attisdropped
      AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
    UNION ALL
    -- Objects that hang on no relation (no anchor).
    SELECT * FROM (
        SELECT 'schema' AS kind, quote_ident(n.nspname) AS schema, quote_ident(n.nspname) AS name,
               NULL::text AS column_name,
               coalesce(n.nspacl, acldefault('n', n.nspowner)) AS acl,
               acldefault('n', n.nspowner) AS base,
               NULL::int8 AS anchor
        FROM scope_namespace n
        UNION ALL
        SELECT 'function', quote_ident(p.nspname),
               quote_ident(p.proname) || '(' || pg_get_function_identity_arguments(p.oid) || ')', NULL,
               coalesce(p.proacl, acldefault('f', p.proowner)), acldefault('f', p.proowner), NULL
        FROM scope_proc p
        UNION ALL
        SELECT 'type', quote_ident(t.nspname), quote_ident(t.typname), NULL,
               coalesce(t.typacl, acldefault('T', t.typowner)), acldefault('T', t.typowner), NULL
        FROM scope_type t
        LEFT JOIN pg_class tc ON tc.oid = t.typrelid
        -- The types types.sql reads: a table's row type is no type of the model
        -- (and reading its ACL would cost a row per table).
        WHERE (t.typtype IN ('e', 'd', 'r', 'p') OR (t.typtype = 'c' AND tc.relkind = 'c')
               OR (t.typtype = 'b' AND NOT EXISTS (
                       SELECT FROM pg_type e WHERE e.oid = t.typelem AND e.typarray = t.oid)))
        UNION ALL
        SELECT 'foreign data wrapper', '', quote_ident(w.fdwname), NULL,
               coalesce(w.fdwacl, acldefault('F', w.fdwowner)), acldefault('F', w.fdwowner), NULL
        FROM scope_foreign_data_wrapper w
        UNION ALL
        SELECT 'foreign server', '', quote_ident(s.srvname), NULL,
               coalesce(s.srvacl, acldefault('S', s.srvowner)), acldefault('S', s.srvowner), NULL
        FROM scope_foreign_server s
        UNION ALL
        SELECT 'language', '', quote_ident(l.lanname), NULL,
               coalesce(l.lanacl, acldefault('l', l.lanowner)), acldefault('l', l.lanowner), NULL
        FROM scope_language l
    ) other
    -- incremental.rs: only when one of them changed
), items AS (
    SELECT o.anchor, o.kind, o.schema, o.name, o.column_name, x.grantee, x.privilege_type, x.is_grantable, true AS effective
    FROM objects o, aclexplode(o.acl) x
    UNION
    SELECT o.anchor, o.kind, o.schema, o.name, o.column_name, x.grantee, x.privilege_type, x.is_grantable, false
    FROM objects o, aclexplode(o.base) x
), differences AS (
    SELECT anchor, kind, schema, name, column_name, grantee, privilege_type, is_grantable,
           bool_or(effective) AS in_effective, bool_or(NOT effective) AS in_default
    FROM items
    GROUP BY anchor, kind, schema, name, column_name, grantee, privilege_type, is_grantable
)
SELECT anchor, kind, schema, name, column_name,
       CASE WHEN in_effective THEN 'grant' ELSE 'revoke' END AS action,
       CASE WHEN grantee = 0 THEN 'PUBLIC'
            WHEN pg_get_userbyid(grantee) = current_user THEN 'CURRENT_USER'
            ELSE quote_ident(pg_get_userbyid(grantee)) END AS grantee,
       privilege_type || CASE WHEN is_grantable THEN ' with grant option' ELSE '' END AS privilege
FROM differences
WHERE in_effective <> in_default
