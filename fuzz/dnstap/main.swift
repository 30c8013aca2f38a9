// libFuzzer target for the Frame Streams + dnstap decoders (built by fuzz/dnstap/build.sh).
// Each input is read three ways: as a whole dnstap file, as a file body after a valid START,
// and as one data frame; every path must end in events or problems, never a crash.
import DNSWire
import FluxModel

private let start: [UInt8] = FrameStreamControl(.start, contentTypes: [FrameStreamControl.dnstapContentType]).encoded()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    var options = ReadOptions()
    options.clients = .hash(key: Array("fuzz-key-0123456".utf8))
    let reader = DnstapFileReader(options: options, maxFrameLength: 64 * 1024)
    var sink = CollectingSink()
    try? reader.read(bytes: bytes, name: "fuzz", resolver: { _ in 1 }, into: &sink)
    try? reader.read(bytes: start + bytes, name: "fuzz", resolver: { _ in 1 }, into: &sink)
    if let event = try? bytes.withUnsafeBytes({ try DnstapEvent.decode(frame: $0) }) {
        event.emit(source: 1, clients: options.clients, file: "fuzz", into: &sink)
    }
    _ = bytes.withUnsafeBytes { try? FrameStreamControl.parse($0) }
    return 0
}
