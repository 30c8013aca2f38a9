#!/usr/bin/env bash
# Peak memory and determinism of `fluxscope export` (a benchmark, not a test).
#
#   bench/export.sh                      # 10,000 and 100,000 domains
#   SMALL=20000 LARGE=200000 bench/export.sh
#
# Fills two synthetic stores with analyze-bench (SMALL and LARGE domains, 10 sightings each,
# one domain in ten flux-like; FLUX_AGENTS_ONCE=1 so that the model flags those), then, on
# each, runs `fluxscope networks` (the analysis alone: its output is one line per network)
# and every export (rpz, stix, cof, csv, notify) twice into files, and prints wall seconds,
# peak RSS (/usr/bin/time), the output's size, whether the two runs gave the same bytes, and
# each export's peak RSS above the analysis's: what the writing itself adds, which must not
# grow with the domains when the exports stream.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
SMALL=${SMALL:-10000}
LARGE=${LARGE:-100000}
WORK=$(mktemp -d /tmp/fluxscope-export-bench.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

swift build -c release --product fluxscope >&2
swift build -c release --product analyze-bench >&2
BIN=$ROOT/.build/release

# Runs a command under /usr/bin/time; prints "seconds peak_kib".
timed() { /usr/bin/time -f "%e %M" -o "$WORK/time" "$@" > /dev/null; cat "$WORK/time"; }

printf "%-9s %-8s %8s %10s %12s %9s %12s\n" domains command seconds peak_KiB output_bytes identical above_analysis_KiB
for n in "$SMALL" "$LARGE"; do
  db="sqlite:$WORK/s$n.sqlite"
  FLUX_AGENTS_ONCE=1 "$BIN/analyze-bench" "$db" "$n" 10 > /dev/null
  read -r s base < <(timed "$BIN/fluxscope" networks --db "$db")
  printf "%-9s %-8s %8s %10s %12s %9s %12s\n" "$n" networks "$s" "$base" - - 0
  for kind in rpz stix cof csv notify; do
    extra=(); [ "$kind" = notify ] && extra=(--asn 64480)
    read -r s kib < <(timed "$BIN/fluxscope" export "$kind" --db "$db" "${extra[@]}" --out "$WORK/$kind.1")
    "$BIN/fluxscope" export "$kind" --db "$db" "${extra[@]}" --out "$WORK/$kind.2"
    same=no; cmp -s "$WORK/$kind.1" "$WORK/$kind.2" && same=yes
    [ "$kind" = cof ] && { cmp -s "$WORK/$kind.1.meta.json" "$WORK/$kind.2.meta.json" || same=no; }
    printf "%-9s %-8s %8s %10s %12s %9s %12s\n" "$n" "$kind" "$s" "$kib" "$(stat -c %s "$WORK/$kind.1")" "$same" $((kib - base))
  done
  rm -f "$WORK"/s"$n".sqlite*
done
