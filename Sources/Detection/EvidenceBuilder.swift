import DNSWire
import FluxModel
import Dispatch
import Synchronization

/// Turns sightings (and answer sets, where kept) into evidence per FQDN and per registered
/// domain. Pure: callers feed it what they read from a store.
///
/// - An FQDN's addresses are its own A/AAAA sightings, or, when it is an alias, those of the
///   names its CNAME chain ends at (at most 8 links; loops are cut).
/// - Its name servers are the NS sightings of the name itself or of its closest ancestor that
///   has some (the zone cut), and their addresses are those names' A/AAAA sightings.
/// - A registered domain (eTLD+1) gets evidence of its own when two or more of its FQDNs have
///   addresses: flux zones answer for random wildcard subdomains, each seen once.
///
/// A builder may hold a whole store, or one run of names (`Analysis` reads a store so): then
/// the names the run's evidence looks at outside the run (CNAME targets, name servers and
/// their hosts, ancestors) are fed with `addContext`, `missingReferences` tells which, and
/// PTR targets come from `reverseNames`, read for the run's addresses.
public struct EvidenceBuilder: Sendable {
    /// What is kept of one name's sightings until its evidence is built: compact, since a
    /// large store holds millions of them at once (no enrichment slot, no name per tally).
    struct NameData: Sendable {
        var addresses: [AddressSighting] = []
        var cnames: [DomainEvidence.NameSighting] = []
        var nameServers: [DomainEvidence.NameSighting] = []
        /// Answer-set tallies in the order fed; tallies of the same addresses are merged when
        /// the evidence is built.
        var answerSets: [AnswerSetTally] = []
        var ptr: [String] = []

        /// The answer sets, tallies of the same addresses merged.
        var mergedAnswerSets: [AnswerSetTally] {
            guard answerSets.count > 1 else { return answerSets }
            if answerSets.count <= 16 {
                // A name has a few sets as a rule: compared pairwise, with no table to build.
                var merged: [AnswerSetTally] = []
                for tally in answerSets {
                    if let i = merged.firstIndex(where: { $0.key.addresses == tally.key.addresses }) {
                        merged[i].merge(tally)
                    } else {
                        merged.append(tally)
                    }
                }
                return merged
            }
            var byAddresses: [[IPAddress]: Int] = [:]
            var merged: [AnswerSetTally] = []
            for tally in answerSets {
                if let i = byAddresses[tally.key.addresses] {
                    merged[i].merge(tally)
                } else {
                    byAddresses[tally.key.addresses] = merged.count
                    merged.append(tally)
                }
            }
            return merged
        }
    }

    /// One A/AAAA sighting of a name, as `DomainEvidence.Address` without the enrichment.
    struct AddressSighting: Sendable {
        var address: IPAddress
        var firstSeen: Timestamp
        var lastSeen: Timestamp
        var count: Int
        var minTTL: UInt32?
        var maxTTL: UInt32?

        var evidence: DomainEvidence.Address {
            .init(address: address, firstSeen: firstSeen, lastSeen: lastSeen, count: count, minTTL: minTTL, maxTTL: maxTTL)
        }
    }

    private var names: [DNSName: NameData] = [:] { didSet { order = nil } }
    /// The names fed in canonical order, when `orderNames(by:)` gave it (until the next add).
    private var order: [DNSName]?
    /// Names outside the run that the run's evidence looks at (`addContext`): looked up, never
    /// judged themselves.
    private var context: [DNSName: NameData] = [:]
    /// True once a PTR sighting was fed: only then are reverse names looked up (building a
    /// reverse name per address is most of the cost of a large store without PTRs).
    private var hasPTR = false
    /// The PTR targets of the reverse names of the addresses of a run of names (its own and
    /// its context's), for a builder that holds a run: when set, reverse names are looked up
    /// here only (none when it is empty), not among the names fed.
    public var reverseNames: ReverseNames?

    /// PTR targets by reverse name (`in-addr.arpa.`, `ip6.arpa.`): one short entry per
    /// address that has PTR sightings, read for a run's addresses (`ObservationStore.ptrSightings`).
    public struct ReverseNames: Sendable {
        var targets: [DNSName: [String]] = [:]

