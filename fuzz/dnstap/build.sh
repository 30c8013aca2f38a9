#!/usr/bin/env bash
# Builds and runs the libFuzzer target for the Frame Streams + dnstap decoders.
#
#   fuzz/dnstap/build.sh            # build fuzz/out/dnstap/fuzz-dnstap
#   fuzz/dnstap/build.sh run [N]    # build, then run N executions (default 1000000), niced
#
# DNSWire, FluxModel and SwiftProtobuf (from the package's checkout under .build/checkouts;
# run `swift build` once first) are compiled as modules with the fuzzer's coverage and
# AddressSanitizer; the decoding part of Ingest is compiled together with main.swift, so
# the target needs neither SwiftNIO nor the rest of the package.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=fuzz/out/dnstap
mkdir -p "$out/corpus"
flags=(-sanitize=fuzzer,address -parse-as-library -O -g -I "$out")

module() {  # module NAME SOURCES...
  local name=$1; shift
  swiftc "${flags[@]}" -module-name "$name" -package-name fuzz_"$name" -wmo -num-threads 0 \
    -emit-module -emit-module-path "$out/$name.swiftmodule" -c "$@" -o "$out/$name.o"
}

protobuf=.build/checkouts/swift-protobuf/Sources/SwiftProtobuf
[ -d "$protobuf" ] || { echo "fuzz: $protobuf missing; run 'swift build' first" >&2; exit 1; }
module DNSWire $(find Sources/DNSWire -name '*.swift')
module FluxModel $(find Sources/FluxModel -name '*.swift')
module SwiftProtobuf $(find "$protobuf" -name '*.swift')

ingest=(Sources/Ingest/IngestSink.swift Sources/Ingest/ClientPrivacy.swift Sources/Ingest/SHA256.swift
        Sources/Ingest/MessageObservations.swift)
for f in DnstapError FrameStreamControl FrameStreamParser DnstapMessageType DnstapEvent DnstapEvent+Decode \
         DnstapSources DnstapStreamDecoder DnstapFileReader dnstap.pb; do
  ingest+=("Sources/Ingest/Dnstap/$f.swift")
done
swiftc "${flags[@]}" -module-name FuzzDnstap fuzz/dnstap/main.swift "${ingest[@]}" \
  "$out/DNSWire.o" "$out/FluxModel.o" "$out/SwiftProtobuf.o" -o "$out/fuzz-dnstap"
echo "fuzz: built $out/fuzz-dnstap" >&2

# Seeds: the real sample, and the sample's frames on their own.
sample=../shared/data/captures/go-dnscollector/dnstap/dnstap.fstrm
if [ -f "$sample" ]; then
  cp "$sample" "$out/corpus/sample.fstrm"
  tail -c +43 "$sample" > "$out/corpus/sample-body"
fi

if [ "${1:-}" = run ]; then
  runs=${2:-1000000}
  nice -n 10 "$out/fuzz-dnstap" -runs="$runs" -max_len=4096 \
    -artifact_prefix="$out/" -print_final_stats=1 "$out/corpus"
fi
