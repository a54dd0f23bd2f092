-- The floor under any exact, read-only inspection that finds changed
-- catalog rows by their row versions (BENCHMARKS.md, "The floor"): one
-- scan of each catalog an inspection must look at, with the cheapest
-- test of a row's xmin, and nothing else: no per-relation work, no
-- rendering, no result. Run it on a database holding the schema of
-- interest, e.g. the generated 500-revision history's ups applied:
--   psql -X -d <db> -f benches/catalog_scan_floor.sql
-- and read the "Time:" lines of the six EXECUTEs.
BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY;
SET LOCAL jit = off;
PREPARE floor AS
SELECT
 (SELECT count(*) FILTER (WHERE age(x.xmin) <= 5) FROM pg_class x),
 (SELECT count(*) FILTER (WHERE age(x.xmin) <= 5) FROM pg_attribute x),
 (SELECT count(*) FILTER (WHERE age(x.xmin) <= 5) FROM pg_attrdef x),
 (SELECT count(*) FILTER (WHERE age(x.xmin) <= 5) FROM pg_constraint x),
 (SELECT count(*) FILTER (WHERE age(x.xmin) <= 5) FROM pg_index x),
 (SELECT count(*) FILTER (WHERE age(x.xmin) <= 5) FROM pg_trigger x),
 (SELECT count(*) FILTER (WHERE age(x.xmin) <= 5) FROM pg_policy x),
 (SELECT count(*) FILTER (WHERE age(x.xmin) <= 5) FROM pg_rewrite x),
 (SELECT count(*) FILTER (WHERE age(x.xmin) <= 5) FROM pg_statistic_ext x),
 (SELECT count(*) FILTER (WHERE age(x.xmin) <= 5) FROM pg_sequence x),
 (SELECT count(*) FILTER (WHERE age(x.xmin) <= 5) FROM pg_partitioned_table x),
 (SELECT count(*) FILTER (WHERE age(x.xmin) <= 5) FROM pg_inherits x),
 (SELECT count(*) FILTER (WHERE age(x.xmin) <= 5) FROM pg_description x),
 (SELECT count(*) FILTER (WHERE age(x.xmin) <= 5) FROM pg_depend x),
 (SELECT count(*) FILTER (WHERE age(x.xmin) <= 5) FROM pg_type x),
 (SELECT count(*) FILTER (WHERE age(x.xmin) <= 5) FROM pg_proc x),
 (SELECT count(*) FILTER (WHERE age(x.xmin) <= 5) FROM pg_namespace x),
 (SELECT count(*) FILTER (WHERE age(x.xmin) <= 5) FROM pg_enum x),
 (SELECT count(*) FILTER (WHERE age(x.xmin) <= 5) FROM pg_collation x),
 (SELECT count(*) FILTER (WHERE age(x.xmin) <= 5) FROM pg_operator x);
\timing on
EXECUTE floor;
EXECUTE floor;
EXECUTE floor;
EXECUTE floor;
EXECUTE floor;
EXECUTE floor;
\timing off
ROLLBACK;