        /// An empty table.
        public init() {}

        /// True when no PTR sighting was added.
        public var isEmpty: Bool { targets.isEmpty }

        /// The reverse names held (one per address that has a PTR sighting).
        public var count: Int { targets.count }

        /// The suffixes reverse names sit under.
        static let zones: [DNSName] = [try! DNSName("in-addr.arpa."), try! DNSName("ip6.arpa.")]

        /// True for a reverse-mapping name: one under `in-addr.arpa.` or `ip6.arpa.`.
        public static func isReverseName(_ name: DNSName) -> Bool { zones.contains { name.isSubdomain(of: $0) } }

        /// Adds the PTR sightings among `sightings` that overlap the window (others are passed over).
        public mutating func add(contentsOf sightings: some Sequence<Sighting>, since: Timestamp?, until: Timestamp?) {
            for s in sightings where s.key.type == .ptr && EvidenceBuilder.isKept(s, since: since, until: until) {
                if case .name(let target) = s.key.data { targets[s.key.name, default: []].append(target.description) }
            }
        }
    }
    /// Only sightings overlapping this window are used (`nil`: no bound).
    public var since: Timestamp?
    public var until: Timestamp?

    /// Creates an empty builder.
    public init(since: Timestamp? = nil, until: Timestamp? = nil) {
        self.since = since
        self.until = until
    }

    /// The owner names fed so far, in canonical order.
    var sortedNames: [DNSName] { order ?? names.keys.sorted() }

    /// Takes the canonical order of the names fed from `canonical` (distinct names in
    /// canonical order, among them every name fed, as a reader's run of names is), so that
    /// judging need not sort them: one table look-up per name instead of a sort's
    /// comparisons, and on the reader's thread. Anything else leaves the order to a sort.
    public mutating func orderNames(by canonical: [DNSName]) {
        var ordered: [DNSName] = []
        ordered.reserveCapacity(names.count)
        for name in canonical {
            if let i = names.index(forKey: name) { ordered.append(names[i].key) }  // spelled as fed
        }
        guard ordered.count == names.count, zip(ordered, ordered.dropFirst()).allSatisfy({ $0 < $1 }) else { return }
        order = ordered
    }

    /// The number of distinct owner names fed so far.
    public var nameCount: Int { names.count }

    /// The number of names given as context (`addContext`).
    public var contextCount: Int { context.count }

    /// The data of a name fed or given as context.
    private func data(_ name: DNSName) -> NameData? { names[name] ?? context[name] }

    private func inWindow(_ first: Timestamp, _ last: Timestamp) -> Bool {
        EvidenceBuilder.inWindow(first, last, since: since, until: until)
    }

    private static func inWindow(_ first: Timestamp, _ last: Timestamp, since: Timestamp?, until: Timestamp?) -> Bool {
        (since.map { last >= $0 } ?? true) && (until.map { first <= $0 } ?? true)
    }

    /// Adds one sighting; types other than A, AAAA, CNAME, NS and PTR are ignored.
    public mutating func add(_ s: Sighting) {
        guard EvidenceBuilder.isKept(s, since: since, until: until) else { return }
        hasPTR = EvidenceBuilder.add(s, to: &names[s.key.name, default: NameData()]) || hasPTR
    }

    /// Adds sightings as `add(_:)` does one by one, with one table look-up per run of
    /// sightings of the same owner (a store scan hands a name's sightings out together).
    public mutating func add(contentsOf sightings: some RandomAccessCollection<Sighting>) {
        var i = sightings.startIndex
        while i != sightings.endIndex {
            let owner = sightings[i].key.name
            var j = sightings.index(after: i)
            while j != sightings.endIndex && sightings[j].key.name == owner { j = sightings.index(after: j) }
            let run = sightings[i..<j]
            let (since, until) = (since, until)
            // Filed under the first kept sighting's spelling of the name, as `add(_:)` files it.
            if let first = run.first(where: { EvidenceBuilder.isKept($0, since: since, until: until) }) {
                var ptr = false
                EvidenceBuilder.modify(&names[first.key.name, default: NameData()]) { data in
                    for s in run where EvidenceBuilder.isKept(s, since: since, until: until) {
                        ptr = EvidenceBuilder.add(s, to: &data) || ptr
                    }
                }
                hasPTR = hasPTR || ptr
            }
            i = j
        }
    }

