import DNSWire
import Enrichment
import FluxModel
import Foundation
import Ingest
import Pipeline
import Store
import Testing
import TestSupport

/// `fluxscope ingest` of the real captures in ../shared/data/captures, through the library
/// pipeline into SQLite.
@Suite struct CaptureIngestTests {
    static let captures = TestEnvironment.shared("captures")

    static func captureFiles() -> [String] {
        let names = FileManager.default.enumerator(atPath: captures)?.compactMap { $0 as? String } ?? []
        return names.filter { $0.hasSuffix(".pcap") || $0.hasSuffix(".pcapng") }.sorted().map { captures + "/" + $0 }
    }

    @Test func everyCaptureYieldsWhatTheDecoderReports() async throws {
        let files = Self.captureFiles()
        try #require(files.count >= 100, "expected the shared captures in \(Self.captures)")
        let scratch = try Scratch()
        defer { scratch.remove() }
        let store = try await scratch.store()
        // --force: some captures are byte-identical copies in different folders.
        let summary = try await Tool.ingest(files, into: store, force: true)
        var total: Int64 = 0
        for (file, result) in zip(files, summary.files) {
            let expected = try ExpectedObservations.count(capture: file)
            #expect(result.counters.observations == Int64(expected.observations), "\(file)")
            #expect(result.counters.messages == Int64(expected.messages), "\(file)")
            total += Int64(expected.observations)
        }
        #expect(total > 1000)
        var stored = 0
        for try await s in store.allSightings() { stored += s.count }
        #expect(stored == Int(total))
        #expect(try await store.stats().observations == total)
        try await store.close()
    }

    @Test func handPickedAnswersAreStoredWithTheirTTLs() async throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let store = try await scratch.store()
        _ = try await Tool.ingest([Self.captures + "/pcapng/dns53.pcapng", Self.captures + "/pcapng/wikipedia.pcapng"], into: store)

        // dns53.pcapng, per tshark: answer us.v27.distributed.net A 63.77.33.226 TTL 900,
        // glue ns1.best.com A 209.24.149.41 TTL 191660, authority v27.distributed.net NS TTL 900.
        let us = try await store.sightings(named: DNSName("US.v27.distributed.NET."))
        let a = try #require(us.first { $0.key.data == .a(IPv4Address("63.77.33.226")!) })
        #expect(a.minTTL == 900 && a.maxTTL == 900 && a.count == 1)
        #expect(us.filter { $0.key.type == .a }.count == 8)
        let glue = try await store.sightings(named: DNSName("ns1.best.com."))
        #expect(glue.map(\.key.data) == [.a(IPv4Address("209.24.149.41")!)])
        #expect(glue.first?.minTTL == 191660)
        let ns = try await store.sightings(named: DNSName("v27.distributed.net.")).filter { $0.key.type == .ns }
        #expect(!ns.isEmpty && ns.allSatisfy { $0.minTTL == 900 })

