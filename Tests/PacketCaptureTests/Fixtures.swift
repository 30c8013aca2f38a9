import DNSWire
import Foundation
@testable import PacketCapture

/// Real captures in ../shared/data/captures and hand-built frames for the tests.
enum Fixtures {
    /// `…/shared/data/captures`, found from this file: the package root's parent holds `shared/`.
    static let captures: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }  // PacketCaptureTests, Tests, package root
        return url.deletingLastPathComponent().appendingPathComponent("shared/data/captures").path
    }()

    static func path(_ relative: String) -> String { captures + "/" + relative }

    /// Every pcap and pcapng file under the captures folder, relative paths, sorted.
    static func allCaptureFiles() -> [String] {
        let names = FileManager.default.enumerator(atPath: captures)?.compactMap { $0 as? String } ?? []
        return names.filter { $0.hasSuffix(".pcap") || $0.hasSuffix(".pcapng") }.sorted()
    }

    /// Rows of `pcap_summary.tsv`: path, frames, DNS frames, DNS-over-TCP frames, malformed.
    static func summary() -> [(file: String, frames: Int, dns: Int, tcp: Int, malformed: Int)] {
        guard let text = try? String(contentsOfFile: captures + "/pcap_summary.tsv", encoding: .utf8) else {
            return []
        }
        return text.split(separator: "\n").compactMap { line in
            let f = line.split(separator: "\t")
            guard f.count == 5, let a = Int(f[1]), let b = Int(f[2]), let c = Int(f[3]), let d = Int(f[4])
            else { return nil }
            return (String(f[0].dropFirst(2)), a, b, c, d)
        }
    }

    /// Frame numbers tshark (the reference decoder) shows for a display filter; nil without tshark.
    static func tsharkFrames(_ file: String, filter: String = "dns") -> [Int]? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/tshark")
        process.arguments = ["-r", file, "-Y", filter, "-T", "fields", "-e", "frame.number"]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return nil }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).split(separator: "\n").compactMap { Int($0) }
    }

    /// Reads a capture and copies every message out of the callback.
    static func read(_ file: String, ports: Set<UInt16> = [53]) throws -> (messages: [Message], stats: CaptureStats) {
        let reader = try CaptureFileReader(path: file, options: CaptureOptions(dnsPorts: ports))
        var messages: [Message] = []
        try reader.forEachMessage { messages.append(Message($0)) }
        return (messages, reader.stats)
    }

    /// Decodes hand-built frames with a `FrameDecoder`, one per second of capture time
    /// unless `times` says otherwise.
    static func decode(_ frames: [[UInt8]], link: LinkType = .ethernet, options: CaptureOptions = CaptureOptions(),
                       times: [Int64]? = nil, wireLengths: [Int]? = nil) -> (messages: [Message], stats: CaptureStats) {
        var decoder = FrameDecoder(linkType: link, options: options)
        var messages: [Message] = []
        for (i, frame) in frames.enumerated() {
            let stamp = CaptureTimestamp(seconds: times?[i] ?? Int64(1_700_000_000 + i), nanoseconds: 5)
            frame.withUnsafeBytes { raw in
                decoder.decode(timestamp: stamp, frame: raw, wireLength: wireLengths?[i]) { messages.append(Message($0)) }
            }
        }
        decoder.finish { messages.append(Message($0)) }
        return (messages, decoder.stats)
    }
}

/// A message copied out of the callback.
struct Message: Equatable {
    var frame: Int
    var transport: Transport
    var source: IPAddress
    var destination: IPAddress
    var sourcePort: UInt16
    var destinationPort: UInt16
    var timestamp: CaptureTimestamp
    var payload: [UInt8]
    var tunnelDepth: Int

    init(_ m: CapturedMessage) {
        frame = m.frameIndex
        transport = m.transport
        source = m.source
        destination = m.destination
        sourcePort = m.sourcePort
        destinationPort = m.destinationPort
        timestamp = m.timestamp
        payload = Array(m.payload)
        tunnelDepth = m.tunnelDepth
    }
}

extension [Message] {
    /// Distinct frame numbers, as tshark lists them.
    var frames: [Int] { Set(map { $0.frame }).sorted() }
}
