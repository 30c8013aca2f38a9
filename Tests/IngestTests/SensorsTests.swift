import DNSWire
import FluxModel
import Foundation
import Store
import TestSupport
import Testing

/// Several sensors (`fluxscope ingest` processes on different captures) write to one shared
/// PostgreSQL at the same time.
@Suite struct SensorsTests {
    static let sensorA = ["suricata-verify/dns/bug-1158/input.pcap", "go-dnscollector/pcap/dnsdump_udp.pcap"]
        .map { TestEnvironment.shared("captures/" + $0) }
    static let sensorB = ["zeek/Traces/dns-edns-ecs.pcap", "suricata-verify/dns-over-http2-post/dns_over_https_POST.pcap"]
        .map { TestEnvironment.shared("captures/" + $0) }

    /// Runs `fluxscope ingest` as sensor `name` on `files` into `url`; returns the process.
    func ingest(_ files: [String], sensor name: String, into url: String) throws -> ChildProcess {
        try ChildProcess(Tool.fluxscope, ["ingest"] + files + ["--db", url, "--sensor", name, "--batch-size", "20"])
    }

    /// Every sighting's count and sources, by (owner, type, data) text.
    func tallies(_ url: String) async throws -> [String: (count: Int, sources: Int)] {
        let store = try await StoreURL(parsing: url).open()
        var out: [String: (count: Int, sources: Int)] = [:]
        for try await s in store.allSightings(pageSize: 500) {
            out["\(s.key.name.lowercased) \(s.key.type) \(s.key.data.presentation(type: s.key.type))"] = (s.count, s.sources.count)
        }
        try await store.close()
        return out
    }

    @Test func twoSensorsWritingAtOnceCountWhatEachCountsAlone() async throws {
        let server = try await PostgresServer.shared()
        let alone = (try await server.createDatabase(), try await server.createDatabase())
        let together = try await server.createDatabase()

        for (files, name, db) in [(Self.sensorA, "sensor-a", alone.0), (Self.sensorB, "sensor-b", alone.1)] {
            let p = try ingest(files, sensor: name, into: server.url(database: db))
            #expect(await p.exit(within: 300) == 0)
        }
        // Both at once, into one fresh database (both migrate it: the migration lock serializes them).
        let a = try ingest(Self.sensorA, sensor: "sensor-a", into: server.url(database: together))
        let b = try ingest(Self.sensorB, sensor: "sensor-b", into: server.url(database: together))
        #expect(await a.exit(within: 300) == 0)
        #expect(await b.exit(within: 300) == 0)

        let first = try await tallies(server.url(database: alone.0))
        let second = try await tallies(server.url(database: alone.1))
        let both = try await tallies(server.url(database: together))
        #expect(!first.isEmpty && !second.isEmpty)
        #expect(Set(both.keys) == Set(first.keys).union(second.keys))
        for (key, value) in both {
            #expect(value.count == (first[key]?.count ?? 0) + (second[key]?.count ?? 0), "\(key)")
            #expect(value.sources == (first[key] == nil ? 0 : 1) + (second[key] == nil ? 0 : 1), "\(key)")
        }
        let store = try await StoreURL(parsing: server.url(database: together)).open()
        let sources = try await store.sources()
        try await store.close()
        #expect(Set(sources.map(\.source.name)) == ["sensor-a", "sensor-b"])
        for db in [alone.0, alone.1, together] { await server.dropDatabase(db) }
    }
}
