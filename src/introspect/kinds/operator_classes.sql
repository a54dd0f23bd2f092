-- Reads: operator classes in user schemas (pg_opclass), keyed by
-- name || ' using ' || access method: indexed type, DEFAULT, family
-- (schema.name), storage type when set, the members created with the class
-- (pg_amop and pg_amproc rows whose dependency is on the class; keyed as in
-- operator_families.sql), owner (NULL when it is the inspecting role),
-- comment.
-- Excludes: what scope.sql leaves out (system schemas, extension members).
SELECT quote_ident(opc.nspname) AS schema,
       quote_ident(opc.opcname) || ' using ' || quote_ident(am.amname) AS name,
       format_type(opc.opcintype, NULL) AS for_type,
       opc.opcdefault AS is_default,
       (SELECT quote_ident(fn.nspname) || '.' || quote_ident(f.opfname)
        FROM pg_opfamily f JOIN pg_namespace fn ON fn.oid = f.opfnamespace
        WHERE f.oid = opc.opcfamily) AS family,
       CASE WHEN opc.opckeytype <> 0 THEN format_type(opc.opckeytype, NULL) END AS storage,
       coalesce((SELECT json_agg(json_build_object('key', m.key, 'value', m.value) ORDER BY m.key)
                 FROM (SELECT 'operator ' || ao.amopstrategy || ' (' || format_type(ao.amoplefttype, NULL)
                              || ', ' || format_type(ao.amoprighttype, NULL) || ')' AS key,
                              ao.amopopr::regoperator::text
                              || CASE WHEN ao.amoppurpose = 'o'
                                      THEN ' for order by ' || (SELECT quote_ident(sn.nspname) || '.' || quote_ident(so.opfname)
                                                                FROM pg_opfamily so JOIN pg_namespace sn ON sn.oid = so.opfnamespace
                                                                WHERE so.oid = ao.amopsortfamily)
                                      ELSE '' END AS value
                       FROM pg_amop ao
                       JOIN pg_depend d ON d.classid = 'pg_amop'::regclass AND d.objid = ao.oid
                                       AND d.refclassid = 'pg_opclass'::regclass AND d.refobjid = opc.oid
                       UNION ALL
                       SELECT 'function ' || ap.amprocnum || ' (' || format_type(ap.amproclefttype, NULL)
                              || ', ' || format_type(ap.amprocrighttype, NULL) || ')',
                              ap.amproc::regprocedure::text
                       FROM pg_amproc ap
                       JOIN pg_depend d ON d.classid = 'pg_amproc'::regclass AND d.objid = ap.oid
                                       AND d.refclassid = 'pg_opclass'::regclass AND d.refobjid = opc.oid) m), '[]') AS members,
       nullif(quote_ident(pg_get_userbyid(opc.opcowner)), quote_ident(current_user)) AS owner,
       (SELECT obj_comment.description FROM pg_description obj_comment WHERE obj_comment.objoid = opc.oid AND obj_comment.classoid = 'pg_opclass'::regclass AND obj_comment.objsubid = 0) AS comment
FROM scope_opclass opc
JOIN pg_am am ON am.oid = opc.opcmethod
