#!/bin/bash
# Entrypoint of the home-built postgres:<major> images (see ci/build-postgres-image).
# Installed in the image as /usr/local/bin/docker-entrypoint.sh.
#
# Contract (what testcontainers-modules' Postgres and users of the official image rely on):
#   * CMD is ["postgres"]; a first argument starting with '-' means "postgres <args>",
#     so `docker run IMAGE -c fsync=off` works.
#   * Started as root, it prepares PGDATA and re-executes itself as `postgres` (setpriv).
#   * First start (no $PGDATA/PG_VERSION): initdb, then a socket-only temporary server
#     started with `pg_ctl -w start` WITHOUT -l, so its log, including
#     "database system is ready to accept connections", goes to STDOUT (once);
#     create POSTGRES_DB, run /docker-entrypoint-initdb.d/*.sql and *.sh, stop it.
#   * Then exec postgres with listen_addresses='*'; its log goes to STDERR, so the ready
#     line appears there once per start.
#   * Environment: POSTGRES_USER (default postgres), POSTGRES_PASSWORD (required unless
#     POSTGRES_HOST_AUTH_METHOD=trust), POSTGRES_DB (default: the user name),
#     POSTGRES_HOST_AUTH_METHOD (default scram-sha-256), POSTGRES_INITDB_ARGS (extra
#     initdb arguments), PGDATA (default /var/lib/postgresql/data), PGPORT (postgres reads it).
set -euo pipefail

log() { printf 'entrypoint: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

# The server binaries: the image's PATH starts with /usr/lib/postgresql/<major>/bin.
postgres_bin="$(command -v postgres)" || die "no postgres binary in PATH ($PATH)"
bindir="${postgres_bin%/*}"
export PGDATA="${PGDATA:-/var/lib/postgresql/data}"

if [ "$#" -eq 0 ] || [ "${1:0:1}" = '-' ]; then
    set -- postgres "$@"
fi

# Anything other than the server (bash, psql, ...) runs as given.
if [ "$1" != postgres ]; then
    exec "$@"
fi
shift

if [ "$(id -u)" = 0 ]; then
    install -d -m 0700 -o postgres -g postgres "$PGDATA"
    chown -R postgres:postgres "$PGDATA"
    chmod 0700 "$PGDATA"
    install -d -m 2775 -o postgres -g postgres /var/run/postgresql
    exec setpriv --reuid=postgres --regid=postgres --init-groups "${BASH_SOURCE[0]}" postgres "$@"
fi

run_initdb_scripts() {
    local f
    for f in /docker-entrypoint-initdb.d/*; do
        [ -e "$f" ] || continue
        case "$f" in
            *.sql)
                log "running $f"
                "${psql[@]}" --dbname "$POSTGRES_DB" -f "$f"
                ;;
            *.sh)
                if [ -x "$f" ]; then
                    log "running $f"
                    "$f"
                else
                    log "sourcing $f"
                    # shellcheck disable=SC1090
                    . "$f"
                fi
                ;;
            *)
                log "ignoring $f"
                ;;
        esac
    done
}

if [ ! -s "$PGDATA/PG_VERSION" ]; then
    export POSTGRES_USER="${POSTGRES_USER:-postgres}"
    export POSTGRES_DB="${POSTGRES_DB:-$POSTGRES_USER}"
    auth="${POSTGRES_HOST_AUTH_METHOD:-scram-sha-256}"
    if [ -z "${POSTGRES_PASSWORD:-}" ] && [ "$auth" != trust ]; then
        die "POSTGRES_PASSWORD is not set (set it, or POSTGRES_HOST_AUTH_METHOD=trust)"
    fi

    initdb_args=(--username="$POSTGRES_USER" --encoding=UTF8 --locale=C.UTF-8
                 --no-sync --no-instructions)
    pwfile=
    if [ -n "${POSTGRES_PASSWORD:-}" ]; then
        pwfile="$(mktemp)"
        printf '%s\n' "$POSTGRES_PASSWORD" >"$pwfile"
        initdb_args+=(--pwfile="$pwfile")
    fi
    # Word splitting of POSTGRES_INITDB_ARGS is intended (same as the official image).
    # shellcheck disable=SC2086
    "$bindir/initdb" "${initdb_args[@]}" ${POSTGRES_INITDB_ARGS:-}
    [ -z "$pwfile" ] || rm -f "$pwfile"
    printf '\nhost all all all %s\n' "$auth" >>"$PGDATA/pg_hba.conf"

    # Temporary server: Unix socket only; no -l, so its log goes to this script's stdout.
    "$bindir/pg_ctl" -D "$PGDATA" -o "-c listen_addresses=''" -w start
    psql=("$bindir/psql" -X -q -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --no-password)
    if [ "$POSTGRES_DB" != postgres ]; then
        "${psql[@]}" --dbname postgres -v db="$POSTGRES_DB" <<<'CREATE DATABASE :"db";'
    fi
    run_initdb_scripts
    "$bindir/pg_ctl" -D "$PGDATA" -m fast -w stop
    log "initialisation done; starting the server"
fi

# Final server; its log goes to stderr.
exec "$bindir/postgres" -D "$PGDATA" -c listen_addresses='*' "$@"
