import DNSWire
import Testing
@testable import PacketCapture

@Suite struct TCPReassemblerTests {
    static let q1 = Build.query(id: 1), q2 = Build.query(id: 2), q3 = Build.query(id: 3)
    /// Bytes of one framed query on the wire.
    static let n = UInt32(Build.framed(Build.query()).count)

    /// Real DNS-over-TCP captures: frame numbers of completed messages equal tshark's.
    @Test(arguments: ["go-dnscollector/pcap/dnsdump_tcp.pcap",
                      "go-dnscollector/pcap/dnsdump_tcp_fastopen.pcap",
                      "go-dnscollector/pcap/dnsdump_udp+tcp.pcap",
                      "go-dnscollector/pcap/dnsdump_udp_truncated+tcp_fragmented.pcap",
                      "suricata-verify/dns/dns-tcp-multirequest-buffer/dns-tcp-multirequest-buffer.pcap",
                      "suricata-verify/dns/dns-tcp-www-google-com/dns.pcap",
                      "suricata-verify/dns-reversed-tcp-1/dns.pcap",
                      "suricata-verify/issues/issue-4759.1/tcpdns.pcap",
                      "zeek/Traces/dns-edns-tcp-keepalive.pcap",
                      "zeek/Traces/dns/tkey.pcap"])
    func realStreamsMatchTshark(_ file: String) throws {
        let path = Fixtures.path(file)
        let (messages, stats) = try Fixtures.read(path)
        #expect(stats.tcpMessages > 0)
        if let expected = Fixtures.tsharkFrames(path) {
            #expect(messages.frames == expected)
        }
    }

    @Test func severalMessagesPerSegmentInRealCapture() throws {
        // 20 responses arrive packed into few segments (suricata-verify dns-tcp-multirequest-buffer).
        let (messages, _) = try Fixtures.read(Fixtures.path(
            "suricata-verify/dns/dns-tcp-multirequest-buffer/dns-tcp-multirequest-buffer.pcap"))
        let perFrame = Dictionary(grouping: messages, by: \.frame)
        #expect(perFrame.values.contains { $0.count > 1 })
        #expect(messages.allSatisfy { $0.transport == .tcp && $0.payload.count >= 12 })
    }

    @Test func tcpFastOpenDataOnSYN() throws {
        let (messages, stats) = try Fixtures.read(Fixtures.path("go-dnscollector/pcap/dnsdump_tcp_fastopen.pcap"))
        #expect(messages.count == 8)
        #expect(stats.tcp.midstreamStarts == 0)
        let syn = Build.tcpFrame(seq: 100, flags: Build.syn, Build.framed(Self.q1))
        let (built, _) = Fixtures.decode([syn])
        #expect(built.first?.payload == Self.q1)
    }

    @Test func gapInRealCaptureIsReleasedByTheAck() throws {
        // suricata-verify dns-tcp-ts-gap: one query segment was never captured; its peer ACKed it.
        let (messages, stats) = try Fixtures.read(Fixtures.path("suricata-verify/dns-tcp-ts-gap/input.pcap"))
        #expect(messages.filter { $0.destinationPort == 53 }.count == 2)
        #expect(messages.filter { $0.sourcePort == 53 }.count == 3)
        #expect(stats.tcp.gaps == 1)
    }

    @Test func severalMessagesInOneSegment() {
        let data = Build.framed(Self.q1) + Build.framed(Self.q2) + Build.framed(Self.q3)
        let (messages, stats) = Fixtures.decode([Build.tcpFrame(seq: 1, flags: Build.syn, []),
                                                 Build.tcpFrame(seq: 2, data)])
        #expect(messages.map(\.payload) == [Self.q1, Self.q2, Self.q3])
        #expect(messages.allSatisfy { $0.frame == 2 })
        #expect(stats.tcpMessages == 3)
    }

    @Test func messageSplitAcrossSegmentsCompletesInTheLastOne() {
        let data = Build.framed(Self.q1) + Build.framed(Self.q2)
        let cuts = [1, 20, 30]  // inside the first length, the first message, the second length
        var frames = [Build.tcpFrame(seq: 0, flags: Build.syn, [])]
        var start = 0
        for cut in cuts + [data.count] {
            frames.append(Build.tcpFrame(seq: UInt32(1 + start), Array(data[start..<cut])))
            start = cut
        }
        let (messages, _) = Fixtures.decode(frames)
        #expect(messages.map(\.payload) == [Self.q1, Self.q2])
        #expect(messages.map(\.frame) == [4, 5])
    }

    @Test func retransmissionsAreIgnored() {
        let a = Build.tcpFrame(seq: 1, Build.framed(Self.q1))
        let b = Build.tcpFrame(seq: 1 + Self.n, Build.framed(Self.q2))
        let (messages, stats) = Fixtures.decode([Build.tcpFrame(seq: 0, flags: Build.syn, []), a, a, b, a, b])
        #expect(messages.map(\.payload) == [Self.q1, Self.q2])
        #expect(stats.tcp.retransmissions == 3)
    }

    @Test func outOfOrderSegmentsAreReordered() {
        let a = Build.tcpFrame(seq: 1, Build.framed(Self.q1))
        let b = Build.tcpFrame(seq: 1 + Self.n, Build.framed(Self.q2))
        let c = Build.tcpFrame(seq: 1 + 2 * Self.n, Build.framed(Self.q3))
        let (messages, stats) = Fixtures.decode([Build.tcpFrame(seq: 0, flags: Build.syn, []), c, b, a])
        #expect(messages.map(\.payload) == [Self.q1, Self.q2, Self.q3])
        #expect(stats.tcp.outOfOrder == 2 && stats.tcp.gaps == 0)
    }

