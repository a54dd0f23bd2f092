-- Which anchors changed since the previous inspection, for the incremental
-- inspection (incremental.rs). Goes in front of kinds/scope.sql, whose
-- scope_class then keeps only the dirty anchors.
-- An anchor is a relation (relkind r, p, v, m, S, f) that is not a system
-- object (oid >= FirstNormalObjectId, a superset of the relations the
-- scope keeps): every row of the anchored kinds (relations, columns,
-- constraints, indexes, triggers, policies, rules, statistics, sequences,
-- relation and column privileges) hangs on exactly one.
-- The rows an anchor's rendering reads (its catalog rows): its pg_class
-- row and its schema's, pg_attribute, pg_attrdef, pg_constraint, pg_index
-- and the indexes' pg_class rows, pg_trigger, pg_policy, pg_rewrite,
-- pg_statistic_ext and the statistics objects' schemas, pg_sequence,
-- pg_partitioned_table, pg_foreign_table, pg_inherits on either side,
-- pg_description of each of its objects, and the pg_depend rows of each
-- of its objects.
-- An anchor is dirty when one of these holds, and only then:
--   new: one of its catalog rows has a version written since the previous
--     inspection, that is, not visible to that inspection's snapshot (its
--     xmin is at least that snapshot's xmax, $5, or one of the xids in
--     progress then, $6): every insert and every update. Found by a scan of
--     each catalog with that test alone; the few rows it finds are then
--     followed to their anchor;
--   count: its number of rows in the catalogs where a row can go without
--     any other row of the anchor being written differs from the previous
--     inspection's ($2, $3): pg_constraint, pg_trigger, pg_policy,
--     pg_rewrite, pg_statistic_ext, pg_index, pg_attrdef, pg_inherits (either
--     side), pg_description, and the relation's own pg_depend rows
--     (ALTER SEQUENCE … OWNED BY NONE, ALTER EXTENSION … DROP). The
--     other catalogs lose a row only with a write the first rule sees (a
--     dropped default clears atthasdef, a dropped column is an update of
--     pg_attribute, a detached partition's pg_class row changes) or with
--     the anchor itself (then it is no anchor any more);
--   reference: an object one of its pg_depend rows references was written
--     since (changed_reference: pg_class with the referenced column's
--     pg_attribute row, pg_proc, pg_type, pg_namespace, pg_collation,
--     pg_operator, pg_opclass, pg_opfamily, pg_ts_config, pg_ts_dict,
--     pg_constraint, pg_am, pg_extension, pg_language, and every such
--     object in a schema written since), or one of them references a catalog not in
--     this list (read at every inspection). So a view over a renamed
--     column, an index over a retyped column, a default naming a renamed
--     sequence or a trigger whose function changed are read again. Names
--     the server renders from the referenced object's row only
--     (format_type, regclass, pg_get_*def) are covered that way;
--   global: the cluster-wide rows every rendering may name (roles,
--     tablespaces, access methods; role and tablespace names are all
--     renderings show of them) or the tables left out ($1) changed
--     (global_fingerprint): every anchor is read.
-- Exact for a walk, whose steps run one after another and finish before an
-- inspection starts. An insert or update always shows as a new row
-- version; a delete as a lower count, or through a written row.
-- $2: the previous anchors (int8[]), $3: their row counts (int8[]), $4:
-- the previous global fingerprint (NULL: none, read everything), $5 and
-- $6: the previous snapshot's xmax and its xids in progress (horizon,
-- below; NULL and empty: none, nothing counts as written since).
-- Where most rows of a catalog are user objects, the OID test (and a class
-- test beside it) is written `x.oid::int8 >= 16384`, which no index can
-- serve: the statistics of a
-- scratch database are its template's (no autovacuum on the servers
-- pg-roundtrip starts), by which the test would look selective, and an
-- index scan over nearly every row costs several times a plain scan.
anchor AS MATERIALIZED (
    SELECT c.oid, c.relnamespace
    FROM pg_class c
    WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
      AND c.oid::int8 >= 16384),
