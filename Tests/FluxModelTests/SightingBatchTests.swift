import DNSWire
import FluxModel
import Testing

@Suite struct SightingBatchTests {
    func obs(_ owner: String, _ last: UInt8, ttl: UInt32?, at time: Timestamp, source: SourceID = 1) throws -> Observation {
        Observation(name: try DNSName(owner), type: .a, data: .a(IPv4Address(192, 0, 2, last)), ttl: ttl,
                    section: .answer, time: time, source: source)
    }

    @Test func sameRecordMergesInMemory() throws {
        var batch = SightingBatch()
        try batch.add(obs("flux.example.", 1, ttl: 300, at: 20))
        try batch.add(obs("FLUX.example.", 1, ttl: 60, at: 10, source: 2))
        try batch.add(obs("flux.example.", 1, ttl: nil, at: 30))
        try batch.add(obs("flux.example.", 2, ttl: 60, at: 10))
        #expect(batch.sightings.count == 2)
        #expect(batch.distinctCount == 2)
        let s = try #require(batch.sighting(for: try obs("flux.example.", 1, ttl: nil, at: 0).key))
        #expect(s.count == 3 && s.minTTL == 60 && s.maxTTL == 300)
        #expect(s.firstSeen == 10 && s.lastSeen == 30 && s.sources == [1, 2])
        #expect(batch.counters[1]?.observations == 3 && batch.counters[2]?.observations == 1)
        #expect(batch.totalCounters.observations == 4)
    }

    /// Renumbering reuses the last set it made for a run of equal sets; every sighting must
    /// still get its own sources renumbered, whatever the runs.
    @Test func remappingSourcesRenumbersEverySighting() throws {
        var batch = SightingBatch()
        let plan: [[SourceID]] = [[1], [1], [2], [1, 2], [1, 2], [1], [3], [2]]
        for (i, sources) in plan.enumerated() {
            for source in sources { try batch.add(obs("n\(i).example.", 1, ttl: 60, at: 10, source: source)) }
        }
        batch.remapSources([1: 10, 2: 20])
        for (i, sources) in plan.enumerated() {
            let s = try #require(batch.sighting(for: try obs("n\(i).example.", 1, ttl: nil, at: 0).key))
            #expect(s.sources == Set(sources.map { [1: 10, 2: 20][$0] ?? $0 }), "n\(i)")
        }
        #expect(batch.counters[10]?.observations == 5 && batch.counters[20]?.observations == 4 && batch.counters[3]?.observations == 1)
    }

    @Test func outcomesAndClientsAreTalliedToo() throws {
        var batch = SightingBatch(clientMode: .truncate)
        let n = try DNSName("gone.example.")
        batch.add(Outcome(name: n, type: .a, rcode: .nxDomain, time: 5, source: 1))
        batch.add(Outcome(name: n, type: .a, rcode: .nxDomain, time: 3, source: 1))
        batch.add(ClientQuery(client: "198.51.100.0/24", name: n, time: 4, source: 1))
        batch.add(ClientQuery(client: "198.51.100.0/24", name: n, time: 8, source: 1))
        #expect(batch.distinctCount == 2)
        let o = try #require(batch.outcomes.first)
        #expect(o.count == 2 && o.firstSeen == 3 && o.lastSeen == 5)
        let c = try #require(batch.clientQueries.values.first)
        #expect(c.count == 2 && c.mode == .truncate && c.firstSeen == 4 && c.lastSeen == 8)
        #expect(batch.counters[1] == IngestCounters(outcomes: 2, clientQueries: 2))
    }

    @Test func isDueBySizeOrAge() throws {
        var batch = SightingBatch()
        #expect(!batch.isDue(maxDistinct: 2, maxAge: .seconds(1)))
        #expect(batch.isEmpty)
        try batch.add(obs("a.example.", 1, ttl: 1, at: 1))
        let opened = try #require(batch.openedAt)
        #expect(!batch.isDue(maxDistinct: 2, maxAge: .seconds(5), now: opened + .seconds(4)))
        #expect(batch.isDue(maxDistinct: 2, maxAge: .seconds(5), now: opened + .seconds(5)))
        try batch.add(obs("b.example.", 1, ttl: 1, at: 1))
        #expect(batch.isDue(maxDistinct: 2, maxAge: .seconds(60), now: opened))
        batch.removeAll()
        #expect(batch.isEmpty && batch.openedAt == nil && batch.counters.isEmpty)
    }

    @Test func countersWithoutRecordsMakeTheBatchNonEmpty() {
        var batch = SightingBatch()
        batch.tally(IngestCounters(messages: 3, malformed: 1), for: 7)
        #expect(!batch.isEmpty && batch.distinctCount == 0)
        #expect(batch.totalCounters == IngestCounters(messages: 3, malformed: 1))
    }
}
