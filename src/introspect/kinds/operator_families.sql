-- Reads: operator families in user schemas (pg_opfamily), keyed by
-- name || ' using ' || access method, with the members added to the family
-- itself (ALTER OPERATOR FAMILY … ADD: pg_amop and pg_amproc rows with no
-- dependency on one of its classes; a dependency on a pg_catalog family is
-- not recorded; a class's members are read with the class), owner (NULL when it is the inspecting
-- role), comment. A member is keyed by `operator|function <number>
-- (<left type>, <right type>)`; an operator's value is its regoperator
-- text, with `for order by <family>` for an ordering operator.
-- Also families of pg_catalog to which a migration added members (ALTER
-- OPERATOR FAMILY pg_catalog.integer_ops USING btree ADD …): only those
-- members (OID >= 16384, not made by initdb), without owner or comment,
-- which are initdb's.
-- Excludes: what scope.sql leaves out (system schemas, extension members;
-- members an extension adds).
SELECT quote_ident(opf.nspname) AS schema,
       quote_ident(opf.opfname) || ' using ' || quote_ident(am.amname) AS name,
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
                       WHERE ao.amopfamily = opf.oid AND ao.oid >= 16384
                         AND NOT EXISTS (SELECT FROM extension_member e
                                         WHERE e.classid = 'pg_amop'::regclass AND e.objid = ao.oid)
                         AND NOT EXISTS (SELECT FROM pg_depend d
                                     WHERE d.classid = 'pg_amop'::regclass AND d.objid = ao.oid
                                       AND d.refclassid = 'pg_opclass'::regclass)
                       UNION ALL
                       SELECT 'function ' || ap.amprocnum || ' (' || format_type(ap.amproclefttype, NULL)
                              || ', ' || format_type(ap.amprocrighttype, NULL) || ')',
                              ap.amproc::regprocedure::text
                       FROM pg_amproc ap
                       WHERE ap.amprocfamily = opf.oid AND ap.oid >= 16384
                         AND NOT EXISTS (SELECT FROM extension_member e
                                         WHERE e.classid = 'pg_amproc'::regclass AND e.objid = ap.oid)
                         AND NOT EXISTS (SELECT FROM pg_depend d
                                     WHERE d.classid = 'pg_amproc'::regclass AND d.objid = ap.oid
                                       AND d.refclassid = 'pg_opclass'::regclass)) m), '[]') AS members,
       CASE WHEN NOT opf.system
            THEN nullif(quote_ident(pg_get_userbyid(opf.opfowner)), quote_ident(current_user)) END AS owner,
       CASE WHEN NOT opf.system THEN (SELECT obj_comment.description FROM pg_description obj_comment WHERE obj_comment.objoid = opf.oid AND obj_comment.classoid = 'pg_opfamily'::regclass AND obj_comment.objsubid = 0) END AS comment
FROM (SELECT f.oid, f.opfname, f.opfmethod, f.opfowner, f.nspname, false AS system
      FROM scope_opfamily f
      UNION ALL
      SELECT f.oid, f.opfname, f.opfmethod, f.opfowner, n.nspname, true
      FROM pg_opfamily f
      JOIN pg_namespace n ON n.oid = f.opfnamespace
      WHERE n.nspname = 'pg_catalog'
        AND (EXISTS (SELECT FROM pg_amop ao
                     WHERE ao.amopfamily = f.oid AND ao.oid >= 16384
                       AND NOT EXISTS (SELECT FROM extension_member e
                                       WHERE e.classid = 'pg_amop'::regclass AND e.objid = ao.oid))
             OR EXISTS (SELECT FROM pg_amproc ap
                        WHERE ap.amprocfamily = f.oid AND ap.oid >= 16384
                          AND NOT EXISTS (SELECT FROM extension_member e
                                          WHERE e.classid = 'pg_amproc'::regclass AND e.objid = ap.oid)))) opf
JOIN pg_am am ON am.oid = opf.opfmethod
