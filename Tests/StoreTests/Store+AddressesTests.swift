import DNSWire
import FluxModel
import Store
import Testing

@Suite struct StoreAddressesTests {
    @Test(arguments: Backend.allCases) func addressesNeedEnrichmentUntilUpserted(_ backend: Backend) async throws {
        try await withStore(backend) { store, _ in
            _ = try await store.registerSource(Source(kind: .probe, name: "p"), clientMode: nil)
            var batch = SightingBatch()
            batch.add(obs("a.example.", .a, .a(IPv4Address(192, 0, 2, 1))))
            batch.add(obs("b.example.", .a, .a(IPv4Address(192, 0, 2, 1))))
            batch.add(obs("c.example.", .aaaa, .aaaa(IPv6Address("2001:db8::5")!)))
            batch.add(obs("d.example.", .txt, .txt([Array("192.0.2.200".utf8)])))
            try await store.write(batch, checkpoint: nil)

            let pending = Set(try await store.addressesNeedingEnrichment(database: nil, limit: 100))
            #expect(pending == [IPAddress("192.0.2.1")!, IPAddress("2001:db8::5")!])

            let v4 = AddressInfoRecord(address: IPAddress("192.0.2.1")!, asn: 64500, prefix: "192.0.2.0/24",
                                       asName: "EXAMPLE-AS, with comma", country: "NL", flags: ["bogon", "documentation"],
                                       enrichedAt: 100, database: "libloc 2026-11-20")
            let v6 = AddressInfoRecord(address: IPAddress("2001:db8::5")!, enrichedAt: 100, database: "libloc 2026-11-20")
            try await store.upsertAddressInfo([v4, v6])
            #expect(try await store.addressInfo(IPAddress("192.0.2.1")!) == v4)
            #expect(try await store.addressInfo(IPAddress("2001:db8::5")!) == v6)
            #expect(try await store.addressesNeedingEnrichment(database: nil, limit: 100).isEmpty)
            #expect(try await store.addressesNeedingEnrichment(database: "libloc 2026-11-20", limit: 100).isEmpty)
            // A newer database makes them due again.
            #expect(try await store.addressesNeedingEnrichment(database: "libloc 2026-12-01", limit: 100).count == 2)
            #expect(try await store.addressesNeedingEnrichment(database: "libloc 2026-12-01", limit: 1).count == 1)

            // Re-enrichment replaces the fields but keeps the first enrichment time.
            var update = v4
            update.asn = 64501
            update.flags = []
            update.enrichedAt = 500
            update.firstEnrichedAt = 500
            try await store.upsertAddressInfo([update])
            let stored = try #require(try await store.addressInfo(IPAddress("192.0.2.1")!))
            #expect(stored.asn == 64501 && stored.flags.isEmpty && stored.enrichedAt == 500 && stored.firstEnrichedAt == 100)
            #expect(try await store.stats().addresses == 2)
        }
    }

    @Test(arguments: Backend.allCases) func insertKeepsStoredRecords(_ backend: Backend) async throws {
        try await withStore(backend) { store, _ in
            let first = AddressInfoRecord(address: IPAddress("192.0.2.7")!, asn: 64500, country: "NL",
                                          enrichedAt: 100, database: "old")
            let inserted = try await store.insertAddressInfo([first])
            #expect(inserted == 1)
            var other = first
            other.asn = 64999
            other.country = "DE"
            other.enrichedAt = 200
            other.firstEnrichedAt = 200
            other.database = "new"
            let fresh = AddressInfoRecord(address: IPAddress("2001:db8::7")!, asn: 64501, enrichedAt: 200, database: "new")
            // The stored address keeps its record; only the new one is counted and stored.
            #expect(try await store.insertAddressInfo([other, fresh]) == 1)
            #expect(try await store.addressInfo(IPAddress("192.0.2.7")!) == first)
            #expect(try await store.addressInfo(IPAddress("2001:db8::7")!) == fresh)
            #expect(try await store.insertAddressInfo([]) == 0)
            #expect(try await store.stats().addresses == 2)
        }
    }

