-- Reads: default privileges (pg_default_acl), as the difference from what
-- objects would get without them: for an entry without a schema, from
-- acldefault for the object type and role; for an entry IN SCHEMA, from
-- nothing (such entries only add). One row per privilege, like
-- privileges.sql. Roles: CURRENT_USER for the inspecting role.
-- Excludes: nothing.
WITH entries AS (
    SELECT CASE WHEN pg_get_userbyid(da.defaclrole) = current_user THEN 'CURRENT_USER'
                ELSE quote_ident(pg_get_userbyid(da.defaclrole)) END AS role,
           (SELECT quote_ident(n.nspname) FROM pg_namespace n WHERE n.oid = da.defaclnamespace) AS schema,
           CASE da.defaclobjtype WHEN 'r' THEN 'tables' WHEN 'S' THEN 'sequences'
                WHEN 'f' THEN 'functions' WHEN 'T' THEN 'types' WHEN 'n' THEN 'schemas'
                ELSE da.defaclobjtype::text END AS object_type,
           da.defaclacl AS acl,
           CASE WHEN da.defaclnamespace = 0 THEN
                acldefault(CASE da.defaclobjtype WHEN 'S' THEN 's' ELSE da.defaclobjtype END::"char",
                           da.defaclrole) END AS base
    FROM pg_default_acl da
), items AS (
    SELECT e.role, e.schema, e.object_type, x.grantee, x.privilege_type, x.is_grantable, true AS effective
    FROM entries e, aclexplode(e.acl) x
    UNION
    SELECT e.role, e.schema, e.object_type, x.grantee, x.privilege_type, x.is_grantable, false
    FROM entries e, aclexplode(e.base) x
), differences AS (
    SELECT role, schema, object_type, grantee, privilege_type, is_grantable,
           bool_or(effective) AS in_effective, bool_or(NOT effective) AS in_default
    FROM items
    GROUP BY role, schema, object_type, grantee, privilege_type, is_grantable
)
SELECT role, schema, object_type,
       CASE WHEN in_effective THEN 'grant' ELSE 'revoke' END AS action,
       CASE WHEN grantee = 0 THEN 'PUBLIC'
            WHEN pg_get_userbyid(grantee) = current_user THEN 'CURRENT_USER'
            ELSE quote_ident(pg_get_userbyid(grantee)) END AS grantee,
       privilege_type || CASE WHEN is_grantable THEN ' with grant option' ELSE '' END AS privilege
FROM differences
WHERE in_effective <> in_default
