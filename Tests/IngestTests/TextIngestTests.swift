import DNSWire
import FluxModel
import Foundation
import Ingest
import Pipeline
import Store
import Testing
import TestSupport

/// The text and dnstap formats end to end: `fluxscope ingest`'s pipeline (format detection,
/// reader, batching, SQLite) must store exactly the sightings that the format's reader
/// produces on its own, counted from the reader's observations by hand here; and a Zeek
/// dns.log must say the same as the trace it was made from.
@Suite struct TextIngestTests {
    /// What a sighting is reduced to for comparison: the key with the name lower-cased
    /// (the store keys names case-insensitively), the count and the TTL and time range.
    struct Tally: Equatable, CustomStringConvertible {
        var count = 0
        var minTTL: UInt32?
        var maxTTL: UInt32?
        var first = Double.infinity
        var last = -Double.infinity
        var description: String { "\(count)x ttl \(minTTL.map(String.init) ?? "-")..\(maxTTL.map(String.init) ?? "-") \(first)..\(last)" }
    }

    static func key(_ name: DNSName, _ type: RecordType, _ data: RData) -> String {
        "\(name.lowercased) \(type) \(data.presentation(type: type))"
    }

    /// The sightings a list of observations must give, computed without the code under test.
    static func expected(_ observations: [Observation]) -> [String: Tally] {
        var tallies: [String: Tally] = [:]
        for o in observations {
            var t = tallies[key(o.name, o.type, o.data), default: Tally()]
            t.count += o.weight
            if let ttl = o.ttl {
                t.minTTL = min(t.minTTL ?? ttl, ttl)
                t.maxTTL = max(t.maxTTL ?? ttl, ttl)
            }
            t.first = min(t.first, o.time)
            t.last = max(t.last, o.time)
            tallies[key(o.name, o.type, o.data)] = t
        }
        return tallies
    }

    static func stored(_ store: SQLiteStore) async throws -> [String: Tally] {
        var tallies: [String: Tally] = [:]
        for try await s in store.allSightings() {
            let k = key(s.key.name, s.key.type, s.key.data)
            #expect(tallies[k] == nil, "two sightings for \(k)")
            tallies[k] = Tally(count: s.count, minTTL: s.minTTL, maxTTL: s.maxTTL, first: s.firstSeen, last: s.lastSeen)
        }
        return tallies
    }