-- The previous snapshot, computed once: a row version is new when
-- age(xmin) <= previous.age or its xmin is in previous.in_progress. (age()
-- of a frozen or bootstrap xid is the largest int4: old.) No xid in
-- progress (the common case) makes in_progress NULL, not an empty array:
-- `xmin = ANY(NULL)` is NULL at once, where an empty array read back from
-- this CTE's stored row is copied out of its short header for every row
-- tested (11% of the statement on the 500-revision history, BENCHMARKS.md).
-- NULL there is as good as false: every test below stands in a WHERE, or
-- in a bool_or whose NULL is coalesced to false, never under a NOT.
previous_snapshot AS MATERIALIZED (
    SELECT age($5::text::xid) AS age,
           CASE WHEN cardinality($6::text[]) > 0 THEN $6::text[]::xid[] END AS in_progress),
-- Schemas written since the previous inspection. Every schema counts
-- (public was made by initdb); of the bigger catalogs, system objects (OID
-- < 16384) are left out: a migration does not rename them, and
-- dependencies on pinned ones are not even recorded.
changed_namespace AS MATERIALIZED (
    SELECT n.oid FROM pg_namespace n
    WHERE age(n.xmin) <= (SELECT s.age FROM previous_snapshot s) OR n.xmin = ANY((SELECT s.in_progress FROM previous_snapshot s)::xid[])),
-- pg_class and pg_attribute rows written since (the two biggest catalogs
-- an anchor reads; also references, below).
new_class AS MATERIALIZED (
    SELECT x.oid, x.relkind, x.relnamespace FROM pg_class x
    WHERE x.oid::int8 >= 16384 AND (age(x.xmin) <= (SELECT s.age FROM previous_snapshot s) OR x.xmin = ANY((SELECT s.in_progress FROM previous_snapshot s)::xid[]))),
new_attribute AS MATERIALIZED (
    SELECT x.attrelid, x.attnum FROM pg_attribute x
    WHERE x.attrelid::int8 >= 16384 AND (age(x.xmin) <= (SELECT s.age FROM previous_snapshot s) OR x.xmin = ANY((SELECT s.in_progress FROM previous_snapshot s)::xid[]))),
new_constraint AS MATERIALIZED (
    SELECT x.oid, x.conrelid FROM pg_constraint x
    WHERE x.oid::int8 >= 16384 AND (age(x.xmin) <= (SELECT s.age FROM previous_snapshot s) OR x.xmin = ANY((SELECT s.in_progress FROM previous_snapshot s)::xid[]))),
