import DNSWire

/// What one line of a text table holds.
enum ParsedLine {
    /// A comment or blank line.
    case skip
    /// Routes (an iptoasn range may need several prefixes).
    case routes([RouteTable.Route])
    /// A row that is well-formed but carries no route (iptoasn "Not routed").
    case unrouted
    /// A malformed line, with the reason.
    case bad(String)
}

/// Line parsers for the text prefix-to-AS formats.
enum TextTableFormats {
    typealias Line = UnsafeBufferPointer<UInt8>

    /// CAIDA RouteViews pfx2as: `prefix<TAB>length<TAB>origins`. Origins are one ASN, a
    /// multi-origin list joined by `_` (different peers saw different origins), or an AS
    /// set joined by `,` (from an aggregated AS_SET), or both. Rule: the first ASN listed
    /// is the origin; every distinct ASN, in order, is kept in `originSet`.
    static func pfx2as(_ line: Line) -> ParsedLine {
        if isBlankOrComment(line, comment: 35) { return .skip }  // '#'
        let f = ByteFields.split(line, limit: 4)
        guard f.count == 3 else { return .bad("expected 3 fields, found \(f.count)") }
        guard let address = ByteFields.address(f[0]) else { return .bad("bad address '\(ByteFields.text(f[0]))'") }
        guard let length = ByteFields.number(f[1], as: Int.self),
              let prefix = IPPrefix(address: address, length: length) else {
            return .bad("bad prefix length '\(ByteFields.text(f[1]))'")
        }
        guard let origins = originList(f[2]) else { return .bad("bad origin '\(ByteFields.text(f[2]))'") }
        return .routes([RouteTable.Route(prefix: prefix, asn: origins[0], originSet: origins.count > 1 ? origins : nil)])
    }

    /// pyasn `.dat`: `prefix/len<TAB>asn`, comment lines start with `;`.
    static func pyasn(_ line: Line) -> ParsedLine {
        if isBlankOrComment(line, comment: 59) { return .skip }  // ';'
        let f = ByteFields.split(line, limit: 3)
        guard f.count == 2 else { return .bad("expected 2 fields, found \(f.count)") }
        guard let slash = f[0].firstIndex(of: 47),
              let address = ByteFields.address(f[0][f[0].startIndex..<slash]),
              let length = ByteFields.number(f[0][(slash + 1)...], as: Int.self),
              let prefix = IPPrefix(address: address, length: length) else {
            return .bad("bad prefix '\(ByteFields.text(f[0]))'")
        }
        guard let asn = ByteFields.number(f[1], as: UInt32.self) else { return .bad("bad ASN '\(ByteFields.text(f[1]))'") }
        return .routes([RouteTable.Route(prefix: prefix, asn: asn)])
    }

    /// iptoasn.com TSV: `first<TAB>last<TAB>asn<TAB>country<TAB>description`. An address
    /// range becomes the fewest covering CIDR prefixes. ASN 0 rows ("Not routed") carry
    /// no route; country `None` is no country.
    static func iptoasn(_ line: Line) -> ParsedLine {
        if isBlankOrComment(line, comment: 35) { return .skip }
        let f = ByteFields.split(line, limit: 5, tabsOnly: true)
        guard f.count >= 3 else { return .bad("expected 5 fields, found \(f.count)") }
        guard let first = ByteFields.address(f[0]), let last = ByteFields.address(f[1]),
              first.isV4 == last.isV4, first <= last else {
            return .bad("bad range '\(ByteFields.text(f[0]))' - '\(ByteFields.text(f[1]))'")
        }
        guard let asn = ByteFields.number(f[2], as: UInt32.self) else { return .bad("bad ASN '\(ByteFields.text(f[2]))'") }
        if asn == 0 { return .unrouted }
        var country: String?
        if f.count > 3, f[3].count == 2, f[3].allSatisfy({ $0 >= 65 && $0 <= 90 }) {
            country = String(decoding: f[3], as: UTF8.self)
        }
        let name = f.count > 4 ? String(decoding: f[4], as: UTF8.self) : nil
        let routes = RangeToPrefixes.prefixes(from: first, to: last).map {
            RouteTable.Route(prefix: $0, asn: asn, country: country, asName: name)
        }
        return .routes(routes)
    }

    private static func isBlankOrComment(_ line: Line, comment: UInt8) -> Bool {
        guard let first = line.first(where: { $0 != 32 && $0 != 9 }) else { return true }
        return first == comment
    }

    /// ASNs separated by `_` or `,`, deduplicated in order; `nil` if any is malformed.
    private static func originList(_ field: Slice<Line>) -> [UInt32]? {
        var origins: [UInt32] = []
        var start = field.startIndex
        for i in field.indices where field[i] == 95 || field[i] == 44 {
            guard let asn = ByteFields.number(field[start..<i], as: UInt32.self) else { return nil }
            if !origins.contains(asn) { origins.append(asn) }
            start = i + 1
        }
        guard let asn = ByteFields.number(field[start...], as: UInt32.self) else { return nil }
        if !origins.contains(asn) { origins.append(asn) }
        return origins
    }
}
