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

    /// The evidence for every domain in the store: FQDNs, then registered domains, each in
    /// canonical order.
    public func evidence(from store: any ObservationStore) async throws -> [DomainEvidence] {
        let (builder, info) = try await read(store)
        return builder.build(info: info, psl: publicSuffixes)
    }

    /// Transforms every domain's evidence on `parallel` threads (see `EvidenceBuilder.map`),
    /// results in the order `forEachEvidence` would hand the evidence out.
    public func mapEvidence<T: Sendable>(from store: any ObservationStore, parallel: Int,
                                         _ transform: @Sendable (DomainEvidence) -> T) async throws -> [T] {
        let (builder, info) = try await read(store)
        return builder.map(info: info, psl: publicSuffixes, parallel: parallel, transform)
    }

    /// Folds every domain's evidence into `initial` on `parallel` threads, one fold per run of
    /// domains (see `EvidenceBuilder.reduce`), the folds in the order `mapEvidence` gives its
    /// results: the streaming step of `AnalysisResult.judging`, which keeps only what it needs.
    public func reduceEvidence<Partial: Sendable>(from store: any ObservationStore, parallel: Int, into initial: Partial,
                                                  _ fold: @Sendable (inout Partial, DomainEvidence) -> Void) async throws -> [Partial] {
        let (builder, info) = try await read(store)
        return builder.reduce(info: info, psl: publicSuffixes, parallel: parallel, into: initial, fold)
    }

    /// Reads the sightings, answer sets and enrichment records of the store. The enrichment
    /// table is read by a task of its own, and the next page of sightings or answer sets is
    /// fetched while the builder takes in the current one, so reading (SQL, decoding) and
    /// building use two cores.
    private func read(_ store: any ObservationStore) async throws -> (EvidenceBuilder, @Sendable (IPAddress) -> AddressInfo?) {
        let infosTask: Task<AddressInfoTable, any Error>? = reenrich == nil ? Task { try await addressInfos(store) } : nil
        defer { infosTask?.cancel() }
        let pageSize = pageSize
        var builder = EvidenceBuilder(since: since, until: until)
        var nextSightings: Task<SightingPage, any Error>? = Task { try await store.sightingPage(after: nil, limit: pageSize) }
        while let task = nextSightings {
            let page = try await task.value
            nextSightings = page.next.map { cursor in Task { try await store.sightingPage(after: cursor, limit: pageSize) } }
            builder.add(contentsOf: page.sightings)
        }
        var nextSets: Task<AnswerSetPage, any Error>? = Task { try await store.answerSetPage(after: nil, limit: pageSize) }
        while let task = nextSets {
            let page = try await task.value
            nextSets = page.next.map { cursor in Task { try await store.answerSetPage(after: cursor, limit: pageSize) } }
            for tally in page.answerSets { builder.add(tally) }
        }
        guard let infosTask else {
            let enricher = reenrich
            return (builder, { enricher?.lookup($0).addressInfo })
        }
        let infos = try await infosTask.value
        return (builder, { infos[$0] })
    }

    /// Every stored enrichment record, as the detection vocabulary has it.
    func addressInfos(_ store: any ObservationStore) async throws -> AddressInfoTable {
        var table = AddressInfoTable()
        var after: String?
        while true {
            let page = try await store.addressInfoPage(after: after, limit: pageSize)
            guard let last = page.last else { break }
            for r in page { table.insert(Analysis.addressInfo(r), for: r.address) }
            after = last.address.description
        }
        return table
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
