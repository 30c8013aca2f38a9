import ArgumentParser
import DNSWire
import Foundation
import PacketCapture

/// `fluxscope decode FILE`: one JSON object per DNS message, or totals with `--count`.
struct DecodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decode",
        abstract: "Print every DNS message in a pcap or pcapng file as one JSON object per line.",
        discussion: """
            Each line has ts, frame (the 1-based frame number, as tshark's frame.number), src, dst, sport, dport, transport, id, qr, opcode, rcode, flags, \
            questions, answers, authority and additional (and edns where present). A message that \
            fails to parse has an "error" object naming the kind of malformation and its byte \
            offset, with whatever came before it. --count prints only totals.
            """)

    @Argument(help: "A pcap or pcapng file.")
    var file: String

    @Option(help: "The file format: pcap or pcapng (default: from the file's magic number).")
    var format: CaptureFormat?

    @Flag(help: "Print only totals: packets, DNS messages, malformed messages, records by section.")
    var count = false

    @Option(name: .customLong("port"), help: "Also treat this port as DNS (repeatable; 53 always is).")
    var ports: [UInt16] = []

    func run() throws {
        let detected = try CaptureFormat.detect(path: file)
        if let format, format != detected {
            throw ValidationError("\(file) is a \(detected.rawValue) file, not \(format.rawValue)")
        }
        let reader = try CaptureFileReader(path: file, options: CaptureOptions(dnsPorts: Set(ports + [53])))
        var totals = DecodeTotals()
        if count {
            // One thread: handing messages to a second one (forEachMessagePrefetched) cost more
            // CPU than it saved here (docs/decode.md).
            try reader.forEachMessage { m in totals.add(MessageScan.scan(m.payload)) }
        } else {
            var out = BufferedOutput()
            var json = JSONWriter(capacity: 4096)
            try reader.forEachMessage { m in
                let (message, error) = Message.parsePartial(m.payload)
                totals.add(message, error)
                json.reset()
                json.beginObject()
                json.key("ts"); json.rawNumber(DecodeTotals.seconds(m.timestamp))
                json.key("frame"); json.number(m.frameIndex)
                json.key("src"); json.string(m.source.description)
                json.key("dst"); json.string(m.destination.description)
                json.key("sport"); json.number(m.sourcePort)
                json.key("dport"); json.number(m.destinationPort)
                json.key("transport"); json.string(m.transport.rawValue)
                message.writeJSONFields(to: &json)
                if let error { json.key("error"); error.writeJSON(to: &json) }
                json.endObject()
                json.newline()
                out.write(json.bytes)
            }
            out.flush()
        }
        totals.packets = reader.stats.packets
        totals.malformedFrames = reader.stats.malformedTotal
        if count {
            print(totals.json)
        } else {
            FileHandle.standardError.write(Data("decode: \(totals.summary)\n".utf8))
        }
        if let early = reader.stats.endedEarly {
            FileHandle.standardError.write(Data("decode: warning: \(file) ended early: \(early)\n".utf8))
        }
    }
}

/// Capture file formats `decode` reads.
enum CaptureFormat: String, ExpressibleByArgument, CaseIterable {
    case pcap, pcapng

    /// The format from the file's first four octets.
    static func detect(path: String) throws -> CaptureFormat {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw ValidationError("cannot open \(path): \(String(cString: strerror(errno)))")
        }
        defer { try? handle.close() }
        let magic = Array((try? handle.read(upToCount: 4)) ?? Data())
        switch magic {
        case [0xD4, 0xC3, 0xB2, 0xA1], [0xA1, 0xB2, 0xC3, 0xD4], [0x4D, 0x3C, 0xB2, 0xA1], [0xA1, 0xB2, 0x3C, 0x4D]:
            return .pcap
        case [0x0A, 0x0D, 0x0D, 0x0A]:
            return .pcapng
        default:
            throw ValidationError("\(path) is neither pcap nor pcapng (first octets \(RData.hex(magic)))")
        }
    }
}
