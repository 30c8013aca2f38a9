// fuzz-capture: frames through the capture decoder, payloads through the DNS parser.
// Input format and properties: fuzz/capture/README.md.
import DNSWire
import PacketCapture

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = UnsafeRawBufferPointer(start: data, count: size)
    var decoders: [Int32: FrameDecoder] = [:]
    var frames = 0
    var udpPayloads = 0
    let check: (CapturedMessage) -> Void = { m in
        if m.payload.count > 65_535 { fatalError("payload of \(m.payload.count) octets from frame \(m.frameIndex)") }
        let (_, error) = Message.parsePartial(m.payload)
        let scan = MessageScan.scan(m.payload)
        if scan.error != error { fatalError("scan \(String(describing: scan.error)) != parse \(String(describing: error))") }
    }
    var p = 0
    while p + 3 <= size {
        let length = Int(input[p]) << 8 | Int(input[p + 1])
        let rawType = input[p + 2]
        let linkType: Int32 = rawType == 0xFF ? 276 : Int32(rawType)
        p += 3
        let end = min(size, p + length)
        frames += 1
        var decoder = decoders[linkType] ?? FrameDecoder(linkType: LinkType(rawValue: linkType))
        decoder.decode(timestamp: CaptureTimestamp(seconds: Int64(frames), nanoseconds: 0),
                       frame: UnsafeRawBufferPointer(rebasing: input[p..<end])) { m in
            if m.transport == .udp { udpPayloads += 1 }
            check(m)
        }
        decoders[linkType] = decoder
        p = end
    }
    for (_, var decoder) in decoders { decoder.finish(check) }
    if udpPayloads > frames * 2 { fatalError("\(udpPayloads) UDP payloads from \(frames) frames") }
    return 0
}
