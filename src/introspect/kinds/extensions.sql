-- Reads: installed extensions (pg_extension): name, schema, version, comment.
-- Excludes: nothing (plpgsql, installed in every new database, is listed
-- like any other: dropping it is a change).
SELECT quote_ident(e.extname) AS name,
       quote_ident(n.nspname) AS schema,
       e.extversion AS version,
       obj_description(e.oid, 'pg_extension') AS comment
FROM pg_extension e
JOIN pg_namespace n ON n.oid = e.extnamespace
