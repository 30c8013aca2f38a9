#!/usr/bin/env bash
# CI smoke test: builds every fuzz target and runs each for a few seconds.
# Exits non-zero if any target crashes or breaks a property.
#
#   fuzz/smoke.sh            # 10 seconds per target
#   SECONDS_PER_TARGET=30 fuzz/smoke.sh
#   NO_BUILD=1 fuzz/smoke.sh # only the targets already in fuzz/out/
#
# A target whose entry file is missing is reported as skipped. Without the shared captures the seeds are the hand-made hostile
# messages only. Targets run one after another, one niced process at a time; the corpus
# they grow is fuzz/out/smoke/, apart from run.sh's.
set -uo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
out="$root/fuzz/out"
seconds=${SECONDS_PER_TARGET:-10}
captures=${CAPTURES:-/work/shared/data/captures}
failed=0
mkdir -p "$out/smoke"

for target in fuzz-message fuzz-capture; do
    case "$target" in fuzz-message) kind=message ;; fuzz-capture) kind=capture ;; esac
    if [ "${NO_BUILD:-0}" != 1 ]; then
        nice -n 10 "$root/fuzz/build.sh" "$target" >/dev/null 2>"$out/smoke/$target-build.txt"
        status=$?
        if [ "$status" -eq 2 ]; then
            echo "smoke: $target skipped: $(tail -1 "$out/smoke/$target-build.txt")"
            continue
        elif [ "$status" -ne 0 ]; then
            cat "$out/smoke/$target-build.txt" >&2
            echo "smoke: $target FAILED TO BUILD"
            failed=1
            continue
        fi
    fi
    if [ ! -x "$out/$target" ]; then
        echo "smoke: $target skipped: not built"
        continue
    fi
    seeds="$out/seeds/$kind"
    if [ ! -d "$seeds" ] || [ -z "$(ls -A "$seeds" 2>/dev/null)" ]; then
        python3 "$root/fuzz/make_corpus.py" "$kind" "$captures" "$seeds" || { failed=1; continue; }
    fi
    corpus="$out/smoke/corpus/$target"
    artifacts="$out/smoke/artifacts/$target"
    mkdir -p "$corpus" "$artifacts"
    log="$out/smoke/$target.log"
    SWIFT_BACKTRACE=enable=no nice -n 10 "$out/$target" -max_total_time="$seconds" -max_len=65535 -timeout=10 \
        -print_final_stats=1 -artifact_prefix="$artifacts/" -dict="$root/fuzz/dns.dict" \
        "$corpus" "$seeds" >"$log" 2>&1
    status=$?
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    if [ "$status" -ne 0 ]; then
        echo "smoke: $target CRASHED after ${runs:-?} executions (exit $status); log $log"
        grep -m1 -E 'Fatal error|ERROR: AddressSanitizer|ERROR: libFuzzer|ERROR: LeakSanitizer' "$log" | sed 's/^/  /'
        ls -t "$artifacts" | head -1 | sed "s|^|  input: $artifacts/|"
        failed=1
    else
        echo "smoke: $target ok, ${runs:-?} executions in ${seconds}s"
    fi
done
exit $failed
