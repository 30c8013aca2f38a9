#!/usr/bin/env bash
# fluxscope ingest of the shared 1M-packet capture into a fresh SQLite store, end to end,
# against the C reference parser (libpcap + DNS header/qname/A) in the same run.
# Prints packets/s for both, the ratio (goal: >= 0.3x the C reference), and peak RSS at 1x
# and 4x the file (memory must not grow with the input).
#   bench/ingest.sh            (RUNS=3 by default; the median is reported)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
SHARED=$ROOT/../shared/bench
PCAP=/tmp/perfbase/data/dns.pcap
RUNS=${RUNS:-3}
WORK=$(mktemp -d /tmp/fluxscope-ingest-bench.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

if [ ! -s "$PCAP" ]; then
  echo "making $PCAP with the shared kit (nsd + dnsperf + tcpdump)..."
  mkdir -p /tmp/perfbase && cp -r "$SHARED"/. /tmp/perfbase/
  (cd /tmp/perfbase && bash 01_start_servers.sh && bash 03_make_pcap.sh; bash 99_stop_servers.sh)
fi
gcc -O2 -o "$WORK/pcapdns" "$SHARED/src/pcapdns.c" -lpcap
swift build -c release --product fluxscope >/dev/null
FLUX=$ROOT/.build/release/fluxscope
PACKETS=$("$WORK/pcapdns" count "$PCAP" 2>&1 | grep -oE '[0-9]+' | head -1)

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
seconds() { /usr/bin/time -f "%e %M" "$@" 2>&1 >/dev/null | tail -1; }

c_times=(); f_times=(); f_rss=()
for i in $(seq "$RUNS"); do
  read -r t _ < <(seconds "$WORK/pcapdns" parse "$PCAP"); c_times+=("$t")
  rm -f "$WORK/db.sqlite"*
  read -r t rss < <(/usr/bin/time -f "%e %M" "$FLUX" ingest "$PCAP" --db "sqlite:$WORK/db.sqlite" 2>&1 >/dev/null | tail -1)
  f_times+=("$t"); f_rss+=("$rss")
done
c=$(printf '%s\n' "${c_times[@]}" | median)
f=$(printf '%s\n' "${f_times[@]}" | median)
rss1=$(printf '%s\n' "${f_rss[@]}" | median)

# 4x: the same capture four times over (a bigger file: libpcap reads it as one stream).
mergecap -F pcap -a -w "$WORK/dns4.pcap" "$PCAP" "$PCAP" "$PCAP" "$PCAP" 2>/dev/null
rm -f "$WORK/db.sqlite"*
read -r t4 rss4 < <(/usr/bin/time -f "%e %M" "$FLUX" ingest "$WORK/dns4.pcap" --db "sqlite:$WORK/db.sqlite" 2>&1 >/dev/null | tail -1)

awk -v p="$PACKETS" -v c="$c" -v f="$f" -v r1="$rss1" -v t4="$t4" -v r4="$rss4" 'BEGIN {
  printf "packets in capture        %d\n", p
  printf "C reference (pcapdns)     %.2f s  %.0f packets/s\n", c, p / c
  printf "fluxscope ingest (SQLite) %.2f s  %.0f packets/s  (median of runs)\n", f, p / f
  printf "ratio                     %.2fx the C reference (goal >= 0.30x)\n", (p / f) / (p / c)
  printf "peak RSS 1x               %.1f MiB\n", r1 / 1024
  printf "peak RSS 4x               %.1f MiB  (%.2f s, %.0f packets/s)\n", r4 / 1024, t4, 4 * p / t4
}'
