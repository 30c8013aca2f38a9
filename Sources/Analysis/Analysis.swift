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
    /// Rows read per store page (names, enrichment records).
    public var pageSize = 50_000
    /// Names per run: the store is read and judged a run of names at a time (see `forEachRun`);
    /// a registered domain's names are never split, so a run may hold more.
    public var runSize = 10_000
    /// Names sorted in memory at once while reading the store's names in canonical order;
    /// more are sorted in chunks of this size in a temporary file and merged
    /// (`CanonicalNames`).
    public var chunkSize = 100_000
    /// Runs read at once ahead of the one being judged (each on its own reader connection).
    public var readAheadRuns = 2

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
        var fqdns: [DomainEvidence] = []
        var registered: [DomainEvidence] = []
        let psl = publicSuffixes
        try await forEachRun(store) { builder, info in
            builder.forEach(info: info, psl: psl) { e in
                if e.level == .fqdn { fqdns.append(e) } else { registered.append(e) }
            }
        }
        registered.sort { $0.domain < $1.domain }
        return fqdns + registered
    }

    /// Transforms every domain's evidence on `parallel` threads (see `EvidenceBuilder.map`),
    /// results in the order `forEachEvidence` would hand the evidence out.
    public func mapEvidence<T: Sendable>(from store: any ObservationStore, parallel: Int,
                                         _ transform: @Sendable (DomainEvidence) -> T) async throws -> [T] {
        var results: [T] = []
        try await mapEvidence(from: store, parallel: parallel, transform) { results += $0 }
        return results
    }

    /// `mapEvidence`, handing each run's results to `eachRun` (in the same order) instead of
    /// keeping them.
    public func mapEvidence<T: Sendable>(from store: any ObservationStore, parallel: Int,
                                         _ transform: @Sendable (DomainEvidence) -> T,
                                         eachRun: ([T]) throws -> Void) async throws {
        let psl = publicSuffixes
        try await forEachRun(store) { builder, info in
            try eachRun(builder.map(info: info, psl: psl, parallel: parallel, transform))
        }
    }

    /// Folds every domain's evidence into `initial` on `parallel` threads, one fold per part
    /// of a run of domains (see `EvidenceBuilder.reduce`), the folds in the order `mapEvidence`
    /// gives its results: the streaming step of `AnalysisResult.judging`, which keeps only
    /// what it needs.
    public func reduceEvidence<Partial: Sendable>(from store: any ObservationStore, parallel: Int, into initial: Partial,
                                                  _ fold: @Sendable (inout Partial, DomainEvidence) -> Void) async throws -> [Partial] {
        var partials: [Partial] = []
        try await reduceEvidence(from: store, parallel: parallel, into: initial, fold) { partials += $0 }
        return partials
    }

    /// `reduceEvidence`, handing each run's folds to `eachRun` (runs in canonical order of
    /// their names) instead of keeping them.
    public func reduceEvidence<Partial: Sendable>(from store: any ObservationStore, parallel: Int, into initial: Partial,
                                                  _ fold: @Sendable (inout Partial, DomainEvidence) -> Void,
                                                  eachRun: ([Partial]) throws -> Void) async throws {
        let psl = publicSuffixes
        try await forEachRun(store) { builder, info in
            try eachRun(builder.reduce(info: info, psl: psl, parallel: parallel, into: initial, fold))
        }
    }

    /// What a run-wise read held: how many names the store has (and how many of them are
    /// reverse names), how many runs it was read in, and the most names, sightings,
    /// enrichment records and reverse names with PTR targets one run held (context names
    /// included).
    struct ReadStats: Sendable, Equatable {
        var storeNames = 0
        var storeReverseNames = 0
        var runs = 0
        var largestRunNames = 0
        var largestRunSightings = 0
        var largestRunAddresses = 0
        var largestRunReverseNames = 0
    }

    /// One run read from the store: its builder (with the PTR targets of its addresses when
    /// the store has reverse names), the sightings read for it, and the enrichment of their
    /// addresses (`nil` when re-enriching).
    struct Run: Sendable {
        var builder: EvidenceBuilder
        var sightings: Int
        var infos: AddressInfoTable?
    }

    /// Reads the store a run of names at a time and hands each run's builder to `body`, runs in
    /// canonical name order, so that only one run's sightings, answer sets and enrichment (and
    /// the next `readAheadRuns` runs', being read meanwhile on other cores) are in memory,
    /// whatever the store's size:
    ///
    /// 1. the distinct owner names (`distinctNames`, page by page) are sorted in canonical
    ///    order (RFC 4034), which keeps each registered domain's names together, by an
    ///    external merge sort (`CanonicalNames`: sorted chunks of `chunkSize` names in a
    ///    temporary file, merged back a name at a time);
    /// 2. meanwhile the reverse names among them (`in-addr.arpa.`, `ip6.arpa.`) are counted;
    /// 3. the merged names are cut into runs of `runSize` names as they come, only where no
    ///    registered domain straddles the cut (`EvidenceBuilder.separates`); each run's
    ///    sightings and answer sets are read by name (`sightings(named:)`,
    ///    `answerSets(named:)`), then the names outside the run that its evidence looks at
    ///    (`EvidenceBuilder.missingReferences`; none between the run's first and last name,
    ///    which the run holds all of) as context, then the enrichment of the
    ///    addresses of all these sightings (`addressInfos`) and, when the store has reverse
    ///    names, the PTR sightings of these addresses' reverse names (`ptrSightings`).
    ///
    /// The evidence is the same as from one builder fed the whole store.
    @discardableResult
    func forEachRun(_ store: any ObservationStore,
                    _ body: (EvidenceBuilder, @escaping @Sendable (IPAddress) -> AddressInfo?) throws -> Void) async throws -> ReadStats {
        var reverseNames = 0
        let names = try await CanonicalNames(store, pageSize: pageSize, chunkSize: chunkSize) { name in
            if EvidenceBuilder.ReverseNames.isReverseName(name) { reverseNames += 1 }
        }
        var stats = ReadStats(storeNames: names.count, storeReverseNames: reverseNames)
        // Without reverse names in the store no run looks any up (building a reverse name per
        // address is most of the cost of a large store without PTRs).
        let readPTR = reverseNames > 0
        var pending: [DNSName] = []
        let analysis = self
        // Runs being read ahead, oldest first: reading a run (SQL, decoding, building)
        // takes longer than judging one, so several are read at once while one is judged.
        var ahead: [Task<Run, any Error>] = []
        defer { for task in ahead { task.cancel() } }
        func readAhead() throws {
            while ahead.count < max(1, readAheadRuns), let run = try nextRun(names.next, &pending) {
                ahead.append(Task { try await analysis.readRun(run, from: store, readPTR: readPTR) })
            }
        }
        try readAhead()
        while !ahead.isEmpty {
            let run = try await ahead[0].value
            ahead.removeFirst()
            try readAhead()
            stats.runs += 1
            stats.largestRunNames = max(stats.largestRunNames, run.builder.nameCount + run.builder.contextCount)
            stats.largestRunSightings = max(stats.largestRunSightings, run.sightings)
            stats.largestRunAddresses = max(stats.largestRunAddresses, run.infos?.count ?? 0)
            stats.largestRunReverseNames = max(stats.largestRunReverseNames, run.builder.reverseNames?.count ?? 0)
            let info: @Sendable (IPAddress) -> AddressInfo?
            if let infos = run.infos {
                info = { infos[$0] }
            } else {
                let enricher = reenrich
                info = { enricher?.lookup($0).addressInfo }
            }
            try body(run.builder, info)
        }
        return stats
    }

    /// The next run of the names `next` hands out in canonical order: at least `runSize`
    /// names (the last run may be shorter), cut only between two names that no registered
    /// domain holds both of (`EvidenceBuilder.separates`; anywhere without a Public Suffix
    /// List); `pending` holds the names read past the cut. `nil` after the last.
    func nextRun(_ next: () throws -> DNSName?, _ pending: inout [DNSName]) throws -> [DNSName]? {
        var i = max(1, runSize)
        while true {
            while pending.count <= i, let name = try next() { pending.append(name) }
            guard i < pending.count, let psl = publicSuffixes,
                  !EvidenceBuilder.separates(pending[i - 1], pending[i], psl) else { break }
            i += 1
        }
        guard !pending.isEmpty else { return nil }
        let run = Array(pending.prefix(i))
        pending.removeFirst(run.count)
        return run
    }

    /// One run read from the store: the sightings and answer sets of `names`, then as context
    /// what the store has of the names outside the run that its evidence looks at (answer
    /// sets are read for CNAME targets), then, with `readPTR`, the PTR targets (in the
    /// window) of the reverse names of every address of these sightings, and the stored
    /// enrichment of these addresses (unless re-enriching).
    func readRun(_ names: [DNSName], from store: any ObservationStore, readPTR: Bool) async throws -> Run {
        var builder = EvidenceBuilder(since: since, until: until)
        let sightings = try await store.sightings(named: names)
        var count = sightings.count
        var addresses = Analysis.addresses(of: sightings)
        builder.add(contentsOf: sightings)
        for tally in try await store.answerSets(named: names) { builder.add(tally) }
        // A CNAME chain has at most 8 links; each round reads one more link (and the hosts of
        // name servers found on the way). Names the store does not have are left out by it.
        // And the run is every store name from its first to its last in canonical order, so a
        // name in that range that the run lacks is not in the store: not asked for (a
        // registered domain's own names, e.g. its apex when only `www` has sightings).
        let complete = names.first.flatMap { first in names.last.map { first...$0 } }
        var asked = Set<DNSName>()
        for _ in 0..<10 {
            let (missing, targets) = builder.missingReferences(complete: complete)
            let wanted = missing.subtracting(asked)
            guard !wanted.isEmpty else { break }
            asked.formUnion(wanted)
            let context = try await store.sightings(named: wanted.sorted())
            count += context.count
            addresses += Analysis.addresses(of: context)
            builder.addContext(contentsOf: context)
            for tally in try await store.answerSets(named: targets.intersection(wanted).sorted()) { builder.addContext(tally) }
        }
        if readPTR {
            var reverse = EvidenceBuilder.ReverseNames()
            reverse.add(contentsOf: try await store.ptrSightings(of: addresses), since: since, until: until)
            builder.reverseNames = reverse
        }
        builder.orderNames(by: names)
        guard reenrich == nil else { return Run(builder: builder, sightings: count, infos: nil) }
        var infos = AddressInfoTable()
        for r in try await store.addressInfos(addresses) { infos.insert(Analysis.addressInfo(r), for: r.address) }
        return Run(builder: builder, sightings: count, infos: infos)
    }

    /// The addresses of the A and AAAA sightings among `sightings`.
    static func addresses(of sightings: [Sighting]) -> [IPAddress] {
        sightings.compactMap(\.key.data.address)
    }

    /// Every stored enrichment record, as the detection vocabulary has it (the whole store's:
    /// for tests that compare with the run-wise read).
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
        // A record has a few flags at most: searched in place, no set made per record.
        let flags = r.flags
        return AddressInfo(asn: r.asn, prefix: r.prefix, asName: r.asName, country: r.country,
                           cdnProvider: flags.contains("cdn") ? "cdn" : nil,
                           isAnycast: flags.contains("anycast"),
                           isHosting: flags.contains("hosting") || flags.contains("cloud"),
                           isSpecial: flags.contains { ["private", "documentation", "reserved", "bogon"].contains($0) })
    }
}
