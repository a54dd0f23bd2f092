-- Reads: server_version_num, after pinning (transaction-local, like
-- SET LOCAL) every setting that changes how the server renders names and
-- constants in format_type, pg_get_expr and the pg_get_*def functions:
-- search_path = pg_catalog (so user objects always print schema-qualified,
-- e.g. public.users, 'medium'::text), no quote_all_identifiers, and fixed
-- date, interval, time zone, float, bytea and money output. Also no JIT
-- compilation: catalog queries over a big schema look expensive enough to
-- trigger it, and compiling costs seconds where running costs
-- milliseconds (the servers pg-roundtrip starts have it off already; a
-- --url server may not).
-- Excludes: nothing; it reads no objects.
SELECT set_config('search_path', 'pg_catalog', true) AS search_path,
       set_config('quote_all_identifiers', 'off', true) AS quote_all_identifiers,
       set_config('DateStyle', 'ISO, MDY', true) AS date_style,
       set_config('IntervalStyle', 'postgres', true) AS interval_style,
       set_config('TimeZone', 'UTC', true) AS time_zone,
       set_config('extra_float_digits', '1', true) AS extra_float_digits,
       set_config('bytea_output', 'hex', true) AS bytea_output,
       set_config('lc_monetary', 'C', true) AS lc_monetary,
       set_config('jit', 'off', true) AS jit,
       current_setting('server_version_num')::int4 AS server_version_num