-- Objects a dependency can reference, written since then or in such a
-- schema: (class, object, column or 0 for the whole object).
changed_reference AS MATERIALIZED (
    SELECT 'pg_class'::regclass::oid AS classid, x.oid, 0::int4 AS subid FROM new_class x
    UNION
    SELECT 'pg_class'::regclass::oid, x.oid, 0 FROM pg_class x
    WHERE EXISTS (SELECT FROM changed_namespace)
      AND x.oid::int8 >= 16384 AND x.relnamespace IN (SELECT oid FROM changed_namespace)
    UNION ALL
    SELECT 'pg_class'::regclass::oid, x.attrelid, x.attnum FROM new_attribute x
    UNION ALL
    SELECT 'pg_proc'::regclass::oid, x.oid, 0 FROM pg_proc x
    WHERE x.oid >= 16384 AND ((age(x.xmin) <= (SELECT s.age FROM previous_snapshot s) OR x.xmin = ANY((SELECT s.in_progress FROM previous_snapshot s)::xid[])) OR x.pronamespace IN (SELECT oid FROM changed_namespace))
    UNION ALL
    SELECT 'pg_type'::regclass::oid, x.oid, 0 FROM pg_type x
    WHERE x.oid::int8 >= 16384 AND ((age(x.xmin) <= (SELECT s.age FROM previous_snapshot s) OR x.xmin = ANY((SELECT s.in_progress FROM previous_snapshot s)::xid[])) OR x.typnamespace IN (SELECT oid FROM changed_namespace))
    UNION ALL
    SELECT 'pg_namespace'::regclass::oid, n.oid, 0 FROM changed_namespace n
    UNION ALL
    SELECT 'pg_collation'::regclass::oid, x.oid, 0 FROM pg_collation x
    WHERE x.oid >= 16384 AND ((age(x.xmin) <= (SELECT s.age FROM previous_snapshot s) OR x.xmin = ANY((SELECT s.in_progress FROM previous_snapshot s)::xid[])) OR x.collnamespace IN (SELECT oid FROM changed_namespace))
    UNION ALL
    SELECT 'pg_operator'::regclass::oid, x.oid, 0 FROM pg_operator x
    WHERE x.oid >= 16384 AND ((age(x.xmin) <= (SELECT s.age FROM previous_snapshot s) OR x.xmin = ANY((SELECT s.in_progress FROM previous_snapshot s)::xid[])) OR x.oprnamespace IN (SELECT oid FROM changed_namespace))
    UNION ALL
    SELECT 'pg_opclass'::regclass::oid, x.oid, 0 FROM pg_opclass x
    WHERE x.oid >= 16384 AND ((age(x.xmin) <= (SELECT s.age FROM previous_snapshot s) OR x.xmin = ANY((SELECT s.in_progress FROM previous_snapshot s)::xid[])) OR x.opcnamespace IN (SELECT oid FROM changed_namespace))
    UNION ALL
    SELECT 'pg_opfamily'::regclass::oid, x.oid, 0 FROM pg_opfamily x
    WHERE x.oid >= 16384 AND ((age(x.xmin) <= (SELECT s.age FROM previous_snapshot s) OR x.xmin = ANY((SELECT s.in_progress FROM previous_snapshot s)::xid[])) OR x.opfnamespace IN (SELECT oid FROM changed_namespace))
    UNION ALL
    SELECT 'pg_ts_config'::regclass::oid, x.oid, 0 FROM pg_ts_config x
    WHERE x.oid >= 16384 AND ((age(x.xmin) <= (SELECT s.age FROM previous_snapshot s) OR x.xmin = ANY((SELECT s.in_progress FROM previous_snapshot s)::xid[])) OR x.cfgnamespace IN (SELECT oid FROM changed_namespace))
    UNION ALL
    SELECT 'pg_ts_dict'::regclass::oid, x.oid, 0 FROM pg_ts_dict x
    WHERE x.oid >= 16384 AND ((age(x.xmin) <= (SELECT s.age FROM previous_snapshot s) OR x.xmin = ANY((SELECT s.in_progress FROM previous_snapshot s)::xid[])) OR x.dictnamespace IN (SELECT oid FROM changed_namespace))
    UNION ALL
    SELECT 'pg_constraint'::regclass::oid, x.oid, 0 FROM new_constraint x
    UNION ALL
    SELECT 'pg_constraint'::regclass::oid, x.oid, 0 FROM pg_constraint x
    WHERE EXISTS (SELECT FROM changed_namespace)
      AND x.oid::int8 >= 16384 AND x.connamespace IN (SELECT oid FROM changed_namespace)
    UNION ALL
    SELECT 'pg_am'::regclass::oid, x.oid, 0 FROM pg_am x
    WHERE (age(x.xmin) <= (SELECT s.age FROM previous_snapshot s) OR x.xmin = ANY((SELECT s.in_progress FROM previous_snapshot s)::xid[]))
    UNION ALL
    SELECT 'pg_extension'::regclass::oid, x.oid, 0 FROM pg_extension x
    WHERE (age(x.xmin) <= (SELECT s.age FROM previous_snapshot s) OR x.xmin = ANY((SELECT s.in_progress FROM previous_snapshot s)::xid[]))
    UNION ALL
    SELECT 'pg_language'::regclass::oid, x.oid, 0 FROM pg_language x
    WHERE (age(x.xmin) <= (SELECT s.age FROM previous_snapshot s) OR x.xmin = ANY((SELECT s.in_progress FROM previous_snapshot s)::xid[]))),
