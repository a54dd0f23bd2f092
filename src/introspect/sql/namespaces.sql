-- Reads: schemas (pg_namespace) with their owner (NULL when it is the
-- inspecting role) and comments.
-- Excludes: system schemas (pg_catalog, pg_toast, pg_temp_N, pg_toast_temp_N
-- and every other `pg_*` name, which users may not create),
-- information_schema, and schemas that are members of an extension
-- (pg_depend deptype 'e').
SELECT quote_ident(n.nspname) AS name,
       nullif(quote_ident(pg_get_userbyid(n.nspowner)), quote_ident(current_user)) AS owner,
       obj_description(n.oid, 'pg_namespace') AS comment
FROM pg_namespace n
WHERE n.nspname NOT LIKE 'pg\_%'
  AND n.nspname <> 'information_schema'
  AND NOT EXISTS (
        SELECT FROM pg_depend d
        WHERE d.classid = 'pg_namespace'::regclass
          AND d.objid = n.oid
          AND d.deptype = 'e')
