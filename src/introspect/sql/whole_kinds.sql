-- Whether the kinds read whole that cost most (types, functions, and the
-- privileges of objects that hang on no relation) changed since the
-- previous inspection, for the incremental inspection (incremental.rs):
-- what did not is not read again, its previous rows are. Goes after anchors.sql, whose previous_snapshot,
-- changed_namespace and touched it reads, by the same rules:
--   new: a row of the kind's objects has a version written since the
--     previous inspection;
--   count: the number of those rows differs from the previous
--     inspection's ($7: types, functions, other objects' privileges; NULL:
--     none, read all);
--   reference: one of its objects depends on an object written since
--     (touched: pg_depend rows written since, or referencing a changed
--     object, or a catalog the detector does not follow);
--   a schema was written since (names are schema-qualified), or the
--     cluster-wide names changed ($4, as for every anchor).
-- The rows of a type: its pg_type row (not the row type of a table or view,
-- not an implicit array: those come with their relation or element type),
-- its labels (pg_enum), its range (pg_range), its domain constraints
-- (pg_constraint), a standalone composite type's pg_class and pg_attribute
-- rows, the comments on each of them and its extension membership
-- (pg_depend deptype 'e'). Of a function: its pg_proc and pg_aggregate
-- rows, its comment, its extension membership or internal dependency
-- (deptype 'e', 'i': scope.sql's filter).
-- (Standalone composite types are the few pg_class rows of relkind 'c',
-- tested by a hashed subquery: a join to pg_class would hash all of it for
-- the row types of every table. The lookups below go through pg_class's
-- and pg_attribute's indexes, OFFSET 0 keeping the planner from hashing
-- the whole catalog for the few standalone composite types.)
type_object AS MATERIALIZED (
    SELECT t.oid, t.typrelid, t.xmin
    FROM pg_type t
    WHERE t.oid::int8 >= 16384
      AND (t.typrelid = 0
           OR t.typrelid IN (SELECT c.oid FROM pg_class c WHERE c.relkind = 'c'))
      AND NOT EXISTS (SELECT FROM pg_type e WHERE e.oid = t.typelem AND e.typarray = t.oid)),
type_row AS (
    SELECT t.xmin FROM type_object t
    UNION ALL
    SELECT e.xmin FROM pg_enum e WHERE e.enumtypid >= 16384
    UNION ALL
    SELECT r.xmin FROM pg_range r WHERE r.rngtypid >= 16384
    UNION ALL
    SELECT con.xmin FROM pg_constraint con WHERE con.contypid >= 16384
    UNION ALL
    SELECT c.xmin FROM type_object t,
    LATERAL (SELECT c.xmin FROM pg_class c WHERE c.oid = t.typrelid OFFSET 0) c
    WHERE t.typrelid <> 0
    UNION ALL
    SELECT a.xmin FROM type_object t,
    LATERAL (SELECT a.xmin FROM pg_attribute a WHERE a.attrelid = t.typrelid OFFSET 0) a
    WHERE t.typrelid <> 0
    UNION ALL
    SELECT ds.xmin FROM pg_description ds
    WHERE ds.objoid >= 16384
      AND (ds.classoid = 'pg_type'::regclass
           OR (ds.classoid = 'pg_class'::regclass
               AND ds.objoid IN (SELECT t.typrelid FROM type_object t WHERE t.typrelid <> 0))
           OR (ds.classoid = 'pg_constraint'::regclass
               AND ds.objoid IN (SELECT con.oid FROM pg_constraint con WHERE con.contypid >= 16384)))
    UNION ALL
    SELECT d.xmin FROM pg_depend d
    WHERE d.classid = 'pg_type'::regclass AND d.objid >= 16384 AND d.deptype = 'e'),
function_row AS (
    SELECT p.xmin FROM pg_proc p WHERE p.oid >= 16384
    UNION ALL
    SELECT ag.xmin FROM pg_aggregate ag WHERE ag.aggfnoid >= 16384
    UNION ALL
    SELECT ds.xmin FROM pg_description ds
    WHERE ds.classoid = 'pg_proc'::regclass AND ds.objoid >= 16384
    UNION ALL
    SELECT d.xmin FROM pg_depend d
    WHERE d.classid = 'pg_proc'::regclass AND d.objid >= 16384 AND d.deptype IN ('e', 'i')),
-- The privileges of objects that hang on no relation: those of types and
-- functions are on their rows above; the others are on the rows of schemas,
-- foreign data wrappers, foreign servers and languages.
object_privilege_row AS (
    SELECT n.xmin FROM pg_namespace n
    UNION ALL
    SELECT w.xmin FROM pg_foreign_data_wrapper w
    UNION ALL
    SELECT s.xmin FROM pg_foreign_server s
    UNION ALL
    SELECT l.xmin FROM pg_language l),
whole_kind_row AS MATERIALIZED (
    SELECT 'types' AS kind, count(*) AS n,
           coalesce(bool_or(age(r.xmin) <= (SELECT s.age FROM previous_snapshot s)
                            OR r.xmin = ANY((SELECT s.in_progress FROM previous_snapshot s)::xid[])),
                    false) AS written
    FROM type_row r
    UNION ALL
    SELECT 'functions', count(*),
           coalesce(bool_or(age(r.xmin) <= (SELECT s.age FROM previous_snapshot s)
                            OR r.xmin = ANY((SELECT s.in_progress FROM previous_snapshot s)::xid[])),
                    false)
    FROM function_row r
    UNION ALL
    SELECT 'object_privileges', count(*),
           coalesce(bool_or(age(r.xmin) <= (SELECT s.age FROM previous_snapshot s)
                            OR r.xmin = ANY((SELECT s.in_progress FROM previous_snapshot s)::xid[])),
                    false)
    FROM object_privilege_row r),
-- Objects of either kind touched through their dependencies.
whole_kind_touched AS MATERIALIZED (
    SELECT 'types' AS kind FROM touched x JOIN type_object t ON t.oid = x.objid
    WHERE x.classid = 'pg_type'::regclass
    UNION
    SELECT 'types' FROM touched x JOIN type_object t ON t.typrelid = x.objid
    WHERE x.classid = 'pg_class'::regclass AND t.typrelid <> 0
    UNION
    SELECT 'types' FROM touched x,
    LATERAL (SELECT FROM pg_constraint con WHERE con.oid = x.objid AND con.contypid <> 0 OFFSET 0) con
    WHERE x.classid = 'pg_constraint'::regclass
    UNION
    SELECT 'functions' FROM touched x WHERE x.classid = 'pg_proc'::regclass),
-- One row: whether each kind is read, and the counts the next inspection
-- passes as $7.
whole_kind AS MATERIALIZED (
    SELECT
        bool_or(w.kind = 'types' AND w.dirty) AS types,
        bool_or(w.kind = 'functions' AND w.dirty) AS functions,
        -- Of the privileges, those on no relation (privileges.sql's
        -- "other"): also when types or functions changed.
        bool_or(w.dirty) AS object_privileges,
        to_json(array_agg(w.n ORDER BY w.at))::text AS counts
    FROM (
        SELECT r.kind, r.n, r.at,
               r.written
               OR r.n IS DISTINCT FROM ($7::int8[])[r.at]
               OR r.kind IN (SELECT t.kind FROM whole_kind_touched t)
               OR EXISTS (SELECT FROM changed_namespace)
               OR $4::text IS DISTINCT FROM (SELECT g.hash FROM global_fingerprint g) AS dirty
        FROM (SELECT k.*, CASE k.kind WHEN 'types' THEN 1 WHEN 'functions' THEN 2 ELSE 3 END AS at
              FROM whole_kind_row k) r) w)
