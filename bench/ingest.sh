#!/usr/bin/env bash
# fluxscope ingest of the shared 1M-packet capture into a fresh SQLite store, end to end,
# against the C reference parser (libpcap + DNS header/qname/A) in the same run.
# Prints packets/s for both by wall time and by CPU time (user + system: on a machine shared
# with other jobs the wall time includes waiting for a core), the ratios (goal: >= 0.3x the C
# reference), and peak RSS at 1x and 4x the file (memory must not grow with the input).
#   bench/ingest.sh            (RUNS=3 by default; medians are reported, runs alternated)
#   BIN=/path/to/fluxscope bench/ingest.sh   (measure another build, e.g. main's, in the same way)
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
  mkdir -p /tmp/perfbase/data /tmp/perfbase/run /tmp/perfbase/results  # the kit's scripts expect them
  # 03_make_pcap.sh re-encapsulates part of the capture as IPv6 with scapy and rewrites ports
  # with tcprewrite (tcpreplay); mergecap comes with tshark (scripts/setup.sh).
  for p in python3-scapy tcpreplay; do
    dpkg-query -W -f='${Status}' $p 2>/dev/null | grep -q "install ok installed" ||
      { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $p >/dev/null; }
  done
  (cd /tmp/perfbase && bash 01_start_servers.sh && bash 03_make_pcap.sh; bash 99_stop_servers.sh)
fi
gcc -O2 -o "$WORK/pcapdns" "$SHARED/src/pcapdns.c" -lpcap
if [ -z "${BIN:-}" ]; then swift build -c release --product fluxscope >/dev/null; fi
FLUX=${BIN:-$ROOT/.build/release/fluxscope}
PACKETS=$("$WORK/pcapdns" count "$PCAP" 2>&1 | grep -oE '[0-9]+' | head -1)

median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
# "wall cpu rss_kib" of one run of "$@" (output discarded). CPU = perf's task clock (user +
# system, to the microsecond; /usr/bin/time's 10 ms ticks when perf is missing).
timed() {
  if command -v perf > /dev/null; then
    read -r wall rss < <(/usr/bin/time -f "%e %M" perf stat -x, -e task-clock -o "$WORK/stat" "$@" 2>&1 >/dev/null | tail -1)
    echo "$wall $(awk -F, '/task-clock/ {printf "%.3f", $1 / 1000}' "$WORK/stat") $rss"
  else
    /usr/bin/time -f "%e %U %S %M" "$@" 2>&1 >/dev/null | tail -1 | awk '{printf "%s %.2f %s\n", $1, $2 + $3, $4}'
  fi
}

"$WORK/pcapdns" parse "$PCAP" >/dev/null  # warm the page cache
: > "$WORK/c"; : > "$WORK/f"
for i in $(seq "$RUNS"); do
  timed "$WORK/pcapdns" parse "$PCAP" >> "$WORK/c"
  rm -f "$WORK/db.sqlite"*
  timed "$FLUX" ingest "$PCAP" --db "sqlite:$WORK/db.sqlite" >> "$WORK/f"
done
cw=$(cut -d' ' -f1 "$WORK/c" | median); cc=$(cut -d' ' -f2 "$WORK/c" | median)
fw=$(cut -d' ' -f1 "$WORK/f" | median); fc=$(cut -d' ' -f2 "$WORK/f" | median)
rss1=$(cut -d' ' -f3 "$WORK/f" | median)

# 4x: the same capture four times over (a bigger file: libpcap reads it as one stream).
mergecap -F pcap -a -w "$WORK/dns4.pcap" "$PCAP" "$PCAP" "$PCAP" "$PCAP" 2>/dev/null
rm -f "$WORK/db.sqlite"*
read -r t4 c4 rss4 < <(timed "$FLUX" ingest "$WORK/dns4.pcap" --db "sqlite:$WORK/db.sqlite")

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores; medians of $RUNS runs, C and ours alternated"
awk -v p="$PACKETS" -v cw="$cw" -v cc="$cc" -v fw="$fw" -v fc="$fc" -v r1="$rss1" -v t4="$t4" -v c4="$c4" -v r4="$rss4" 'BEGIN {
  printf "packets in capture        %d\n", p
  printf "C reference (pcapdns)     %.2f s wall %9.0f packets/s | %.3f s CPU (user+sys)\n", cw, p / cw, cc
  printf "fluxscope ingest (SQLite) %.2f s wall %9.0f packets/s | %.3f s CPU %9.0f packets/s\n", fw, p / fw, fc, p / fc
  printf "ratio by wall time        %.2fx the C reference (goal >= 0.30x)\n", cw / fw
  printf "ratio by CPU time         %.2fx the C reference\n", (cc > 0 ? cc / fc : 0)
  printf "peak RSS 1x               %.1f MiB\n", r1 / 1024
  printf "peak RSS 4x               %.1f MiB  (%.2f s wall, %.2f s CPU, %.0f packets/s by wall)\n", r4 / 1024, t4, c4, 4 * p / t4
}'