    /// One sample file per format, from ../shared/data, the Debian packages or the tests'
    /// fixtures (dig against NSD), written into `scratch` where it has to be unwrapped.
    static func samples(in scratch: Scratch) throws -> [(format: String, path: String)] {
        let shared = TestData.shared
        var files: [(String, String)] = []
        // Zeek: every baseline dns.log, with the times btest masked put back.
        for (i, url) in try ZeekReaderTests.dnsLogs().enumerated() {
            let path = scratch.path("zeek-\(i).log")
            try ZeekReaderTests.unmasked(url).write(toFile: path, atomically: true, encoding: .utf8)
            files.append(("zeek", path))
        }
        let cof = scratch.path("sample.cof.jsonl")
        try PassiveDNSJSONReaderTests.fixtureLines("domain.json").filter { $0.contains("\"time_first\"") }.map { line -> String in
            // DNSDB's v1 records are COF records with DNSDB's extra fields: keep the COF ones.
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
            let cofOnly = object.filter { ["rrname", "rrtype", "rdata", "time_first", "time_last", "count", "bailiwick"].contains($0.key) }
            return String(decoding: try JSONSerialization.data(withJSONObject: cofOnly, options: [.sortedKeys]), as: UTF8.self)
        }.joined(separator: "\n").write(toFile: cof, atomically: true, encoding: .utf8)
        files.append(("cof", cof))
        for (fixture, wrap) in [("domain.json", false), ("ip.json", true), ("ipv6.json", false)] {
            let path = scratch.path("dnsdb-\(fixture).jsonl")
            // A v2 stream ends with its `cond` line.
            try (PassiveDNSJSONReaderTests.fixtureLines(fixture, wrap: wrap) + (wrap ? [#"{"cond":"succeeded"}"#] : [])).joined(separator: "\n")
                .write(toFile: path, atomically: true, encoding: .utf8)
            files.append(("dnsdb", path))
        }
        let passivedns = scratch.path("passivedns.log")
        try TestData.passiveDNSReadmeLines().write(toFile: passivedns, atomically: true, encoding: .utf8)
        files.append(("passivedns", passivedns))
        files.append(("dig", TestEnvironment.packageRoot.appendingPathComponent("Tests/IngestTests/Fixtures/dig-nsd-flux-test.txt").path))
        files.append(("zone", "/usr/share/dns/root.hints"))
        files.append(("dnstap", shared.appendingPathComponent("captures/go-dnscollector/dnstap/dnstap.fstrm").path))
        return files
    }

    static var options: ReadOptions {
        var o = ReadOptions()
        o.snapshotTime = 1_700_000_000
        o.origin = .root
        return o
    }

    @Test func everyFormatStoresWhatItsReaderReads() async throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let samples = try Self.samples(in: scratch)
        try #require(samples.count >= 35)
        var observations: [Observation] = []
        var outcomes = 0
        var formats: Set<String> = []
        for (format, path) in samples {
            let sink = try Self.readAlone(path, options: Self.options)
            // Some of Zeek's logs hold only queries that were never answered.
            if !sink.observations.isEmpty { formats.insert(format) }
            observations += sink.observations
            outcomes += sink.outcomes.count
        }
        let expected = Self.expected(observations)
        #expect(formats == ["zeek", "cof", "dnsdb", "passivedns", "dig", "zone", "dnstap"])
        #expect(expected.count > 90)

        // Detected formats, small batches (several per file), into one store.
        let store = try await scratch.store()
        var config = IngestConfiguration()
        config.options = Self.options
        config.policy.maxDistinct = 50
        let summary = try await IngestPipeline(store: store, configuration: config).run(files: samples.map(\.path))
        #expect(summary.files.count == samples.count)
        let stored = try await Self.stored(store)
        #expect(stored.count == expected.count)
        for (k, tally) in expected where stored[k] != tally {
            Issue.record("\(k): stored \(stored[k].map(\.description) ?? "nothing"), read \(tally)")
        }
        let stats = try await store.stats()
        #expect(stats.observations == Int64(observations.count))
        #expect(outcomes > 0)

        // The same files again: recorded as ingested, nothing counted twice.
        _ = try await IngestPipeline(store: store, configuration: config).run(files: samples.map(\.path))
        #expect(try await Self.stored(store) == stored)
        try await store.close()
    }

    /// Zeek's dns.log of a trace against FluxScope's reading of the trace itself. Zeek logs
    /// the answer section only, lower-cased, without owners or types (the Zeek reader infers
    /// them and counts what it cannot place): every answer read from the log must be an
    /// answer of the trace with the same TTLs, the trace may have more only as many as the
    /// reader counted as skipped, and the negative outcomes must be the same. (Zeek's
    /// baselines for dynamic updates, the original-case policy and the GRE and GTP tunnels
    /// hold queries only, with nothing to compare; the NOTIFY one logs a DS response
    /// without its query name, which no reader can place; Zeek does not log WKS answers.)
    @Test(arguments: [
        ("zeek/Traces/dns-txt-multiple.pcap", "scripts.base.protocols.dns.multiple-txt-strings"),
        ("zeek/Traces/dns53.pcap", "scripts.base.protocols.dns.flip"),
        ("zeek/Traces/tunnels/gre-pptp.pcap", "core.tunnels.gre-pptp"),
        ("zeek/Traces/ipv6-fragmented-dns.pcap", "core.ipv6-frag"),
        ("zeek/Traces/dns-two-responses.pcap", "scripts.base.protocols.dns.duplicate-reponses"),
        ("zeek/Traces/dns-zero-RRs.pcap", "scripts.base.protocols.dns.zero-responses"),
        ("zeek/Traces/dns/mdns-no-assoc.pcap", "scripts.base.protocols.dns.mdns-no-assoc"),
        ("zeek/Traces/dns-spf.pcap", "scripts.base.protocols.dns.spf"),
        ("zeek/Traces/dns/dns-binds.pcap", "scripts.base.protocols.dns.binds"),
        ("zeek/Traces/dns/tkey.pcap", "scripts.base.protocols.dns.tkey"),
        ("zeek/Traces/tunnels/gre-over-udp-4754.pcap", "core.tunnels.gre-over-udp"),
        ("zeek/Traces/dnssec/rrsig.pcap", "scripts.base.protocols.dns.rrsig"),
        ("zeek/Traces/dnssec/nsec.pcap", "scripts.base.protocols.dns.nsec"),
        ("zeek/Traces/dnssec/nsec3.pcap", "scripts.base.protocols.dns.nsec3"),
        ("zeek/Traces/dnssec/nsec3param.pcap", "scripts.base.protocols.dns.nsec3param"),
        ("zeek/Traces/dnssec/ds.pcap", "scripts.base.protocols.dns.ds"),
        ("zeek/Traces/dnssec/dnskey.pcap", "scripts.base.protocols.dns.dnskey"),
    ])
    func zeekLogSaysWhatTheTraceSays(trace: String, baseline: String) throws {
        let fromLog = try read(.zeek, text: try ZeekReaderTests.log(baseline))
        #expect(fromLog.sink.problems.isEmpty, "\(fromLog.sink.problems)")
        var ports = ReadOptions()
        ports.ports = [53, 5353]  // Zeek analyses mDNS too
        let traceSink = try Self.readAlone(TestData.shared.appendingPathComponent("captures/\(trace)").path, options: ports)

        func answers(_ observations: [Observation]) -> [String: Set<UInt32>] {
            var byKey: [String: Set<UInt32>] = [:]
            for o in observations where o.section == .answer {
                byKey[Self.key(o.name, o.type, o.data).lowercased(), default: []].formUnion([o.ttl].compactMap { $0 })
            }
            return byKey
        }
        func negatives(_ outcomes: [Outcome]) -> Set<String> {
            Set(outcomes.map { "\($0.name.lowercased) \($0.type) \($0.rcode)" })
        }
        let fromZeek = answers(fromLog.sink.observations)
        let fromTrace = answers(traceSink.observations)
        #expect(!fromTrace.isEmpty || !traceSink.outcomes.isEmpty, "nothing to compare in \(trace)")
        for (key, ttls) in fromZeek {
            #expect(fromTrace[key] == ttls, "\(key): Zeek \(ttls), trace \(fromTrace[key].map { "\($0)" } ?? "nothing")")
        }
        let skipped = fromLog.counter(.skippedRecords)
        #expect(fromTrace.count - fromZeek.count <= skipped, "the trace has \(Set(fromTrace.keys).subtracting(fromZeek.keys)) beyond Zeek's log, only \(skipped) skipped")
        if skipped == 0 { #expect(fromTrace.count == fromZeek.count) }
        #expect(negatives(fromLog.sink.outcomes) == negatives(traceSink.outcomes))
    }

    /// A file read by the reader of its detected format alone, as `ingest` reads it but
    /// without batching or a store.
    static func readAlone(_ path: String, options: ReadOptions) throws -> CollectingSink {
        let format = try InputFormatRegistry.standard.detect(path: path)
        let table = SourceTable()
        var sink = CollectingSink()
        try format.read(InputFile(path: path, options: options, source: table.id(Source(kind: format.sourceKind, name: path)),
                                  resolver: { table.id($0) }), into: &sink)
        #expect(sink.problems.isEmpty, "\(path): \(sink.problems.prefix(3))")
        return sink
    }
}
