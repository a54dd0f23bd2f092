-- Reads: the cluster's roles (pg_roles), for the walk's roles-left-behind
-- warning. Never part of a database's schema.
-- Excludes: predefined roles (pg_*) and the bootstrap superuser (oid 10).
SELECT quote_ident(r.rolname) AS name
FROM pg_roles r
WHERE r.rolname NOT LIKE 'pg\_%'
  AND r.oid <> 10
