-- Reads: this database's subscriptions (pg_subscription, subdbid): the
-- connection string with every value whose key contains pass, secret, key
-- or token replaced by <redacted> (key=value and URI forms) and the md5 of
-- the whole string, computed here (compared, never shown); publications
-- (sorted), enabled, slot name (NULL for NONE), and the parameters that
-- differ from their default on this server: binary, streaming (off, on,
-- parallel; its default is parallel from PostgreSQL 18, off before),
-- two_phase, disable_on_error, synchronous_commit, and from PostgreSQL 16
-- and 17 (through to_jsonb, absent before) origin, password_required,
-- run_as_owner, failover; owner (NULL when it is the inspecting role),
-- comment. pg_subscription's connection column is readable by superusers
-- only: the row is read whole (to_jsonb) by a query run only when this
-- role may (query_to_xml), so that a role that may not still inspects
-- every other kind; its subscriptions then show the connection as not
-- readable and their parameters as unknown.
-- Excludes: other databases' subscriptions.
SELECT quote_ident(s.subname) AS name,
       coalesce(regexp_replace(
           regexp_replace(j ->> 'subconninfo',
                          '([A-Za-z_]*(pass|secret|key|token)[A-Za-z_]*\s*=\s*)(''([^''\\]|\\.)*''|[^\s&]+)',
                          '\1<redacted>', 'gi'),
           '(://[^:/@\s]*:)[^@\s]*@', '\1<redacted>@', 'g'),
                '<not readable: only a superuser may read it>') AS connection,
       coalesce(md5(j ->> 'subconninfo'), '') AS connection_hash,
       ARRAY(SELECT p FROM unnest(s.subpublications) p ORDER BY p) AS publications,
       s.subenabled AS enabled,
       s.subslotname::text AS slot_name,
       CASE WHEN j IS NULL THEN '{"parameters": "not readable: only a superuser may read them"}'::jsonb
       ELSE jsonb_strip_nulls(jsonb_build_object(
           'binary', CASE WHEN j ->> 'subbinary' = 'true' THEN 'on' END,
           'streaming', nullif(CASE j ->> 'substream'
                                    WHEN 'true' THEN 'on' WHEN 't' THEN 'on'
                                    WHEN 'false' THEN 'off' WHEN 'f' THEN 'off'
                                    WHEN 'p' THEN 'parallel'
                                    ELSE j ->> 'substream' END,
                               CASE WHEN current_setting('server_version_num')::int >= 180000
                                    THEN 'parallel' ELSE 'off' END),
           'two_phase', CASE WHEN j ->> 'subtwophasestate' <> 'd' THEN 'on' END,
           'disable_on_error', CASE WHEN j ->> 'subdisableonerr' = 'true' THEN 'on' END,
           'synchronous_commit', nullif(j ->> 'subsynccommit', 'off'),
           'origin', nullif(j ->> 'suborigin', 'any'),
           'password_required', CASE WHEN j ->> 'subpasswordrequired' = 'false' THEN 'off' END,
           'run_as_owner', CASE WHEN j ->> 'subrunasowner' = 'true' THEN 'on' END,
           'failover', CASE WHEN j ->> 'subfailover' = 'true' THEN 'on' END)) END AS parameters,
       nullif(quote_ident(pg_get_userbyid(s.subowner)), quote_ident(current_user)) AS owner,
       (SELECT obj_comment.description FROM pg_description obj_comment WHERE obj_comment.objoid = s.oid AND obj_comment.classoid = 'pg_subscription'::regclass AND obj_comment.objsubid = 0) AS comment
FROM pg_subscription s
CROSS JOIN LATERAL (
    SELECT CASE WHEN has_column_privilege('pg_catalog.pg_subscription', 'subconninfo', 'SELECT')
           THEN replace(replace(replace(
                    (xpath('//j/text()',
                           query_to_xml(format('SELECT to_jsonb(x)::text AS j FROM pg_catalog.pg_subscription x WHERE x.oid = %s', s.oid),
                                        false, false, '')))[1]::text,
                    '&lt;', '<'), '&gt;', '>'), '&amp;', '&')::jsonb
           END AS j) AS readable
WHERE s.subdbid = (SELECT d.oid FROM pg_database d WHERE d.datname = current_database())
