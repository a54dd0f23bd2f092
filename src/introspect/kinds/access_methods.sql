-- Reads: access methods (pg_am) a migration created: type (table or
-- index), handler (regproc), comment.
-- Excludes: the built-in access methods (OID below FirstNormalObjectId) and
-- extension members (bloom, …), as scope.sql says.
SELECT quote_ident(am.amname) AS name,
       am.amtype::text AS method_type,
       am.amhandler::regproc::text AS handler,
       (SELECT obj_comment.description FROM pg_description obj_comment WHERE obj_comment.objoid = am.oid AND obj_comment.classoid = 'pg_am'::regclass AND obj_comment.objsubid = 0) AS comment
FROM scope_am am
