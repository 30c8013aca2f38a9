#!/usr/bin/env bash
# Builds and runs the libFuzzer targets of the text input formats, one at a time, niced.
#   [MAX_LEN=N] fuzz/run-formats.sh [RUNS] [TARGET...]   (default 1000000 runs, inputs up to 4096 bytes; all targets)
# Targets: zeek cof dnsdb passivedns dig zone rdata. Seeds come from ../shared/data and the
# test fixtures; work files go to .build/fuzz. Crashes are left as .build/fuzz/<target>/crash-*.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-1000000}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(zeek cof dnsdb passivedns dig zone rdata)
work=.build/fuzz
data=../shared/data
mkdir -p "$work/obj"
flags=(-sanitize=fuzzer,address -parse-as-library -O -g -wmo -I "$work/obj" -I Sources/CZlib)

# Modules compiled straight from the sources (not through SwiftPM): DNSWire, FluxModel and
# the parts of Ingest the text readers need.
build_module() {
  local name=$1; shift
  swiftc "${flags[@]}" -module-name "$name" -emit-module -emit-module-path "$work/obj/$name.swiftmodule" \
    -emit-object -o "$work/obj/$name.o" "$@"
}
if [ ! -f "$work/obj/Ingest.o" ] || [ -n "$(find Sources/DNSWire Sources/FluxModel Sources/Ingest fuzz -newer "$work/obj/Ingest.o" -name '*.swift' | head -1)" ]; then
  echo "fuzz: building modules" >&2
  build_module DNSWire $(find Sources/DNSWire -name '*.swift' | sort)
  build_module FluxModel $(find Sources/FluxModel -name '*.swift' | sort)
  build_module Ingest Sources/Ingest/IngestSink.swift Sources/Ingest/ClientPrivacy.swift Sources/Ingest/SHA256.swift \
    $(find Sources/Ingest/Formats -name '*.swift' | sort)
fi

seed() {  # seed TARGET: fill the corpus from real files, split to small pieces
  local dir=$work/$1/corpus; mkdir -p "$dir"
  case $1 in
    zeek) for f in $(find "$data/captures/zeek/Baseline" -name dns.log); do head -c 4000 "$f" > "$dir/$(echo "$f" | md5sum | cut -c1-12)"; done ;;
    cof|dnsdb) python3 - "$data/passive-dns/dnsdb-fixtures" "$dir" "$1" <<'PY'
import json, sys, os
src, out, kind = sys.argv[1:]
for name in os.listdir(src):
    if not name.endswith('.json'): continue
    lines = [json.dumps(r) for r in json.load(open(os.path.join(src, name)))['input']]
    if kind == 'dnsdb':
        lines = ['{"cond":"begin"}'] + ['{"obj":%s}' % l for l in lines] + ['{"cond":"succeeded"}']
    open(os.path.join(out, name), 'w').write('\n'.join(lines) + '\n')
PY
      ;;
    passivedns) grep '||' "$data/passive-dns/gamelinux-passivedns/README" | grep -E '^(#timestamp|[0-9])' > "$dir/readme" ;;
    dig) for f in Tests/IngestTests/Fixtures/dig-*.txt; do cp "$f" "$dir/"; tr '\n' '\r' < "$f" > "$dir/$(basename "$f").cr"; done ;;
    zone) [ -f /usr/share/dns/root.hints ] && head -c 3000 /usr/share/dns/root.hints > "$dir/root.hints"
      printf '$ORIGIN example.\n$TTL 1h\n@ SOA ns hostmaster ( 1 2 3 4 5 )\n  NS ns\nns A 192.0.2.1\nd 60 IN NS ns.d\nns.d AAAA 2001:db8::1\nt TXT "a;b" c\nx TYPE65280 \\# 2 abcd\n' > "$dir/small" ;;
    rdata) printf '\x00192.0.2.1' > "$dir/a"; printf '\x04ns. h. 1 2 3 4 5' > "$dir/soa"; printf '\x06"a\\"b" c' > "$dir/txt"
      printf '\x0c20326 8 2 E06D' > "$dir/ds"; printf '\x0d257 3 8 ( AQID BA== )' > "$dir/key"; printf '\x111 . key1="\\002h2"' > "$dir/svcb" ;;
  esac
}

for t in "${targets[@]}"; do
  mkdir -p "$work/$t"
  stale=$(find "$work/obj" fuzz/$t fuzz/Harness.swift -newer "$work/$t/fuzzer" 2>/dev/null | head -1 || true)
  if [ ! -x "$work/$t/fuzzer" ] || [ -n "$stale" ]; then
    echo "fuzz: linking $t" >&2
    extra=(); [ "$t" = rdata ] || extra=(fuzz/Harness.swift)
    swiftc "${flags[@]}" -module-name "Fuzz_$t" fuzz/$t/main.swift "${extra[@]}" \
      "$work/obj/DNSWire.o" "$work/obj/FluxModel.o" "$work/obj/Ingest.o" -lz -o "$work/$t/fuzzer"
  fi
  seed "$t"
  echo "fuzz: running $t for $runs executions" >&2
  (cd "$work/$t" && nice -n 10 ./fuzzer -runs="$runs" -workers=1 -max_len=${MAX_LEN:-4096} -timeout=10 -print_final_stats=1 corpus 2>&1 | tee log.txt | grep -E 'stat::number_of_executed_units|Done|ERROR|crash|SUMMARY' )
done
