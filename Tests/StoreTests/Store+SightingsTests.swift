import DNSWire
import FluxModel
import Store
import Testing

@Suite struct StoreSightingsTests {
    /// Three domains sharing two addresses, plus an NS record.
    func fill(_ store: any ObservationStore) async throws {
        _ = try await store.registerSource(Source(kind: .probe, name: "p"), clientMode: nil)
        var batch = SightingBatch()
        let shared = RData.a(IPv4Address(192, 0, 2, 66))
        for owner in ["a.flux.example.", "b.flux.example.", "C.other.example."] {
            batch.add(obs(owner, .a, shared))
            batch.add(obs(owner, .a, .a(IPv4Address(192, 0, 2, 1))))
        }
        batch.add(obs("flux.example.", .ns, .name(name("ns.bad.example."))))
        batch.add(obs("v6.example.", .aaaa, .aaaa(IPv6Address("2001:db8::66")!)))
        try await store.write(batch, checkpoint: nil)
    }

    @Test(arguments: Backend.allCases) func addressLeadsToItsDomains(_ backend: Backend) async throws {
        try await withStore(backend) { store, _ in
            try await fill(store)
            let domains = try await store.sightings(withAddress: IPAddress("192.0.2.66")!).map(\.key.name)
            #expect(domains == [name("a.flux.example."), name("b.flux.example."), name("c.other.example.")])
            #expect(try await store.sightings(withAddress: IPAddress("2001:db8::66")!).count == 1)
            #expect(try await store.sightings(withAddress: IPAddress("192.0.2.99")!).isEmpty)
            // By name-server target, in any case.
            let delegated = try await store.sightings(withData: .name(name("NS.BAD.example.")), type: .ns)
            #expect(delegated.map(\.key.name) == [name("flux.example.")])
        }
    }

    @Test(arguments: Backend.allCases) func distinctNamesPageInOrder(_ backend: Backend) async throws {
        try await withStore(backend) { store, _ in
            try await fill(store)
            let first = try await store.distinctNames(after: nil, limit: 2)
            #expect(first.map(\.description) == ["a.flux.example.", "b.flux.example."])
            let rest = try await store.distinctNames(after: first.last, limit: 10)
            #expect(rest.map(\.description) == ["c.other.example.", "flux.example.", "v6.example."])
        }
    }

    /// Reading by a list of names (the run-wise analysis): any case, unknown names left out,
    /// in the scan's order, also across more names than one statement takes.
    @Test(arguments: Backend.allCases) func sightingsOfSeveralNamesComeInScanOrder(_ backend: Backend) async throws {
        try await withStore(backend) { store, _ in
            try await fill(store)
            let some = try await store.sightings(named: [name("FLUX.example."), name("c.other.example."), name("nothing.example."),
                                                         name("a.flux.example."), name("flux.example.")])
            #expect(some.map(\.key.name.description) == ["a.flux.example.", "a.flux.example.", "C.other.example.",
                                                          "C.other.example.", "flux.example."])
            var all: [Sighting] = []
            for try await s in store.allSightings(pageSize: 3) { all.append(s) }
            let many = try await store.sightings(named: (0..<6_000).map { name("n\($0).example.") } + all.map(\.key.name))
            #expect(many == all)
            #expect(try await store.sightings(named: []).isEmpty)
            // Answer sets likewise.
            let source = try #require(try await store.sources().first).id
            var b = SightingBatch()
            for (i, owner) in ["x.example.", "W.example.", "x.example."].enumerated() {
                b.add(AnswerSet(name: name(owner), type: .a, addresses: [.v4(IPv4Address(UInt32(i + 1)))], time: Double(i), source: source))
            }
            try await store.write(b, checkpoint: nil)
            let sets = try await store.answerSets(named: [name("X.example."), name("w.example."), name("none.example.")])
            #expect(sets.map(\.key.name.description) == ["W.example.", "x.example.", "x.example."])
            #expect(try await store.answerSets(named: (0..<6_000).map { name("n\($0).example.") }).isEmpty)
        }
    }

    @Test(arguments: Backend.allCases) func scanVisitsEverySightingOnceWhateverThePageSize(_ backend: Backend) async throws {
        try await withStore(backend) { store, _ in
            try await fill(store)
            for pageSize in [1, 2, 7, 8, 100] {
                var seen: [SightingKey] = []
                for try await s in store.allSightings(pageSize: pageSize) { seen.append(s.key) }
                #expect(seen.count == 8)
                #expect(Set(seen).count == 8)
                #expect(seen.map { $0.name.lowercased.description } == seen.map { $0.name.lowercased.description }.sorted())
            }
        }
    }

    /// A scan parses a name or a source list once per run of rows that repeat it: rows that
    /// differ must still get their own.
    @Test(arguments: Backend.allCases) func scanRowsKeepTheirOwnNamesAndSources(_ backend: Backend) async throws {
        try await withStore(backend) { store, _ in
            _ = try await store.registerSource(Source(kind: .probe, name: "p"), clientMode: nil)
            _ = try await store.registerSource(Source(kind: .pcap, name: "q"), clientMode: nil)
            var batch = SightingBatch()
            batch.add(obs("a.example.", .a, .a(IPv4Address(192, 0, 2, 1)), source: 1))
            batch.add(obs("a.example.", .a, .a(IPv4Address(192, 0, 2, 2)), source: 2))
            batch.add(obs("a.example.", .a, .a(IPv4Address(192, 0, 2, 3)), source: 1))
            batch.add(obs("a.example.", .a, .a(IPv4Address(192, 0, 2, 3)), source: 2))
            batch.add(obs("A.example.", .aaaa, .aaaa(IPv6Address("2001:db8::1")!), source: 2))
            batch.add(obs("b.example.", .a, .a(IPv4Address(192, 0, 2, 1)), source: 2))
            try await store.write(batch, checkpoint: nil)
            for pageSize in [1, 2, 100] {
                var seen: [String] = []
                for try await s in store.allSightings(pageSize: pageSize) {
                    seen.append("\(s.key.name) \(s.key.data.presentation(type: s.key.type)) \(s.sources.sorted())")
                }
                #expect(seen == [
                    "a.example. 192.0.2.1 [1]", "a.example. 192.0.2.2 [2]", "a.example. 192.0.2.3 [1, 2]",
                    "A.example. 2001:db8::1 [2]", "b.example. 192.0.2.1 [2]",
                ], "page size \(pageSize)")
            }
            let named = try await store.sightings(named: name("A.EXAMPLE."))
            #expect(named.map { $0.sources.sorted() } == [[1], [2], [1, 2], [2]])
        }
    }
}
