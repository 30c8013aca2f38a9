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
        let psl = publicSuffixes
        try await forEachRun(store) { builder, info in
            results += builder.map(info: info, psl: psl, parallel: parallel, transform)
        }
        return results
    }

    /// Folds every domain's evidence into `initial` on `parallel` threads, one fold per part
    /// of a run of domains (see `EvidenceBuilder.reduce`), the folds in the order `mapEvidence`
    /// gives its results: the streaming step of `AnalysisResult.judging`, which keeps only
    /// what it needs.
    public func reduceEvidence<Partial: Sendable>(from store: any ObservationStore, parallel: Int, into initial: Partial,
                                                  _ fold: @Sendable (inout Partial, DomainEvidence) -> Void) async throws -> [Partial] {
        var partials: [Partial] = []
        let psl = publicSuffixes
        try await forEachRun(store) { builder, info in
            partials += builder.reduce(info: info, psl: psl, parallel: parallel, into: initial, fold)
        }
        return partials
    }

    /// What a run-wise read held: how many names the store has, how many runs it was read
    /// in, and the most names and sightings one run held (context names included).
    struct ReadStats: Sendable, Equatable {
        var storeNames = 0
        var runs = 0
        var largestRunNames = 0
        var largestRunSightings = 0
    }

    /// Reads the store a run of names at a time and hands each run's builder to `body`, runs in
    /// canonical name order, so that only one run's sightings and answer sets (and the next
    /// run's, being read meanwhile on another core) are in memory, whatever the store's size:
    ///
    /// 1. the distinct owner names (`distinctNames`, page by page), sorted in canonical order
    ///    (RFC 4034), which keeps each registered domain's names together; this list and the
    ///    enrichment table are what is held for the whole store;
    /// 2. the PTR sightings of the reverse names among them (`EvidenceBuilder.ReverseNames`);
    /// 3. runs of `runSize` names, cut only where no registered domain straddles the cut
    ///    (`EvidenceBuilder.separates`); each run's sightings and answer sets are read by name
    ///    (`sightings(named:)`, `answerSets(named:)`), then the names outside the run that its
    ///    evidence looks at (`EvidenceBuilder.missingReferences`) as context.
    ///
    /// The evidence is the same as from one builder fed the whole store.
    @discardableResult
    func forEachRun(_ store: any ObservationStore,
                    _ body: (EvidenceBuilder, @escaping @Sendable (IPAddress) -> AddressInfo?) throws -> Void) async throws -> ReadStats {
        let infosTask: Task<AddressInfoTable, any Error>? = reenrich == nil ? Task { try await addressInfos(store) } : nil
        defer { infosTask?.cancel() }
        let names = try await sortedNames(store)
        let runs = Analysis.runs(names, size: runSize, psl: publicSuffixes)
        let reverse = try await reverseNames(store, names)
        let info: @Sendable (IPAddress) -> AddressInfo?
        if let infosTask {
            let infos = try await infosTask.value
            info = { infos[$0] }
        } else {
            let enricher = reenrich
            info = { enricher?.lookup($0).addressInfo }
        }
        var stats = ReadStats(storeNames: names.count)
        let analysis = self
        var next: Task<(EvidenceBuilder, Int), any Error>? = runs.first.map { run in
            Task { try await analysis.readRun(names[run], of: names, from: store, reverse: reverse) }
        }
        defer { next?.cancel() }
        for i in runs.indices {
            guard let task = next else { break }
            let (builder, sightings) = try await task.value
            // The next run is read (SQL, decoding) while this one is judged.
            next = i + 1 < runs.count ? Task { [run = runs[i + 1]] in
                try await analysis.readRun(names[run], of: names, from: store, reverse: reverse)
            } : nil
            stats.runs += 1
            stats.largestRunNames = max(stats.largestRunNames, builder.nameCount + builder.contextCount)
            stats.largestRunSightings = max(stats.largestRunSightings, sightings)
            try body(builder, info)
        }
        return stats
    }

    /// The PTR targets of the reverse names among sorted `names` (in the window).
    func reverseNames(_ store: any ObservationStore, _ names: [DNSName]) async throws -> EvidenceBuilder.ReverseNames {
        var table = EvidenceBuilder.ReverseNames()
        let reverse = names.filter { n in EvidenceBuilder.ReverseNames.zones.contains { n.isSubdomain(of: $0) } }
        for start in stride(from: 0, to: reverse.count, by: max(1, runSize)) {
            let part = Array(reverse[start..<min(reverse.count, start + max(1, runSize))])
            table.add(contentsOf: try await store.sightings(named: part), since: since, until: until)
        }
        return table
    }

    /// Every distinct owner name of the store's sightings, in canonical order.
    func sortedNames(_ store: any ObservationStore) async throws -> [DNSName] {
        var names: [DNSName] = []
        var after: DNSName?
        while true {
            let page = try await store.distinctNames(after: after, limit: pageSize)
            names += page
            guard page.count == pageSize, let last = page.last else { break }
            after = last
        }
        names.sort()
        return names
    }

    /// Cuts sorted names into runs of at least `size` names (the last may be shorter), each
    /// cut between two names that no registered domain holds both of.
    static func runs(_ sorted: [DNSName], size: Int, psl: PublicSuffixList?) -> [Range<Int>] {
        var runs: [Range<Int>] = []
        var start = 0
        while start < sorted.count {
            let end = EvidenceBuilder.firstCut(atOrAfter: start + max(1, size), in: sorted, psl: psl)
            runs.append(start..<min(end, sorted.count))
            start = end
        }
        return runs
    }

    /// One run's builder: the sightings and answer sets of `run`, then as context what the
    /// store has of the names outside the run that its evidence looks at (`all` tells which
    /// names have sightings; answer sets are read for CNAME targets whatever it says). Returns
    /// the builder and the number of sightings read.
    func readRun(_ run: ArraySlice<DNSName>, of all: [DNSName], from store: any ObservationStore,
                 reverse: EvidenceBuilder.ReverseNames) async throws -> (EvidenceBuilder, Int) {
        var builder = EvidenceBuilder(since: since, until: until)
        builder.reverseNames = reverse
        let names = Array(run)
        let sightings = try await store.sightings(named: names)
        var count = sightings.count
        builder.add(contentsOf: sightings)
        for tally in try await store.answerSets(named: names) { builder.add(tally) }
        // A CNAME chain has at most 8 links; each round reads one more link (and the hosts of
        // name servers found on the way).
        var asked = Set<DNSName>()
        for _ in 0..<10 {
            let (missing, targets) = builder.missingReferences()
            let wanted = missing.subtracting(asked)
            guard !wanted.isEmpty else { break }
            asked.formUnion(wanted)
            let stored = wanted.filter { Analysis.contains(all, $0) }.sorted()
            let context = try await store.sightings(named: stored)
            count += context.count
            builder.addContext(contentsOf: context)
            for tally in try await store.answerSets(named: targets.intersection(wanted).sorted()) { builder.addContext(tally) }
        }
        return (builder, count)
    }

    /// True when sorted `names` holds `name` (binary search).
    static func contains(_ names: [DNSName], _ name: DNSName) -> Bool {
        let i = names.partitioningIndex { !($0 < name) }
        return i < names.count && names[i] == name
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