    @Test func unfinishedHugeMessageIsBoundedAndCounted() {
        // Declares 65535 bytes, sends 10,000 in 1,000-byte segments, never finishes.
        var frames = [Build.tcpFrame(seq: 0, flags: Build.syn, [])]
        var seq: UInt32 = 1
        frames.append(Build.tcpFrame(seq: seq, [0xFF, 0xFF] + [UInt8](repeating: 7, count: 998)))
        seq += 1000
        for _ in 0..<9 {
            frames.append(Build.tcpFrame(seq: seq, [UInt8](repeating: 7, count: 1000)))
            seq += 1000
        }
        let (messages, stats) = Fixtures.decode(frames)
        #expect(messages.isEmpty)
        #expect(stats.tcp.bufferedBytesAtEnd == 10_000)
        #expect(stats.tcp.incompleteMessages == 1)
    }

    @Test func gapBeyondTheHoldLimitResynchronises() {
        var limits = CaptureLimits()
        limits.maxOutOfOrderSegments = 2
        // q1, then a lost segment (q2), then q3 and more: the stream gives up on q2.
        var frames = [Build.tcpFrame(seq: 0, flags: Build.syn, []), Build.tcpFrame(seq: 1, Build.framed(Self.q1))]
        var seq: UInt32 = 1 + 2 * Self.n
        for id in 3...6 {
            frames.append(Build.tcpFrame(seq: seq, Build.framed(Build.query(id: UInt16(id)))))
            seq += Self.n
        }
        let (messages, stats) = Fixtures.decode(frames, options: CaptureOptions(limits: limits))
        #expect(messages.map { $0.payload[1] } == [1, 3, 4, 5, 6])
        #expect(stats.tcp.gaps == 1)
    }

    @Test func midStreamStartSkipsToAMessageBoundary() {
        let data = Build.framed(Self.q1) + Build.framed(Self.q2)
        // The capture starts inside q1 (no SYN); the next segment begins q2.
        let (messages, stats) = Fixtures.decode([Build.tcpFrame(seq: 500, Array(data[10..<29])),
                                                 Build.tcpFrame(seq: 519, Array(data[29...]))])
        #expect(messages.map(\.payload) == [Self.q2])
        #expect(stats.tcp.midstreamStarts == 1 && stats.tcp.resyncSkippedBytes == 19)
    }

    @Test func resetDropsAPartialMessage() {
        let (messages, stats) = Fixtures.decode([
            Build.tcpFrame(seq: 0, flags: Build.syn, []),
            Build.tcpFrame(seq: 1, Array(Build.framed(Self.q1).prefix(10))),
            Build.tcpFrame(seq: 11, flags: Build.rst, []),
            Build.tcpFrame(seq: 11, Array(Build.framed(Self.q1).dropFirst(10))),
        ])
        #expect(messages.isEmpty)
        #expect(stats.tcp.incompleteMessages == 1)
    }

    @Test func zeroLengthPrefixIsNamed() {
        let (messages, stats) = Fixtures.decode([
            Build.tcpFrame(seq: 0, flags: Build.syn, []),
            Build.tcpFrame(seq: 1, [0, 0] + Build.framed(Self.q1)),
        ])
        #expect(messages.map(\.payload) == [Self.q1])
        #expect(stats.malformed[.zeroLengthTCPMessage] == 1)
    }

    @Test func streamCapEvictsTheOldest() {
        var limits = CaptureLimits()
        limits.maxTCPStreams = 16
        var frames: [[UInt8]] = []
        for port in 0..<200 {
            frames.append(Build.tcpFrame(seq: 1, flags: Build.syn, [], sport: 10_000 + port))
        }
        let (_, stats) = Fixtures.decode(frames, options: CaptureOptions(limits: limits))
        #expect(stats.tcp.streams == 200)
        #expect(stats.tcp.streamsEvicted >= 184)
    }

    @Test func byteCapEvictsStreamsHoldingData() {
        var limits = CaptureLimits()
        limits.maxTCPBufferedBytes = 100_000
        var decoder = FrameDecoder(linkType: .ethernet, options: CaptureOptions(limits: limits))
        for port in 0..<100 {
            let frame = Build.tcpFrame(seq: 1, [0xFF, 0xFF] + [UInt8](repeating: 0, count: 1400), sport: 20_000 + port)
            frame.withUnsafeBytes { raw in
                decoder.decode(timestamp: CaptureTimestamp(seconds: 1, nanoseconds: 0), frame: raw) { _ in }
            }
            #expect(decoder.streams.heldBytes <= 100_000)
        }
        #expect(decoder.stats.tcp.streamsEvicted > 0)
    }

    @Test func idleStreamsExpire() {
        let (_, stats) = Fixtures.decode([
            Build.tcpFrame(seq: 1, [0, 40, 1, 2, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1]),
            Build.tcpFrame(seq: 1, flags: Build.syn, [], sport: 999),
        ], times: [0, 10_000])
        #expect(stats.tcp.streamsExpired == 1)
        #expect(stats.tcp.incompleteMessages == 1)
    }
}
