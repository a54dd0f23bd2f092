-- Reads: transforms (pg_transform), keyed by `for <type> language <lang>`:
-- the FROM SQL and TO SQL functions (regprocedure), comment. Transforms
-- have no owner.
-- Excludes: extension members (scope.sql: hstore_plperl's and the like).
SELECT 'for ' || format_type(trf.trftype, NULL) || ' language ' || quote_ident(l.lanname) AS name,
       nullif(trf.trffromsql, 0)::regprocedure::text AS from_sql,
       nullif(trf.trftosql, 0)::regprocedure::text AS to_sql,
       (SELECT obj_comment.description FROM pg_description obj_comment WHERE obj_comment.objoid = trf.oid AND obj_comment.classoid = 'pg_transform'::regclass AND obj_comment.objsubid = 0) AS comment
FROM scope_transform trf
JOIN pg_language l ON l.oid = trf.trflang
