-- Reads: the cluster-wide objects the walk compares across a downgrade
-- (never part of a database's schema), as one JSON object of sorted name
-- arrays: roles (as roles.sql), databases, tablespaces.
-- Excludes: predefined roles (pg_*) and the bootstrap superuser (oid 10);
-- template databases, postgres and pg-roundtrip's own scratch databases
-- (pg_roundtrip_*); the built-in tablespaces pg_default and pg_global.
SELECT json_build_object(
    'roles', ARRAY(SELECT quote_ident(r.rolname) FROM pg_roles r
                   WHERE r.rolname NOT LIKE 'pg\_%' AND r.oid <> 10
                   ORDER BY 1),
    'databases', ARRAY(SELECT d.datname::text FROM pg_database d
                       WHERE NOT d.datistemplate AND d.datname <> 'postgres'
                         AND d.datname NOT LIKE 'pg\_roundtrip\_%'
                       ORDER BY 1),
    'tablespaces', ARRAY(SELECT t.spcname::text FROM pg_tablespace t
                         WHERE t.spcname NOT IN ('pg_default', 'pg_global')
                         ORDER BY 1))::text AS cluster