-- Objects (class, oid) that make an anchor dirty through its objects:
-- description rows written since, the objects that depend on a changed
-- reference, and (one scan of pg_depend) those with a pg_depend row
-- written since or a dependency this list cannot follow. Followed to their anchor by touched_anchor.
touched AS MATERIALIZED (
    SELECT ds.classoid AS classid, ds.objoid AS objid
    FROM pg_description ds
    WHERE ds.objoid >= 16384 AND (age(ds.xmin) <= (SELECT s.age FROM previous_snapshot s) OR ds.xmin = ANY((SELECT s.in_progress FROM previous_snapshot s)::xid[]))
    UNION
    SELECT d.classid, d.objid
    FROM changed_reference r,
    -- Looked up per reference in pg_depend's index (OFFSET 0 keeps the
    -- planner from a merge join over the whole index: the references are few).
    LATERAL (SELECT d.classid, d.objid FROM pg_depend d
             WHERE d.refclassid = r.classid AND d.refobjid = r.oid
               AND (r.subid = 0 OR d.refobjsubid = 0 OR r.subid = d.refobjsubid)
             OFFSET 0) d
    UNION
    SELECT d.classid, d.objid
    FROM pg_depend d
    WHERE d.objid::int8 >= 16384
      AND (age(d.xmin) <= (SELECT s.age FROM previous_snapshot s) OR d.xmin = ANY((SELECT s.in_progress FROM previous_snapshot s)::xid[])
           OR d.refclassid NOT IN ('pg_class'::regclass, 'pg_proc'::regclass, 'pg_type'::regclass,
                               'pg_namespace'::regclass, 'pg_collation'::regclass,
                               'pg_operator'::regclass, 'pg_opclass'::regclass,
                               'pg_opfamily'::regclass, 'pg_ts_config'::regclass,
                               'pg_ts_dict'::regclass, 'pg_constraint'::regclass,
                               'pg_am'::regclass, 'pg_extension'::regclass,
                               'pg_language'::regclass))),
-- The anchor of each touched object: a relation is its own, an index its
-- table's, the other objects their relation's.
-- (Each looked up by OID in its catalog's index, OFFSET 0 keeping the
-- planner from a hash join over the whole catalog: the touched objects are
-- few.)
touched_anchor AS MATERIALIZED (
    SELECT t.objid AS anchor FROM touched t WHERE t.classid = 'pg_class'::regclass
    UNION ALL
    SELECT x.indrelid FROM touched t,
    LATERAL (SELECT x.indrelid FROM pg_index x WHERE x.indexrelid = t.objid OFFSET 0) x
    WHERE t.classid = 'pg_class'::regclass
    UNION ALL
    SELECT x.adrelid FROM touched t,
    LATERAL (SELECT x.adrelid FROM pg_attrdef x WHERE x.oid = t.objid OFFSET 0) x
    WHERE t.classid = 'pg_attrdef'::regclass
    UNION ALL
    SELECT x.conrelid FROM touched t,
    LATERAL (SELECT x.conrelid FROM pg_constraint x WHERE x.oid = t.objid OFFSET 0) x
    WHERE t.classid = 'pg_constraint'::regclass
    UNION ALL
    SELECT x.tgrelid FROM touched t,
    LATERAL (SELECT x.tgrelid FROM pg_trigger x WHERE x.oid = t.objid OFFSET 0) x
    WHERE t.classid = 'pg_trigger'::regclass
    UNION ALL
    SELECT x.polrelid FROM touched t,
    LATERAL (SELECT x.polrelid FROM pg_policy x WHERE x.oid = t.objid OFFSET 0) x
    WHERE t.classid = 'pg_policy'::regclass
    UNION ALL
    SELECT x.ev_class FROM touched t,
    LATERAL (SELECT x.ev_class FROM pg_rewrite x WHERE x.oid = t.objid OFFSET 0) x
    WHERE t.classid = 'pg_rewrite'::regclass
    UNION ALL
    SELECT x.stxrelid FROM touched t,
    LATERAL (SELECT x.stxrelid FROM pg_statistic_ext x WHERE x.oid = t.objid OFFSET 0) x
    WHERE t.classid = 'pg_statistic_ext'::regclass),
