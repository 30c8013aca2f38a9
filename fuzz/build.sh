#!/usr/bin/env bash
# Builds one libFuzzer target into fuzz/out/TARGET.
#
#   fuzz/build.sh fuzz-message
#   fuzz/build.sh fuzz-capture
#
# Each library target is compiled as its own module with the same sanitizers
# (-sanitize=fuzzer,address: coverage and comparison tracing for libFuzzer, ASan for memory
# errors), then the entry file is linked against them, so the entry sees only public API.
# OPT=-Onone (default -O) builds without optimization, for clearer stack traces.
set -euo pipefail

target=${1:?usage: fuzz/build.sh fuzz-message|fuzz-capture}
root=$(cd "$(dirname "$0")/.." && pwd)
out="$root/fuzz/out"
swiftc=${SWIFTC:-$(command -v swiftc || echo /opt/swift/usr/bin/swiftc)}
opt=${OPT:--O}
flags=(-sanitize=fuzzer,address -parse-as-library -swift-version 6 "$opt" -g)

mkdir -p "$out/modules"

# build_module NAME SOURCES_DIR [extra swiftc args]: object file and .swiftmodule in out/modules.
build_module() {
    local name=$1 dir=$2
    shift 2
    local sources=()
    while IFS= read -r -d '' f; do sources+=("$f"); done \
        < <(find "$dir" -name '*.swift' -print0 | sort -z)
    if [ ${#sources[@]} -eq 0 ]; then
        echo "build.sh: no Swift sources under $dir" >&2
        exit 1
    fi
    echo "build.sh: compiling $name (${#sources[@]} files, $opt)" >&2
    "$swiftc" "${flags[@]}" -wmo -module-name "$name" \
        -emit-module -emit-module-path "$out/modules/$name.swiftmodule" \
        -I "$out/modules" "$@" \
        -c "${sources[@]}" -o "$out/modules/$name.o"
}

case "$target" in
fuzz-message)
    build_module DNSWire "$root/Sources/DNSWire"
    entry=("$root/fuzz/message/FuzzMessage.swift")
    objects=("$out/modules/DNSWire.o")
    link=()
    ;;
fuzz-capture)
    # The entry file is written once the PacketCapture API it calls exists (see
    # fuzz/capture/README.md); until then say so rather than guess at it.
    entry=("$root/fuzz/capture/FuzzCapture.swift")
    if [ ! -f "${entry[0]}" ]; then
        echo "build.sh: ${entry[0]#"$root"/} does not exist yet; fuzz/capture/README.md says what it must do" >&2
        exit 2
    fi
    build_module DNSWire "$root/Sources/DNSWire"
    # PacketCapture imports CPcap (a system module: Sources/CPcap/module.modulemap, which
    # links libpcap) and DNSWire.
    build_module PacketCapture "$root/Sources/PacketCapture" -I "$root/Sources/CPcap"
    objects=("$out/modules/DNSWire.o" "$out/modules/PacketCapture.o")
    link=(-I "$root/Sources/CPcap" -lpcap)
    ;;
*)
    echo "build.sh: unknown target $target (fuzz-message, fuzz-capture)" >&2
    exit 1
    ;;
esac

echo "build.sh: linking $target" >&2
# ld.gold warns "Cannot export local symbol '__asan_…'" for every ASan helper; harmless.
"$swiftc" "${flags[@]}" -module-name "${target//-/_}" -I "$out/modules" "${link[@]}" \
    "${entry[@]}" "${objects[@]}" -o "$out/$target" 2> >(grep -v "Cannot export local symbol '__asan" >&2)
echo "$out/$target"
