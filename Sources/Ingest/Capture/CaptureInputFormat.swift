import FluxModel
import PacketCapture

/// pcap and pcapng files through libpcap (`CaptureFileReader`, decoding, scanning and query
/// matching on a thread of their own: `forEachScannedMessage`): every DNS message found on the DNS ports, turned into
/// observations by `CaptureMessageHandler` (queries matched with responses, clients kept as
/// `options.clients` says). One record = one DNS message, in capture order.
public struct CaptureInputFormat: InputFormat {
    /// Classic pcap (either byte order, micro- or nanosecond timestamps).
    public static let pcap = CaptureInputFormat(name: "pcap", magics: [
        [0xD4, 0xC3, 0xB2, 0xA1], [0xA1, 0xB2, 0xC3, 0xD4], [0x4D, 0x3C, 0xB2, 0xA1], [0xA1, 0xB2, 0x3C, 0x4D],
    ])
    /// pcapng (section header block).
    public static let pcapng = CaptureInputFormat(name: "pcapng", magics: [[0x0A, 0x0D, 0x0D, 0x0A]])

    public let name: String
    private let magics: [[UInt8]]

    public var sourceKind: Source.Kind { .pcap }

    public func sniff(_ prefix: [UInt8]) -> Bool {
        magics.contains { prefix.starts(with: $0) }
    }

    public func read<Sink: IngestSink>(_ input: InputFile, into sink: inout Sink) throws {
        let reader: CaptureFileReader
        do {
            reader = try CaptureFileReader(path: input.path, options: CaptureOptions(dnsPorts: input.options.ports))
        } catch {
            throw IngestProblem(file: input.path, kind: "open", reason: "\(error)")
        }
        var handler = CaptureMessageHandler(source: input.source, file: input.path, options: input.options)
        // The decoding thread also scans each message and matches queries with responses
        // (in file order, as `handler.take(_:into:)` would); this thread builds the records.
        let matching = Matching()
        var seen = 0
        try reader.forEachScannedMessage(note: { m, layout in
            matching.matcher.take(m, layout: layout, scanned: true)
        }) { m, scan, filePosition in
            try handler.take(m, scan: scan, into: &sink)
            seen &+= 1
            if seen & 1023 == 0 {
                input.progress?.bytes = filePosition
                if input.isCancelled() { throw CancellationError() }
            }
        }
        let left = matching.matcher.drain()
        if left > 0 { sink.count(.unansweredQueries, left) }
        let stats = reader.stats
        // Frames that broke below DNS (link, IP, UDP, TCP) are counted as malformed input too.
        if stats.malformedTotal > 0 { sink.count(.malformed, stats.malformedTotal) }
        if let early = stats.endedEarly {
            sink.problem(IngestProblem(file: input.path, offset: stats.packets, kind: "truncated_file", reason: early))
        }
        input.progress?.bytes = input.progress?.totalBytes ?? reader.filePosition
    }
}

/// The query matcher of a file being read, used by the decoding thread alone until
/// `forEachScannedMessage` returns (it joins that thread), then by the reading thread; no
/// access overlaps another, so the per-message dynamic exclusivity check is left out.
private final class Matching: @unchecked Sendable {
    @exclusivity(unchecked) var matcher = QueryMatcher()
}
