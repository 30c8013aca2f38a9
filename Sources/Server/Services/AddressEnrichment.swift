import DNSWire
import Enrichment
import FluxModel
import Foundation
import Store

/// Enriches the addresses the store has no record of yet (origin AS, prefix, country, flags),
/// so that the analysis counts ASNs and countries.
public struct AddressEnrichment: Sendable {
    let store: any ObservationStore
    let enricher: Enricher

    /// Creates the pass.
    public init(store: any ObservationStore, enricher: Enricher) {
        self.store = store
        self.enricher = enricher
    }

    /// Enriches every address still missing; returns how many.
    @discardableResult
    public func run(pageSize: Int = 5000) async throws -> Int {
        var total = 0
        while true {
            let addresses = try await store.addressesNeedingEnrichment(database: nil, limit: pageSize)
            guard !addresses.isEmpty else { return total }
            let now = Date().timeIntervalSince1970
            try await store.upsertAddressInfo(addresses.map { Self.record(enricher.lookup($0), at: now) })
            total += addresses.count
            if addresses.count < pageSize { return total }
        }
    }

    /// A lookup as the store keeps it.
    static func record(_ info: NetworkInfo, at time: Timestamp) -> AddressInfoRecord {
        AddressInfoRecord(address: info.address, asn: info.asn, prefix: info.prefix?.description, asName: info.asName,
                          country: info.country, flags: info.flags.nameList, enrichedAt: time, database: info.sources.first)
    }
}
