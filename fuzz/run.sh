#!/usr/bin/env bash
# Builds a fuzz target, makes its seed corpus, runs libFuzzer, prints a summary.
#
#   fuzz/run.sh TARGET [EXECUTIONS] [extra libFuzzer args]
#   fuzz/run.sh fuzz-message 10000000
#   fuzz/run.sh fuzz-message 100000 -seed=1 -use_value_profile=1
#   fuzz/run.sh fuzz-message 1 fuzz/out/artifacts/fuzz-message/crash-…   (replay one input)
#
# Everything goes under fuzz/out/ (git-ignored):
#   TARGET                     the fuzzer binary
#   seeds/message, seeds/capture   seed corpora made by make_corpus.py from the captures
#   corpus/TARGET              the corpus libFuzzer grows; kept between runs
#   artifacts/TARGET/          crash-, leak-, timeout- and oom- inputs
#   TARGET-DATE.log            libFuzzer's output
#
# One fuzzer process, niced (the machine is shared): no -jobs/-workers, which would start
# extra processes. Environment: NO_BUILD=1 skips the build, RESEED=1 remakes the seeds,
# CAPTURES=dir changes where captures are read from, NICE=n changes the niceness.
set -euo pipefail

target=${1:?usage: fuzz/run.sh TARGET [EXECUTIONS] [extra libFuzzer args]}
runs=${2:-100000}
shift $(( $# >= 2 ? 2 : 1 ))
root=$(cd "$(dirname "$0")/.." && pwd)
out="$root/fuzz/out"
captures=${CAPTURES:-/work/shared/data/captures}

case "$target" in
fuzz-message) kind=message ;;
fuzz-capture) kind=capture ;;
*) echo "run.sh: unknown target $target (fuzz-message, fuzz-capture)" >&2; exit 1 ;;
esac

if [ "${NO_BUILD:-0}" != 1 ]; then
    nice -n "${NICE:-10}" "$root/fuzz/build.sh" "$target" >/dev/null
fi

seeds="$out/seeds/$kind"
if [ "${RESEED:-0}" = 1 ] || [ ! -d "$seeds" ] || [ -z "$(ls -A "$seeds" 2>/dev/null)" ]; then
    rm -rf "$seeds"
    nice -n "${NICE:-10}" python3 "$root/fuzz/make_corpus.py" "$kind" "$captures" "$seeds"
fi

corpus="$out/corpus/$target"
artifacts="$out/artifacts/$target"
mkdir -p "$corpus" "$artifacts"
log="$out/$target-$(date +%Y%m%d-%H%M%S).log"

args=(-runs="$runs" -max_len=65535 -timeout=10 -print_final_stats=1
      -artifact_prefix="$artifacts/" -dict="$root/fuzz/dns.dict")
echo "run.sh: $target, $runs executions, log $log" >&2
before=$(find "$artifacts" -type f | wc -l)
start=$(date +%s)
set +e
# SWIFT_BACKTRACE=enable=no: the Swift runtime's backtracer otherwise takes over a trap and
# can hang; libFuzzer's own handler then reports the crash and saves the input.
SWIFT_BACKTRACE=enable=no nice -n "${NICE:-10}" "$out/$target" "${args[@]}" "$@" "$corpus" "$seeds" >"$log" 2>&1
status=$?
set -e
seconds=$(( $(date +%s) - start ))

# Summary from libFuzzer's final stats and its last status line.
stat() { sed -n "s/^stat::$1: *//p" "$log" | tail -1; }
last=$(grep -E '^#[0-9]+' "$log" | tail -1 || true)
echo "---- $target summary ----"
echo "executions:   $(stat number_of_executed_units || true) (asked for $runs) in ${seconds}s"
echo "exec/s:       $(stat average_exec_per_sec || true)"
echo "coverage:     $(sed -nE 's/.*(cov: [0-9]+ ft: [0-9]+ corp: [^ ]+).*/\1/p' <<<"$last")"
echo "peak RSS:     $(stat peak_rss_mb || true) MB"
new=$(find "$artifacts" -type f -newermt "@$start" | sort)
if [ "$status" -eq 72 ] && [ -z "$new" ]; then
    # libFuzzer's -interrupted_exitcode: stopped by SIGINT/SIGTERM, nothing found.
    echo "crashed:      no (interrupted before $runs executions)"
    echo "log:          $log"
    exit 0
fi
if [ "$status" -ne 0 ] || [ -n "$new" ]; then
    echo "crashed:      YES (libFuzzer exit $status)"
    grep -m1 -E 'Fatal error|ERROR: AddressSanitizer|ERROR: libFuzzer|ERROR: LeakSanitizer' "$log" | sed 's/^/  /' || true
    for f in $new; do echo "  input: $f"; echo "  hex:   $(xxd -p "$f" | tr -d '\n' | cut -c1-400)"; done
    echo "log:          $log"
    exit 1
fi
echo "crashed:      no ($(( $(find "$artifacts" -type f | wc -l) - before )) new artifacts)"
echo "log:          $log"
