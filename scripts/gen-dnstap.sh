#!/usr/bin/env bash
# Regenerates Sources/Ingest/Dnstap/dnstap.pb.swift from Sources/Ingest/Dnstap/dnstap.proto.
#
# Run by hand, only when dnstap.proto changes: the generated file is committed, and the
# package build never needs protoc or the plugin.
#
# Needs Debian's `protobuf-compiler` (protoc) and swift-protobuf's protoc-gen-swift plugin at
# the same version as the SwiftProtobuf runtime in Package.swift (1.39.0). It was generated
# like this:
#
#   apt-get install -y protobuf-compiler
#   git clone https://github.com/apple/swift-protobuf /tmp/swift-protobuf-gen
#   git -C /tmp/swift-protobuf-gen checkout 1.39.0
#   (cd /tmp/swift-protobuf-gen && swift build -c release --product protoc-gen-swift)
#   PROTOC_GEN_SWIFT=/tmp/swift-protobuf-gen/.build/release/protoc-gen-swift scripts/gen-dnstap.sh
#
# The types are generated `internal` (Visibility=Internal): the Ingest module's public API
# speaks in its own Sendable values (DnstapEvent), not in generated protobuf types.
set -euo pipefail

cd "$(dirname "$0")/.."
plugin="${PROTOC_GEN_SWIFT:-/tmp/swift-protobuf-gen/.build/release/protoc-gen-swift}"
[ -x "$plugin" ] || { echo "gen-dnstap: protoc-gen-swift not found at $plugin (set PROTOC_GEN_SWIFT)" >&2; exit 1; }
command -v protoc >/dev/null || { echo "gen-dnstap: protoc not found (apt-get install protobuf-compiler)" >&2; exit 1; }

dir=Sources/Ingest/Dnstap
protoc --plugin=protoc-gen-swift="$plugin" \
  --proto_path="$dir" \
  --swift_opt=Visibility=Internal \
  --swift_out="$dir" \
  "$dir/dnstap.proto"
echo "gen-dnstap: wrote $dir/dnstap.pb.swift ($(protoc --version), $("$plugin" --version))"
