-- Reads: schemas (pg_namespace) with their owner (NULL when it is the
-- inspecting role) and comments.
-- Excludes: what scope.sql leaves out (system schemas, extension members).
SELECT quote_ident(n.nspname) AS name,
       nullif(quote_ident(pg_get_userbyid(n.nspowner)), quote_ident(current_user)) AS owner,
       (SELECT obj_comment.description FROM pg_description obj_comment WHERE obj_comment.objoid = n.oid AND obj_comment.classoid = 'pg_namespace'::regclass AND obj_comment.objsubid = 0) AS comment
FROM scope_namespace n