    private static func modify(_ data: inout NameData, _ body: (inout NameData) -> Void) { body(&data) }

    /// Adds sightings of names outside the run (see `missingReferences`), as `add(contentsOf:)`
    /// adds the run's own: their data is looked up, but they get no evidence here.
    public mutating func addContext(contentsOf sightings: some RandomAccessCollection<Sighting>) {
        var outside = EvidenceBuilder(since: since, until: until)
        swap(&outside.names, &context)  // moved, not copied
        outside.add(contentsOf: sightings)
        context = outside.names
        hasPTR = hasPTR || outside.hasPTR
    }

    /// Adds an answer set of a name outside the run (a CNAME target), as `add(_:)` adds one.
    public mutating func addContext(_ tally: AnswerSetTally) {
        guard tally.key.type == .a, inWindow(tally.firstSeen, tally.lastSeen) else { return }
        context[tally.key.name, default: NameData()].answerSets.append(tally)
    }

    /// The names that the evidence of the names fed may look at and that are neither fed nor
    /// context: the ancestors of the names fed (zone cuts), the targets of their NS and
    /// CNAME sightings and of the context's (chains, name-server hosts). `cnameTargets` is
    /// the part whose answer sets are used too. A reader adds what the store has of these
    /// with `addContext` and asks again, until nothing is missing (a chain has at most 8
    /// links). Names within `complete` are never missing: the reader fed every name the store
    /// has in that range (a run of names in canonical order), so the others are not there.
    /// Then the only ancestors outside it are those of its first name (an ancestor sorts
    /// right before its descendants), and no other name's ancestors are walked.
    public func missingReferences(complete: ClosedRange<DNSName>? = nil) -> (names: Set<DNSName>, cnameTargets: Set<DNSName>) {
        var missing = Set<DNSName>(), targets = Set<DNSName>()
        func want(_ n: DNSName) -> Bool { complete?.contains(n) != true && names[n] == nil && context[n] == nil }
        func wantAncestors(of name: DNSName) {
            var n = name
            for _ in 0..<128 where !n.isRoot {
                n = n.parent
                if want(n) { missing.insert(n) }
            }
        }
        if let complete { wantAncestors(of: complete.lowerBound) }
        for (name, data) in names {
            if complete == nil { wantAncestors(of: name) }
            for s in data.nameServers where want(s.name) { missing.insert(s.name) }
            for s in data.cnames where want(s.name) { targets.insert(s.name) }
        }
        for data in context.values {
            for s in data.nameServers where want(s.name) { missing.insert(s.name) }
            for s in data.cnames where want(s.name) { targets.insert(s.name) }
        }
        return (missing.union(targets), targets)
    }

    /// True for a sighting in the window and of a type evidence uses.
    fileprivate static func isKept(_ s: Sighting, since: Timestamp?, until: Timestamp?) -> Bool {
        guard inWindow(s.firstSeen, s.lastSeen, since: since, until: until) else { return false }
        switch s.key.data {
        case .a, .aaaa: return true
        case .name: return s.key.type == .cname || s.key.type == .ns || s.key.type == .ptr
        default: return false
        }
    }

    /// Files a kept sighting under its owner's data; true for a PTR.
    private static func add(_ s: Sighting, to data: inout NameData) -> Bool {
        switch s.key.data {
        case .a(let a):
            data.addresses.append(address(.v4(a), s))
        case .aaaa(let a):
            data.addresses.append(address(.v6(a), s))
        case .name(let target) where s.key.type == .cname:
            data.cnames.append(nameSighting(target, s))
        case .name(let target) where s.key.type == .ns:
            data.nameServers.append(nameSighting(target, s))
        case .name(let target) where s.key.type == .ptr:
            data.ptr.append(target.description)
            return true
        default:
            break
        }
        return false
    }

