#!/usr/bin/env bash
# Peak memory and bytes of `fluxscope networks`, `export` and `report registry` on synthetic
# stores of growing size holding the same flux domains (a benchmark, not a test).
#
#   bench/export.sh                                  # stores of 10,000 and 100,000 domains
#   bench/export.sh 10000 100000 1000000             # and a million
#   BEFORE=/path/to/older/fluxscope bench/export.sh  # measure that binary too, compare bytes
#   SCRATCH=/tmp/rel bench/export.sh                # build (release) there instead of .build
#   AFTER=path/fluxscope bench/export.sh             # no build: that binary (and analyze-bench beside it)
#   STORES=/tmp/stores bench/export.sh               # keep the stores there (sN.sqlite) and reuse them
#   COMMANDS="export rpz|export csv" bench/export.sh # only these commands ('|' between them)
#
# Fills one store per size with analyze-bench (10 sightings a domain; FLUX domains, 1,000 by
# default, flux-like in every store, FLUX_AGENTS_ONCE=1 so that the model flags them; every
# other domain benign), then runs each command once under /usr/bin/time and prints wall
# seconds, CPU seconds (user + system), peak RSS and the output's size. With BEFORE (e.g.
# main's release binary), the same commands run with it too (on stores up to BEFORE_MAX
# domains, default all), and `same` tells whether its output has the same bytes as this
# tree's (cmp; diff -r for notify --all).
# The first command (networks) records the network ids, which every later run reads back.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
SIZES=("$@"); [ ${#SIZES[@]} -gt 0 ] || SIZES=(10000 100000)
FLUX=${FLUX:-1000}
BEFORE=${BEFORE:-}
BEFORE_MAX=${BEFORE_MAX:-999999999999}
WORK=$(mktemp -d /tmp/fluxscope-export-bench.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

SCRATCH=${SCRATCH:-$ROOT/.build}  # the build directory (swift build --scratch-path)
if [ -z "${AFTER:-}" ]; then
  swift build -c release --scratch-path "$SCRATCH" --product fluxscope >&2
  swift build -c release --scratch-path "$SCRATCH" --product analyze-bench >&2
  AFTER=$SCRATCH/release/fluxscope
fi
GENERATOR=${GENERATOR:-$(dirname "$AFTER")/analyze-bench}

# run BINARY OUT ARGS...: runs under /usr/bin/time, standard output into OUT; prints "seconds peak_kib cpu_seconds".
run() {
  local bin=$1 out=$2; shift 2
  /usr/bin/time -f "%e %M %U %S" -o "$WORK/time" "$bin" "$@" > "$out"
  awk '{ printf "%s %s %.2f\n", $1, $2, $3 + $4 }' "$WORK/time"
}

commands=(networks "export rpz" "export stix" "export cof" "export csv" "export notify --all" "report registry")
[ -n "${COMMANDS:-}" ] && IFS='|' read -ra commands <<< "$COMMANDS"
STORES=${STORES:-}
[ -n "$STORES" ] && mkdir -p "$STORES"
printf "%-8s %-8s %-22s %8s %8s %10s %12s %5s\n" domains binary command seconds cpu_s peak_KiB output_bytes same
for n in "${SIZES[@]}"; do
  db="sqlite:${STORES:-$WORK}/s$n.sqlite"
  if [ -z "$STORES" ] || [ ! -e "$STORES/s$n.sqlite" ]; then
    FLUX_AGENTS_ONCE=1 FLUX_DOMAINS=$FLUX "$GENERATOR" "$db" "$n" 10 > /dev/null
  fi
  bins=(after); [ -n "$BEFORE" ] && [ "$n" -le "$BEFORE_MAX" ] && bins=(after before)
  for cmd in "${commands[@]}"; do
    for which in "${bins[@]}"; do
      bin=$AFTER; [ "$which" = before ] && bin=$BEFORE
      o="$WORK/$which"; rm -rf "$o" "$o.stdout"
      read -ra words <<< "$cmd"
      case "$cmd" in
        networks|"report registry"|analyze*) read -r s kib cpu < <(run "$bin" "$o" "${words[@]}" --db "$db"); bytes=$(stat -c %s "$o") ;;
        "export notify --all") read -r s kib cpu < <(run "$bin" "$o.stdout" "${words[@]}" --db "$db" --out "$o"); bytes=$(cat "$o"/* | wc -c) ;;
        *) read -r s kib cpu < <(run "$bin" "$o.stdout" "${words[@]}" --db "$db" --out "$o"); bytes=$(stat -c %s "$o") ;;
      esac
      same=-
      if [ "$which" = before ]; then
        same=no
        if [ -d "$WORK/after" ]; then diff -rq "$WORK/after" "$o" > /dev/null && same=yes
        else cmp -s "$WORK/after" "$o" && same=yes; fi
        [ "$cmd" = "export cof" ] && { cmp -s "$WORK/after.meta.json" "$o.meta.json" || same=no; }
      fi
      printf "%-8s %-8s %-22s %8s %8s %10s %12s %5s\n" "$n" "$which" "$cmd" "$s" "$cpu" "$kib" "$bytes" "$same"
    done
    rm -rf "$WORK/after" "$WORK/after.meta.json" "$WORK/before" "$WORK/before.meta.json"
  done
  [ -n "$STORES" ] || rm -f "$WORK"/s"$n".sqlite*
done
