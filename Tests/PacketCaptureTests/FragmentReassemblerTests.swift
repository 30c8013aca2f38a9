import DNSWire
import Testing
@testable import PacketCapture

@Suite struct FragmentReassemblerTests {
    /// A UDP datagram of `size` bytes split into IPv4 fragments of `chunk` bytes.
    static func v4Fragments(id: Int = 99, size: Int = 1200, chunk: Int = 512) -> (frames: [[UInt8]], dns: [UInt8]) {
        let dns = Build.query(padding: size - 29 - 8)
        let datagram = Build.udp(40000, 53, dns)
        var frames: [[UInt8]] = []
        var offset = 0
        while offset < datagram.count {
            let end = min(offset + chunk, datagram.count)
            let more = end < datagram.count
            frames.append(Build.ethernet(0x0800, Build.ipv4(proto: 17, Array(datagram[offset..<end]), id: id,
                                                            flagsOffset: (more ? 0x2000 : 0) | offset / 8)))
            offset = end
        }
        return (frames, dns)
    }

    static func v6Fragments(id: UInt32 = 5, size: Int = 1200, chunk: Int = 512) -> (frames: [[UInt8]], dns: [UInt8]) {
        let dns = Build.query(padding: size - 29 - 8)
        let datagram = Build.udp(40000, 53, dns)
        var frames: [[UInt8]] = []
        var offset = 0
        while offset < datagram.count {
            let end = min(offset + chunk, datagram.count)
            let header = Build.fragment6(next: 17, offset: offset, more: end < datagram.count, id: id)
            frames.append(Build.ethernet(0x86DD, Build.ipv6(next: 44, header + Array(datagram[offset..<end]))))
            offset = end
        }
        return (frames, dns)
    }

    @Test(arguments: ["go-dnscollector/pcap/dnsdump_ip4_fragmented+udp.pcap",
                      "go-dnscollector/pcap/dnsdump_ip4_fragmented_query.pcap",
                      "go-dnscollector/pcap/dnsdump_ip6_fragmented+udp.pcap",
                      "go-dnscollector/pcap/dnsdump_ip6_fragmented_query.pcap",
                      "zeek/Traces/ipv6-fragmented-dns.pcap"])
    func realFragmentedCapturesMatchTshark(_ file: String) throws {
        let path = Fixtures.path(file)
        let (messages, stats) = try Fixtures.read(path)
        #expect(stats.fragments.reassembled >= 1)
        #expect(stats.fragments.ipv4Fragments + stats.fragments.ipv6Fragments >= 2)
        if let expected = Fixtures.tsharkFrames(path) {
            #expect(messages.frames == expected)
        }
    }

    @Test func ipv4ReassemblyMatchesTheOriginalInAnyOrder() {
        let (frames, dns) = Self.v4Fragments()
        for order in [[0, 1, 2], [2, 1, 0], [1, 2, 0]] {
            let (messages, stats) = Fixtures.decode(order.map { frames[$0] })
            #expect(messages.count == 1)
            #expect(messages.first?.payload == dns)
            #expect(messages.first?.frame == 3)
            #expect(stats.fragments.reassembled == 1 && stats.fragments.ipv4Fragments == 3)
        }
    }

    @Test func ipv6ReassemblyMatchesTheOriginal() {
        let (frames, dns) = Self.v6Fragments()
        let (messages, stats) = Fixtures.decode(frames.reversed())
        #expect(messages.first?.payload == dns)
        #expect(stats.fragments.ipv6Fragments == 3 && stats.fragments.reassembled == 1)
    }

    @Test func ipv4OverlapKeepsTheFirstBytes() {
        let (frames, dns) = Self.v4Fragments()
        // A forged copy of the second fragment with different bytes, sent after the real one.
        var forged = frames[1]
        for i in (14 + 20)..<forged.count { forged[i] = 0xEE }
        let (messages, stats) = Fixtures.decode([frames[0], frames[1], forged, frames[2]])
        #expect(messages.first?.payload == dns)
        #expect(stats.fragments.overlaps == 1)
    }

    @Test func ipv6OverlapDropsTheDatagram() {
        let (frames, _) = Self.v6Fragments()
        let (messages, stats) = Fixtures.decode([frames[0], frames[0], frames[1], frames[2]])
        #expect(messages.isEmpty)
        #expect(stats.fragments.overlaps == 1 && stats.fragments.droppedInvalid == 1)
    }

    @Test func fragmentFloodStaysWithinTheCaps() {
        var limits = CaptureLimits()
        limits.maxConcurrentReassemblies = 64
        limits.maxReassemblyBytes = 256 << 10
        var decoder = FrameDecoder(linkType: .ethernet, options: CaptureOptions(limits: limits))
        for id in 0..<20_000 {
            // Only first fragments (and some far-offset ones): nothing ever completes.
            let offset = id % 3 == 0 ? 8000 : 0
            let frame = Build.ethernet(0x0800, Build.ipv4(proto: 17, [UInt8](repeating: 1, count: 64), id: id,
                                                          flagsOffset: 0x2000 | offset))
            frame.withUnsafeBytes { raw in
                decoder.decode(timestamp: CaptureTimestamp(seconds: 1, nanoseconds: 0), frame: raw) { _ in
                    Issue.record("no message expected")
                }
            }
            #expect(decoder.fragments.pendingDatagrams <= 64)
            #expect(decoder.fragments.pendingBytes <= 256 << 10)
        }
        // A genuine datagram still gets through afterwards.
        let (frames, dns) = Self.v4Fragments(id: 60_000)
        var got: [UInt8] = []
        for frame in frames {
            frame.withUnsafeBytes { raw in
                decoder.decode(timestamp: CaptureTimestamp(seconds: 2, nanoseconds: 0), frame: raw) { got = Array($0.payload) }
            }
        }
        #expect(got == dns)
        #expect(decoder.stats.fragments.droppedLimit > 19_000)
    }

    @Test func incompleteDatagramsTimeOut() {
        let (frames, _) = Self.v4Fragments()
        let (messages, stats) = Fixtures.decode([frames[0], frames[1], frames[2]], times: [0, 10, 100])
        #expect(messages.isEmpty)
        #expect(stats.fragments.droppedTimeout == 1)
        #expect(stats.fragments.incompleteAtEnd == 1)  // the last fragment started a new one
    }

    @Test func badFragmentsAreNamed() {
        let odd = Build.ethernet(0x0800, Build.ipv4(proto: 17, [UInt8](repeating: 0, count: 13), flagsOffset: 0x2000))
        let huge = Build.ethernet(0x0800, Build.ipv4(proto: 17, [UInt8](repeating: 0, count: 64), flagsOffset: 8190))
        let (_, stats) = Fixtures.decode([odd, huge])
        #expect(stats.malformed[.badFragment] == 2)
    }

    @Test func disagreeingEndsAreRefused() {
        let (frames, _) = Self.v4Fragments()
        let lastElsewhere = Build.ethernet(0x0800, Build.ipv4(proto: 17, [UInt8](repeating: 0, count: 16), id: 99,
                                                              flagsOffset: 200))
        let (messages, stats) = Fixtures.decode([frames[2], lastElsewhere, frames[0], frames[1]])
        #expect(messages.isEmpty)
        #expect(stats.malformed[.inconsistentFragmentLength] == 1)
    }
}
