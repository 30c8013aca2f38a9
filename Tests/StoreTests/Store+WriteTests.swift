import DNSWire
import FluxModel
import Store
import Testing

@Suite struct StoreWriteTests {
    /// One sighting of each RDATA shape the store must rebuild exactly.
    static let records: [(String, RecordType, RData)] = [
        ("Www.Example.COM.", .a, .a(IPv4Address(198, 51, 100, 7))),
        ("v6.example.com.", .aaaa, .aaaa(IPv6Address("2001:db8::1")!)),
        ("example.com.", .ns, .name(name("NS1.Flux-Host.example.net."))),
        ("alias.example.com.", .cname, .name(name("target.example.org."))),
        ("example.com.", .mx, .mx(preference: 10, exchange: name("mail.example.com."))),
        ("example.com.", .soa, .soa(SOA(mname: name("ns1.example.com."), rname: name("hostmaster.example.com."),
                                        serial: 2026112201, refresh: 7200, retry: 900, expire: 1_209_600, minimum: 300))),
        ("example.com.", .txt, .txt([Array("v=spf1 -all".utf8), [0, 34, 92, 255]])),
        ("_sip._tcp.example.com.", .srv, .srv(priority: 1, weight: 5, port: 5060, target: name("sip.example.com."))),
        ("example.com.", .caa, .caa(flags: 128, tag: Array("issue".utf8), value: Array("ca.example".utf8))),
        ("odd\\.label\\032x.example.com.", .a, .a(IPv4Address(203, 0, 113, 9))),
        ("example.com.", RecordType(65280), .unknown([1, 2, 3, 0xFE])),
    ]

    @Test(arguments: Backend.allCases) func everyFieldRoundTrips(_ backend: Backend) async throws {
        try await withStore(backend) { store, _ in
            var batch = SightingBatch()
            var expected: [Sighting] = []
            for (i, (owner, type, data)) in Self.records.enumerated() {
                let o = obs(owner, type, data, ttl: UInt32(60 + i), at: 1_700_000_000.25 + Double(i), source: 1)
                var s = Sighting(o)
                var later = o
                later.time += 100
                later.ttl = nil
                later.source = 2
                s.add(later)
                batch.add(o)
                batch.add(later)
                expected.append(s)
            }
            _ = try await store.registerSource(Source(kind: .pcap, name: "a"), clientMode: nil)
            _ = try await store.registerSource(Source(kind: .pcap, name: "b"), clientMode: nil)
            try await store.write(batch, checkpoint: nil)

            var read: [Sighting] = []
            for try await s in store.allSightings(pageSize: 3) { read.append(s) }
            #expect(read.count == expected.count)
            for want in expected {
                let got = try #require(read.first { $0.key == want.key })
                #expect(got == want)
                // == ignores case; the original spelling must survive too.
                #expect(got.key.name.description == want.key.name.description)
                #expect(got.key.data.presentation(type: got.key.type) == want.key.data.presentation(type: want.key.type))
                #expect(got.count == 2 && got.sources == [1, 2])
            }
        }
    }

    @Test(arguments: Backend.allCases) func sameRecordIsMergedAcrossBatches(_ backend: Backend) async throws {
        try await withStore(backend) { store, _ in
            let s1 = try await store.registerSource(Source(kind: .pcap, name: "one"), clientMode: nil)
            let s2 = try await store.registerSource(Source(kind: .zeek, name: "two"), clientMode: nil)
            let ns = RData.name(name("ns1.example.net."))
            var first = SightingBatch()
            first.add(obs("flux.example.", .ns, ns, ttl: 300, at: 1000, source: s1))
            first.add(obs("flux.example.", .ns, ns, ttl: 120, at: 1500, source: s1))
            first.add(obs("flux.example.", .a, ttl: nil, at: 1000, source: s1))
            try await store.write(first, checkpoint: nil)

            var second = SightingBatch()
            // Same record in another case: the same sighting (RFC 4343).
            second.add(obs("FLUX.Example.", .ns, .name(name("NS1.EXAMPLE.NET.")), ttl: 30, at: 900, source: s2))
            second.add(obs("flux.example.", .ns, ns, ttl: 600, at: 2000, source: s2))
            second.add(obs("flux.example.", .a, ttl: 45, at: 1100, source: s2))
            try await store.write(second, checkpoint: nil)

            let rows = try await store.sightings(named: name("flux.EXAMPLE."))
            #expect(rows.count == 2)
            let nsRow = try #require(rows.first { $0.key.type == .ns })
            #expect(nsRow.count == 4)
            #expect(nsRow.minTTL == 30 && nsRow.maxTTL == 600)
            #expect(nsRow.firstSeen == 900 && nsRow.lastSeen == 2000)
            #expect(nsRow.sources == [s1, s2])
            #expect(nsRow.key.name.description == "flux.example.")  // as first seen
            let aRow = try #require(rows.first { $0.key.type == .a })
            #expect(aRow.count == 2 && aRow.minTTL == 45 && aRow.maxTTL == 45)  // NULL TTL then 45
            #expect(try await store.stats().sightings == 2)
            #expect(try await store.stats().observations == 6)
        }
    }

    @Test(arguments: Backend.allCases) func batchForUnregisteredSourceWritesNothing(_ backend: Backend) async throws {
        try await withStore(backend) { store, _ in
            var batch = SightingBatch()
            batch.add(obs("a.example.", source: 42))
            await #expect(throws: StoreError.self) { try await store.write(batch, checkpoint: nil) }
            let stats = try await store.stats()
            #expect(stats.sightings == 0 && stats.observations == 0)
        }
    }

    @Test(arguments: Backend.allCases) func countersAddUpPerSource(_ backend: Backend) async throws {
        try await withStore(backend) { store, _ in
            let id = try await store.registerSource(Source(kind: .dnstap, name: "sensor-1"), clientMode: nil)
            var batch = SightingBatch()
            batch.add(obs("a.example.", source: id))
            batch.tally(IngestCounters(messages: 10, malformed: 2, unansweredQueries: 3), for: id)
            try await store.write(batch, checkpoint: nil)
            try await store.write(batch, checkpoint: nil)
            let record = try #require(try await store.source(id: id))
            #expect(record.counters == IngestCounters(messages: 20, malformed: 4, unansweredQueries: 6, observations: 2))
            #expect(record.source == Source(kind: .dnstap, name: "sensor-1"))
        }
    }
}
