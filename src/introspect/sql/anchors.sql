-- The row versions behind each anchor, for the incremental inspection
-- (incremental.rs).
-- Goes in front of kinds/scope.sql, whose scope_class then keeps only the
-- dirty anchors. An anchor is a relation (relkind r, p, v, m, S) that is
-- not a system object (oid >= FirstNormalObjectId, a superset of the
-- relations the scope keeps): every
-- row of the anchored kinds (relations, columns, constraints, indexes,
-- triggers, policies, rules, statistics, sequences, relation and column
-- privileges) hangs on exactly one. Its fingerprint is the md5 of every
-- catalog row version (xmin) its rendering can read:
--   its own rows: pg_class, pg_attribute, pg_attrdef, pg_constraint,
--     pg_index and the indexes' pg_class rows, pg_trigger, pg_policy,
--     pg_rewrite, pg_statistic_ext, pg_sequence, pg_partitioned_table,
--     pg_inherits on either side, pg_description of each of them, its
--     schema and the schemas of its statistics objects;
--   the dependency closure one level out: every pg_depend row of any of
--     those objects, with the row version of the object it references
--     (pg_class with the referenced column's pg_attribute row, pg_proc,
--     pg_type, pg_namespace, pg_collation, pg_operator, pg_opclass,
--     pg_opfamily, pg_ts_config, pg_ts_dict, pg_am, pg_extension,
--     pg_constraint) and of that object's schema; a referenced catalog
--     not in this list makes the anchor new at every inspection.
-- So a view over a renamed column, an index over a retyped column, a
-- default naming a renamed sequence or a trigger whose function changed
-- are read again. Names the server renders from the referenced object's
-- row only (format_type, regclass, pg_get_*def) are covered that way; the
-- cluster-wide rows every rendering may name (roles, tablespaces, access
-- methods; role and tablespace names are all renderings show of them) are
-- global_fingerprint: when it changes every anchor is read.
-- $2: the previous anchors (int8[]), $3: their fingerprints (text[]), $4:
-- the previous global fingerprint (NULL: none, read everything).
anchor AS MATERIALIZED (
    SELECT c.oid
    FROM pg_class c
    WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S')
      AND c.oid >= 16384),
anchor_object AS MATERIALIZED (
    SELECT a.oid AS anchor, 'pg_class'::regclass::oid AS classid, a.oid AS objid,
           c.xmin::text AS version, c.relnamespace AS nsp
    FROM anchor a JOIN pg_class c ON c.oid = a.oid
    UNION ALL
    SELECT i.indrelid, 'pg_class'::regclass::oid, i.indexrelid,
           ic.xmin::text || '/' || i.xmin::text, NULL
    FROM pg_index i JOIN anchor a ON a.oid = i.indrelid JOIN pg_class ic ON ic.oid = i.indexrelid
    UNION ALL
    SELECT ad.adrelid, 'pg_attrdef'::regclass::oid, ad.oid, ad.xmin::text, NULL
    FROM pg_attrdef ad JOIN anchor a ON a.oid = ad.adrelid
    UNION ALL
    SELECT con.conrelid, 'pg_constraint'::regclass::oid, con.oid, con.xmin::text, NULL
    FROM pg_constraint con JOIN anchor a ON a.oid = con.conrelid
    UNION ALL
    SELECT t.tgrelid, 'pg_trigger'::regclass::oid, t.oid, t.xmin::text, NULL
    FROM pg_trigger t JOIN anchor a ON a.oid = t.tgrelid
    UNION ALL
    SELECT p.polrelid, 'pg_policy'::regclass::oid, p.oid, p.xmin::text, NULL
    FROM pg_policy p JOIN anchor a ON a.oid = p.polrelid
    UNION ALL
    SELECT r.ev_class, 'pg_rewrite'::regclass::oid, r.oid, r.xmin::text, NULL
    FROM pg_rewrite r JOIN anchor a ON a.oid = r.ev_class
    UNION ALL
    SELECT st.stxrelid, 'pg_statistic_ext'::regclass::oid, st.oid, st.xmin::text, st.stxnamespace
    FROM pg_statistic_ext st JOIN anchor a ON a.oid = st.stxrelid),
