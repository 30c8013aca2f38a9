import DNSWire
import Foundation
import PacketCapture
import TestSupport

/// The real captures under `../shared/data/captures`, and the DNS messages FluxScope finds
/// in them.
enum Corpus {
    /// `../shared/data/captures`.
    static let root = TestEnvironment.shared("captures")

    /// Ports read as DNS in every capture: 53, mDNS (RFC 6762) and LLMNR (RFC 4795).
    static let ports: Set<UInt16> = [53, 5353, 5355]

    /// Every pcap and pcapng file under the captures folder, relative to it, sorted.
    static let files: [String] = {
        guard let walker = FileManager.default.enumerator(atPath: root) else { return [] }
        var out: [String] = []
        while let path = walker.nextObject() as? String {
            if path.hasSuffix(".pcap") || path.hasSuffix(".pcapng") { out.append(path) }
        }
        return out.sorted()
    }()

    /// The absolute path of a capture.
    static func path(_ file: String) -> String { root + "/" + file }

    /// One DNS message as the capture reader delivered it.
    struct Captured: Sendable {
        /// tshark's `frame.number` of the frame that completed the message.
        var frame: Int
        /// Position among the messages completed by the same frame, from 0.
        var position: Int
        var transport: Transport
        var payload: [UInt8]
    }

    /// Every DNS message in a capture, in capture order, with the reader's counters.
    static func messages(_ file: String) throws -> (messages: [Captured], stats: CaptureStats) {
        let reader = try CaptureFileReader(path: path(file), options: CaptureOptions(dnsPorts: ports))
        var out: [Captured] = []
        try reader.forEachMessage { m in
            let position = out.last?.frame == m.frameIndex ? out.last!.position + 1 : 0
            out.append(Captured(frame: m.frameIndex, position: position, transport: m.transport, payload: Array(m.payload)))
        }
        return (out, reader.stats)
    }
}

extension Corpus.Captured {
    /// `Message.parsePartial` of the payload.
    var parsed: (message: Message, error: DNSWireError?) { payload.withUnsafeBytes { Message.parsePartial($0) } }
    /// `MessageScan.scan` of the payload.
    var scanned: MessageScan { payload.withUnsafeBytes { MessageScan.scan($0) } }
}
