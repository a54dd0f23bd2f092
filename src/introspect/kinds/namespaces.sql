-- Reads: schemas (pg_namespace) with their owner (NULL when it is the
-- inspecting role) and comments.
-- Excludes: what scope.sql leaves out (system schemas, extension members).
SELECT quote_ident(n.nspname) AS name,
       nullif(quote_ident(pg_get_userbyid(n.nspowner)), quote_ident(current_user)) AS owner,
       obj_description(n.oid, 'pg_namespace') AS comment
FROM scope_namespace n