    /// Adds a tally of one answer set (merged with an earlier tally of the same addresses).
    /// Only A sets count: the temporal features are defined over IPv4 answers, as in the
    /// published work, and the model was trained on them.
    public mutating func add(_ tally: AnswerSetTally) {
        guard tally.key.type == .a, inWindow(tally.firstSeen, tally.lastSeen) else { return }
        // Through the defaulting subscript as a mutation, so a name first seen in an answer
        // set (before any of its sightings) gets its entry (a read of it inserts nothing).
        names[tally.key.name, default: NameData()].answerSets.append(tally)
    }

    private static func address(_ a: IPAddress, _ s: Sighting) -> AddressSighting {
        .init(address: a, firstSeen: s.firstSeen, lastSeen: s.lastSeen, count: s.count, minTTL: s.minTTL, maxTTL: s.maxTTL)
    }

    private static func nameSighting(_ n: DNSName, _ s: Sighting) -> DomainEvidence.NameSighting {
        .init(name: n, firstSeen: s.firstSeen, lastSeen: s.lastSeen, count: s.count, minTTL: s.minTTL)
    }

    /// Builds the evidence. `info` gives the enrichment of an address (or `nil`); `psl`
    /// enables the registered-domain level. FQDNs first, then registered domains, each in
    /// canonical order.
    public func build(info: (IPAddress) -> AddressInfo?, psl: PublicSuffixList?) -> [DomainEvidence] {
        var fqdns: [DomainEvidence] = []
        var registered: [DomainEvidence] = []
        forEach(info: info, psl: psl) { e in
            if e.level == .fqdn { fqdns.append(e) } else { registered.append(e) }
        }
        registered.sort { $0.domain < $1.domain }
        return fqdns + registered
    }

    /// Hands each domain's evidence to `body` as soon as it is complete, so that a caller
    /// that judges and forgets holds one domain at a time: FQDNs in canonical order, and
    /// each registered domain (with two or more FQDNs that have evidence) once the names pass
    /// out of its subtree (canonical order keeps a subtree's names together).
    public func forEach(info: (IPAddress) -> AddressInfo?, psl: PublicSuffixList?,
                        _ body: (DomainEvidence) throws -> Void) rethrows {
        try forEach(sortedNames[...], info: info, psl: psl, body)
    }

    /// Transforms every domain's evidence (as `forEach` hands it out) on `parallel` threads,
    /// each taking a run of names that no registered domain straddles; the results come in
    /// the order `forEach` would give them. For the analysis of large stores, where judging
    /// a million domains one after another would leave all cores but one idle.
    public func map<T: Sendable>(info: @Sendable (IPAddress) -> AddressInfo?, psl: PublicSuffixList?, parallel: Int,
                                 _ transform: @Sendable (DomainEvidence) -> T) -> [T] {
        reduce(info: info, psl: psl, parallel: parallel, into: [T]()) { $0.append(transform($1)) }.flatMap { $0 }
    }

    /// Folds every domain's evidence (as `forEach` hands it out) into `initial`, one fold per
    /// run of names on `parallel` threads (the runs of `map`); returns the folds in run order.
    /// Each domain's evidence is dropped once folded, so a caller that keeps a little of each
    /// domain (a verdict's projection, the flagged ones) holds only that.
    public func reduce<Partial: Sendable>(info: @Sendable (IPAddress) -> AddressInfo?, psl: PublicSuffixList?, parallel: Int,
                                          into initial: Partial,
                                          _ fold: @Sendable (inout Partial, DomainEvidence) -> Void) -> [Partial] {
        let sorted = sortedNames
        let chunks = EvidenceBuilder.chunks(sorted, count: max(1, parallel), psl: psl)
        let results = Mutex([Partial](repeating: initial, count: chunks.count))
        DispatchQueue.concurrentPerform(iterations: chunks.count) { i in
            var part = initial
            forEach(sorted[chunks[i]], info: info, psl: psl) { fold(&part, $0) }
            results.withLock { $0[i] = part }
        }
        return results.withLock { $0 }
    }

