#!/usr/bin/env bash
# Times `fluxscope analyze` over a synthetic store: DOMAINS domains (1,000,000 by default)
# with SIGHTINGS sightings each (10), written by analyze-bench through the store's bulk path.
# Prints the generation time, then analyze's wall seconds and peak RSS.
# Goal: < 60 s and < 4 GiB for 1M x 10.
#   bench/analyze.sh [--db URL]      (default: a fresh SQLite file in a temporary directory;
#                                     or a postgres:// URL of an empty database)
#   bench/analyze.sh --db postgres   (a throwaway PostgreSQL server: bench/pg-server.sh)
#   DOMAINS=100000 bench/analyze.sh  (a smaller run)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
DOMAINS=${DOMAINS:-1000000}
SIGHTINGS=${SIGHTINGS:-10}
DB=
if [ "${1:-}" = "--db" ]; then DB=${2:?--db needs a URL}; fi
WORK=$(mktemp -d /tmp/fluxscope-analyze-bench.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
if [ -z "$DB" ]; then DB="sqlite:$WORK/bench.sqlite"; fi
if [ "$DB" = "postgres" ]; then
  source bench/pg-server.sh
  trap 'pg_stop; rm -rf "$WORK"' EXIT
  pg_start
  psql -q -d postgres -c "CREATE DATABASE analyze_bench"
  DB=$(pg_url analyze_bench)
fi

if [ -z "${SKIP_BUILD:-}" ]; then   # SKIP_BUILD=1: use the release binaries as built
  swift build -c release --product fluxscope >/dev/null
  swift build -c release --product analyze-bench >/dev/null
fi
BIN=$ROOT/.build/release

echo "generating $DOMAINS domains x $SIGHTINGS sightings into $DB"
/usr/bin/time -f "generate: %e s, peak RSS %M KiB" "$BIN/analyze-bench" "$DB" "$DOMAINS" "$SIGHTINGS"

echo "fluxscope analyze --db $DB (table to /dev/null)"
/usr/bin/time -f "%e %M" -o "$WORK/time" "$BIN/fluxscope" analyze --db "$DB" > "$WORK/out"
read -r seconds kib < "$WORK/time"
tail -1 "$WORK/out"
awk -v s="$seconds" -v k="$kib" 'BEGIN {
  printf "analyze: %.1f s, peak RSS %.2f GiB (goal: < 60 s, < 4 GiB): %s\n", s, k / 1048576,
         (s < 60 && k < 4 * 1048576) ? "met" : "NOT met" }'
