-- Reads: operator families in user schemas (pg_opfamily), keyed by
-- name || ' using ' || access method, with the members added to the family
-- itself (ALTER OPERATOR FAMILY … ADD: pg_amop and pg_amproc rows whose
-- dependency is on the family, not on one of its classes; a class's
-- members are read with the class), owner (NULL when it is the inspecting
-- role), comment. A member is keyed by `operator|function <number>
-- (<left type>, <right type>)`; an operator's value is its regoperator
-- text, with `for order by <family>` for an ordering operator.
-- Excludes: what scope.sql leaves out (system schemas, extension members);
-- members added to a family of a system schema.
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
                       WHERE ao.amopfamily = opf.oid
                         AND EXISTS (SELECT FROM pg_depend d
                                     WHERE d.classid = 'pg_amop'::regclass AND d.objid = ao.oid
                                       AND d.refclassid = 'pg_opfamily'::regclass)
                       UNION ALL
                       SELECT 'function ' || ap.amprocnum || ' (' || format_type(ap.amproclefttype, NULL)
                              || ', ' || format_type(ap.amprocrighttype, NULL) || ')',
                              ap.amproc::regprocedure::text
                       FROM pg_amproc ap
                       WHERE ap.amprocfamily = opf.oid
                         AND EXISTS (SELECT FROM pg_depend d
                                     WHERE d.classid = 'pg_amproc'::regclass AND d.objid = ap.oid
                                       AND d.refclassid = 'pg_opfamily'::regclass)) m), '[]') AS members,
       nullif(quote_ident(pg_get_userbyid(opf.opfowner)), quote_ident(current_user)) AS owner,
       obj_description(opf.oid, 'pg_opfamily') AS comment
FROM scope_opfamily opf
JOIN pg_am am ON am.oid = opf.opfmethod