    /// Splits sorted names into about `count` runs, cutting only between two names that no
    /// registered domain holds both of, so that each registered domain's names stay in one
    /// run.
    static func chunks(_ sorted: [DNSName], count: Int, psl: PublicSuffixList?) -> [Range<Int>] {
        var cuts = [0]
        for k in 1..<max(1, count) {
            let i = firstCut(atOrAfter: max(cuts.last! + 1, sorted.count * k / count), in: sorted, psl: psl)
            if i < sorted.count { cuts.append(i) }
        }
        cuts.append(sorted.count)
        return (0..<cuts.count - 1).map { cuts[$0]..<cuts[$0 + 1] }
    }

    /// The first index from `i` where sorted names may be cut (between `sorted[i - 1]` and
    /// `sorted[i]`, which `separates`; anywhere without a Public Suffix List), or
    /// `sorted.count` when there is none. `i` must be at least 1.
    public static func firstCut(atOrAfter i: Int, in sorted: [DNSName], psl: PublicSuffixList?) -> Int {
        var i = i
        while i < sorted.count, let psl, !separates(sorted[i - 1], sorted[i], psl) { i += 1 }
        return i
    }

    /// True when no registered domain holds both names: neither their closest common
    /// ancestor nor any name above it is under a registered domain (a public suffix inside
    /// a registered domain, e.g. a nested private suffix, does not separate).
    public static func separates(_ a: DNSName, _ b: DNSName, _ psl: PublicSuffixList) -> Bool {
        var n = commonAncestor(a, b)
        for _ in 0..<128 {
            if registeredDomain(of: n, psl) != nil { return false }
            if n.isRoot { return true }
            n = n.parent
        }
        return false
    }

    /// The registered domain a name is judged under: the Public Suffix List's, except that
    /// reverse-mapping names (`ReverseNames.zones`) have none. The reverse tree is delegated
    /// by address block, not registered, and the list's `in-addr.arpa` entries would make
    /// e.g. `32.in-addr.arpa.` one "registered domain" of 16 million names, which a run of
    /// the analysis may never split (a store probed with `--ptr` held 891,000 of them).
    static func registeredDomain(of name: DNSName, _ psl: PublicSuffixList) -> DNSName? {
        if ReverseNames.isReverseName(name) { return nil }
        return psl.registeredDomain(of: name)
    }

    /// The closest name both `a` and `b` are at or under.
    static func commonAncestor(_ a: DNSName, _ b: DNSName) -> DNSName {
        var c = a
        for _ in 0..<128 where !b.isSubdomain(of: c) && !c.isRoot { c = c.parent }
        return c
    }

    private func forEach(_ sorted: ArraySlice<DNSName>, info: (IPAddress) -> AddressInfo?, psl: PublicSuffixList?,
                         _ body: (DomainEvidence) throws -> Void) rethrows {
        // Registered domains still collecting members, outermost first: each one an ancestor
        // of the current name (nested only where the suffix list nests suffixes).
        var open: [(domain: DNSName, members: [DomainEvidence])] = []
        for name in sorted {
            while let last = open.last, !name.isSubdomain(of: last.domain) {
                open.removeLast()
                if last.members.count >= 2 { try body(merge(last.domain, last.members)) }
            }
            guard var e = fqdnEvidence(name) else { continue }
            for i in e.addresses.indices { e.addresses[i].info = info(e.addresses[i].address) }
            for i in e.nameServerAddresses.indices { e.nameServerAddresses[i].info = info(e.nameServerAddresses[i].address) }
            try body(e)
            guard let psl, let registered = Self.registeredDomain(of: name, psl) else { continue }
            if let i = open.lastIndex(where: { $0.domain == registered }) {
                open[i].members.append(e)
            } else {
                open.append((registered, [e]))
            }
        }
        for group in open.reversed() where group.members.count >= 2 {
            try body(merge(group.domain, group.members))
        }
    }

