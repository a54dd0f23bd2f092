-- Reads: user-made casts (pg_cast through scope_cast: not made by initdb),
-- keyed by (source AS target) in format_type: method (f: a function, b:
-- binary coercible, i: inout) and function (regprocedure), context (i, a,
-- e), comment. Casts have no owner.
-- Excludes: casts made by initdb and extension members (scope.sql).
SELECT '(' || format_type(ca.castsource, NULL) || ' AS ' || format_type(ca.casttarget, NULL) || ')' AS name,
       ca.castmethod::text AS method,
       nullif(ca.castfunc, 0)::regprocedure::text AS function,
       ca.castcontext::text AS context,
       (SELECT obj_comment.description FROM pg_description obj_comment WHERE obj_comment.objoid = ca.oid AND obj_comment.classoid = 'pg_cast'::regclass AND obj_comment.objsubid = 0) AS comment
FROM scope_cast ca
