import DNSWire

/// How one delegated domain changed between two snapshots of a zone (SSAC SAC025 finding 4:
/// NS churn and glue with low TTLs are the marks of double flux).
public struct DelegationChange: Hashable, Sendable {
    /// Whether the delegation appeared, disappeared or changed.
    public enum Kind: String, Hashable, Sendable {
        /// Delegated in the new snapshot only.
        case added
        /// Delegated in the old snapshot only.
        case removed
        /// Delegated in both, with a different NS set, glue or TTL.
        case changed
    }

    /// The delegated domain.
    public var domain: DNSName
    /// What happened to it.
    public var kind: Kind
    /// Name servers in the new NS set and not in the old.
    public var addedNameservers: Set<DNSName> = []
    /// Name servers in the old NS set and not in the new.
    public var removedNameservers: Set<DNSName> = []
    /// Glue addresses that appeared, per name server.
    public var addedGlue: [DNSName: Set<IPAddress>] = [:]
    /// Glue addresses that disappeared, per name server.
    public var removedGlue: [DNSName: Set<IPAddress>] = [:]
    /// Glue TTLs in the new snapshot, per name server and address (all of them, changed or
    /// not: a low glue TTL is evidence by itself).
    public var glueTTLs: [DNSName: [IPAddress: UInt32]] = [:]
    /// The NS set's TTL before and after.
    public var nsTTL: (old: UInt32?, new: UInt32?) = (nil, nil)

    /// Creates a change.
    public init(domain: DNSName, kind: Kind) {
        self.domain = domain
        self.kind = kind
    }

    public static func == (a: DelegationChange, b: DelegationChange) -> Bool {
        a.domain == b.domain && a.kind == b.kind && a.addedNameservers == b.addedNameservers
            && a.removedNameservers == b.removedNameservers && a.addedGlue == b.addedGlue && a.removedGlue == b.removedGlue
            && a.glueTTLs == b.glueTTLs && a.nsTTL.old == b.nsTTL.old && a.nsTTL.new == b.nsTTL.new
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(domain)
        hasher.combine(kind)
    }
}

/// Compares the delegations of two snapshots of one zone.
public enum ZoneDelta {
    /// The changes from `old` to `new`, sorted by domain (canonical order). Domains whose NS
    /// set, glue addresses, glue TTLs and NS TTL are all unchanged are left out.
    public static func compare(old: ZoneDelegations, new: ZoneDelegations) -> [DelegationChange] {
        var changes: [DelegationChange] = []
        for domain in Set(old.delegations.keys).union(new.delegations.keys) {
            let before = old.delegations[domain], after = new.delegations[domain]
            let kind: DelegationChange.Kind = before == nil ? .added : after == nil ? .removed : .changed
            var c = DelegationChange(domain: domain, kind: kind)
            let oldNS = before?.nameservers ?? [], newNS = after?.nameservers ?? []
            c.addedNameservers = newNS.subtracting(oldNS)
            c.removedNameservers = oldNS.subtracting(newNS)
            c.nsTTL = (before?.nsTTL, after?.nsTTL)
            let oldGlue = before?.glue ?? [:], newGlue = after?.glue ?? [:]
            for server in Set(oldGlue.keys).union(newGlue.keys) {
                let o = Set(oldGlue[server]?.keys ?? [:].keys), n = Set(newGlue[server]?.keys ?? [:].keys)
                if !n.subtracting(o).isEmpty { c.addedGlue[server] = n.subtracting(o) }
                if !o.subtracting(n).isEmpty { c.removedGlue[server] = o.subtracting(n) }
            }
            c.glueTTLs = newGlue
            if kind == .changed && c.addedNameservers.isEmpty && c.removedNameservers.isEmpty && c.addedGlue.isEmpty
                && c.removedGlue.isEmpty && oldGlue == newGlue && before?.nsTTL == after?.nsTTL {
                continue
            }
            changes.append(c)
        }
        return changes.sorted { $0.domain < $1.domain }
    }
}
