-- Reads: access methods (pg_am) a migration created: type (table or
-- index), handler (regproc), comment.
-- Excludes: the built-in access methods (OID below FirstNormalObjectId) and
-- extension members (bloom, …), as scope.sql says.
SELECT quote_ident(am.amname) AS name,
       am.amtype::text AS method_type,
       am.amhandler::regproc::text AS handler,
       obj_description(am.oid, 'pg_am') AS comment
FROM scope_am am
