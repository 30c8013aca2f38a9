import DNSWire
import Foundation
import Testing
@testable import PacketCapture

@Suite struct CaptureFileReaderTests {
    /// Where our frame count differs from tshark's `-Y dns` count in pcap_summary.tsv, and why.
    static let knownDifferences: [String: (ports: Set<UInt16>, dns: Int, tcp: Int, why: String)] = [
        "suricata-verify/dns-over-http2-post/dns_over_https_POST.pcap": ([53], 0, 0, "DNS over HTTP/2 on port 80 (DoH) is not DNS transport"),
        "suricata-verify/dns-over-http2/dns_over_https.pcap": ([53], 0, 0, "DoH, as above"),
        "suricata-verify/dns/dns-incomplete/input.pcap": ([53, 5353], 4, 4, "DNS over TCP on port 5353: tshark decodes it as DNS"),
        "zeek/Traces/dns-edns-ecs-bad.pcap": ([53], 3, 0, "frame 4's IPv6 payload length exceeds the frame: bad_ipv6_payload_length"),
        "zeek/Traces/tunnels/geneve-vxlan-dns-truncated.pcap": ([53], 0, 0, "DNS cut by the snapshot length: truncated_by_capture"),
        "zeek/Traces/tunnels/gre-sample.pcap": ([53], 2, 0, "2 of tshark's frames are DNS quoted inside ICMP errors"),
        "suricata-verify/dns-tcp-ts-gap/input.pcap": ([53], 4, 4,
            "the query in frame 10 follows an uncaptured segment: it is released by frame 11's ACK"),
    ]

    /// Every capture listed in pcap_summary.tsv (tshark 4.0 counts, port 53): the same frames
    /// carry DNS, the same carry DNS over TCP, and every frame is read. tshark decodes mDNS
    /// (5353) and LLMNR (5355) as separate protocols, so `-Y dns` does not count them: port 53
    /// alone is the matching set.
    @Test func summaryCountsMatch() throws {
        let rows = Fixtures.summary().filter { FileManager.default.fileExists(atPath: Fixtures.path($0.file)) }
        #expect(rows.count >= 120)
        for row in rows {
            let known = Self.knownDifferences[row.file]
            let (messages, stats) = try Fixtures.read(Fixtures.path(row.file), ports: known?.ports ?? [53])
            #expect(stats.packets == row.frames, "\(row.file)")
            #expect(messages.frames.count == (known?.dns ?? row.dns), "\(row.file)")
            #expect(messages.filter { $0.transport == .tcp }.frames.count == (known?.tcp ?? row.tcp), "\(row.file)")
        }
    }

    /// Frame-by-frame against tshark run now, where tshark is installed.
    @Test(arguments: ["zeek/Traces/wikipedia.pcap", "zeek/Traces/dns-edns-ecs.pcap", "suricata-verify/dns/bug-1158/input.pcap",
                      "suricata-verify/dns/dns-answer-emptydata/input.pcap", "zeek/Traces/dns-inverse-query.pcap",
                      "zeek/Traces/dns/ech.pcap", "suricata-verify/pcaps/20250224-dns-additionals-with-cname.pcap"])
    func framesMatchTshark(_ file: String) throws {
        let path = Fixtures.path(file)
        guard let expected = Fixtures.tsharkFrames(path) else { return }
        #expect(try Fixtures.read(path).messages.frames == expected)
    }

