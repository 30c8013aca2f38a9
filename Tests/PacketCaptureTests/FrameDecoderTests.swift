import DNSWire
import Testing
@testable import PacketCapture

@Suite struct FrameDecoderTests {
    @Test func udpQueryGivesEndpointsPayloadAndTime() {
        let (messages, stats) = Fixtures.decode([Build.udpQueryFrame(id: 0xBEEF)])
        #expect(messages.count == 1)
        let m = messages[0]
        #expect(m.source == IPAddress("192.0.2.1"))
        #expect(m.destination == IPAddress("192.0.2.53"))
        #expect(m.sourcePort == 40000 && m.destinationPort == 53)
        #expect(m.transport == .udp && m.frame == 1 && m.tunnelDepth == 0)
        #expect(m.payload == Build.query(id: 0xBEEF))
        #expect(m.timestamp == CaptureTimestamp(seconds: 1_700_000_000, nanoseconds: 5))
        #expect(stats.udpMessages == 1 && stats.packets == 1 && stats.malformed.isEmpty)
    }

    @Test func nonDNSPortsAreSkipped() {
        let frame = Build.ethernet(0x0800, Build.ipv4(proto: 17, Build.udp(40000, 123, Build.query())))
        let arp = Build.ethernet(0x0806, [UInt8](repeating: 0, count: 28))
        let (messages, stats) = Fixtures.decode([frame, arp])
        #expect(messages.isEmpty)
        #expect(stats.nonDNSPackets == 2)
    }

    @Test func portSetMatchesEitherSide() {
        let reply = Build.ethernet(0x0800, Build.ipv4(proto: 17, Build.udp(5353, 5353, Build.query())))
        #expect(Fixtures.decode([reply]).messages.isEmpty)
        #expect(Fixtures.decode([reply], options: CaptureOptions(dnsPorts: [5353])).messages.count == 1)
    }

    static let ip4 = Build.ipv4(proto: 17, Build.udp(40000, 53, Build.query()))
    static let ip6 = Build.ipv6(next: 17, Build.udp(40000, 53, Build.query()))

    /// Every link type the decoder claims, each with one IPv4 or IPv6 query.
    static let linkCases: [(String, LinkType, [UInt8])] = [
        ("ethernet", .ethernet, Build.ethernet(0x0800, ip4)),
        ("ethernet v6", .ethernet, Build.ethernet(0x86DD, ip6)),
        ("802.3 LLC/SNAP", .ethernet, [UInt8](repeating: 1, count: 12) + Build.be16(8 + ip4.count)
            + [0xAA, 0xAA, 0x03, 0, 0, 0] + Build.be16(0x0800) + ip4),
        ("SLL", .linuxSLL, [0, 0, 0, 1, 0, 6] + [UInt8](repeating: 0, count: 8) + Build.be16(0x0800) + ip4),
        ("SLL2", .linuxSLL2, Build.be16(0x86DD) + [UInt8](repeating: 0, count: 18) + ip6),
        ("raw 101", .raw, ip4), ("raw 12", .raw12, ip6), ("raw 14", .raw14, ip4),
        ("ipv4 228", .ipv4, ip4), ("ipv6 229", .ipv6, ip6),
        ("null LE AF_INET", .null, [2, 0, 0, 0] + ip4), ("null BE AF_INET", .null, [0, 0, 0, 2] + ip4),
        ("null LE 24", .null, [24, 0, 0, 0] + ip6), ("null LE 28", .null, [28, 0, 0, 0] + ip6),
        ("null BE 30", .null, [0, 0, 0, 30] + ip6), ("loop AF_INET", .loop, [0, 0, 0, 2] + ip4),
        ("fddi", .fddi, [0x50] + [UInt8](repeating: 0, count: 12) + [0xAA, 0xAA, 3, 0, 0, 0] + Build.be16(0x0800) + ip4),
        ("802.1Q", .ethernet, Build.ethernet(0x8100, Build.be16(5) + Build.be16(0x0800) + ip4)),
        ("QinQ 88a8+8100", .ethernet, Build.ethernet(0x88A8, [0, 5, 0x81, 0x00, 0, 6, 0x86, 0xDD] + ip6)),
        ("triple 9100", .ethernet, Build.ethernet(0x9100, [0, 1] + Build.vlan(0x9100, 0x8100) + [0, 3] + Build.be16(0x0800) + ip4)),
        ("MPLS two labels", .ethernet, Build.ethernet(0x8847, [0, 1, 0, 64, 0, 2, 1, 64] + ip4)),
        ("PPPoE", .ethernet, Build.ethernet(0x8864, [0x11, 0, 0, 1] + Build.be16(ip4.count + 2) + [0, 0x21] + ip4)),
    ]

