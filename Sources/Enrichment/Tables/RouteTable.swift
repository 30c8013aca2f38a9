import DNSWire

/// A prefix-to-origin-AS table loaded from a text format (CAIDA pfx2as, pyasn, iptoasn),
/// answering longest-prefix-match lookups for IPv4 and IPv6 from flattened interval
/// tables (see `IntervalTable`).
public struct RouteTable: NetworkSource {
    /// One table row: a prefix and what the table says about it.
    public struct Route: Sendable, Hashable {
        /// The announced prefix.
        public var prefix: IPPrefix
        /// The origin AS (the first listed, for multi-origin rows).
        public var asn: UInt32
        /// Every distinct origin, in order, when there are several.
        public var originSet: [UInt32]?
        /// The country code, when the format has one (iptoasn).
        public var country: String?
        /// The AS description, when the format has one (iptoasn).
        public var asName: String?

        /// Creates a route.
        public init(prefix: IPPrefix, asn: UInt32, originSet: [UInt32]? = nil,
                    country: String? = nil, asName: String? = nil) {
            self.prefix = prefix
            self.asn = asn
            self.originSet = originSet
            self.country = country
            self.asName = asName
        }
    }

    /// The source name (the format, e.g. `pfx2as`).
    public let name: String
    /// What loading found: counts of lines, routes, bad lines and the first few errors.
    public let report: LoadReport
    let routes: [Route]
    let v4: IntervalTable<UInt32>
    let v6: IntervalTable<UInt128>

    /// Builds a table from routes. The longest prefix wins; for a prefix listed twice, the
    /// first row wins and the repeat is counted in ``LoadReport/duplicates``.
    public init(name: String, routes: [Route], report: LoadReport = LoadReport()) {
        var report = report
        var v4Keys: [(start: UInt32, length: Int, value: UInt32)] = []
        var v6Keys: [(start: UInt128, length: Int, value: UInt32)] = []
        for (i, route) in routes.enumerated() {
            switch route.prefix.address {
            case .v4(let a): v4Keys.append((a.value, Int(route.prefix.length), UInt32(i)))
            case .v6(let a): v6Keys.append((a.value, Int(route.prefix.length), UInt32(i)))
            }
        }
        // Stable order for equal prefixes: the earlier row (lower index) first.
        v4Keys.sort { ($0.start, $0.length, $0.value) < ($1.start, $1.length, $1.value) }
        v6Keys.sort { ($0.start, $0.length, $0.value) < ($1.start, $1.length, $1.value) }
        report.duplicates += RouteTable.countDuplicates(v4Keys) + RouteTable.countDuplicates(v6Keys)
        report.routes = routes.count - report.duplicates
        self.name = name
        self.routes = routes
        self.v4 = IntervalTable(sortedPrefixes: v4Keys)
        self.v6 = IntervalTable(sortedPrefixes: v6Keys)
        self.report = report
    }

    /// The row for the longest prefix containing `address`, or `nil`.
    public func route(for address: IPAddress) -> Route? {
        let index: UInt32
        switch address {
        case .v4(let a): index = v4.lookup(a.value)
        case .v6(let a):
            if let mapped = a.mappedIPv4 { return route(for: .v4(mapped)) }
            index = v6.lookup(a.value)
        }
        return index == IntervalTable<UInt32>.none ? nil : routes[Int(index)]
    }

    /// The origin AS of an IPv4 address: the allocation-free fast path.
    @inline(__always)
    public func asn(for address: IPv4Address) -> UInt32? {
        let index = v4.lookup(address.value)
        return index == IntervalTable<UInt32>.none ? nil : routes[Int(index)].asn
    }

    /// The table's record for `address`, as a ``NetworkInfo``.
    public func lookup(_ address: IPAddress) -> NetworkInfo? {
        guard let route = route(for: address) else { return nil }
        return NetworkInfo(address: address, asn: route.asn, prefix: route.prefix, asName: route.asName,
                           country: route.country, originSet: route.originSet, sources: [name])
    }

    /// The number of intervals the IPv4 and IPv6 prefixes flattened into.
    public var intervalCount: Int { v4.count + v6.count }

    private static func countDuplicates<K: Equatable>(_ keys: [(start: K, length: Int, value: UInt32)]) -> Int {
        var count = 0
        for i in keys.indices.dropFirst() where keys[i].start == keys[i - 1].start && keys[i].length == keys[i - 1].length {
            count += 1
        }
        return count
    }
}
