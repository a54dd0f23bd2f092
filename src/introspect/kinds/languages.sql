-- Reads: procedural languages (pg_language) a migration created: trusted,
-- handler, inline and validator functions (regprocedure; NULL for none),
-- owner (NULL when it is the inspecting role), comment.
-- Excludes: the built-in languages (internal, c, sql: OID below
-- FirstNormalObjectId) and extension members (plpgsql, the other PLs
-- installed by CREATE EXTENSION), as scope.sql says.
SELECT quote_ident(l.lanname) AS name,
       l.lanpltrusted AS trusted,
       nullif(l.lanplcallfoid, 0)::regprocedure::text AS handler,
       nullif(l.laninline, 0)::regprocedure::text AS inline,
       nullif(l.lanvalidator, 0)::regprocedure::text AS validator,
       nullif(quote_ident(pg_get_userbyid(l.lanowner)), quote_ident(current_user)) AS owner,
       (SELECT obj_comment.description FROM pg_description obj_comment WHERE obj_comment.objoid = l.oid AND obj_comment.classoid = 'pg_language'::regclass AND obj_comment.objsubid = 0) AS comment
FROM scope_language l
