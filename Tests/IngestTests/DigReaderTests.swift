import DNSWire
import FluxModel
import Foundation
import TestSupport
import Testing
@testable import Ingest

@Suite struct DigReaderTests {
    static let when: Timestamp = 1_795_315_164  // Sun Nov 22 02:39:24 UTC 2026, the fixtures' ;; WHEN:

    static func fixture(_ name: String) throws -> String {
        try String(contentsOf: TestData.fixtures.appendingPathComponent(name), encoding: .utf8)
    }

    @Test func transcriptsFromNSD() throws {
        let text = try Self.fixture("dig-nsd-flux-test.txt")
        let r = try read(.dig, text: text)
        #expect(r.counter(.messages) == 6)
        // 7 + 1 + 8 + 1 + 5 + 5 records in the six full transcripts (see the fixture).
        #expect(r.sink.observations.count == 27)
        #expect(r.sink.observations.allSatisfy { $0.time == Self.when })
        #expect(r.sources.sources == [Source(kind: .dig, name: "127.0.0.1#5353(127.0.0.1)")])
        let www = r.sink.observations.prefix(7)
        #expect(www.map(\.section) == [.answer, .answer, .answer, .authority, .authority, .additional, .additional])
        #expect(www.first?.ttl == 60 && www.first?.data == .a(IPv4Address(192, 0, 2, 10)))
        let key = try #require(r.sink.observations.first { $0.type == .dnskey })
        guard case .dnskey(let flags, _, let alg, let publicKey) = key.data else { Issue.record("not a key"); return }
        #expect(flags == 257 && alg == 8 && publicKey.count == 260)
        #expect(r.data(.cname) == ["www.flux.test."] && r.names(.cname) == ["alias.flux.test."])
        #expect(r.sink.outcomes == [Outcome(name: name("nope.flux.test."), type: .a, rcode: .nxDomain, time: Self.when, source: 1)])
        #expect(r.data(.txt) == ["\"v=spf1 -all\" \"a;b \\\"quoted\\\"\""])
        #expect(r.data(.soa) == Array(repeating: "ns1.flux.test. hostmaster.flux.test. 2026010101 3600 900 1209600 60", count: 2))
        // The last transcript is `+noall +answer`: no ;; WHEN:, so no time.
        #expect(r.problemKinds == ["no_time"] && r.problemLines == [181])
        var options = ReadOptions()
        options.snapshotTime = 1_800_000_000
        let timed = try read(.dig, text: text, options: options)
        #expect(timed.sink.problems.isEmpty && timed.data(.mx) == ["10 www.flux.test."])
        #expect(TextFormat.detect(prefix: Array(text.utf8)) == .dig)
    }

    @Test(arguments: ["\r\n", "\r"])
    func otherLineEndings(_ ending: String) throws {
        let text = try Self.fixture("dig-nsd-flux-test.txt")
        let converted = text.replacingOccurrences(of: "\n", with: ending)
        let a = try read(.dig, text: text), b = try read(.dig, text: converted)
        #expect(a.sink.observations == b.sink.observations && a.sink.outcomes == b.sink.outcomes)
        #expect(b.problemLines == [181])
    }

