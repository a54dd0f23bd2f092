-- Reads: installed extensions (pg_extension): name, schema, version, comment.
-- Excludes: nothing (plpgsql, installed in every new database, is listed
-- like any other: dropping it is a change).
SELECT quote_ident(e.extname) AS name,
       quote_ident(n.nspname) AS schema,
       e.extversion AS version,
       (SELECT obj_comment.description FROM pg_description obj_comment WHERE obj_comment.objoid = e.oid AND obj_comment.classoid = 'pg_extension'::regclass AND obj_comment.objsubid = 0) AS comment
FROM pg_extension e
JOIN pg_namespace n ON n.oid = e.extnamespace
