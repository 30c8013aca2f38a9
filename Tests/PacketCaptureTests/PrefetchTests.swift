import DNSWire
import Foundation
import Testing
@testable import PacketCapture

/// `forEachMessagePrefetched` (decoding on its own thread, messages copied into chunks)
/// against `forEachMessage` on every shared capture: the same messages, in the same order,
/// with the same octets, endpoints, times and frame numbers, and the same stats.
@Suite struct PrefetchTests {
    struct Seen: Equatable {
        var timestamp: CaptureTimestamp
        var source: IPAddress
        var destination: IPAddress
        var ports: [UInt16]
        var transport: Transport
        var payload: [UInt8]
        var frameIndex: Int
        var tunnelDepth: Int

        init(_ m: CapturedMessage) {
            timestamp = m.timestamp
            source = m.source
            destination = m.destination
            ports = [m.sourcePort, m.destinationPort]
            transport = m.transport
            payload = Array(m.payload)
            frameIndex = m.frameIndex
            tunnelDepth = m.tunnelDepth
        }
    }

    static let options = CaptureOptions(dnsPorts: [53, 5353, 5355])

    @Test func sameMessagesAndStatsAsTheDirectReadOnEveryCapture() throws {
        let files = Fixtures.allCaptureFiles()
        #expect(files.count >= 120)
        var total = 0
        for file in files {
            let path = Fixtures.path(file)
            guard let direct = try? CaptureFileReader(path: path, options: Self.options) else { continue }
            var expected: [Seen] = []
            try direct.forEachMessage { expected.append(Seen($0)) }
            // The smallest chunks (64 KiB) and two of them: many hand-overs, the producer waits.
            let prefetched = try CaptureFileReader(path: path, options: Self.options)
            var got: [Seen] = []
            var lastPosition: Int64 = 0
            try prefetched.forEachMessagePrefetched(chunks: 2, chunkBytes: 1 << 16) { m, position in
                got.append(Seen(m))
                #expect(position >= lastPosition)
                lastPosition = position
            }
            #expect(got == expected, "\(file)")
            #expect(prefetched.stats == direct.stats, "\(file)")
            total += got.count
        }
        #expect(total > 500)
    }

    /// `forEachScannedMessage`: the same messages as the direct read, each with the layout a
    /// scan of its octets finds (restored into a layout, it equals a fresh scan) and the note
    /// made for it on the decoding thread, called once per message in file order.
    @Test func scannedMessagesCarryTheirScanAndNoteOnEveryCapture() throws {
        var total = 0, wellFormed = 0
        for file in Fixtures.allCaptureFiles() {
            let path = Fixtures.path(file)
            guard let direct = try? CaptureFileReader(path: path, options: Self.options) else { continue }
            var expected: [Seen] = []
            try direct.forEachMessage { expected.append(Seen($0)) }
            let reader = try CaptureFileReader(path: path, options: Self.options)
            let counter = NoteCounter()
            var got: [Seen] = []
            var restored = MessageLayout()
            try reader.forEachScannedMessage(chunks: 2, chunkBytes: 1 << 16, note: { m, layout in
                counter.calls += 1
                return counter.calls * 1000 + layout.entries.count
            }) { m, scan, _ in
                got.append(Seen(m))
                var fresh = MessageLayout()
                fresh.scan(m.payload)
                #expect(scan.isWellFormed == (fresh.error == nil), "\(file) message \(got.count)")
                #expect(scan.note == got.count * 1000 + fresh.entries.count, "\(file) message \(got.count)")
                if scan.isWellFormed {
                    restored.restore(id: scan.id, flags: scan.flags, extendedRCode: scan.extendedRCode, entries: scan.entries)
                    #expect(restored.entries == fresh.entries && restored.id == fresh.id && restored.flags == fresh.flags
                            && restored.rcode == fresh.rcode && restored.error == nil, "\(file) message \(got.count)")
                    wellFormed += 1
                }
            }
            #expect(got == expected, "\(file)")
            #expect(counter.calls == expected.count, "\(file)")
            total += got.count
        }
        #expect(total > 500)
        #expect(wellFormed > 500)
    }

    /// A capture made here: `count` UDP DNS messages (raw IPv4), message `i` with ID `i` and
    /// `i % 300` octets after its header, so that chunks fill and are reused many times.
    static func syntheticCapture(count: Int) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("prefetch-\(UUID().uuidString).pcap").path
        var file = Data([0xD4, 0xC3, 0xB2, 0xA1, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0, 0, 101, 0, 0, 0])
        for i in 0..<count {
            var dns: [UInt8] = [UInt8(i >> 8 & 0xFF), UInt8(i & 0xFF), 1, 0, 0, 0, 0, 0, 0, 0, 0, 0]
            dns += [UInt8](repeating: UInt8(i % 251), count: i % 300)
            let udpLength = 8 + dns.count
            var udp: [UInt8] = [0x9C, 0x40, 0, 53, UInt8(udpLength >> 8), UInt8(udpLength & 0xFF), 0, 0]
            udp += dns
            let ipLength = 20 + udp.count
            var ip: [UInt8] = [0x45, 0, UInt8(ipLength >> 8), UInt8(ipLength & 0xFF), 0, 0, 0, 0, 64, 17, 0, 0,
                               192, 0, 2, 1, 198, 51, 100, 53]
            ip += udp
            for v in [UInt32(1_700_000_000 + i), 0, UInt32(ip.count), UInt32(ip.count)] {
                withUnsafeBytes(of: v.littleEndian) { file.append(contentsOf: $0) }
            }
            file.append(contentsOf: ip)
        }
        try file.write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func manyChunksInOrder() throws {
        let path = try Self.syntheticCapture(count: 20_000)
        defer { try? FileManager.default.removeItem(atPath: path) }
        var ids: [Int] = []
        var sizes: [Int] = []
        let reader = try CaptureFileReader(path: path)
        try reader.forEachMessagePrefetched(chunks: 2, chunkBytes: 1 << 16) { m, _ in
            ids.append(Int(m.payload[0]) << 8 | Int(m.payload[1]))
            sizes.append(m.payload.count)
        }
        #expect(ids == Array(0..<20_000))
        #expect(sizes == (0..<20_000).map { 12 + $0 % 300 })
        #expect(reader.stats.udpMessages == 20_000)
    }

    struct Stop: Error {}

    /// A body that throws stops the decoding thread (waiting for a free chunk by then);
    /// the error comes back and nothing hangs.
    @Test func aThrowingBodyStopsTheReading() throws {
        let path = try Self.syntheticCapture(count: 20_000)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let reader = try CaptureFileReader(path: path)
        var seen = 0
        #expect(throws: Stop.self) {
            try reader.forEachMessagePrefetched(chunks: 2, chunkBytes: 1 << 16) { _, _ in
                seen += 1
                if seen == 100 { throw Stop() }
            }
        }
        #expect(seen == 100)
        #expect(reader.stats.udpMessages < 20_000)
    }
}

/// Counts the decoding thread's note calls (read back after the thread is joined).
private final class NoteCounter: @unchecked Sendable {
    var calls = 0
}