-- Anchors with a catalog row written since the previous inspection (the
-- "new" rule), through the touched objects or directly.
new_anchor AS MATERIALIZED (
    SELECT t.anchor FROM touched_anchor t
    UNION
    SELECT x.oid FROM new_class x
    UNION
    SELECT i.indrelid FROM new_class x,
    LATERAL (SELECT i.indrelid FROM pg_index i WHERE i.indexrelid = x.oid OFFSET 0) i
    UNION
    SELECT a.oid FROM anchor a WHERE a.relnamespace IN (SELECT oid FROM changed_namespace)
    UNION
    SELECT x.attrelid FROM new_attribute x WHERE x.attnum > 0
    UNION
    SELECT x.conrelid FROM new_constraint x
    UNION
    SELECT x.adrelid FROM pg_attrdef x
    WHERE age(x.xmin) <= (SELECT s.age FROM previous_snapshot s) OR x.xmin = ANY((SELECT s.in_progress FROM previous_snapshot s)::xid[])
    UNION
    SELECT x.indrelid FROM pg_index x
    WHERE x.indrelid::int8 >= 16384 AND (age(x.xmin) <= (SELECT s.age FROM previous_snapshot s) OR x.xmin = ANY((SELECT s.in_progress FROM previous_snapshot s)::xid[]))
    UNION
    SELECT x.tgrelid FROM pg_trigger x
    WHERE age(x.xmin) <= (SELECT s.age FROM previous_snapshot s) OR x.xmin = ANY((SELECT s.in_progress FROM previous_snapshot s)::xid[])
    UNION
    SELECT x.polrelid FROM pg_policy x
    WHERE age(x.xmin) <= (SELECT s.age FROM previous_snapshot s) OR x.xmin = ANY((SELECT s.in_progress FROM previous_snapshot s)::xid[])
    UNION
    SELECT x.ev_class FROM pg_rewrite x
    WHERE x.ev_class >= 16384 AND (age(x.xmin) <= (SELECT s.age FROM previous_snapshot s) OR x.xmin = ANY((SELECT s.in_progress FROM previous_snapshot s)::xid[]))
    UNION
    SELECT x.stxrelid FROM pg_statistic_ext x
    WHERE age(x.xmin) <= (SELECT s.age FROM previous_snapshot s) OR x.xmin = ANY((SELECT s.in_progress FROM previous_snapshot s)::xid[])
          OR x.stxnamespace IN (SELECT oid FROM changed_namespace)
    UNION
    SELECT x.seqrelid FROM pg_sequence x
    WHERE age(x.xmin) <= (SELECT s.age FROM previous_snapshot s) OR x.xmin = ANY((SELECT s.in_progress FROM previous_snapshot s)::xid[])
    UNION
    SELECT x.partrelid FROM pg_partitioned_table x
    WHERE age(x.xmin) <= (SELECT s.age FROM previous_snapshot s) OR x.xmin = ANY((SELECT s.in_progress FROM previous_snapshot s)::xid[])
    UNION
    SELECT x.ftrelid FROM pg_foreign_table x
    WHERE age(x.xmin) <= (SELECT s.age FROM previous_snapshot s) OR x.xmin = ANY((SELECT s.in_progress FROM previous_snapshot s)::xid[])
    UNION
    SELECT unnest(ARRAY[x.inhrelid, x.inhparent]) FROM pg_inherits x
    WHERE age(x.xmin) <= (SELECT s.age FROM previous_snapshot s) OR x.xmin = ANY((SELECT s.in_progress FROM previous_snapshot s)::xid[])),
