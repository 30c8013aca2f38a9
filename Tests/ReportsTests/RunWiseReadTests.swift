import DNSWire
import Detection
import FluxModel
import Foundation
import Store
import Testing
@testable import Analysis

/// `Analysis` reads a store a run of names at a time (`forEachRun`): the evidence must be the
/// evidence of one builder fed the whole store, also where a run's evidence looks outside the
/// run (CNAME chains, name servers and their hosts, a TLD's name servers, PTR names), and no
/// run may hold more than a small part of a store of many registered domains.
@Suite struct RunWiseReadTests {
    static let start: Timestamp = 1_740_787_200

    /// `pairs` registered domains of two names each (`a.` and `b.pair-N.test.`, one address
    /// each, seen every hour, answer sets too), a flux domain whose names servers are hosted
    /// under another TLD, a CNAME chain into another TLD with answer sets at its end only, a
    /// name served by the `test.` zone's own name servers, a PTR name, and mixed case. With
    /// `ptrs`, every pair address has a PTR name too (`pair-N-0.isp.example.` and
    /// `pair-N-1.isp.example.`).
    static func store(pairs: Int, ptrs: Bool = false) async throws -> (SQLiteStore, String) {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("runs-\(UUID().uuidString).sqlite").path
        let store = try SQLiteStore(path: path)
        try await store.migrate()
        let source = try await store.registerSource(Source(kind: .probe, name: "hand-built"), clientMode: nil)
        var batch = SightingBatch()
        func add(_ name: String, _ type: RecordType, _ data: RData, ttl: UInt32 = 300, at t: Double = 0) throws {
            batch.add(Observation(name: try DNSName(name), type: type, data: data, ttl: ttl, section: .answer,
                                  time: start + t, source: source))
        }
        func set(_ name: String, _ addresses: [IPv4Address], at t: Double) throws {
            batch.add(AnswerSet(name: try DNSName(name), type: .a, addresses: addresses.map { .v4($0) }, time: start + t, source: source))
        }
        for i in 0..<pairs {
            for (n, name) in ["a.pair-\(i).test.", "b.pair-\(i).test."].enumerated() {
                let address = IPv4Address(93, UInt8(180 + n), UInt8(i / 250), UInt8(1 + i % 250))
                if ptrs { try add(IPAddress.v4(address).reverseName.description, .ptr, .name(try DNSName("pair-\(i)-\(n).isp.example."))) }
                for hour in 0..<4 {
                    try add(name, .a, .a(address), ttl: 3_600, at: Double(hour * 3_600 + i))
                    try set(name, [address], at: Double(hour * 3_600 + i))
                }
            }
        }
        // Double flux: the zone's name servers live under another TLD, far from it in name order.
        for k in 0..<12 {
            let agent = IPv4Address(80 + UInt8(k), 1, UInt8(k), 10)
            try add("www.dbl-flux.test.", .a, .a(agent), ttl: 60, at: Double(k * 600))
            try set("www.dbl-flux.test.", [agent], at: Double(k * 600))
            try add("dbl-flux.test.", .ns, .name(try DNSName("ns\(k % 3).flux-hosting.org.")), ttl: 300, at: Double(k * 600))
            try add("ns\(k % 3).flux-hosting.org.", .a, .a(IPv4Address(81, 2, UInt8(k), 20)), ttl: 60, at: Double(k * 600))
        }
        // A CNAME chain of three links into another TLD; only its end has addresses and answer sets.
        try add("www.Shop-Front.test.", .cname, .name(try DNSName("shop.edge.cdn-one.net.")))
        try add("shop.edge.cdn-one.net.", .cname, .name(try DNSName("e7.cdn-one.net.")))
        try add("e7.cdn-one.net.", .cname, .name(try DNSName("a1.cdn-one.net.")))
        for k in 0..<3 {
            try add("a1.cdn-one.net.", .a, .a(IPv4Address(23, 0, 0, UInt8(k))), at: Double(k))
        }
        try set("a1.cdn-one.net.", [IPv4Address(23, 0, 0, 0), IPv4Address(23, 0, 0, 1)], at: 0)
        // A name without NS of its own: the `test.` zone's name servers are its zone cut.
        try add("test.", .ns, .name(try DNSName("a.nic.test.")))
        try add("a.nic.test.", .a, .a(IPv4Address(198, 51, 100, 53)))
        try add("plain.test.", .a, .a(IPv4Address(198, 51, 100, 80)))
        // A PTR for one of the pairs' addresses.
        try add("1.0.180.93.in-addr.arpa.", .ptr, .name(try DNSName("host-1.isp.example.")))
        try await store.write(batch, checkpoint: nil)
        // Enrichment for every address but one, from two networks.
        let addresses = try await store.addressesNeedingEnrichment(database: nil, limit: 100_000).sorted { $0.description < $1.description }
        try await store.upsertAddressInfo(addresses.dropFirst().map { a in
            let flux = a.description.hasPrefix("8")
            return AddressInfoRecord(address: a, asn: flux ? 64_500 + UInt32(a.description.count) : 64_496,
                                     prefix: flux ? "80.0.0.0/4" : "93.0.0.0/8", asName: flux ? "FLUX-AS" : "PAIRS",
                                     country: flux ? "RU" : "NL", flags: flux ? [] : ["hosting"], enrichedAt: 1)
        })
        return (store, path)
    }

