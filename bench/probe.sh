#!/usr/bin/env bash
# Probe throughput against dnsperf, on loopback only (a benchmark, not a test).
#
#   bench/probe.sh                 # 200k names, 10 s dnsperf runs
#   NAMES=200000 BIG=1000000 SECONDS_PER_RUN=10 IN_FLIGHT=2000 bench/probe.sh
#   BIN=/path/to/fluxscope bench/probe.sh   # another build (e.g. main's), not built here
#
# Copies /work/shared/bench to a temp dir, generates the ff.test zone (ZONE_NAMES=$NAMES),
# starts nsd on 127.0.0.1:5300 (response rate limiting off) with the kit's 01 script, runs
# dnsperf over UDP and TCP, then `fluxscope probe --authoritative` over the same names (one
# round, every answer parsed into observations, the whole process timed, release build),
# and prints both rates and their ratios; peak RSS comes from /usr/bin/time -v, also for a
# list of $BIG names (the zone's names plus NXDOMAIN ones) to show memory follows the
# in-flight cap, not the list. The --types A runs of both lists are repeated with a store
# (`--db sqlite:...`, a fresh file each: observations, outcomes, answer sets and
# schedules written) and printed beside the runs without one, and the --tcp run of the names
# once more with a store. The load average is printed at the start and at the end.
# Servers are stopped by the kit's 99 script, even on error.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
NAMES=${NAMES:-200000}
BIG=${BIG:-1000000}
L=${SECONDS_PER_RUN:-10}
IN_FLIGHT=${IN_FLIGHT:-2000}
KIT=${KIT:-/work/shared/bench}

if ss -lnu | grep -qE '127.0.0.1:530[01] '; then
  echo "port 5300 or 5301 is in use (another benchmark?): stop it first" >&2; exit 1
fi
work=$(mktemp -d /tmp/probe-bench.XXXXXX)
cp -r "$KIT"/. "$work"/
# The kit's scripts name /tmp/perfbase; point them at the copy.
grep -rl /tmp/perfbase "$work" | xargs sed -i "s#/tmp/perfbase#$work#g"
mkdir -p "$work/data" "$work/run" "$work/results"
stop() { bash "$work/99_stop_servers.sh" >&2 || true; rm -rf "$work"; }
trap stop EXIT

if [ -n "${BIN:-}" ]; then
  bin=$BIN
else
  (cd "$root" && swift build -c release --product fluxscope >&2)
  bin="$root/.build/release/fluxscope"
fi

echo "== zone: $NAMES names" >&2
(cd "$work" && ZONE_NAMES=$NAMES python3 00_gen_zone.py >&2)
# The kit writes AAAA 2001:db8:<i in hex>::N, which is no IPv6 address once i > 0xffff,
# and nsd then refuses the whole zone (every answer SERVFAIL). Split such a group in two.
python3 - "$work/nsd/ff.test.zone" <<'PY'
import re, sys
p = sys.argv[1]
fix = lambda m: "2001:db8:%x:%x::" % (int(m.group(1), 16) >> 16, int(m.group(1), 16) & 0xffff)
text = re.sub(r"2001:db8:([0-9a-f]{5,})::", fix, open(p).read())
open(p, "w").write(text)
PY
bash "$work/01_start_servers.sh" >&2
if grep -q "read with .* errors" "$work/run/nsd.log"; then echo "nsd rejected the zone: see $work/run/nsd.log" >&2; exit 1; fi
rc=$(dig +noall +comments @127.0.0.1 -p 5300 h00000.ff.test A | sed -n 's/.*status: \([A-Z]*\).*/\1/p')
[ "$rc" = NOERROR ] || { echo "nsd answers $rc for h00000.ff.test, not NOERROR" >&2; exit 1; }
Q=$work/data/queries.txt
awk '{print $1}' "$Q" | sort -u > "$work/data/names.txt"
n_names=$(wc -l < "$work/data/names.txt")

load_start=$(cut -d' ' -f1-3 /proc/loadavg)
dnsperf_qps() { dnsperf -s 127.0.0.1 -p 5300 -d "$Q" -c 4 -T 1 -q 200 -l "$L" "$@" 2>&1 | awk '/Queries per second/{print $4}'; }
echo "== dnsperf UDP, ${L}s" >&2
d_udp=$(dnsperf_qps)
echo "== dnsperf TCP, ${L}s" >&2
d_tcp=$(dnsperf_qps -m tcp)

# One round over the names; prints "answered elapsed_s peak_rss_kb".
run_probe() { # names-file extra-args...
  local file=$1; shift
  local log=$work/results/probe_$(date +%s%N)
  /usr/bin/time -v "$bin" probe --domains "$file" --authoritative 127.0.0.1:5300 --qps 0 \
      --in-flight "$IN_FLIGHT" --timeout 2s --retries 2 --summary-only "$@" > /dev/null 2> "$log"
  local answered=$(awk '/^  answered/{print $2}' "$log")
  grep '^  answered' "$log" >&2
  local timeouts=$(awk '/^  timeouts/{gsub(",","",$2); print $2}' "$log")
  local wall=$(awk -F': ' '/Elapsed \(wall clock\)/{n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; print s}' "$log")
  local rss=$(awk -F': ' '/Maximum resident set size/{print $2}' "$log")
  echo "$answered $wall $rss $timeouts"
}
rate() { awk -v a="$1" -v t="$2" 'BEGIN{printf "%.0f", a/t}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.2f", a/b}'; }

