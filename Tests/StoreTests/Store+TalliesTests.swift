import DNSWire
import FluxModel
import Store
import Testing

@Suite struct StoreTalliesTests {
    @Test(arguments: Backend.allCases) func outcomesMergeByNameTypeAndRcode(_ backend: Backend) async throws {
        try await withStore(backend) { store, _ in
            let id = try await store.registerSource(Source(kind: .pcap, name: "s"), clientMode: nil)
            var batch = SightingBatch()
            batch.add(Outcome(name: name("gone.example."), type: .a, rcode: .nxDomain, time: 50, source: id))
            batch.add(Outcome(name: name("GONE.example."), type: .a, rcode: .nxDomain, time: 10, source: id))
            batch.add(Outcome(name: name("gone.example."), type: .aaaa, rcode: .servFail, time: 20, source: id))
            try await store.write(batch, checkpoint: nil)
            try await store.write(batch, checkpoint: nil)
            let tallies = try await store.outcomes(named: name("gone.EXAMPLE."))
            #expect(tallies.count == 2)
            let nx = try #require(tallies.first { $0.key.rcode == .nxDomain })
            #expect(nx.count == 4 && nx.firstSeen == 10 && nx.lastSeen == 50 && nx.key.type == .a)
            #expect(try await store.outcomes(named: nil).count == 2)
            #expect(try await store.source(id: id)?.counters.outcomes == 6)
        }
    }

    @Test(arguments: Backend.allCases) func clientQueriesKeepTheirPrivacyMode(_ backend: Backend) async throws {
        try await withStore(backend) { store, _ in
            let id = try await store.registerSource(Source(kind: .dnstap, name: "r"), clientMode: .hash)
            var hashed = SightingBatch(clientMode: .hash)
            hashed.add(ClientQuery(client: "9f86d081884c7d65", name: name("flux.example."), time: 5, source: id))
            hashed.add(ClientQuery(client: "9f86d081884c7d65", name: name("flux.example."), time: 9, source: id))
            try await store.write(hashed, checkpoint: nil)
            var truncated = SightingBatch(clientMode: .truncate)
            truncated.add(ClientQuery(client: "198.51.100.0/24", name: name("flux.example."), time: 7, source: id))
            try await store.write(truncated, checkpoint: nil)

            let rows = try await store.clientQueries(named: name("flux.example."))
            #expect(rows.count == 2)
            let h = try #require(rows.first { $0.mode == .hash })
            #expect(h.key.client == "9f86d081884c7d65" && h.count == 2 && h.firstSeen == 5 && h.lastSeen == 9)
            #expect(rows.contains { $0.mode == .truncate && $0.key.client == "198.51.100.0/24" && $0.count == 1 })
            #expect(try await store.source(id: id)?.clientMode == .hash)
        }
    }
}