    @Test(arguments: Backend.allCases) func addressInfosReadsTheAskedAddressesOnly(_ backend: Backend) async throws {
        try await withStore(backend) { store, _ in
            var records: [AddressInfoRecord] = []
            for i in 0..<1_200 {
                let address = IPAddress.v4(IPv4Address(10, UInt8(i / 250), UInt8(i % 250), 1))
                // Values that repeat in every order (SQLite makes each distinct one once), NULL
                // beside the empty string.
                let flags: [String] = [["private"], [], ["cdn", "anycast"]][i % 3]
                records.append(AddressInfoRecord(address: address, asn: i % 11 == 0 ? nil : 64_000 + UInt32(i % 7),
                                                 prefix: i % 13 == 0 ? nil : "10.\(i % 5).0.0/16",
                                                 asName: [nil, "", "AS-A", "AS-B, with comma"][i % 4],
                                                 country: i % 5 == 0 ? nil : ["NL", "DE"][i % 2], flags: flags,
                                                 enrichedAt: Double(i % 3), firstEnrichedAt: Double(i % 3) - 1,
                                                 database: i % 6 == 0 ? nil : "db \(i % 2)"))
            }
            records.append(AddressInfoRecord(address: IPAddress("2001:db8::5")!, asn: 64_999, enrichedAt: 5))
            try await store.upsertAddressInfo(records)
            // More than one statement's worth (500 on SQLite), repeats, an IPv6 address, and
            // addresses the store has no record of.
            let asked = records.enumerated().filter { $0.offset % 2 == 1 || $0.offset == 1_200 }.map(\.element.address)
            let unknown = [IPAddress("192.0.2.77")!, IPAddress("2001:db8::77")!]
            let found = try await store.addressInfos(asked + asked.prefix(10) + unknown)
            #expect(found.count == asked.count)
            let byAddress = Dictionary(uniqueKeysWithValues: found.map { ($0.address, $0) })
            for r in records.enumerated().filter({ $0.offset % 2 == 1 || $0.offset == 1_200 }).map(\.element) { #expect(byAddress[r.address] == r) }
            #expect(try await store.addressInfos([]).isEmpty)
            #expect(try await store.addressInfos(unknown).isEmpty)
        }
    }

    /// `ptrSightings(of:)` reads the PTR sightings of the asked addresses' reverse names only:
    /// not other addresses' PTRs, not other types under a reverse name (an RFC 2317 CNAME),
    /// reverse names stored in any case, more than one statement's worth of addresses.
    @Test(arguments: Backend.allCases) func ptrSightingsReadsTheAskedAddressesReverseNamesOnly(_ backend: Backend) async throws {
        try await withStore(backend) { store, _ in
            _ = try await store.registerSource(Source(kind: .probe, name: "p"), clientMode: nil)
            var batch = SightingBatch()
            var addresses: [IPAddress] = []
            for i in 0..<1_200 {
                let a = IPv4Address(10, UInt8(i / 250), UInt8(i % 250), 1)
                addresses.append(.v4(a))
                let reverse = IPAddress.v4(a).reverseName.description
                batch.add(obs(i % 3 == 0 ? reverse.uppercased() : reverse, .ptr, .name(name("host-\(i).isp.example."))))
            }
            let v6 = IPAddress("2001:db8::5")!
            addresses.append(v6)
            batch.add(obs(v6.reverseName.description, .ptr, .name(name("six.isp.example."))))
            batch.add(obs(v6.reverseName.description, .ptr, .name(name("six-b.isp.example."))))
            batch.add(obs("1.1.0.10.in-addr.arpa.", .cname, .name(name("1.0/25.1.0.10.in-addr.arpa."))))
            batch.add(obs("a.example.", .a, .a(IPv4Address(10, 0, 0, 1))))
            try await store.write(batch, checkpoint: nil)

            let asked = addresses.enumerated().filter { $0.offset % 2 == 1 || $0.offset == 1_200 }.map(\.element)
            let unknown = [IPAddress("192.0.2.77")!, IPAddress("2001:db8::77")!]
            let found = try await store.ptrSightings(of: asked + asked.prefix(10) + unknown)
            #expect(found.allSatisfy { $0.key.type == .ptr })
            #expect(found.count == asked.count - 1 + 2)
            let expected = Set(asked.map { a -> String in
                guard case .v4(let v4) = a else { return "" }
                return "host-\(Int(v4.octets.1) * 250 + Int(v4.octets.2)).isp.example."
            }.filter { !$0.isEmpty } + ["six.isp.example.", "six-b.isp.example."])
            #expect(Set(found.map { $0.key.data.presentation(type: .ptr) }) == expected)
            #expect(Set(found.map { $0.key.name.lowercased.description }) == Set(asked.map(\.reverseName.description)))
            #expect(try await store.ptrSightings(of: []).isEmpty)
            #expect(try await store.ptrSightings(of: unknown).isEmpty)
            // The address with a CNAME under its reverse name has no PTR of its own here.
            #expect(try await store.ptrSightings(of: [IPAddress("10.0.1.1")!]).map { $0.key.data.presentation(type: .ptr) } == ["host-1.isp.example."])
        }
    }
}
