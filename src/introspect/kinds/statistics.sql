-- Reads: extended statistics objects (pg_statistic_ext, CREATE STATISTICS)
-- on tables (relkind r, p) and materialized views (m): the table (which may
-- be in another schema than the statistics object), the columns and
-- expressions as the server prints them (pg_get_statisticsobjdef_columns:
-- the columns in table order, into which CREATE STATISTICS sorts them, then
-- the expressions in their order), the kinds built (stxkind, sorted: d
-- ndistinct, e expressions, f dependencies, m mcv), the statistics target
-- (stxstattarget: -1 up to 16, NULL from 17 mean the default; both read as
-- NULL), owner (NULL when it is the inspecting role), comment. Never the
-- statistics data (pg_statistic_ext_data): ANALYZE writes it; it is not
-- the schema.
-- Excludes: what scope.sql leaves out (system schemas, extension members,
-- and through scope_class the statistics of bookkeeping tables), and the
-- statistics of foreign tables, which are left out knowingly.
SELECT c.oid::int8 AS anchor,
       quote_ident(st.nspname) AS schema,
       quote_ident(st.stxname) AS name,
       quote_ident(c.nspname) AS relation_schema,
       quote_ident(c.relname) AS relation,
       pg_get_statisticsobjdef_columns(st.oid) AS targets,
       ARRAY(SELECT k::text FROM unnest(st.stxkind) AS k ORDER BY k) AS kinds,
       nullif(st.stxstattarget::int4, -1) AS target,
       nullif(quote_ident(pg_get_userbyid(st.stxowner)), quote_ident(current_user)) AS owner,
       (SELECT obj_comment.description FROM pg_description obj_comment WHERE obj_comment.objoid = st.oid AND obj_comment.classoid = 'pg_statistic_ext'::regclass AND obj_comment.objsubid = 0) AS comment
FROM scope_statistic_ext st
JOIN scope_class c ON c.oid = st.stxrelid
WHERE c.relkind IN ('r', 'p', 'm')