    @Test(arguments: 0..<linkCases.count) func linkTypes(_ index: Int) {
        let (name, link, frame) = FrameDecoderTests.linkCases[index]
        let (messages, stats) = Fixtures.decode([frame], link: link)
        #expect(messages.count == 1, "\(name): \(stats)")
        #expect(messages.first?.payload == Build.query(), "\(name)")
    }

    @Test func tooManyVLANTagsAreBounded() {
        var tags: [UInt8] = []
        for _ in 0..<20 { tags += [0, 1, 0x81, 0x00] }
        let (messages, stats) = Fixtures.decode([Build.ethernet(0x8100, tags + Self.ip4)])
        #expect(messages.isEmpty)
        #expect(stats.malformed[.tooManyVLANTags] == 1)
    }

    @Test func ipv6ExtensionHeadersAreFollowed() {
        let udp = Build.udp(40000, 53, Build.query())
        let chain: [UInt8] = [60, 0, 1, 4, 0, 0, 0, 0]  // hop-by-hop → destination options
            + [43, 0, 1, 4, 0, 0, 0, 0]  // destination options → routing
            + [51, 0, 0, 0, 0, 0, 0, 0]  // routing (type 0, no segments left) → AH
            + [17, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1]  // AH (12 bytes) → UDP
        let (messages, _) = Fixtures.decode([Build.ethernet(0x86DD, Build.ipv6(next: 0, chain + udp))])
        #expect(messages.count == 1)
        #expect(messages.first?.payload == Build.query())
    }

    @Test func ipv6ExtensionChainIsBounded() {
        var chain: [UInt8] = []
        for _ in 0..<12 { chain += [60, 0, 1, 4, 0, 0, 0, 0] }
        let (messages, stats) = Fixtures.decode([Build.ethernet(0x86DD, Build.ipv6(next: 60, chain))])
        #expect(messages.isEmpty)
        #expect(stats.malformed[.tooManyIPv6ExtensionHeaders] == 1)
    }

    @Test func ipv4OptionsAreSkipped() {
        let frame = Build.ethernet(0x0800, Build.ipv4(proto: 17, Build.udp(1, 53, Build.query()), options: [1, 1, 1, 0]))
        #expect(Fixtures.decode([frame]).messages.first?.payload == Build.query())
    }

    @Test func ethernetPaddingIsTrimmedByIPLength() {
        let tiny = Build.ethernet(0x0800, Build.ipv4(proto: 17, Build.udp(1, 53, [1, 2, 3, 4]))) + [UInt8](repeating: 0xEE, count: 10)
        #expect(Fixtures.decode([tiny]).messages.first?.payload == [1, 2, 3, 4])
    }