    /// The evidence of one FQDN, or `nil` when it has no addresses and no name servers.
    func fqdnEvidence(_ name: DNSName) -> DomainEvidence? {
        guard let own = names[name] else { return nil }
        var addresses = own.addresses.map(\.evidence)
        var answerSets = own.mergedAnswerSets
        var cnameTargets: [DomainEvidence.NameSighting] = []
        if addresses.isEmpty && !own.cnames.isEmpty {
            // Follow the CNAME chain breadth-first, at most 8 links, never revisiting a name.
            var frontier = own.cnames.map(\.name)
            var visited: Set<DNSName> = [name]
            cnameTargets = own.cnames
            for _ in 0..<8 where !frontier.isEmpty {
                var next: [DNSName] = []
                for target in frontier where visited.insert(target).inserted {
                    guard let t = data(target) else { continue }
                    addresses += t.addresses.map(\.evidence)
                    answerSets += t.mergedAnswerSets
                    next += t.cnames.map(\.name)
                    cnameTargets += t.cnames
                }
                frontier = next
            }
        } else {
            cnameTargets = own.cnames
        }
        let nameServers = zoneNameServers(of: name)
        guard !addresses.isEmpty || !own.nameServers.isEmpty else { return nil }
        let nsAddresses = nameServers.flatMap { data($0.name)?.addresses.map(\.evidence) ?? [] }
        return DomainEvidence(domain: name, level: .fqdn, names: 1, addresses: addresses, answerSets: answerSets,
                              cnameTargets: cnameTargets, nameServers: nameServers, nameServerAddresses: nsAddresses,
                              reverseNames: ptrTargets(of: addresses))
    }

    /// The PTR targets of the addresses' reverse names (none looked up when no PTR was fed).
    private func ptrTargets(of addresses: [DomainEvidence.Address]) -> [String] {
        if let reverseNames {
            return reverseNames.isEmpty ? [] : addresses.flatMap { reverseNames.targets[$0.address.reverseName] ?? [] }
        }
        return hasPTR ? addresses.flatMap { data($0.address.reverseName)?.ptr ?? [] } : []
    }

    /// NS sightings of the name or of its closest ancestor that has some.
    func zoneNameServers(of name: DNSName) -> [DomainEvidence.NameSighting] {
        var n = name
        for _ in 0..<128 {
            if let ns = data(n)?.nameServers, !ns.isEmpty { return ns }
            if n.isRoot { break }
            n = n.parent
        }
        return []
    }

    /// Registered-domain evidence: the members' addresses merged per address.
    func merge(_ registered: DNSName, _ members: [DomainEvidence]) -> DomainEvidence {
        var byAddress: [IPAddress: DomainEvidence.Address] = [:]
        for a in members.flatMap(\.addresses) {
            if var old = byAddress[a.address] {
                old.firstSeen = min(old.firstSeen, a.firstSeen)
                old.lastSeen = max(old.lastSeen, a.lastSeen)
                old.count += a.count
                old.minTTL = [old.minTTL, a.minTTL].compactMap { $0 }.min()
                old.maxTTL = [old.maxTTL, a.maxTTL].compactMap { $0 }.max()
                byAddress[a.address] = old
            } else {
                byAddress[a.address] = a
            }
        }
        let nameServers = zoneNameServers(of: registered)
        return DomainEvidence(
            domain: registered, level: .registered, names: members.count,
            addresses: byAddress.values.sorted { $0.address < $1.address },
            answerSets: members.flatMap(\.answerSets),
            cnameTargets: members.flatMap(\.cnameTargets),
            nameServers: nameServers.isEmpty ? members.flatMap(\.nameServers) : nameServers,
            nameServerAddresses: nameServers.isEmpty ? members.flatMap(\.nameServerAddresses)
                : nameServers.flatMap { data($0.name)?.addresses.map(\.evidence) ?? [] }.map { a in
                    var a = a
                    a.info = members.lazy.flatMap(\.nameServerAddresses).first { $0.address == a.address }?.info
                    return a
                },
            reverseNames: members.flatMap(\.reverseNames))
    }
}
