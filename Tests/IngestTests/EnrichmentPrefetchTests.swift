import DNSWire
import Enrichment
import FluxModel
import Foundation
import Ingest
@testable import Pipeline
import Store
import Testing
import TestSupport

/// Enrichment while a capture is read: the batching sink names every address new to its
/// batch, and the lookup thread's answers are the lookups the writer would make itself.
@Suite(.serialized) struct EnrichmentPrefetchTests {
    static let captures = TestEnvironment.shared("captures")

    /// Reads `path` into a batching sink (one batch, no store), noting the addresses it names.
    static func read(_ path: String) throws -> (batch: SightingBatch, named: [IPAddress]) {
        let format = try InputFormatRegistry.standard.detect(path: path)
        let table = SourceTable()
        let named = NamedAddresses()
        var sink = BatchingSink(clientMode: nil, defaultSource: table.id(Source(kind: format.sourceKind, name: path)),
                                addressSeen: { named.list.append($0) })
        try format.read(InputFile(path: path, options: ReadOptions(), source: table.id(Source(kind: format.sourceKind, name: path)),
                                  resolver: { table.id($0) }), into: &sink)
        return (sink.batch, named.list)
    }

    /// Every address of the batch's sightings is named, and only those (the capture's A/AAAA
    /// answers and glue), once per sighting: when its key is new to the batch.
    @Test func theSinkNamesEveryAddressOfItsBatch() throws {
        for file in ["pcapng/wikipedia.pcapng", "pcapng/dns53.pcapng"] {
            let (batch, named) = try Self.read(Self.captures + "/" + file)
            let expected = AddressEnrichment.addresses(of: batch)
            #expect(expected.count >= 3, "\(file)")
            #expect(Set(named) == Set(expected), "\(file)")
            #expect(named.count == batch.sightings.filter { $0.key.data.address != nil }.count, "\(file)")
        }
    }

    /// The writer's records from the lookup thread equal its own lookups (but for the time
    /// stamps), whether an address was submitted early, late or not at all, and a second
    /// batch with the same addresses gets them again.
    @Test func prefetchedRecordsAreTheLookupsOfTheBatch() async throws {
        let enricher = try Enricher.open(paths: [])
        guard !enricher.sources.isEmpty else {
            print("skipped: no libloc database at /usr/share/libloc-location/location.db (apt-get install libloc-database)")
            return
        }
        let enrichment = AddressEnrichment(enricher: enricher)
        let (batch, _) = try Self.read(Self.captures + "/pcapng/wikipedia.pcapng")
        let addresses = AddressEnrichment.addresses(of: batch)
        let expected = Self.untimed(enrichment.lookUp(addresses))
        let prefetch = EnrichmentPrefetch(enrichment: enrichment)
        defer { prefetch.finish() }
        let submitted = addresses.prefix(addresses.count / 2)
        for a in submitted + submitted { prefetch.submit(a) }  // repeats are looked up once
        let deadline = ContinuousClock.now + .seconds(30)
        while prefetch.answered < submitted.count, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(10))
        }
        #expect(prefetch.answered == submitted.count)
        let first = prefetch.records(for: addresses)
        #expect(first.count == addresses.count)
        #expect(Self.untimed(first) == expected)
        #expect(prefetch.answered == 0)  // taken, and forgotten
        for a in addresses { prefetch.submit(a) }
        #expect(Self.untimed(prefetch.records(for: addresses)) == expected)  // answered or not yet
    }

    static func untimed(_ records: [AddressInfoRecord]) -> [String] {
        records.map { r in
            "\(r.address) \(r.asn.map(String.init) ?? "-") \(r.prefix ?? "-") \(r.asName ?? "-") \(r.country ?? "-") \(r.flags) \(r.database ?? "-")"
        }.sorted()
    }
}

/// The addresses a sink named (the sink and this test run on one thread).
private final class NamedAddresses: @unchecked Sendable {
    var list: [IPAddress] = []
}
