-- The row versions behind each anchor, for the incremental inspection
-- (incremental.rs).
-- Goes in front of kinds/scope.sql, whose scope_class then keeps only the
-- dirty anchors. An anchor is a relation (relkind r, p, v, m, S, f) that is
-- not a system object (oid >= FirstNormalObjectId, a superset of the
-- relations the scope keeps): every
-- row of the anchored kinds (relations, columns, constraints, indexes,
-- triggers, policies, rules, statistics, sequences, relation and column
-- privileges) hangs on exactly one. Its fingerprint is the count and the
-- sum of the row versions (xmin) of every catalog row its rendering can
-- read. That is exact for a walk, whose steps run one after another and
-- finish before an inspection starts: every row version a step writes has
-- an xid newer than every version the previous inspection saw, so when
-- anything changed either the count differs or (as many versions gone as
-- come) the sum grew. Rows read:
--   its own rows: pg_class, pg_attribute, pg_attrdef, pg_constraint,
--     pg_index and the indexes' pg_class rows, pg_trigger, pg_policy,
--     pg_rewrite, pg_statistic_ext, pg_sequence, pg_partitioned_table,
--     pg_foreign_table (a foreign table's server and options),
--     pg_inherits on either side, pg_description of each of them, its
--     schema and the schemas of its statistics objects;
--   its pg_depend rows (those of any of the objects above).
-- An anchor is also dirty when an object one of its pg_depend rows
-- references was written since the previous inspection (changed_reference:
-- pg_class with the referenced column's pg_attribute row, pg_proc,
-- pg_type, pg_namespace, pg_collation, pg_operator, pg_opclass,
-- pg_opfamily, pg_ts_config, pg_ts_dict, pg_constraint, pg_am,
-- pg_extension, and every such object in a schema written since), or when
-- one of them references a catalog not in this list (read every time).
-- So a view over a renamed column, an index over a retyped column, a
-- default naming a renamed sequence or a trigger whose function changed
-- are read again. Names the server renders from the referenced object's
-- row only (format_type, regclass, pg_get_*def) are covered that way; the
-- cluster-wide rows every rendering may name (roles, tablespaces, access
-- methods; role and tablespace names are all renderings show of them) are
-- global_fingerprint: when it changes every anchor is read.
-- $2: the previous anchors (int8[]), $3: their fingerprints (text[]), $4:
-- the previous global fingerprint (NULL: none, read everything), $5 and
-- $6: the previous snapshot's xmax and its xids in progress (horizon,
-- below).
anchor AS MATERIALIZED (
    SELECT c.oid, c.relnamespace, c.xmin
    FROM pg_class c
    WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
      AND c.oid >= 16384),
-- The objects each anchor is made of, whose dependencies count.
anchor_object AS MATERIALIZED (
    SELECT a.oid AS anchor, 'pg_class'::regclass::oid AS classid, a.oid AS objid
    FROM anchor a
    UNION ALL
    SELECT i.indrelid, 'pg_class'::regclass::oid, i.indexrelid
    FROM pg_index i JOIN anchor a ON a.oid = i.indrelid
    UNION ALL
    SELECT ad.adrelid, 'pg_attrdef'::regclass::oid, ad.oid
    FROM pg_attrdef ad JOIN anchor a ON a.oid = ad.adrelid
    UNION ALL
    SELECT con.conrelid, 'pg_constraint'::regclass::oid, con.oid
    FROM pg_constraint con JOIN anchor a ON a.oid = con.conrelid
    UNION ALL
    SELECT t.tgrelid, 'pg_trigger'::regclass::oid, t.oid
    FROM pg_trigger t JOIN anchor a ON a.oid = t.tgrelid
    UNION ALL
    SELECT p.polrelid, 'pg_policy'::regclass::oid, p.oid
    FROM pg_policy p JOIN anchor a ON a.oid = p.polrelid
    UNION ALL
    SELECT r.ev_class, 'pg_rewrite'::regclass::oid, r.oid
    FROM pg_rewrite r JOIN anchor a ON a.oid = r.ev_class
    UNION ALL
    SELECT st.stxrelid, 'pg_statistic_ext'::regclass::oid, st.oid
    FROM pg_statistic_ext st JOIN anchor a ON a.oid = st.stxrelid),
-- Every pg_depend row of those objects: its own version counts, and so
-- does whether what it references changed (changed_reference below).
anchor_dependency AS MATERIALIZED (
    SELECT o.anchor, d.xmin AS x, d.refclassid, d.refobjid, d.refobjsubid,
           d.refclassid NOT IN ('pg_class'::regclass, 'pg_proc'::regclass, 'pg_type'::regclass,
                                'pg_namespace'::regclass, 'pg_collation'::regclass,
                                'pg_operator'::regclass, 'pg_opclass'::regclass,
                                'pg_opfamily'::regclass, 'pg_ts_config'::regclass,
                                'pg_ts_dict'::regclass, 'pg_constraint'::regclass,
                                'pg_am'::regclass, 'pg_extension'::regclass) AS unknown
    FROM pg_depend d
    JOIN anchor_object o ON o.objid = d.objid AND o.classid = d.classid),
