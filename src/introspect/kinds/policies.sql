-- Reads: row security policies (pg_policy) of the tables relations.sql
-- reads: command, permissive or restrictive, roles (sorted; PUBLIC for 0,
-- CURRENT_USER for the inspecting role), USING and WITH CHECK expressions
-- (pg_get_expr), comment.
-- Excludes: the policies of every table scope.sql leaves out.
SELECT c.oid::int8 AS anchor,
       quote_ident(c.nspname) AS schema,
       quote_ident(c.relname) AS relation,
       quote_ident(pol.polname) AS name,
       CASE pol.polcmd
            WHEN 'r' THEN 'select' WHEN 'a' THEN 'insert' WHEN 'w' THEN 'update'
            WHEN 'd' THEN 'delete' WHEN '*' THEN 'all' ELSE pol.polcmd::text
       END AS command,
       pol.polpermissive AS permissive,
       ARRAY(SELECT CASE WHEN r = 0 THEN 'PUBLIC'
                         WHEN pg_get_userbyid(r) = current_user THEN 'CURRENT_USER'
                         ELSE quote_ident(pg_get_userbyid(r)) END AS role
             FROM unnest(pol.polroles) r ORDER BY 1) AS roles,
       pg_get_expr(pol.polqual, pol.polrelid) AS using_expr,
       pg_get_expr(pol.polwithcheck, pol.polrelid) AS check_expr,
       (SELECT obj_comment.description FROM pg_description obj_comment WHERE obj_comment.objoid = pol.oid AND obj_comment.classoid = 'pg_policy'::regclass AND obj_comment.objsubid = 0) AS comment
FROM pg_policy pol
JOIN scope_class c ON c.oid = pol.polrelid