anchor_part AS (
    SELECT o.anchor, 'o' || o.classid || ':' || o.objid || '@' || o.version AS part
    FROM anchor_object o
    UNION ALL
    SELECT o.anchor, 'n' || n.oid || '@' || n.xmin::text
    FROM anchor_object o JOIN pg_namespace n ON n.oid = o.nsp
    UNION ALL
    SELECT at.attrelid, 'a' || at.attnum || '@' || at.xmin::text
    FROM pg_attribute at JOIN anchor a ON a.oid = at.attrelid
    WHERE at.attnum > 0
    UNION ALL
    SELECT s.seqrelid, 's@' || s.xmin::text
    FROM pg_sequence s JOIN anchor a ON a.oid = s.seqrelid
    UNION ALL
    SELECT pt.partrelid, 'p@' || pt.xmin::text
    FROM pg_partitioned_table pt JOIN anchor a ON a.oid = pt.partrelid
    UNION ALL
    SELECT a.oid, 'i' || inh.inhrelid || ':' || inh.inhparent || '@' || inh.xmin::text
    FROM pg_inherits inh JOIN anchor a ON a.oid IN (inh.inhrelid, inh.inhparent)
    UNION ALL
    SELECT o.anchor, 'd' || ds.classoid || ':' || ds.objoid || ':' || ds.objsubid || '@' || ds.xmin::text
    FROM pg_description ds
    JOIN anchor_object o ON o.objid = ds.objoid AND o.classid = ds.classoid
    UNION ALL
    SELECT o.anchor,
           'r' || d.classid || ':' || d.objid || ':' || d.objsubid || '>' || d.refclassid || ':'
               || d.refobjid || ':' || d.refobjsubid || d.deptype::text || '@' || d.xmin::text || '='
               || coalesce(CASE d.refclassid
                   WHEN 'pg_class'::regclass THEN
                       (SELECT rc.xmin::text || '.' || rn.xmin::text || '.' || coalesce(
                               (SELECT ra.xmin::text FROM pg_attribute ra
                                WHERE ra.attrelid = rc.oid AND ra.attnum = d.refobjsubid
                                  AND d.refobjsubid <> 0), '')
                        FROM pg_class rc JOIN pg_namespace rn ON rn.oid = rc.relnamespace
                        WHERE rc.oid = d.refobjid)
                   WHEN 'pg_proc'::regclass THEN
                       (SELECT x.xmin::text || '.' || n.xmin::text FROM pg_proc x
                        JOIN pg_namespace n ON n.oid = x.pronamespace WHERE x.oid = d.refobjid)
                   WHEN 'pg_type'::regclass THEN
                       (SELECT x.xmin::text || '.' || n.xmin::text FROM pg_type x
                        JOIN pg_namespace n ON n.oid = x.typnamespace WHERE x.oid = d.refobjid)
                   WHEN 'pg_namespace'::regclass THEN
                       (SELECT x.xmin::text FROM pg_namespace x WHERE x.oid = d.refobjid)
                   WHEN 'pg_collation'::regclass THEN
                       (SELECT x.xmin::text || '.' || n.xmin::text FROM pg_collation x
                        JOIN pg_namespace n ON n.oid = x.collnamespace WHERE x.oid = d.refobjid)
                   WHEN 'pg_operator'::regclass THEN
                       (SELECT x.xmin::text || '.' || n.xmin::text FROM pg_operator x
                        JOIN pg_namespace n ON n.oid = x.oprnamespace WHERE x.oid = d.refobjid)
                   WHEN 'pg_opclass'::regclass THEN
                       (SELECT x.xmin::text || '.' || n.xmin::text FROM pg_opclass x
                        JOIN pg_namespace n ON n.oid = x.opcnamespace WHERE x.oid = d.refobjid)
                   WHEN 'pg_opfamily'::regclass THEN
                       (SELECT x.xmin::text || '.' || n.xmin::text FROM pg_opfamily x
                        JOIN pg_namespace n ON n.oid = x.opfnamespace WHERE x.oid = d.refobjid)
                   WHEN 'pg_ts_config'::regclass THEN
                       (SELECT x.xmin::text || '.' || n.xmin::text FROM pg_ts_config x
                        JOIN pg_namespace n ON n.oid = x.cfgnamespace WHERE x.oid = d.refobjid)
                   WHEN 'pg_ts_dict'::regclass THEN
                       (SELECT x.xmin::text || '.' || n.xmin::text FROM pg_ts_dict x
                        JOIN pg_namespace n ON n.oid = x.dictnamespace WHERE x.oid = d.refobjid)
                   WHEN 'pg_constraint'::regclass THEN
                       (SELECT x.xmin::text || '.' || n.xmin::text FROM pg_constraint x
                        JOIN pg_namespace n ON n.oid = x.connamespace WHERE x.oid = d.refobjid)
                   WHEN 'pg_am'::regclass THEN
                       (SELECT x.xmin::text FROM pg_am x WHERE x.oid = d.refobjid)
                   WHEN 'pg_extension'::regclass THEN
                       (SELECT x.xmin::text FROM pg_extension x WHERE x.oid = d.refobjid)
                   ELSE gen_random_uuid()::text
               END, 'gone')
    FROM pg_depend d
    JOIN anchor_object o ON o.objid = d.objid AND o.classid = d.classid),
fingerprint AS MATERIALIZED (
    SELECT p.anchor::int8 AS anchor, md5(string_agg(p.part, ',' ORDER BY p.part)) AS hash
    FROM anchor_part p
    GROUP BY p.anchor),
global_fingerprint AS MATERIALIZED (
    SELECT md5(concat_ws(';',
        (SELECT string_agg(r.oid || ':' || r.rolname, ',' ORDER BY r.oid) FROM pg_roles r),
        (SELECT string_agg(t.oid || ':' || t.spcname, ',' ORDER BY t.oid) FROM pg_tablespace t),
        (SELECT string_agg(m.oid || '@' || m.xmin::text, ',' ORDER BY m.oid) FROM pg_am m))) AS hash),
previous AS (
    SELECT p.anchor, p.hash
    FROM unnest($2::int8[], $3::text[]) AS p(anchor, hash)),
dirty AS MATERIALIZED (
    SELECT f.anchor::oid AS anchor
    FROM fingerprint f
    LEFT JOIN previous p ON p.anchor = f.anchor
    WHERE p.hash IS DISTINCT FROM f.hash
       OR $4::text IS DISTINCT FROM (SELECT g.hash FROM global_fingerprint g))
