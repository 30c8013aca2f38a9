import DNSWire
import Detection
import Enrichment
import FluxModel
import Store

/// The analysis pass shared by `fluxscope analyze`, `evaluate`, `networks`, `export` and the
/// server: read sightings and enrichment from a store, build evidence per domain, classify.
public struct Analysis: Sendable {
    /// Only sightings overlapping this window are used.
    public var since: Timestamp?
    public var until: Timestamp?
    /// Registered-domain evidence needs the Public Suffix List; without it only FQDNs are judged.
    public var publicSuffixes: PublicSuffixList?
    /// When set, addresses are enriched again with this enricher instead of the stored records.
    public var reenrich: Enricher?
    /// Rows read per store page.
    public var pageSize = 50_000

    /// Creates an analysis.
    public init(since: Timestamp? = nil, until: Timestamp? = nil, publicSuffixes: PublicSuffixList? = nil, reenrich: Enricher? = nil) {
        self.since = since
        self.until = until
        self.publicSuffixes = publicSuffixes
        self.reenrich = reenrich
    }

    /// The evidence for every domain in the store.
    public func evidence(from store: any ObservationStore) async throws -> [DomainEvidence] {
        var builder = EvidenceBuilder(since: since, until: until)
        var cursor: SightingCursor?
        repeat {
            let page = try await store.sightingPage(after: cursor, limit: pageSize)
            for s in page.sightings { builder.add(s) }
            cursor = page.next
        } while cursor != nil
        var setCursor: AnswerSetCursor?
        repeat {
            let page = try await store.answerSetPage(after: setCursor, limit: pageSize)
            for tally in page.answerSets { builder.add(tally) }
            setCursor = page.next
        } while setCursor != nil
        let infos = try await addressInfos(store)
        let enricher = reenrich
        return builder.build(info: { address in
            if let enricher { return enricher.lookup(address).addressInfo }
            return infos[address]
        }, psl: publicSuffixes)
    }

    /// Every stored enrichment record, as the detection vocabulary has it.
    func addressInfos(_ store: any ObservationStore) async throws -> [IPAddress: AddressInfo] {
        guard reenrich == nil else { return [:] }
        var result: [IPAddress: AddressInfo] = [:]
        var after: String?
        while true {
            let page = try await store.addressInfoPage(after: after, limit: pageSize)
            guard let last = page.last else { break }
            for r in page { result[r.address] = Analysis.addressInfo(r) }
            after = last.address.description
        }
        return result
    }

    /// Classifies every domain with every model, in evidence order then model order.
    public static func classify(_ evidence: [DomainEvidence], models: [any DetectionModel]) -> [Verdict] {
        var verdicts: [Verdict] = []
        verdicts.reserveCapacity(evidence.count * models.count)
        for e in evidence {
            let features = FeatureExtractor.extract(e)
            for m in models { verdicts.append(m.classify(features, evidence: e)) }
        }
        return verdicts
    }

    /// A stored enrichment record in the detection vocabulary.
    public static func addressInfo(_ r: AddressInfoRecord) -> AddressInfo {
        let flags = Set(r.flags)
        return AddressInfo(asn: r.asn, prefix: r.prefix, asName: r.asName, country: r.country,
                           cdnProvider: flags.contains("cdn") ? "cdn" : nil,
                           isAnycast: flags.contains("anycast"),
                           isHosting: flags.contains("hosting") || flags.contains("cloud"),
                           isSpecial: !flags.isDisjoint(with: ["private", "documentation", "reserved", "bogon"]))
    }
}