-- Schemas written since the previous inspection: every row version that
-- inspection did not see has an xid at least its snapshot's xmax ($5) or
-- one of the xids in progress then ($6). Every schema counts (public was
-- made by initdb); of the bigger catalogs, system objects (OID < 16384)
-- are left out: a migration does not rename them, and dependencies on
-- pinned ones are not even recorded.
changed_namespace AS MATERIALIZED (
    SELECT n.oid FROM pg_namespace n
    WHERE (age(n.xmin) <= age($5::text::xid) OR n.xmin = ANY($6::text[]::xid[]))),
-- Objects a dependency can reference, written since then or in such a
-- schema: (class, object, column or 0 for the whole object).
changed_reference AS MATERIALIZED (
    SELECT 'pg_class'::regclass::oid AS classid, x.oid, 0::int4 AS subid FROM pg_class x
    WHERE x.oid >= 16384 AND ((age(x.xmin) <= age($5::text::xid) OR x.xmin = ANY($6::text[]::xid[])) OR x.relnamespace IN (SELECT oid FROM changed_namespace))
    UNION ALL
    SELECT 'pg_class'::regclass::oid, x.attrelid, x.attnum FROM pg_attribute x
    WHERE x.attrelid >= 16384 AND (age(x.xmin) <= age($5::text::xid) OR x.xmin = ANY($6::text[]::xid[]))
    UNION ALL
    SELECT 'pg_proc'::regclass::oid, x.oid, 0 FROM pg_proc x
    WHERE x.oid >= 16384 AND ((age(x.xmin) <= age($5::text::xid) OR x.xmin = ANY($6::text[]::xid[])) OR x.pronamespace IN (SELECT oid FROM changed_namespace))
    UNION ALL
    SELECT 'pg_type'::regclass::oid, x.oid, 0 FROM pg_type x
    WHERE x.oid >= 16384 AND ((age(x.xmin) <= age($5::text::xid) OR x.xmin = ANY($6::text[]::xid[])) OR x.typnamespace IN (SELECT oid FROM changed_namespace))
    UNION ALL
    SELECT 'pg_namespace'::regclass::oid, n.oid, 0 FROM changed_namespace n
    UNION ALL
    SELECT 'pg_collation'::regclass::oid, x.oid, 0 FROM pg_collation x
    WHERE x.oid >= 16384 AND ((age(x.xmin) <= age($5::text::xid) OR x.xmin = ANY($6::text[]::xid[])) OR x.collnamespace IN (SELECT oid FROM changed_namespace))
    UNION ALL
    SELECT 'pg_operator'::regclass::oid, x.oid, 0 FROM pg_operator x
    WHERE x.oid >= 16384 AND ((age(x.xmin) <= age($5::text::xid) OR x.xmin = ANY($6::text[]::xid[])) OR x.oprnamespace IN (SELECT oid FROM changed_namespace))
    UNION ALL
    SELECT 'pg_opclass'::regclass::oid, x.oid, 0 FROM pg_opclass x
    WHERE x.oid >= 16384 AND ((age(x.xmin) <= age($5::text::xid) OR x.xmin = ANY($6::text[]::xid[])) OR x.opcnamespace IN (SELECT oid FROM changed_namespace))
    UNION ALL
    SELECT 'pg_opfamily'::regclass::oid, x.oid, 0 FROM pg_opfamily x
    WHERE x.oid >= 16384 AND ((age(x.xmin) <= age($5::text::xid) OR x.xmin = ANY($6::text[]::xid[])) OR x.opfnamespace IN (SELECT oid FROM changed_namespace))
    UNION ALL
    SELECT 'pg_ts_config'::regclass::oid, x.oid, 0 FROM pg_ts_config x
    WHERE x.oid >= 16384 AND ((age(x.xmin) <= age($5::text::xid) OR x.xmin = ANY($6::text[]::xid[])) OR x.cfgnamespace IN (SELECT oid FROM changed_namespace))
    UNION ALL
    SELECT 'pg_ts_dict'::regclass::oid, x.oid, 0 FROM pg_ts_dict x
    WHERE x.oid >= 16384 AND ((age(x.xmin) <= age($5::text::xid) OR x.xmin = ANY($6::text[]::xid[])) OR x.dictnamespace IN (SELECT oid FROM changed_namespace))
    UNION ALL
    SELECT 'pg_constraint'::regclass::oid, x.oid, 0 FROM pg_constraint x
    WHERE x.oid >= 16384 AND ((age(x.xmin) <= age($5::text::xid) OR x.xmin = ANY($6::text[]::xid[])) OR x.connamespace IN (SELECT oid FROM changed_namespace))
    UNION ALL
    SELECT 'pg_am'::regclass::oid, x.oid, 0 FROM pg_am x
    WHERE (age(x.xmin) <= age($5::text::xid) OR x.xmin = ANY($6::text[]::xid[]))
    UNION ALL
    SELECT 'pg_extension'::regclass::oid, x.oid, 0 FROM pg_extension x
    WHERE (age(x.xmin) <= age($5::text::xid) OR x.xmin = ANY($6::text[]::xid[]))),
