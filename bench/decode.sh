#!/usr/bin/env bash
# Passive decoding speed: `fluxscope decode` against the C reference parser (a benchmark,
# not a test).
#
#   bench/decode.sh                    # 5 runs each, 1M-packet capture of real NSD traffic
#   RUNS=3 JSON=0 bench/decode.sh      # fewer runs; skip the JSON-output measurement
#
# Builds ../shared/bench/src/pcapdns.c (libpcap + Ethernet/IP/UDP/TCP + DNS qname, A, TTL)
# as /tmp/pcapdns, reuses /tmp/perfbase/data/dns.pcap and dns.pcapng (or makes them with the
# kit's 01_start_servers.sh + 03_make_pcap.sh when missing, see ../shared/bench/README.txt),
# builds fluxscope in release, then prints for pcap and pcapng: packets/s of
# `fluxscope decode --count` and of `pcapdns parse`, medians of $RUNS runs taken in this
# same run (alternated), by wall time and by CPU time, their ratios, and peak RSS (/usr/bin/time -f %M) at 1x and on a 4x file made
# with mergecap -a (memory must not grow with the file). With JSON=1 (the default) it also
# times `fluxscope decode FILE > /dev/null`, the JSON-lines path.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
KIT=${KIT:-$root/../shared/bench}
RUNS=${RUNS:-5}
JSON=${JSON:-1}
DATA=/tmp/perfbase/data

gcc -O2 -o /tmp/pcapdns "$KIT/src/pcapdns.c" -lpcap
if [ ! -s "$DATA/dns.pcap" ] || [ ! -s "$DATA/dns.pcapng" ]; then
  echo "== making the 1M-packet capture with the kit (nsd on 127.0.0.1:5300)" >&2
  mkdir -p /tmp/perfbase && cp -rn "$KIT"/. /tmp/perfbase/
  (cd /tmp/perfbase && python3 00_gen_zone.py >&2 && bash 01_start_servers.sh >&2 && bash 03_make_pcap.sh >&2)
  bash /tmp/perfbase/99_stop_servers.sh >&2 || true
fi
(cd "$root" && swift build -c release --product fluxscope >&2)
bin="$root/.build/release/fluxscope"

work=$(mktemp -d /tmp/decode-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT

median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
# "wall cpu" seconds of one run of "$@" (output discarded). CPU = the task clock from
# `perf stat` (user + system, to the microsecond; /usr/bin/time's 10 ms ticks when perf is
# missing): on a machine shared with other jobs the wall time includes waiting for a core.
timed() {
  local s e cpu
  s=$(date +%s.%N)
  if command -v perf > /dev/null; then
    cpu=$(perf stat -x, -e task-clock "$@" 2>&1 > /dev/null | awk -F, '/task-clock/ {printf "%.4f", $1 / 1000}')
  else
    cpu=$(/usr/bin/time -f "%U %S" "$@" 2>&1 > /dev/null | tail -1 | awk '{printf "%.3f", $1 + $2}')
  fi
  e=$(date +%s.%N)
  echo "$(echo "$e - $s" | bc -l) $cpu"
}
# Peak resident set in MB of one run of "$@".
rss_mb() { /usr/bin/time -f %M "$@" 2>&1 > /dev/null | tail -1 | awk '{printf "%.1f", $1/1024}'; }
rate() { echo "$1 / $2" | bc -l | xargs printf "%.0f"; }

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores; medians of $RUNS runs, ours and C alternated"
printf "%-7s %8s | %10s %10s %6s | %10s %10s %6s | %8s %8s\n" format packets "ours/s" "C/s" ratio "ours/s" "C/s" ratio "RSS 1x" "RSS 4x"
printf "%-7s %8s | %-28s | %-28s | %-17s\n" "" "" "by wall time" "by CPU time (user+sys)" "MB, decode --count"
for f in dns.pcap dns.pcapng; do
  file="$DATA/$f"
  ext="${f##*.}"
  big="$work/big.$ext"
  mergecap -a -F "$ext" -w "$big" "$file" "$file" "$file" "$file"
  packets=$("$bin" decode --count "$file" | python3 -c 'import json,sys; print(json.load(sys.stdin)["packets"])')
  /tmp/pcapdns parse "$file" > /dev/null  # warm the page cache
  : > "$work/ours"; : > "$work/c"
  for _ in $(seq "$RUNS"); do
    timed "$bin" decode --count "$file" >> "$work/ours"
    timed /tmp/pcapdns parse "$file" >> "$work/c"
  done
  ow=$(cut -d' ' -f1 "$work/ours" | median); oc=$(cut -d' ' -f2 "$work/ours" | median)
  cw=$(cut -d' ' -f1 "$work/c" | median); cc=$(cut -d' ' -f2 "$work/c" | median)
  rss1=$(rss_mb "$bin" decode --count "$file"); rss4=$(rss_mb "$bin" decode --count "$big")
  printf "%-7s %8d | %10s %10s %6.2f | %10s %10s %6.2f | %8s %8s\n" "$ext" "$packets" \
    "$(rate "$packets" "$ow")" "$(rate "$packets" "$cw")" "$(echo "$cw / $ow" | bc -l)" \
    "$(rate "$packets" "$oc")" "$(rate "$packets" "$cc")" "$(echo "$cc / $oc" | bc -l)" "$rss1" "$rss4"
  if [ "$JSON" = 1 ]; then
    : > "$work/json"
    for _ in $(seq "$RUNS"); do timed "$bin" decode "$file" >> "$work/json"; done
    jw=$(cut -d' ' -f1 "$work/json" | median); jc=$(cut -d' ' -f2 "$work/json" | median)
    jr1=$(rss_mb "$bin" decode "$file"); jr4=$(rss_mb "$bin" decode "$big")
    printf "%-7s %8d | %10s %10s %6s | %10s %10s %6s | %8s %8s   decode (JSON lines) > /dev/null\n" "$ext" "$packets" \
      "$(rate "$packets" "$jw")" - - "$(rate "$packets" "$jc")" - - "$jr1" "$jr4"
  fi
  rm -f "$big"
done