    /// Named kinds for headers cut short or lying about their lengths.
    static let malformedCases: [(MalformedKind, [UInt8])] = [
        (.truncatedLinkHeader, [1, 2, 3]),
        (.truncatedIPv4Header, Build.ethernet(0x0800, Array(ip4.prefix(12)))),
        (.badIPv4HeaderLength, Build.ethernet(0x0800, [0x43] + Array(ip4.dropFirst()))),
        (.badIPv4TotalLength, Build.ethernet(0x0800, Build.ipv4(proto: 17, Build.udp(1, 53, Build.query()), totalLength: 400))),
        (.badIPv4TotalLength, Build.ethernet(0x0800, Build.ipv4(proto: 17, Build.udp(1, 53, Build.query()), totalLength: 10))),
        (.ipVersionMismatch, Build.ethernet(0x0800, ip6)),
        (.truncatedIPv6Header, Build.ethernet(0x86DD, Array(ip6.prefix(39)))),
        (.badIPv6PayloadLength, Build.ethernet(0x86DD, Build.ipv6(next: 17, Build.udp(1, 53, Build.query()), payloadLength: 900))),
        (.truncatedUDPHeader, Build.ethernet(0x0800, Build.ipv4(proto: 17, [0, 53, 0, 53]))),
        (.badUDPLength, Build.ethernet(0x0800, Build.ipv4(proto: 17, Build.udp(1, 53, Build.query(), length: 4)))),
        (.badUDPLength, Build.ethernet(0x0800, Build.ipv4(proto: 17, Build.udp(1, 53, Build.query(), length: 300)))),
        (.truncatedTCPHeader, Build.ethernet(0x0800, Build.ipv4(proto: 6, [0, 1, 0, 53, 0, 0]))),
        (.badTCPDataOffset, Build.ethernet(0x0800, Build.ipv4(proto: 6, Build.tcp(1, 53, seq: 1, [1, 2], dataOffset: 3)))),
        (.badTCPDataOffset, Build.ethernet(0x0800, Build.ipv4(proto: 6, {
            var t = Build.tcp(1, 53, seq: 1, [1, 2])
            t[12] = 0xF0  // 60-byte header in a 22-byte segment
            return t
        }()))),
        (.truncatedVLANTag, Build.ethernet(0x8100, [0, 1])),
        (.truncatedIPv6ExtensionHeader, Build.ethernet(0x86DD, Build.ipv6(next: 0, [17, 3, 0, 0, 0, 0, 0, 0]))),
    ]

    @Test(arguments: 0..<malformedCases.count) func malformedFramesAreNamed(_ index: Int) {
        let (kind, frame) = FrameDecoderTests.malformedCases[index]
        let (messages, stats) = Fixtures.decode([frame])
        #expect(messages.isEmpty)
        #expect(stats.malformed == [kind: 1], "\(kind): \(stats.malformed)")
    }

    @Test func snaplenCutIsBlamedOnTheCapture() {
        let frame = Build.udpQueryFrame()
        let cut = Array(frame.prefix(frame.count - 5))
        let (messages, stats) = Fixtures.decode([cut], wireLengths: [frame.count])
        #expect(messages.isEmpty)
        #expect(stats.malformed == [.truncatedByCapture: 1])
        #expect(stats.snaplenTruncatedPackets == 1)
    }

    @Test func everyPrefixOfValidFramesIsSafe() {
        let frames = [Build.udpQueryFrame(), Build.ethernet(0x86DD, Self.ip6),
                      Build.tcpFrame(seq: 1, Build.framed(Build.query()))]
        for frame in frames {
            for cut in 0...frame.count {
                let (messages, stats) = Fixtures.decode([Array(frame.prefix(cut))])
                #expect(messages.count == (cut == frame.count ? 1 : 0))
                #expect(stats.packets == 1)
            }
        }
    }

    @Test func randomBytesNeverCrash() {
        var rng = SplitMix(seed: 42)
        let seeds = FrameDecoderTests.linkCases.map { ($0.1, $0.2) }
        var total = 0
        for round in 0..<20_000 {
            let (link, seed) = seeds[round % seeds.count]
            var frame = seed
            for _ in 0..<(1 + Int(rng.next() % 6)) {
                frame[Int(rng.next() % UInt64(frame.count))] = UInt8(truncatingIfNeeded: rng.next())
            }
            if rng.next() % 4 == 0 { frame = Array(frame.prefix(Int(rng.next() % UInt64(frame.count + 1)))) }
            let (_, stats) = Fixtures.decode([frame], link: link)
            total += stats.packets
        }
        #expect(total == 20_000)
    }
}

/// A small deterministic generator for fuzz-style tests.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
