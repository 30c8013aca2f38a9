import DNSWire
import Testing
@testable import PacketCapture

/// Tunnels (FrameDecoder+Tunnels.swift): real Zeek traces and hand-built headers.
@Suite struct FrameDecoderTunnelTests {
    @Test(arguments: [
        ("zeek/Traces/tunnels/gre-sample.pcap", 2, 1),  // tshark also counts 2 DNS queries quoted in ICMP errors
        ("zeek/Traces/tunnels/gre-pptp.pcap", 2, 2),  // IPv4-in-IPv6, then enhanced GRE + PPP
        ("zeek/Traces/tunnels/gre-over-udp-4754.pcap", 4, 1),
        ("zeek/Traces/tunnels/vxlan-triple-v2.pcap", 1, 3),
        ("zeek/Traces/tunnels/gtp/gtp3_false_gtp.pcap", 1, 0),  // port 2152 → 53: DNS, not GTP
    ])
    func realTunnels(_ file: String, _ count: Int, _ depth: Int) throws {
        let (messages, _) = try Fixtures.read(Fixtures.path(file))
        #expect(messages.count == count)
        #expect(messages.allSatisfy { $0.tunnelDepth == depth })
    }

    @Test func snaplenCutTunnelIsCountedNotDelivered() throws {
        // Geneve → VXLAN → DNS, cut by the snapshot length inside the DNS message.
        let (messages, stats) = try Fixtures.read(Fixtures.path("zeek/Traces/tunnels/geneve-vxlan-dns-truncated.pcap"))
        #expect(messages.isEmpty)
        #expect(stats.malformed[.truncatedByCapture] == 2)
        #expect(stats.tunnelsDecapsulated == 4)
    }

    static let inner = Build.ipv4(proto: 17, Build.udp(40000, 53, Build.query()))

    static let cases: [(String, [UInt8])] = [
        ("GRE plain", Build.ipv4(proto: 47, [0, 0, 0x08, 0x00] + inner)),
        ("GRE checksum+key+seq", Build.ipv4(proto: 47, [0xB0, 0, 0x08, 0x00] + [UInt8](repeating: 9, count: 12) + inner)),
        ("GRE TEB", Build.ipv4(proto: 47, [0x20, 0, 0x65, 0x58, 0, 0, 0, 1] + Build.ethernet(0x0800, inner))),
        ("ERSPAN II", Build.ipv4(proto: 47, [0x10, 0, 0x88, 0xBE, 0, 0, 0, 1] + [UInt8](repeating: 0, count: 8) + Build.ethernet(0x0800, inner))),
        ("ERSPAN III", Build.ipv4(proto: 47, [0x10, 0, 0x22, 0xEB, 0, 0, 0, 1] + [UInt8](repeating: 0, count: 12) + Build.ethernet(0x0800, inner))),
        ("IPIP", Build.ipv4(proto: 4, inner)),
        ("6in4", Build.ipv4(proto: 41, Build.ipv6(next: 17, Build.udp(40000, 53, Build.query())))),
        ("VXLAN", Build.ipv4(proto: 17, Build.udp(1234, 4789, [0x08, 0, 0, 0, 0, 0, 1, 0] + Build.ethernet(0x0800, inner)))),
        ("Geneve", Build.ipv4(proto: 17, Build.udp(1234, 6081, [0x01, 0, 0x65, 0x58, 0, 0, 1, 0, 1, 2, 3, 4] + Build.ethernet(0x0800, inner)))),
        ("GTP-U ext", Build.ipv4(proto: 17, Build.udp(2152, 2152, [0x34, 0xFF] + Build.be16(inner.count + 8) + [0, 0, 0, 1]
            + [0, 0, 0, 0x85] + [1, 0, 0, 0] + inner))),
    ]

    @Test(arguments: 0..<cases.count) func builtTunnels(_ index: Int) {
        let (name, packet) = FrameDecoderTunnelTests.cases[index]
        let (messages, stats) = Fixtures.decode([Build.ethernet(0x0800, packet)])
        #expect(messages.count == 1, "\(name): \(stats)")
        #expect(messages.first?.tunnelDepth == 1, "\(name)")
        #expect(messages.first?.payload == Build.query(), "\(name)")
    }

    @Test func tunnelsCanBeTurnedOff() {
        let (messages, stats) = Fixtures.decode([Build.ethernet(0x0800, Self.cases[0].1)],
                                                options: CaptureOptions(decapsulateTunnels: false))
        #expect(messages.isEmpty && stats.nonDNSPackets == 1)
    }

    @Test func nestingIsBounded() {
        var packet = Self.inner
        for _ in 0..<20 { packet = Build.ipv4(proto: 4, packet) }
        let (messages, stats) = Fixtures.decode([Build.ethernet(0x0800, packet)])
        #expect(messages.isEmpty)
        #expect(stats.malformed[.tunnelTooDeep] == 1)
        #expect(stats.tunnelsDecapsulated == 8)
    }
}
