import DNSWire

/// Looks addresses up in several sources and merges the answers, then applies the
/// special-purpose ranges (always) and the CDN/cloud table.
///
/// Merge rule, documented because later stages count ASNs:
/// - `asn`, `prefix` and `originSet` come together from the first source that knows an
///   origin AS (ASN 0, "not routed", counts as unknown);
/// - `asName` comes from that same source, else from another source that reports the same
///   ASN with a name, else from the first source whose AS directory knows the number;
/// - `country` comes from the first source that has one;
/// - `flags` are the union of every source's flags.
/// IPv4-mapped IPv6 addresses (`::ffff:a.b.c.d`) are looked up as IPv4.
public struct Enricher: Sendable {
    /// The sources, in order of preference.
    public let sources: [any NetworkSource]
    /// The CDN/cloud table applied after the sources.
    public let cdn: CDNCatalog

    /// Creates an enricher over `sources` (best first).
    public init(sources: [any NetworkSource], cdn: CDNCatalog = .builtIn) {
        self.sources = sources
        self.cdn = cdn
    }

    /// Opens each database path (format detected from content), in order. With no paths,
    /// uses the Debian libloc database when it is installed, else no sources at all.
    public static func open(paths: [String], cdn: CDNCatalog = .builtIn) throws(EnrichmentError) -> Enricher {
        var sources: [any NetworkSource] = []
        for path in paths {
            sources.append(try NetworkSources.open(path: path))
        }
        if paths.isEmpty, let libloc = try NetworkSources.systemDefault() {
            sources.append(libloc)
        }
        return Enricher(sources: sources, cdn: cdn)
    }

    /// Everything known about `address`. Never throws: a failing source is recorded in
    /// ``NetworkInfo/problems`` and the other sources still answer.
    public func lookup(_ address: IPAddress) -> NetworkInfo {
        let query: IPAddress
        if case .v6(let v6) = address, let v4 = v6.mappedIPv4 { query = .v4(v4) } else { query = address }
        var merged = NetworkInfo(address: address)
        var answers: [(source: any NetworkSource, info: NetworkInfo)] = []
        for source in sources {
            do {
                if let info = try source.lookup(query) { answers.append((source, info)) }
            } catch {
                merged.problems.append("\(source.name): \(error)")
            }
        }
        merge(answers, into: &merged)
        applySpecialPurpose(query, to: &merged)
        applyCDN(query, to: &merged)
        return merged
    }

    private func merge(_ answers: [(source: any NetworkSource, info: NetworkInfo)], into merged: inout NetworkInfo) {
        merged.sources = answers.map { $0.source.name }
        if let routed = answers.first(where: { ($0.info.asn ?? 0) != 0 }) {
            merged.asn = routed.info.asn
            merged.prefix = routed.info.prefix
            merged.originSet = routed.info.originSet
            merged.asName = routed.info.asName
        } else {
            merged.prefix = answers.first(where: { $0.info.prefix != nil })?.info.prefix
        }
        if merged.asName == nil, let asn = merged.asn {
            merged.asName = answers.first(where: { $0.info.asn == asn && $0.info.asName != nil })?.info.asName
                ?? sources.lazy.compactMap { $0.asName(for: asn) }.first
        }
        merged.country = answers.first(where: { $0.info.country != nil })?.info.country
        for answer in answers { merged.flags.formUnion(answer.info.flags) }
    }

    private func applySpecialPurpose(_ address: IPAddress, to info: inout NetworkInfo) {
        if let range = SpecialPurposeRanges.match(address) { info.flags.formUnion(range.flags) }
    }

    private func applyCDN(_ address: IPAddress, to info: inout NetworkInfo) {
        let match = cdn.match(address) ?? info.asn.flatMap { cdn.match(asn: $0) }
        guard let match else { return }
        info.flags.insert(match.kind == .cloud ? .cloud : .cdn)
        info.provider = match.provider
    }
}