        // wikipedia.pcapng, per tshark frame 21: upload.wikimedia.org CNAME upload.pmtpa.wikimedia.org
        // TTL 124; upload.pmtpa.wikimedia.org A 208.80.152.3 TTL 2156 (later responses count down).
        let cname = try await store.sightings(named: DNSName("upload.wikimedia.org."))
        let link = try #require(cname.first { $0.key.type == .cname })
        #expect(link.key.data == .name(try DNSName("upload.pmtpa.wikimedia.org.")))
        #expect((link.minTTL ?? 0) <= 124 && 124 <= (link.maxTTL ?? 0))
        let pmtpa = try await store.sightings(named: DNSName("upload.pmtpa.wikimedia.org."))
        let addr = try #require(pmtpa.first { $0.key.data == .a(IPv4Address("208.80.152.3")!) })
        #expect((addr.minTTL ?? 0) <= 2156 && 2156 <= (addr.maxTTL ?? 0))
        try await store.close()
    }

    @Test func ingestingTheSameFileTwiceCountsItOnceUnlessForced() async throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let store = try await scratch.store()
        let file = Self.captures + "/pcapng/dns53.pcapng"
        let name = try DNSName("us.v27.distributed.net.")
        let first = try await Tool.ingest([file], into: store)
        #expect(first.report.sightingsInserted == 22 && first.report.sightingsUpdated == 0)
        let again = try await Tool.ingest([file], into: store)
        #expect(again.files.first?.alreadyIngested == true)
        #expect(try await store.sightings(named: name).allSatisfy { $0.count == 1 })
        let forced = try await Tool.ingest([file], into: store, force: true)
        #expect(forced.files.first?.alreadyIngested == false)
        #expect(forced.files.first?.run != first.files.first?.run)
        #expect(forced.report.sightingsInserted == 0 && forced.report.sightingsUpdated == 22)
        #expect(try await store.sightings(named: name).allSatisfy { $0.count == 2 })
        try await store.close()
    }

    @Test func newAddressesAreEnrichedWithLibloc() async throws {
        let enricher = try Enricher.open(paths: [])
        guard !enricher.sources.isEmpty else {
            print("skipped: no libloc database at /usr/share/libloc-location/location.db (apt-get install libloc-database)")
            return
        }
        let scratch = try Scratch()
        defer { scratch.remove() }
        let store = try await scratch.store()
        var config = IngestConfiguration()
        config.enricher = enricher
        let summary = try await IngestPipeline(store: store, configuration: config)
            .run(files: [Self.captures + "/pcapng/dns53.pcapng"])
        #expect(summary.enriched == 13)  // the distinct A addresses of the response
        let wisc = try #require(try await store.addressInfo(.v4(IPv4Address("128.104.18.148")!)))
        #expect(wisc.asn == 59 && wisc.country == "US" && wisc.database == "libloc")
        #expect(wisc.firstEnrichedAt > 1_700_000_000)
        let miami = try #require(try await store.addressInfo(.v4(IPv4Address("134.53.131.135")!)))
        #expect(miami.asn == 22968)
        #expect(try await store.addressesNeedingEnrichment(database: nil, limit: 10).isEmpty)
        try await store.close()
    }

    /// Each batch's addresses are enriched as the batch is written: with batches of a few keys
    /// the same addresses come again in later batches, and a record stored before is kept.
    @Test func addressesAreEnrichedBatchByBatchAndKeptOnceStored() async throws {
        let enricher = try Enricher.open(paths: [])
        guard !enricher.sources.isEmpty else {
            print("skipped: no libloc database at /usr/share/libloc-location/location.db (apt-get install libloc-database)")
            return
        }
        let file = Self.captures + "/pcapng/wikipedia.pcapng"
        let scratch = try Scratch()
        defer { scratch.remove() }
        // The file's distinct addresses, from an ingest without enrichment.
        let plain = try SQLiteStore(path: scratch.path("plain.sqlite"))
        try await plain.migrate()
        _ = try await IngestPipeline(store: plain, configuration: IngestConfiguration()).run(files: [file])
        let addresses = try await plain.addressesNeedingEnrichment(database: nil, limit: 100_000)
        try await plain.close()
        let earlier = try #require(addresses.first)
        #expect(addresses.count >= 3)

        let store = try await scratch.store()
        let kept = AddressInfoRecord(address: earlier, asn: 64500, enrichedAt: 5, database: "earlier")
        _ = try await store.insertAddressInfo([kept])
        var config = IngestConfiguration()
        config.enricher = enricher
        config.policy = BatchPolicy(maxDistinct: 3, maxAge: nil, memoryLimit: nil)
        let summary = try await IngestPipeline(store: store, configuration: config).run(files: [file])
        let read = try #require(summary.files.first)
        #expect(read.batches > 1)
        #expect(read.enriched == addresses.count - 1)  // by the writer, as the batches went in
        #expect(summary.enriched == read.enriched)      // nothing left for the pass after the file
        #expect(try await store.addressInfo(earlier) == kept)
        for address in addresses.dropFirst() {
            let record = try #require(try await store.addressInfo(address))
            #expect(record.database == "libloc" && record.firstEnrichedAt > 1_700_000_000)
        }
        #expect(try await store.addressesNeedingEnrichment(database: nil, limit: 10).isEmpty)
        try await store.close()
    }
}