    @Test func errorsAndMissingTimes() throws {
        let text = try Self.fixture("dig-nsd-errors.txt")
        let r = try read(.dig, text: text)
        // The stderr line before the DiG line belongs to that query: one problem, at the DiG line.
        #expect(r.problemKinds == ["dig_error", "no_time"] && r.problemLines == [3, 8])
        #expect(r.sink.problems[0].reason.contains("connection refused") && r.sink.problems[0].reason.contains("www.flux.test."))
        #expect(r.counter(.unansweredQueries) == 1)
        var options = ReadOptions()
        options.snapshotTime = 1_800_000_000
        let timed = try read(.dig, text: text, options: options)
        #expect(timed.sink.outcomes == [Outcome(name: name("1.2.0.192.in-addr.arpa."), type: .ptr, rcode: .refused,
                                                time: 1_800_000_000, source: 1)])
        #expect(timed.sources.sources.first?.name == "127.0.0.1")
    }

    @Test func truncatedTranscript() throws {
        let lines = try Self.fixture("dig-nsd-flux-test.txt").split(separator: "\n", omittingEmptySubsequences: false)
        let cut = lines.prefix(20).joined(separator: "\n")  // stops inside the answer section
        let r = try read(.dig, text: cut)
        #expect(r.problemKinds == ["truncated"] && r.sink.observations.isEmpty)
    }

    @Test func shortOutputAndWhenOffsets() throws {
        let short = """
        ; <<>> DiG 9.9.5 <<>> +short @127.0.0.1 alias.flux.test
        www.flux.test.
        192.0.2.10
        192.0.2.11
        """
        var options = ReadOptions()
        options.snapshotTime = 1_800_000_000
        let r = try read(.dig, text: short, options: options)
        #expect(r.names(.cname) == ["alias.flux.test."] && r.names(.a) == ["www.flux.test.", "www.flux.test."])
        #expect(r.sources.sources.first?.name == "127.0.0.1")
        let bare = try read(.dig, text: "192.0.2.10\n", options: options)
        #expect(bare.problemKinds == ["no_query_name"])
        #expect(DigTranscript.when("Sun Nov 22 02:39:24 UTC 2026", utcOffset: 3600) == Self.when)
        #expect(DigTranscript.when("Sun Nov 22 03:39:24 CET 2026", utcOffset: 3600) == Self.when)
        #expect(DigTranscript.when("Sun Nov 31 03:39:24 CET 2026", utcOffset: 0) == nil)
        // Found in review: a year that fits Int but not the day arithmetic used to trap.
        #expect(DigTranscript.when("Sun Nov 22 02:39:24 UTC 9223372036854775807", utcOffset: 0) == nil)
    }

    @Test func hugeTranscriptIsCutWithAProblem() throws {
        var text = "; <<>> DiG 9.18 <<>> @127.0.0.1 example. AXFR\n"
        text += String(repeating: "a.example.\t60\tIN\tA\t192.0.2.1\n", count: DigTranscript.maxRecords + 5)
        var options = ReadOptions()
        options.snapshotTime = 1
        let r = try read(.dig, text: text, options: options)
        #expect(r.sink.observations.count == DigTranscript.maxRecords)
        #expect(r.problemKinds == ["transcript_too_large"] && r.sink.problems[0].reason.hasPrefix("5 records"))
    }

    /// dig against a real NSD on loopback: the transcripts must read back to the zone's data.
    @Test func liveDigAgainstNSD() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/sbin/nsd"), FileManager.default.isExecutableFile(atPath: "/usr/bin/dig") else {
            print("skipping: nsd or dig is not installed (scripts/setup.sh installs nsd and bind9-dnsutils)")
            return
        }
        let server = try NSDServer(zones: ["flux.test": """
        $ORIGIN flux.test.
        $TTL 300
        @ IN SOA ns1 hostmaster 1 3600 900 1209600 60
        @ IN NS ns1
        ns1 IN A 127.0.0.1
        www 30 IN A 192.0.2.10
        www 30 IN A 192.0.2.11
        alias IN CNAME www
        big IN TXT "one; two" "three"
        """])
        defer { server.stop() }
        var transcript: [UInt8] = []
        for args in [["www.flux.test", "A"], ["+multiline", "flux.test", "SOA"], ["nx.flux.test"], ["big.flux.test", "TXT"]] {
            transcript += try TestData.run("/usr/bin/dig", ["-p", "\(server.port)", "@127.0.0.1", "+tries=3", "+time=2"] + args)
        }
        let r = try read(.dig, bytes: transcript)
        #expect(r.sink.problems.isEmpty, "\(r.sink.problems)")
        #expect(r.counter(.messages) == 4)
        #expect(Set(r.data(.a).prefix(2)) == ["192.0.2.10", "192.0.2.11"])
        #expect(r.sink.observations.first?.ttl == 30)
        #expect(r.sink.outcomes.map(\.rcode) == [.nxDomain])
        #expect(r.data(.txt) == ["\"one; two\" \"three\""])
        #expect(r.sources.sources.map(\.name) == ["127.0.0.1#\(server.port)(127.0.0.1)"])
    }
}
