#!/usr/bin/env bash
# The PostgreSQL store's bulk write rate against its yardstick, measured in the same run on
# a throwaway server (bench/pg-server.sh):
#   1. `psql \copy` of ROWS sighting rows into a plain table with the same columns and the
#      same indexes as `sightings` (primary key + by-data index): the rate of COPY alone.
#   2. store-bench: the same ROWS distinct A sightings written through PostgresStore.write
#      in batches of BATCH (COPY into staging, INSERT ... ON CONFLICT into the weekly
#      partition), then the same keys again (the update path).
#   3. store-bench on SQLite, for comparison.
# Prints rows/s for each and the store's ratio to the yardstick (goal >= 0.5).
#   bench/postgres.sh                  (ROWS=1000000 BATCH=50000)
#   ROWS=200000 bench/postgres.sh      (a smaller run)
#   SQLITE=0 bench/postgres.sh         (skip the SQLite comparison)
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${ROWS:-1000000}
BATCH=${BATCH:-50000}
[ -n "${SKIP_BUILD:-}" ] || swift build -c release --product store-bench >/dev/null   # SKIP_BUILD=1: use the binary as built
BIN=$PWD/.build/release
source bench/pg-server.sh
trap pg_stop EXIT
pg_start
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"

WORK=$PGDIR/bench
mkdir -p "$WORK"
chmod 777 "$WORK"

"$BIN/store-bench" "$ROWS" "$BATCH" --dump "$WORK/rows.copy"
psql -q -d postgres -c "CREATE DATABASE yardstick" -c "CREATE DATABASE store"
psql -q -d yardstick <<'SQL'
CREATE TABLE sightings (
    period date NOT NULL, name_lc text COLLATE "C" NOT NULL, name text NOT NULL, type integer NOT NULL,
    data text NOT NULL, rdata bytea NOT NULL, rdata_key bytea NOT NULL, first_seen timestamptz NOT NULL,
    last_seen timestamptz NOT NULL, count bigint NOT NULL, min_ttl bigint, max_ttl bigint, sources bigint[] NOT NULL,
    registered_domain text, PRIMARY KEY (name_lc, type, rdata_key, period));
CREATE INDEX sightings_by_data ON sightings (type, rdata_key);
SQL
start=$(date +%s.%N)
psql -q -d yardstick -c "\\copy sightings (period, name_lc, name, type, data, rdata, rdata_key, first_seen, last_seen, count, min_ttl, max_ttl, sources) FROM '$WORK/rows.copy'"
end=$(date +%s.%N)
copied=$(psql -At -d yardstick -c "SELECT count(*) FROM sightings")
copy_rate=$(awk -v n="$copied" -v a="$start" -v b="$end" 'BEGIN { printf "%d", n / (b - a) }')
echo "yardstick: psql \\copy of $copied rows into an equally indexed table: $(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }') s = $copy_rate rows/s"

echo "store (PostgreSQL):"
"$BIN/store-bench" "$ROWS" "$BATCH" "$(pg_url store)" | tee "$WORK/store.out"
if [ "${SQLITE:-1}" != 0 ]; then
  echo "store (SQLite):"
  "$BIN/store-bench" "$ROWS" "$BATCH" "sqlite:$WORK/bench.sqlite"
fi

for pass in insert update; do
  rate=$(sed -n "s/^$pass: .* s = \([0-9]*\) rows\/s .*/\1/p" "$WORK/store.out")
  awk -v p="$pass" -v r="$rate" -v c="$copy_rate" 'BEGIN {
    printf "PostgreSQL %s path: %d rows/s = %.2fx psql \\copy (goal >= 0.5x): %s\n", p, r, r / c, (r / c >= 0.5) ? "met" : "NOT met" }'
done
psql -At -d store -c "SELECT 'store size: ' || pg_size_pretty(pg_database_size('store')) || ', yardstick size: ' || pg_size_pretty(pg_database_size('yardstick'))"
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
