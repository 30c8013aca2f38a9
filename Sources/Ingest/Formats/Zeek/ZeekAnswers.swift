import DNSWire

/// Turns the `answers` of a `dns.log` entry into records. Zeek logs only each answer's data,
/// not its owner or type, so both are inferred (docs/formats.md states the rule):
///
/// - an IPv4 or IPv6 address is an A or AAAA record;
/// - `TXT <len> <text>` (and `SPF …`), Zeek's summary of character-strings, is a TXT (SPF)
///   record whose strings the lengths delimit exactly;
/// - a single domain name is an NS record for query type NS, a PTR for PTR, and for query
///   types whose own answers hold no names (A, AAAA, CNAME, TXT, SPF, CAA, HINFO) a CNAME;
/// - anything else (Zeek's summaries of RRSIG, DNSKEY, DS, NSEC…, and names under query
///   types where the name is only part of the record, like MX or SRV) is skipped and counted.
///
/// Owners follow the CNAME chain: the first owner is the query name; after a CNAME the
/// owner is its target. After a skipped name the owner is unknown, and the addresses that
/// follow are skipped rather than given to the wrong name.
struct ZeekAnswers {
    /// One inferred record, with its index in the answer list (for the TTL).
    struct Record {
        var owner: DNSName
        var type: RecordType
        var data: RData
        var index: Int
    }

    var records: [Record] = []
    var skipped = 0

    static let cnameQueryTypes: Set<RecordType> = [.a, .aaaa, .cname, .txt, .spf, .caa, .hinfo]

    init(_ answers: [String], query: DNSName, qtype: RecordType?) {
        var owner: DNSName? = query
        for (index, answer) in answers.enumerated() {
            if let address = IPAddress(answer) {
                guard let o = owner else { skipped += 1; continue }
                switch address {
                case .v4(let a): records.append(Record(owner: o, type: .a, data: .a(a), index: index))
                case .v6(let a): records.append(Record(owner: o, type: .aaaa, data: .aaaa(a), index: index))
                }
            } else if let (type, strings) = ZeekAnswers.characterStrings(answer) {
                guard let o = owner else { skipped += 1; continue }
                records.append(Record(owner: o, type: type, data: .txt(strings), index: index))
            } else if let name = ZeekAnswers.name(answer) {
                switch qtype {
                case .ns?: records.append(Record(owner: query, type: .ns, data: .name(name), index: index))
                case .ptr?: records.append(Record(owner: query, type: .ptr, data: .name(name), index: index))
                case let t? where ZeekAnswers.cnameQueryTypes.contains(t):
                    if let o = owner {
                        records.append(Record(owner: o, type: .cname, data: .name(name), index: index))
                    } else {
                        skipped += 1
                    }
                    owner = name
                default:
                    skipped += 1
                    owner = nil
                }
            } else {
                skipped += 1
            }
        }
    }

    /// A domain name alone: no spaces, not a bare type mnemonic (Zeek writes `NSEC3` for an
    /// NSEC3 answer), with Zeek's `\xHH` escapes undone.
    static func name(_ text: String) -> DNSName? {
        guard !text.isEmpty, !text.contains(" "), !text.hasSuffix(":") else { return nil }
        if !text.contains("."), RecordType(mnemonic: text) != nil { return nil }
        return try? ZeekAnswers.dnsName(text)
    }

    /// A name from Zeek's text: labels split at dots, `\xHH` escapes undone.
    static func dnsName(_ text: String) throws -> DNSName {
        guard let bytes = ZeekTSVHeader.unescapeBytes(text) else { throw RecordProblem("bad_name", "bad escape in '\(text)'") }
        if bytes == [UInt8(ascii: ".")] { return .root }
        var labels = bytes.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        if labels.last?.isEmpty == true { labels.removeLast() }
        return try DNSName(labels: labels)
    }

    /// Zeek's `TXT <len> <text> [TXT <len> <text>…]` (or `SPF`): the strings, or `nil` if
    /// the text is not exactly that. Lengths count the bytes before Zeek's `\xHH` escaping.
    static func characterStrings(_ text: String) -> (RecordType, [[UInt8]])? {
        guard text.hasPrefix("TXT ") || text.hasPrefix("SPF "), let bytes = ZeekTSVHeader.unescapeBytes(text) else { return nil }
        let type: RecordType
        if bytes.starts(with: Array("TXT ".utf8)) { type = .txt } else if bytes.starts(with: Array("SPF ".utf8)) { type = .spf } else { return nil }
        let tag = Array(bytes[0..<4])
        var strings: [[UInt8]] = []
        var i = 0
        while i < bytes.count {
            guard bytes[i...].starts(with: tag) else { return nil }
            i += 4
            var n = 0, digits = 0
            while i < bytes.count, bytes[i] >= 48, bytes[i] <= 57, digits < 4 { n = n * 10 + Int(bytes[i] - 48); i += 1; digits += 1 }
            guard digits > 0, i < bytes.count, bytes[i] == 0x20, n <= 255, bytes.count - (i + 1) >= n else { return nil }
            i += 1
            strings.append(Array(bytes[i..<(i + n)]))
            i += n
            if i < bytes.count {
                guard bytes[i] == 0x20 else { return nil }
                i += 1
            }
        }
        return strings.isEmpty ? nil : (type, strings)
    }
}
