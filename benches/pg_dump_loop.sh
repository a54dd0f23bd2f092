#!/usr/bin/env bash
# The round trip as people write it by hand, for the walk benchmark's
# comparison (benches/walk.rs): for every revision of a flat-layout history
# (NNNN_name.up.sql / NNNN_name.down.sql), upgrade, dump the schema,
# downgrade, dump, compare with the dump before the upgrade, upgrade again,
# dump, compare with the first dump.
#
# Usage: pg_dump_loop.sh HISTORY_DIR SCRATCH_DB
# Connection from the libpq environment (PGHOST, PGPORT, PGUSER); psql and
# pg_dump on PATH. Creates SCRATCH_DB, drops it at the end. Exits 1 on the
# first revision that does not round-trip.
set -euo pipefail

history=$1
db=$2
work=$(mktemp -d)
cleanup() {
    dropdb --if-exists --force "$db" >/dev/null 2>&1 || true
    rm -rf "$work"
}
trap cleanup EXIT

createdb -T template0 "$db"
# A file whose first line is `-- no-transaction` runs statement by statement.
run() {
    local one=(--single-transaction)
    if head -n 1 "$1" | grep -q '^-- no-transaction'; then one=(); fi
    psql -X -q -v ON_ERROR_STOP=1 "${one[@]}" -d "$db" -f "$1" >/dev/null
}
# pg_dump of recent minor releases writes a random \restrict key into every
# dump unless given one.
restrict=()
if [[ $(pg_dump --help) == *--restrict-key* ]]; then restrict=(--restrict-key=pgroundtrip); fi
dump() { pg_dump --schema-only --no-owner "${restrict[@]}" -d "$db" -f "$1"; }

dump "$work/before.sql"
for up in "$history"/*.up.sql; do
    down=${up%.up.sql}.down.sql
    run "$up"
    dump "$work/upgraded.sql"
    if [[ -f $down ]]; then
        run "$down"
        dump "$work/downgraded.sql"
        diff -u "$work/before.sql" "$work/downgraded.sql" >&2 ||
            { echo "downgrade of $(basename "$up") does not restore the schema"; exit 1; }
        run "$up"
        dump "$work/reupgraded.sql"
        diff -u "$work/upgraded.sql" "$work/reupgraded.sql" >&2 ||
            { echo "second upgrade of $(basename "$up") differs"; exit 1; }
    fi
    mv "$work/upgraded.sql" "$work/before.sql"
done
