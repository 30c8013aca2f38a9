// libFuzzer entry for RData(presentation:type:): the first byte picks a type, the rest is
// the text. Whatever parses must print and parse back to the same value.
import DNSWire

let types: [RecordType] = [.a, .aaaa, .ns, .cname, .soa, .mx, .txt, .hinfo, .srv, .naptr, .caa, .ds, .dnskey, .rrsig,
                           .nsec, .nsec3, .https, RecordType(65280), .spf, .ptr]

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    guard size >= 1 else { return 0 }
    let type = types[Int(data[0]) % types.count]
    let text = String(decoding: UnsafeBufferPointer(start: data + 1, count: size - 1), as: UTF8.self)
    guard let value = try? RData(presentation: text, type: type) else { return 0 }
    let printed = value.presentation(type: type)
    guard let back = try? RData(presentation: printed, type: type) else { fatalError("\(type): cannot re-read '\(printed)' (from '\(text)')") }
    precondition(back == value, "\(type): '\(text)' -> '\(printed)' reads back differently")
    return 0
}
