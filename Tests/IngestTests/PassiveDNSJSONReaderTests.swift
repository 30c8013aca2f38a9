import DNSWire
import FluxModel
import Foundation
import Testing
@testable import Ingest

@Suite struct PassiveDNSJSONReaderTests {
    /// The `input` records of a DNSDB fixture, one JSON object per line.
    static func fixtureLines(_ file: String, wrap: Bool = false) throws -> [String] {
        let url = TestData.shared.appendingPathComponent("passive-dns/dnsdb-fixtures/\(file)")
        let doc = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
        return try (doc["input"] as! [Any]).map { record in
            let line = String(decoding: try JSONSerialization.data(withJSONObject: record, options: [.sortedKeys]), as: UTF8.self)
            return wrap ? "{\"obj\":\(line)}" : line
        }
    }

    @Test func dnsdbV1SensorAndZoneTimes() throws {
        let r = try read(.dnsdb, text: try Self.fixtureLines("domain.json").joined(separator: "\n"))
        #expect(r.sink.problems.isEmpty)
        // Record 1: count 5, first = last 2013-01-14T19:23:53Z: one observation per rdata, weight 5.
        let first = r.sink.observations.filter { $0.data == .a(IPv4Address(74, 125, 224, 64)) }
        #expect(first.map(\.time) == [1_358_191_433] && first.map(\.weight) == [5])
        #expect(r.sources.source(first[0].source).kind == .dnsdb)
        // Record 2: zone times, count 1979 from 2010-04-24T16:12:21Z to 2010-12-31T17:09:16Z.
        let zone = r.sink.observations.filter { $0.data == .a(IPv4Address(173, 194, 220, 100)) }
        #expect(zone.map(\.time) == [1_272_125_541, 1_293_815_356])
        #expect(zone.map(\.weight).reduce(0, +) == 1979)
        #expect(r.sources.source(zone[0].source).kind == .dnsdbZone)
        var sighting = Sighting(zone[0])
        sighting.add(zone[1])
        #expect(sighting.count == 1979 && sighting.firstSeen == 1_272_125_541 && sighting.lastSeen == 1_293_815_356)
        // Each rdata value at time_first and at time_last.
        #expect(r.data(.ns) == ["ns1.google.com.", "ns1.google.com.", "ns2.google.com.", "ns2.google.com."])
        #expect(r.data(.aaaa) == ["2001:4860:4001:802::1008"])
        #expect(r.sink.observations.allSatisfy { $0.ttl == nil })
        #expect(TextFormat.detect(prefix: Array(try Self.fixtureLines("ip.json").joined(separator: "\n").utf8)) == .dnsdb)
    }

    @Test func dnsdbV2Stream() throws {
        var lines = ["{\"cond\":\"begin\"}"] + (try Self.fixtureLines("ipv6.json", wrap: true)) + ["{\"cond\":\"succeeded\"}"]
        let ok = try read(.dnsdb, text: lines.joined(separator: "\n"))
        #expect(ok.sink.problems.isEmpty)
        #expect(ok.names(.aaaa) == ["dns2.tacnet.org.", "dns3.tacnet.org."])
        #expect(TextFormat.detect(prefix: Array(lines.joined(separator: "\n").utf8)) == .dnsdb)
        lines[lines.count - 1] = "{\"cond\":\"limited\",\"msg\":\"Result limit reached\"}"
        let limited = try read(.dnsdb, text: lines.joined(separator: "\n"))
        #expect(limited.problemKinds == ["dnsdb_limited"] && limited.problemLines == [4])
        #expect(limited.sink.problems[0].reason.contains("Result limit reached"))
        let cut = try read(.dnsdb, text: lines.dropLast().joined(separator: "\n"))
        #expect(cut.problemKinds == ["truncated"])
    }

    @Test func cofRecords() throws {
        let text = """
        {"count": 97167, "time_first": 1298876714, "time_last": 1428054303, "rrtype": "A", "rrname": "www.example.com", "rdata": "192.0.2.80", "sensor_id": "s1", "bailiwick": "example.com"}
        {"count": 1, "time_first": 1428054303, "time_last": 1428054303, "rrtype": "MX", "rrname": "example.com.", "rdata": ["10 mx.example.com.", "20 mx2"]}
        {"count": 3, "time_first": 1428054303, "time_last": 1428054300, "rrtype": "A", "rrname": "bad.example.", "rdata": "192.0.2.1"}
        {"count": 3, "time_first": 1428054303, "time_last": 1428054303, "rrtype": "A", "rrname": "bad.example.", "rdata": "300.0.2.1"}
        {"count": 2, "time_first": 1428054303, "time_last": 1428054303, "rrtype": "TLSA", "rrname": "_443._tcp.example.", "rdata": "3 1 1 AB"}
        """
        let r = try read(.cof, text: text)
        let www = r.sink.observations.filter { $0.name == name("www.example.com.") }
        #expect(www.map(\.time) == [1_298_876_714, 1_428_054_303] && www.map(\.weight) == [1, 97166])
        #expect(r.sources.source(www[0].source) == Source(kind: .cof, name: "s1"))
        #expect(r.data(.mx) == ["10 mx.example.com.", "20 mx2."])
        #expect(r.problemKinds == ["bad_time", "bad_rdata"] && r.problemLines == [3, 4])
        #expect(r.counter(.skippedRecords) == 1)
        #expect(TextFormat.detect(prefix: Array(text.utf8)) == .cof)
    }

    @Test func hugeCountsSaturateInsteadOfTrapping() throws {
        let line = "{\"count\": 9223372036854775807, \"time_first\": 1, \"time_last\": 2, \"rrtype\": \"A\", \"rrname\": \"x.\", \"rdata\": \"192.0.2.1\"}"
        let r = try read(.cof, text: line + "\n" + line)
        var s = Sighting(r.sink.observations[0])
        for o in r.sink.observations.dropFirst() { s.add(o) }
        #expect(s.count == Int.max)
    }

    @Test func wrongFormatAndStrict() throws {
        let garbage = (1...12).map { "not json \($0)" }.joined(separator: "\n")
        #expect { try read(.cof, text: garbage) } throws: { ($0 as? ReadError)?.code == .wrongFormat }
        var strict = ReadOptions()
        strict.strict = true
        #expect(try read(.cof, text: "{\"rrname\":1}").problemKinds == ["missing_field"])
        #expect { try read(.cof, text: "{\"rrname\":1}", options: strict) } throws: { ($0 as? IngestProblem)?.line == 1 }
    }
}