    /// The evidence of one builder fed every sighting and answer set of the store, as
    /// `Analysis` built it before it read runs.
    static func wholeStoreEvidence(_ store: SQLiteStore, _ analysis: Analysis) async throws -> [DomainEvidence] {
        var builder = EvidenceBuilder()
        for try await s in store.allSightings(pageSize: 97) { builder.add(s) }
        var cursor: AnswerSetCursor?
        repeat {
            let page = try await store.answerSetPage(after: cursor, limit: 97)
            for t in page.answerSets { builder.add(t) }
            cursor = page.next
        } while cursor != nil
        let infos = try await analysis.addressInfos(store)
        return builder.build(info: { infos[$0] }, psl: analysis.publicSuffixes)
    }

    /// Runs of 16 names, with or without a suffix list that makes `pair-N.test.` registered domains.
    static func analysis(psl: Bool) -> Analysis {
        var analysis = Analysis(publicSuffixes: psl ? PublicSuffixList(text: "test\nnet\norg\nexample\narpa\n") : nil)
        analysis.runSize = 16
        return analysis
    }

    /// The run-wise evidence of `store`, expected to be the whole-store builder's.
    static func runWiseEvidenceEqualsWholeStores(_ store: SQLiteStore, _ analysis: Analysis) async throws -> [DomainEvidence] {
        let whole = try await wholeStoreEvidence(store, analysis)
        let runWise = try await analysis.evidence(from: store)
        #expect(runWise.count == whole.count)
        #expect(runWise.map { String(describing: $0) } == whole.map { String(describing: $0) })
        return runWise
    }

    /// The FQDN evidence by name.
    static func fqdnEvidence(_ evidence: [DomainEvidence]) -> [String: DomainEvidence] {
        Dictionary(evidence.filter { $0.level == .fqdn }.map { ($0.domain.description, $0) }, uniquingKeysWith: { a, _ in a })
    }