    @Test func mdnsAndLLMNRNeedTheirPorts() throws {
        let mdns = Fixtures.path("zeek/Traces/dns/mdns.pcap")
        #expect(try Fixtures.read(mdns).messages.isEmpty)
        let frames = try Fixtures.read(mdns, ports: [5353]).messages.frames
        #expect(frames.count == 18)
        if let expected = Fixtures.tsharkFrames(mdns, filter: "mdns") { #expect(frames == expected) }
        let wiki = Fixtures.path("zeek/Traces/wikipedia.pcap")
        let llmnr = try Fixtures.read(wiki, ports: [5355]).messages.frames
        if let expected = Fixtures.tsharkFrames(wiki, filter: "llmnr") { #expect(llmnr == expected) }
        #expect(llmnr.count == 8)
    }

    @Test(arguments: ["dns-edns-ecs", "dns-two-responses", "dns53", "dnsdump_tcp", "dnsdump_udp_truncated+tcp_fragmented",
                      "ipv6-fragmented-dns", "wikipedia"])
    func pcapngGivesTheSameMessages(_ name: String) throws {
        let pcapng = try Fixtures.read(Fixtures.path("pcapng/\(name).pcapng"))
        let original = Fixtures.allCaptureFiles().first { $0.hasSuffix("/\(name).pcap") && !$0.hasPrefix("pcapng/") }
        let pcap = try Fixtures.read(Fixtures.path(try #require(original)))
        #expect(!pcap.messages.isEmpty)
        #expect(pcapng.messages == pcap.messages)
        #expect(pcapng.stats.packets == pcap.stats.packets)
    }

    @Test func timestampsKeepNanoseconds() throws {
        let path = Fixtures.path("zeek/Traces/dns53.pcap")
        let message = try #require(try Fixtures.read(path).messages.first)
        #expect(message.timestamp.seconds > 900_000_000)
        #expect(message.timestamp.nanoseconds % 1000 == 0)  // a microsecond pcap, scaled to ns
        #expect(abs(message.timestamp.timeInterval - Double(message.timestamp.seconds)) < 1)
    }

    /// Every capture we have, with mDNS and LLMNR ports too: no crash, in bounded time.
    @Test func everyCaptureReadsSafely() throws {
        let start = ContinuousClock.now
        let files = Fixtures.allCaptureFiles()
        #expect(files.count >= 130)
        for file in files {
            let reader = try CaptureFileReader(path: Fixtures.path(file), options: CaptureOptions(dnsPorts: [53, 5353, 5355]))
            try reader.forEachMessage { message in
                #expect(message.payload.count <= 65535)
            }
            #expect(reader.stats.packets > 0, "\(file)")
            #expect(reader.stats.endedEarly == nil, "\(file)")
        }
        #expect(ContinuousClock.now - start < .seconds(60))
    }

    @Test func missingAndGarbageFilesThrowCannotOpen() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pcap-tests-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let garbage = dir.appendingPathComponent("garbage.pcap").path
        _ = FileManager.default.createFile(atPath: garbage, contents: Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 * 7) }))
        let empty = dir.appendingPathComponent("empty.pcap").path
        _ = FileManager.default.createFile(atPath: empty, contents: Data())
        for path in [garbage, empty, dir.appendingPathComponent("missing.pcap").path] {
            #expect {
                _ = try CaptureFileReader(path: path)
            } throws: { error in
                (error as? CaptureError)?.code == .cannotOpen && !(error as! CaptureError).reason.isEmpty
            }
        }
    }

    @Test func unsupportedLinkTypeIsRefused() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("linktype147-\(getpid()).pcap").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        // pcap header: magic, v2.4, zone, sigfigs, snaplen 65535, linktype 147 (USER0), little-endian.
        let header: [UInt8] = [0xD4, 0xC3, 0xB2, 0xA1, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0, 0, 147, 0, 0, 0]
        _ = FileManager.default.createFile(atPath: path, contents: Data(header))
        #expect(throws: CaptureError.self) { _ = try CaptureFileReader(path: path) }
    }

    @Test(arguments: ["go-dnscollector/pcap/dnsdump_udp.pcap", "pcapng/wikipedia.pcapng"])
    func truncatedFileIsReportedNotFatal(_ file: String) throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: Fixtures.path(file)))
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("cut-\(getpid())-\(data.count)").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        _ = FileManager.default.createFile(atPath: path, contents: data.prefix(data.count - 30))
        let full = try Fixtures.read(Fixtures.path(file))
        let (messages, stats) = try Fixtures.read(path)
        #expect(stats.endedEarly?.contains("truncated") == true, "\(stats.endedEarly ?? "nil")")
        #expect(messages.count >= full.messages.count - 1 && messages.count < full.messages.count + 1)
        #expect(stats.packets == full.stats.packets - 1)
        #expect(throws: CaptureError.self) {
            try CaptureFileReader(path: path, failOnTruncation: true).forEachMessage { _ in }
        }
    }

    @Test func errorsFromTheBodyStopReading() throws {
        struct Stop: Error {}
        let reader = try CaptureFileReader(path: Fixtures.path("go-dnscollector/pcap/dnsdump_udp.pcap"))
        var seen = 0
        #expect(throws: Stop.self) {
            try reader.forEachMessage { _ in
                seen += 1
                if seen == 3 { throw Stop() }
            }
        }
        #expect(seen == 3)
        #expect(reader.stats.udpMessages == 3)
    }
}
