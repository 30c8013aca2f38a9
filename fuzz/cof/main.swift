// libFuzzer entry for the cof reader: any bytes, read from memory into a CollectingSink.
// Built by fuzz/run-formats.sh; a crash, a hang or an ASan report is a bug.
import DNSWire
import Ingest
import FluxModel

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    FuzzHarness.run(.cof, UnsafeBufferPointer(start: data, count: size))
    return 0
}