    @Test(arguments: [true, false])
    func runWiseEvidenceIsTheWholeStoresAndNoRunHoldsMoreThanAFewRegisteredDomains(psl: Bool) async throws {
        let (store, path) = try await Self.store(pairs: 400)
        defer { for s in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + s) } }
        let analysis = Self.analysis(psl: psl)
        let runWise = try await Self.runWiseEvidenceEqualsWholeStores(store, analysis)
        // The cases that look outside their run were built, with what lies outside.
        let byName = Self.fqdnEvidence(runWise)
        #expect(byName["www.dbl-flux.test."]?.nameServerAddresses.count == 12)
        #expect(byName["www.Shop-Front.test."]?.addresses.count == 3)
        #expect(byName["www.Shop-Front.test."]?.answerSets.count == 1)
        #expect(byName["plain.test."]?.nameServers.map(\.name.description) == ["a.nic.test."])
        #expect(byName["a.pair-0.test."]?.reverseNames == ["host-1.isp.example."])
        if psl { #expect(runWise.contains { $0.level == .registered && $0.domain.description == "pair-399.test." }) }

        // 800 pair names and 13 others, read in runs of 16 names: no run held a large part of it.
        let stats = try await analysis.forEachRun(store) { _, _ in }
        #expect(stats.storeNames == 800 + 13)
        #expect(stats.runs >= 40)
        #expect(stats.largestRunNames <= 40, "largest run: \(stats.largestRunNames) names")
        #expect(stats.largestRunSightings <= 120, "largest run: \(stats.largestRunSightings) sightings")
        // Enrichment is read per run, for the run's addresses only (the store has 800 + 40).
        #expect(try await store.stats().addresses > 800)
        #expect(stats.largestRunAddresses > 0 && stats.largestRunAddresses <= 60, "largest run: \(stats.largestRunAddresses) addresses")
        #expect(stats.storeReverseNames == 1)
        #expect(stats.largestRunReverseNames == 1)
        try await store.close()
    }

    /// PTR targets are read run by run, for the run's addresses only (`ptrSightings`): with a
    /// PTR name for each of 800 addresses the evidence is the whole-store builder's, and no
    /// run holds more reverse names than its own addresses have.
    @Test(arguments: [true, false])
    func ptrTargetsAreReadPerRunForTheRunsAddressesOnly(psl: Bool) async throws {
        let (store, path) = try await Self.store(pairs: 400, ptrs: true)
        defer { for s in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + s) } }
        let analysis = Self.analysis(psl: psl)
        let runWise = try await Self.runWiseEvidenceEqualsWholeStores(store, analysis)
        let byName = Self.fqdnEvidence(runWise)
        #expect(Set(byName["a.pair-0.test."]?.reverseNames ?? []) == ["host-1.isp.example.", "pair-0-0.isp.example."])
        #expect(byName["b.pair-399.test."]?.reverseNames == ["pair-399-1.isp.example."])
        #expect(byName["plain.test."]?.reverseNames == [])

        // 800 reverse names (one shared with the single PTR of `store`): a run holds those
        // of its own addresses only, about 2 per registered pair domain, not all of them.
        let stats = try await analysis.forEachRun(store) { _, _ in }
        #expect(stats.storeReverseNames == 800)
        #expect(stats.largestRunReverseNames > 0 && stats.largestRunReverseNames <= 60,
                "largest run: \(stats.largestRunReverseNames) reverse names")
        // The reverse names' own sightings (the PTRs) are cut into runs like any names: the
        // suffix list's `arpa` would make them one registered domain, which no run splits.
        #expect(stats.largestRunNames <= 100, "largest run: \(stats.largestRunNames) names")
        try await store.close()
    }

    /// The names merged back from sorted chunks in a temporary file are the store's names in
    /// canonical order, and the runs cut from them as they stream are the runs cut from the
    /// whole sorted list: no registered domain is split between two runs, whatever chunk
    /// (or file page) boundary falls inside it.
    @Test(arguments: [1, 7, 50, 1_000])
    func namesMergedFromChunksAreTheSortedStoreNamesAndCutLikeTheWholeList(chunkSize: Int) async throws {
        let (store, path) = try await Self.store(pairs: 60)
        defer { for s in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + s) } }
        let psl = PublicSuffixList(text: "test\nnet\norg\nexample\narpa\n")
        var analysis = Analysis(publicSuffixes: psl)
        analysis.runSize = 5
        analysis.pageSize = 13
        analysis.chunkSize = chunkSize
        var all: [DNSName] = []
        var after: DNSName?
        while true {
            let page = try await store.distinctNames(after: after, limit: 1_000)
            all += page
            guard page.count == 1_000, let last = page.last else { break }
            after = last
        }
        all.sort()
        #expect(all.count == 120 + 13)

        var seen = 0
        let merged = try await CanonicalNames(store, pageSize: analysis.pageSize, chunkSize: chunkSize) { _ in seen += 1 }
        var streamed: [DNSName] = []
        while let name = try merged.next() { streamed.append(name) }
        #expect(seen == all.count && merged.count == all.count)
        #expect(streamed.map(\.description) == all.map(\.description))

        let names = try await CanonicalNames(store, pageSize: analysis.pageSize, chunkSize: chunkSize) { _ in }
        var pending: [DNSName] = []
        var runs: [[DNSName]] = []
        while let run = try analysis.nextRun(names.next, &pending) { runs.append(run) }
        #expect(runs.flatMap { $0 }.map(\.description) == all.map(\.description))
        #expect(runs.map { $0.map(\.description) } == (try Self.runs(all, analysis)).map { $0.map(\.description) })
        for (a, b) in zip(runs, runs.dropFirst()) {
            #expect(a.count >= 5)
            #expect(EvidenceBuilder.separates(a.last!, b.first!, psl), "\(a.last!) | \(b.first!)")
        }

        let whole = try await Self.wholeStoreEvidence(store, analysis)
        #expect(try await analysis.evidence(from: store).map { String(describing: $0) } == whole.map { String(describing: $0) })
        try await store.close()
    }

    @Test func runsAreCutOnlyBetweenRegisteredDomains() throws {
        let psl = PublicSuffixList(text: "test\n")
        let names = try ["a.one.test.", "b.one.test.", "c.one.test.", "two.test.", "x.two.test.", "three.test."]
            .map { try DNSName($0) }.sorted()
        var analysis = Analysis(publicSuffixes: psl)
        analysis.runSize = 2
        #expect(try Self.runs(names, analysis).map { $0.map(\.description) } == [
            ["a.one.test.", "b.one.test.", "c.one.test."], ["three.test.", "two.test.", "x.two.test."],
        ])
        #expect(try Self.runs([], analysis).isEmpty)
        analysis.publicSuffixes = nil
        analysis.runSize = 4
        #expect(try Self.runs(names, analysis).map(\.count) == [4, 2])
    }

    /// The runs `Analysis.nextRun` cuts from sorted `names`.
    static func runs(_ names: [DNSName], _ analysis: Analysis) throws -> [[DNSName]] {
        var iterator = names.makeIterator()
        var pending: [DNSName] = []
        var runs: [[DNSName]] = []
        while let run = try analysis.nextRun({ iterator.next() }, &pending) { runs.append(run) }
        return runs
    }
}
