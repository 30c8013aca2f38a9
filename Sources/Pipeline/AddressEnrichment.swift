import DNSWire
import Enrichment
import FluxModel
import Foundation
import Store

/// Enriches the addresses the store holds without enrichment: looks each up (`Enricher`:
/// libloc, MaxMind, prefix tables, special-purpose ranges, CDN table) and stores the answer,
/// which records when the address was first enriched.
public struct AddressEnrichment: Sendable {
    /// The enricher used.
    public let enricher: Enricher

    /// Creates an enrichment step.
    public init(enricher: Enricher) {
        self.enricher = enricher
    }

    /// The name stored as each record's `database`: the sources' names joined by `+`.
    public var database: String { enricher.sources.map(\.name).joined(separator: "+") }

    /// Enriches every address still without enrichment, `batchSize` at a time.
    /// - Returns: How many addresses were enriched.
    public func run(store: any ObservationStore, batchSize: Int = 10_000) async throws -> Int {
        var total = 0
        while true {
            let addresses = try await store.addressesNeedingEnrichment(database: nil, limit: batchSize)
            if addresses.isEmpty { break }
            let records = lookUp(addresses)
            try await store.upsertAddressInfo(records)
            total += records.count
            if addresses.count < batchSize { break }
        }
        return total
    }

    /// What the enricher answers for each address, as records stamped now.
    public func lookUp(_ addresses: [IPAddress]) -> [AddressInfoRecord] {
        let now = Date().timeIntervalSince1970
        return addresses.map { AddressInfoRecord(enricher.lookup($0), database: database, at: now) }
    }

    /// The distinct addresses of a batch's A and AAAA sightings.
    public static func addresses(of batch: SightingBatch) -> [IPAddress] {
        var seen = Set<IPAddress>()
        var addresses: [IPAddress] = []
        for s in batch.sightings {
            if let address = s.key.data.address, seen.insert(address).inserted { addresses.append(address) }
        }
        return addresses
    }
}

extension AddressInfoRecord {
    /// The one mapping from what enrichment found to what the store keeps. Flags are
    /// `NetworkFlags` names (`anycast`, `bogon`, `cdn`...); a CDN or cloud provider is kept
    /// as a further flag `provider=NAME` (commas removed, as flags are comma-separated).
    public init(_ info: NetworkInfo, database: String?, at time: Timestamp) {
        var flags = info.flags.nameList
        if let provider = info.provider {
            flags.append("provider=" + provider.replacingOccurrences(of: ",", with: ""))
        }
        self.init(address: info.address, asn: info.asn, prefix: info.prefix?.description, asName: info.asName,
                  country: info.country, flags: flags, enrichedAt: time, database: database)
    }
}
