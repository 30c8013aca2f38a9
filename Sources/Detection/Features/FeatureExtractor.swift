import DNSWire
import FluxModel

/// Computes the feature vector of a domain from its evidence. Pure: same evidence, same
/// features. Special-purpose addresses (private, documentation, bogon) are left out of every
/// diversity count and reported only as `special_share`.
public enum FeatureExtractor {
    /// Extracts all features.
    public static func extract(_ e: DomainEvidence) -> FeatureVector {
        var f = FeatureVector()
        answers(e, into: &f)
        ttls(e, into: &f)
        time(e, into: &f)
        doubleFlux(e, into: &f)
        f[.consumerReverseShare] = ReverseNameHints.consumerShare(e.reverseNames)
        f[.names] = Double(e.names)
        f[.cnameTargets] = Double(Set(e.cnameTargets.map(\.name)).count)
        return f
    }

    /// Addresses that count as network diversity: all but the special-purpose ones.
    public static func publicAddresses(_ list: [DomainEvidence.Address]) -> [DomainEvidence.Address] {
        list.filter { !(($0.info?.isSpecial ?? false) || $0.address.isSpecialPurpose) }
    }

    static func answers(_ e: DomainEvidence, into f: inout FeatureVector) {
        let all = e.addresses
        guard !all.isEmpty else { return }
        let pub = publicAddresses(all)
        f[.specialShare] = Double(all.count - pub.count) / Double(all.count)
        // One pass for the address and prefixes (this runs for every domain of a store).
        var addresses: [IPAddress] = [], prefixes16: [IPAddress] = [], prefixes24: [IPAddress] = []
        addresses.reserveCapacity(pub.count)
        prefixes16.reserveCapacity(pub.count)
        prefixes24.reserveCapacity(pub.count)
        for a in pub {
            addresses.append(a.address)
            prefixes16.append(Prefixes.p16(a.address))
            prefixes24.append(Prefixes.p24(a.address))
        }
        let distinct = Statistics.distinctCount(addresses)
        f[.distinctAddresses] = Double(distinct)
        f[.distinctPrefixes16] = Double(Statistics.distinctCount(prefixes16))
        f[.distinctPrefixes24] = Double(Statistics.distinctCount(prefixes24))
        f[.prefix16Entropy] = Statistics.normalisedEntropy(prefixes16)
        let infos = pub.compactMap(\.info)
        guard !infos.isEmpty else { return }  // network features unknown without enrichment
        let asns = Statistics.distinctCount(infos.compactMap(\.asn))
        if asns > 0 {
            f[.distinctASNs] = Double(asns)
            f[.addressesPerASN] = Double(distinct) / Double(asns)
        }
        let countries = Statistics.distinctCount(infos.compactMap(\.country))
        if countries > 0 { f[.distinctCountries] = Double(countries) }
        let names = Statistics.distinctCount(infos.compactMap(\.asName))
        if names > 0 { f[.distinctASNames] = Double(names) }
        let n = Double(infos.count)
        var cdn = 0, anycast = 0, hosting = 0
        for info in infos {
            if info.cdnProvider != nil { cdn += 1 }
            if info.isAnycast { anycast += 1 }
            if info.isHosting { hosting += 1 }
        }
        f[.cdnShare] = Double(cdn) / n
        f[.anycastShare] = Double(anycast) / n
        f[.hostingShare] = Double(hosting) / n
    }

    static func ttls(_ e: DomainEvidence, into f: inout FeatureVector) {
        var samples: [Double] = []
        for a in e.addresses {
            if let t = a.minTTL { samples.append(Double(t)) }
            if let t = a.maxTTL, t != a.minTTL { samples.append(Double(t)) }
        }
        guard !samples.isEmpty else { return }
        f[.ttlMin] = samples.min()
        f[.ttlMedian] = Statistics.median(samples)
        f[.ttlMean] = Statistics.mean(samples)
        f[.ttlDeviation] = Statistics.standardDeviation(samples)
        f[.ttlDistinct] = Double(Statistics.distinctCount(samples))
        f[.ttlShareUnder300] = Double(samples.filter { $0 < 300 }.count) / Double(samples.count)
    }

    static func time(_ e: DomainEvidence, into f: inout FeatureVector) {
        if var first = e.addresses.first?.firstSeen, var last = e.addresses.first?.lastSeen {
            var reseen = 0
            for a in e.addresses {
                if a.firstSeen < first { first = a.firstSeen }  // as `min()` and `max()` compare
                if last < a.lastSeen { last = a.lastSeen }
                if a.count >= 2 { reseen += 1 }
            }
            let span = last - first
            f[.observedSpan] = span
            if span > 0 {
                let shares = e.addresses.map { ($0.lastSeen - $0.firstSeen) / span }
                f[.addressLifetimeShare] = Statistics.mean(shares)
            }
            // Stable pools show the same members again and again; flux agents come and go.
            f[.reseenShare] = Double(reseen) / Double(e.addresses.count)
        }
        let sets = e.answerSets.sorted {
            $0.firstSeen != $1.firstSeen ? $0.firstSeen < $1.firstSeen : $0.key.addresses.lexicographicallyPrecedes($1.key.addresses)
        }
        guard !sets.isEmpty else { return }
        let lookups = sets.reduce(0) { $0 + $1.count }
        f[.lookups] = Double(lookups)
        f[.distinctAnswerSets] = Double(sets.count)
        f[.answerSetChangeRate] = lookups > 1 ? Double(sets.count - 1) / Double(lookups - 1) : nil
        var seen = Set(sets[0].key.addresses)
        var fresh = 0
        for s in sets.dropFirst() {
            for a in s.key.addresses where seen.insert(a).inserted { fresh += 1 }
        }
        f[.freshAddressRate] = lookups > 1 ? Double(fresh) / Double(lookups - 1) : nil
        f[.addressGrowthRatio] = Double(seen.count) / Double(lookups)
        let sizes = sets.reduce(0) { $0 + $1.key.addresses.count * $1.count }
        f[.meanAnswerSize] = Double(sizes) / Double(lookups)
    }

    static func doubleFlux(_ e: DomainEvidence, into f: inout FeatureVector) {
        guard !e.nameServers.isEmpty else { return }
        let ns = Set(e.nameServers.map(\.name))
        f[.distinctNameServers] = Double(ns.count)
        if let first = e.nameServers.map(\.firstSeen).min(), let last = e.nameServers.map(\.lastSeen).max() {
            let span = last - first
            // A name server that did not last the whole span came or went: a change.
            f[.nameServerChanges] = span > 0
                ? Double(e.nameServers.filter { ($0.lastSeen - $0.firstSeen) < 0.9 * span }.count)
                : 0
        }
        let inZone = ns.filter { $0.isSubdomain(of: e.domain) }.count
        f[.nameServersInZone] = Double(inZone) / Double(ns.count)
        let pub = publicAddresses(e.nameServerAddresses)
        if !pub.isEmpty {
            f[.nameServerAddresses] = Double(Set(pub.map(\.address)).count)
            let asns = Set(pub.compactMap { $0.info?.asn })
            if !asns.isEmpty { f[.nameServerASNs] = Double(asns.count) }
            let ttls = pub.compactMap(\.minTTL)
            if let m = ttls.min() { f[.glueTTLMin] = Double(m) }
        }
    }
}