-- Each anchor's rows in the catalogs where a row can go unseen (the
-- "count" rule), one number per anchor.
anchor_row AS (
    SELECT x.conrelid AS anchor FROM pg_constraint x WHERE x.conrelid::int8 >= 16384
    UNION ALL
    SELECT x.tgrelid FROM pg_trigger x
    UNION ALL
    SELECT x.polrelid FROM pg_policy x
    UNION ALL
    SELECT x.ev_class FROM pg_rewrite x WHERE x.ev_class >= 16384
    UNION ALL
    SELECT x.stxrelid FROM pg_statistic_ext x
    UNION ALL
    SELECT x.indrelid FROM pg_index x WHERE x.indrelid::int8 >= 16384
    UNION ALL
    SELECT x.adrelid FROM pg_attrdef x
    UNION ALL
    SELECT x.inhrelid FROM pg_inherits x
    UNION ALL
    SELECT x.inhparent FROM pg_inherits x
    UNION ALL
    -- A relation's own pg_depend rows (an index's go only with the index).
    SELECT d.objid
    FROM pg_depend d
    WHERE d.classid::int8 = 'pg_class'::regclass::oid::int8 AND d.objid::int8 >= 16384
    UNION ALL
    SELECT coalesce(i.indrelid, ds.objoid)
    FROM pg_description ds LEFT JOIN pg_index i ON i.indexrelid = ds.objoid
    WHERE ds.classoid = 'pg_class'::regclass AND ds.objoid >= 16384
    UNION ALL
    SELECT x.adrelid
    FROM pg_description ds JOIN pg_attrdef x ON x.oid = ds.objoid
    WHERE ds.classoid = 'pg_attrdef'::regclass AND ds.objoid >= 16384
    UNION ALL
    SELECT x.conrelid
    FROM pg_description ds JOIN pg_constraint x ON x.oid = ds.objoid
    WHERE ds.classoid = 'pg_constraint'::regclass AND ds.objoid >= 16384
    UNION ALL
    SELECT x.tgrelid
    FROM pg_description ds JOIN pg_trigger x ON x.oid = ds.objoid
    WHERE ds.classoid = 'pg_trigger'::regclass AND ds.objoid >= 16384
    UNION ALL
    SELECT x.polrelid
    FROM pg_description ds JOIN pg_policy x ON x.oid = ds.objoid
    WHERE ds.classoid = 'pg_policy'::regclass AND ds.objoid >= 16384
    UNION ALL
    SELECT x.ev_class
    FROM pg_description ds JOIN pg_rewrite x ON x.oid = ds.objoid
    WHERE ds.classoid = 'pg_rewrite'::regclass AND ds.objoid >= 16384
    UNION ALL
    SELECT x.stxrelid
    FROM pg_description ds JOIN pg_statistic_ext x ON x.oid = ds.objoid
    WHERE ds.classoid = 'pg_statistic_ext'::regclass),
anchor_count AS MATERIALIZED (
    SELECT r.anchor, count(*) AS n FROM anchor_row r GROUP BY r.anchor),
-- What the next inspection passes as $3: the count.
fingerprint AS MATERIALIZED (
    SELECT a.oid::int8 AS anchor, coalesce(n.n, 0)::int8 AS n
    FROM anchor a LEFT JOIN anchor_count n ON n.anchor = a.oid),
global_fingerprint AS MATERIALIZED (
    SELECT md5(concat_ws(';',
        (SELECT string_agg(r.oid || ':' || r.rolname, ',' ORDER BY r.oid) FROM pg_roles r),
        (SELECT string_agg(t.oid || ':' || t.spcname, ',' ORDER BY t.oid) FROM pg_tablespace t),
        (SELECT string_agg(m.oid || '@' || m.xmin::text, ',' ORDER BY m.oid) FROM pg_am m),
        -- The tables left out: when they change (a new current schema
        -- moves the bookkeeping tables), so may every relation's scope.
        array_to_string($1::text[], ','))) AS hash),
previous AS (
    SELECT p.anchor, p.n
    FROM unnest($2::int8[], $3::int8[]) AS p(anchor, n)),
dirty AS MATERIALIZED (
    SELECT f.anchor::oid AS anchor
    FROM fingerprint f
    LEFT JOIN previous p ON p.anchor = f.anchor
    WHERE p.n IS DISTINCT FROM f.n
       OR f.anchor IN (SELECT n.anchor FROM new_anchor n)
       OR $4::text IS DISTINCT FROM (SELECT g.hash FROM global_fingerprint g)),
-- What the next inspection passes as $5.
horizon AS (
    SELECT (pg_snapshot_xmax(pg_current_snapshot())::text::int8 % 4294967296)::text AS xid,
           coalesce(array_agg((x::text::int8 % 4294967296)::text), '{}') AS in_progress
    FROM pg_snapshot_xip(pg_current_snapshot()) AS x)
