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
-- only, like creating a subscription: the inspection runs as one.
-- Excludes: other databases' subscriptions.
SELECT quote_ident(s.subname) AS name,
       regexp_replace(
           regexp_replace(s.subconninfo,
                          '([A-Za-z_]*(pass|secret|key|token)[A-Za-z_]*\s*=\s*)(''([^''\\]|\\.)*''|[^\s&]+)',
                          '\1<redacted>', 'gi'),
           '(://[^:/@\s]*:)[^@\s]*@', '\1<redacted>@', 'g') AS connection,
       md5(s.subconninfo) AS connection_hash,
       ARRAY(SELECT p FROM unnest(s.subpublications) p ORDER BY p) AS publications,
       s.subenabled AS enabled,
       s.subslotname::text AS slot_name,
       jsonb_strip_nulls(jsonb_build_object(
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
           'failover', CASE WHEN j ->> 'subfailover' = 'true' THEN 'on' END)) AS parameters,
       nullif(quote_ident(pg_get_userbyid(s.subowner)), quote_ident(current_user)) AS owner,
       obj_description(s.oid, 'pg_subscription') AS comment
FROM pg_subscription s
CROSS JOIN LATERAL to_jsonb(s) AS j
WHERE s.subdbid = (SELECT d.oid FROM pg_database d WHERE d.datname = current_database())