-- Anchors that reference a changed object, or something this list cannot
-- follow (read at every inspection).
reference_dirty AS MATERIALIZED (
    SELECT ad.anchor FROM anchor_dependency ad
    JOIN changed_reference r ON r.classid = ad.refclassid AND r.oid = ad.refobjid
                            AND (r.subid = 0 OR ad.refobjsubid = 0 OR r.subid = ad.refobjsubid)
    UNION
    SELECT ad.anchor FROM anchor_dependency ad WHERE ad.unknown),
-- One row per row version: (anchor, xmin).
anchor_part AS (
    SELECT a.oid AS anchor, a.xmin AS x FROM anchor a
    UNION ALL
    SELECT a.oid, n.xmin FROM anchor a JOIN pg_namespace n ON n.oid = a.relnamespace
    UNION ALL
    SELECT at.attrelid, at.xmin
    FROM pg_attribute at JOIN anchor a ON a.oid = at.attrelid
    WHERE at.attnum > 0
    UNION ALL
    SELECT i.indrelid, i.xmin FROM pg_index i JOIN anchor a ON a.oid = i.indrelid
    UNION ALL
    SELECT i.indrelid, ic.xmin
    FROM pg_index i JOIN anchor a ON a.oid = i.indrelid JOIN pg_class ic ON ic.oid = i.indexrelid
    UNION ALL
    SELECT ad.adrelid, ad.xmin FROM pg_attrdef ad JOIN anchor a ON a.oid = ad.adrelid
    UNION ALL
    SELECT con.conrelid, con.xmin FROM pg_constraint con JOIN anchor a ON a.oid = con.conrelid
    UNION ALL
    SELECT t.tgrelid, t.xmin FROM pg_trigger t JOIN anchor a ON a.oid = t.tgrelid
    UNION ALL
    SELECT p.polrelid, p.xmin FROM pg_policy p JOIN anchor a ON a.oid = p.polrelid
    UNION ALL
    SELECT r.ev_class, r.xmin FROM pg_rewrite r JOIN anchor a ON a.oid = r.ev_class
    UNION ALL
    SELECT st.stxrelid, st.xmin FROM pg_statistic_ext st JOIN anchor a ON a.oid = st.stxrelid
    UNION ALL
    SELECT st.stxrelid, n.xmin
    FROM pg_statistic_ext st JOIN anchor a ON a.oid = st.stxrelid
    JOIN pg_namespace n ON n.oid = st.stxnamespace
    UNION ALL
    SELECT s.seqrelid, s.xmin FROM pg_sequence s JOIN anchor a ON a.oid = s.seqrelid
    UNION ALL
    SELECT pt.partrelid, pt.xmin FROM pg_partitioned_table pt JOIN anchor a ON a.oid = pt.partrelid
    UNION ALL
    SELECT ft.ftrelid, ft.xmin FROM pg_foreign_table ft JOIN anchor a ON a.oid = ft.ftrelid
    UNION ALL
    SELECT inh.inhrelid, inh.xmin FROM pg_inherits inh JOIN anchor a ON a.oid = inh.inhrelid
    UNION ALL
    SELECT inh.inhparent, inh.xmin FROM pg_inherits inh JOIN anchor a ON a.oid = inh.inhparent
    UNION ALL
    SELECT o.anchor, ds.xmin
    FROM pg_description ds
    JOIN anchor_object o ON o.objid = ds.objoid AND o.classid = ds.classoid
    UNION ALL
    SELECT ad.anchor, ad.x FROM anchor_dependency ad),
fingerprint AS MATERIALIZED (
    SELECT p.anchor::int8 AS anchor, count(*) || ':' || sum(p.x::text::int8) AS hash
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
       OR f.anchor IN (SELECT r.anchor FROM reference_dirty r)
       OR $4::text IS DISTINCT FROM (SELECT g.hash FROM global_fingerprint g)),
-- What the next inspection passes as $5.
horizon AS (
    SELECT (pg_snapshot_xmax(pg_current_snapshot())::text::int8 % 4294967296)::text AS xid,
           coalesce(array_agg((x::text::int8 % 4294967296)::text), '{}') AS in_progress
    FROM pg_snapshot_xip(pg_current_snapshot()) AS x)
