import DNSWire
import FluxModel
import Foundation
import Store
import Testing

/// The `v3_server` tables: watchlist, API tokens, flux network ids.
@Suite struct StoreServerTests {
    @Test(arguments: Backend.allCases) func migrationIsNamedV3Server(_ backend: Backend) async throws {
        try await withStore(backend) { store, _ in
            let applied = try await appliedMigrations(store)
            #expect(applied == ["v1", "v2_answer_sets", "v3_server", "v4_network_ids", "v5_probe_schedules", "v6_probe_leases"]
                + (backend == .postgres ? ["v7_sightings_fillfactor"] : []) + ["v8_probe_schedules_unindexed", "v9_network_successors"])
        }
    }

    @Test(arguments: Backend.allCases) func watchlistUpsertKeepsAddedAtAndIgnoresCase(_ backend: Backend) async throws {
        try await withStore(backend) { store, _ in
            let name = try DNSName("WWW.Example.test")
            let first = try await store.upsertWatch(WatchEntry(domain: name, note: "n", interval: 60, addedAt: 10, nextDue: 10))
            #expect(first.created)
            let second = try await store.upsertWatch(WatchEntry(domain: try DNSName("www.example.test"), note: nil, interval: nil, addedAt: 99, nextDue: 50))
            #expect(!second.created)
            #expect(second.entry.addedAt == 10)
            #expect(second.entry.note == nil)
            #expect(second.entry.nextDue == 50)
            #expect(try await store.watchlist().count == 1)
            #expect(try await store.dueWatches(at: 49, limit: 10).isEmpty)
            #expect(try await store.dueWatches(at: 50, limit: 10).map(\.domain) == [name])
            #expect(try await store.leaseDueWatches(worker: "w", at: 50, until: 60, limit: 10).map(\.entry.domain) == [name])
            #expect(try await store.completeLeases([WatchProbe(domain: name, probedAt: 51, nextDue: 111)], worker: "w",
                                                   batch: SightingBatch()) == [name])
            let entry = try await store.watchEntry(name)
            #expect(entry?.lastProbed == 51)
            #expect(entry?.nextDue == 111)
            #expect(try await store.removeWatch(name))
            #expect(try await !store.removeWatch(name))
        }
    }

    @Test(arguments: Backend.allCases) func tokensAreFoundByHashOnly(_ backend: Backend) async throws {
        try await withStore(backend) { store, _ in
            let token = APIToken(id: "tok_1", name: "ci", sha256: String(repeating: "a", count: 64), createdAt: 1)
            try await store.addToken(token)
            #expect(try await store.token(sha256: token.sha256) == token)
            #expect(try await store.token(sha256: String(repeating: "b", count: 64)) == nil)
            await #expect(throws: (any Error).self) { try await store.addToken(token) }
            #expect(try await store.tokens() == [token])
        }
    }

    @Test(arguments: Backend.allCases) func recordingANetworkMovesItsDomainsAndKeepsOthers(_ backend: Backend) async throws {
        try await withStore(backend) { store, _ in
            let a = try DNSName("a.test"), b = try DNSName("b.test"), c = try DNSName("c.test"), d = try DNSName("d.test")
            try await store.recordNetworkMemberships([NetworkMembership(id: "fn-1", domains: [a, b], createdAt: 1),
                                                      NetworkMembership(id: "fn-2", domains: [c], createdAt: 1),
                                                      NetworkMembership(id: "fn-3", domains: [d], createdAt: 1)], successors: [:], at: 1)
            // fn-1 takes c (fn-2 is left empty and forgotten) and drops b; fn-3 was not seen and stays.
            try await store.recordNetworkMemberships([NetworkMembership(id: "fn-1", domains: [a, c], createdAt: 1)],
                                                     successors: ["fn-2": "fn-1"], at: 2)
            #expect(try await store.networkMemberships() == [NetworkMembership(id: "fn-1", domains: [a, c], createdAt: 1),
                                                              NetworkMembership(id: "fn-3", domains: [d], createdAt: 1)])
            #expect(try await store.networkSuccessors() == ["fn-2": "fn-1"])
        }
    }

    @Test(arguments: Backend.allCases) func retiredIDsLeadToTheirLatestSuccessor(_ backend: Backend) async throws {
        try await withStore(backend) { store, _ in
            let a = try DNSName("a.test"), b = try DNSName("b.test")
            #expect(try await store.networkSuccessor(of: "fn-1") == nil)
            // fn-1 merges into fn-2, then fn-2 into fn-3: fn-1 leads to fn-3.
            try await store.recordNetworkMemberships([NetworkMembership(id: "fn-2", domains: [a], createdAt: 1)],
                                                     successors: ["fn-1": "fn-2"], at: 1)
            try await store.recordNetworkMemberships([NetworkMembership(id: "fn-3", domains: [a, b], createdAt: 1)],
                                                     successors: ["fn-2": "fn-3"], at: 2)
            #expect(try await store.networkSuccessor(of: "fn-1") == "fn-3")
            #expect(try await store.networkSuccessor(of: "fn-2") == "fn-3")
            #expect(try await store.networkSuccessor(of: "fn-3") == nil)
            // A recorded id is current again: it has no successor, and the chain stops there.
            try await store.recordNetworkMemberships([NetworkMembership(id: "fn-2", domains: [b], createdAt: 1)],
                                                     successors: ["fn-3": "fn-2"], at: 3)
            #expect(try await store.networkSuccessors() == ["fn-1": "fn-2", "fn-3": "fn-2"])
            #expect(try await store.networkSuccessor(of: "fn-1") == "fn-2")
            // A cycle (never written by the analysis, but the table is data) ends, it does not loop.
            try await store.recordNetworkMemberships([], successors: ["fn-2": "fn-1"], at: 4)
            #expect(try await store.networkSuccessor(of: "fn-3") == "fn-1")
        }
    }
}