echo "== fluxscope probe UDP, --types A, $n_names names" >&2
read -r a_udp t_udp rss_udp to_udp < <(run_probe "$work/data/names.txt" --types A)
echo "== fluxscope probe UDP, default types (A,AAAA,NS + NS hosts), $n_names names" >&2
read -r a_all t_all rss_all to_all < <(run_probe "$work/data/names.txt")
echo "== fluxscope probe UDP, --types A --json > /dev/null (printing every observation)" >&2
log=$work/results/json; start=$(date +%s.%N)
"$bin" probe --domains "$work/data/names.txt" --authoritative 127.0.0.1:5300 --qps 0 --in-flight "$IN_FLIGHT" --types A --json > /dev/null 2> "$log"
t_json=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN{print e-s}'); a_json=$(awk '/^  answered/{print $2}' "$log")
echo "== fluxscope probe --tcp, --types A" >&2
read -r a_tcp t_tcp rss_tcp to_tcp < <(run_probe "$work/data/names.txt" --types A --tcp)
echo "== fluxscope probe UDP, --types A, $BIG names (memory)" >&2
{ cat "$work/data/names.txt"; seq -f "nxbig%.0f.ff.test" 1 $((BIG - n_names)); } > "$work/data/big.txt"
read -r a_big t_big rss_big to_big < <(run_probe "$work/data/big.txt" --types A)

echo "== fluxscope probe UDP, --types A, $n_names names, --db sqlite (fresh store)" >&2
read -r a_db t_db rss_db to_db < <(run_probe "$work/data/names.txt" --types A --db "sqlite:$work/results/names.sqlite")
echo "== fluxscope probe UDP, --types A, $BIG names, --db sqlite (fresh store)" >&2
read -r a_bigdb t_bigdb rss_bigdb to_bigdb < <(run_probe "$work/data/big.txt" --types A --db "sqlite:$work/results/big.sqlite")
echo "== fluxscope probe --tcp, --types A, $n_names names, --db sqlite (fresh store)" >&2
read -r a_tcpdb t_tcpdb rss_tcpdb to_tcpdb < <(run_probe "$work/data/names.txt" --types A --tcp --db "sqlite:$work/results/tcp.sqlite")
load_end=$(cut -d' ' -f1-3 /proc/loadavg)

q_db=$(rate "$a_db" "$t_db"); q_bigdb=$(rate "$a_bigdb" "$t_bigdb"); q_tcpdb=$(rate "$a_tcpdb" "$t_tcpdb")
q_udp=$(rate "$a_udp" "$t_udp"); q_all=$(rate "$a_all" "$t_all"); q_json=$(rate "$a_json" "$t_json")
q_tcp=$(rate "$a_tcp" "$t_tcp"); q_big=$(rate "$a_big" "$t_big")
cat <<REPORT
RESULT dnsperf UDP (-c 4 -T 1 -q 200, ${L}s): ${d_udp} qps
RESULT dnsperf TCP (-m tcp -c 4 -T 1 -q 200, ${L}s): ${d_tcp} qps
RESULT fluxscope UDP  --types A, ${n_names} names: ${a_udp} answers in ${t_udp}s = ${q_udp} qps (ratio $(ratio "$q_udp" "$d_udp")), timeouts ${to_udp}, peak RSS ${rss_udp} KB
RESULT fluxscope UDP  A,AAAA,NS+NS hosts:        ${a_all} answers in ${t_all}s = ${q_all} qps (ratio $(ratio "$q_all" "$d_udp")), timeouts ${to_all}, peak RSS ${rss_all} KB
RESULT fluxscope UDP  --types A --json >/dev/null: ${a_json} answers in ${t_json}s = ${q_json} qps (ratio $(ratio "$q_json" "$d_udp"))
RESULT fluxscope TCP  --types A --tcp:            ${a_tcp} answers in ${t_tcp}s = ${q_tcp} qps (ratio $(ratio "$q_tcp" "$d_tcp") of dnsperf TCP), timeouts ${to_tcp}, peak RSS ${rss_tcp} KB
RESULT fluxscope UDP  --types A, ${BIG} names:    ${a_big} answers in ${t_big}s = ${q_big} qps, peak RSS ${rss_big} KB (in-flight ${IN_FLIGHT})
RESULT with a store (--db sqlite, fresh file), beside the same run without:
RESULT fluxscope UDP  --types A, ${n_names} names, --db: ${a_db} answers in ${t_db}s = ${q_db} qps (ratio $(ratio "$q_db" "$d_udp"); without --db ${q_udp}), timeouts ${to_db}, peak RSS ${rss_db} KB (without ${rss_udp})
RESULT fluxscope UDP  --types A, ${BIG} names, --db:    ${a_bigdb} answers in ${t_bigdb}s = ${q_bigdb} qps (ratio $(ratio "$q_bigdb" "$d_udp"); without --db ${q_big}), timeouts ${to_bigdb}, peak RSS ${rss_bigdb} KB (without ${rss_big})
RESULT fluxscope TCP  --types A --tcp, ${n_names} names, --db: ${a_tcpdb} answers in ${t_tcpdb}s = ${q_tcpdb} qps (ratio $(ratio "$q_tcpdb" "$d_tcp") of dnsperf TCP; without --db ${q_tcp}), timeouts ${to_tcpdb}, peak RSS ${rss_tcpdb} KB
RESULT load average (1, 5, 15 min): at the start ${load_start}; at the end ${load_end}
REPORT
