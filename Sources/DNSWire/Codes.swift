/// A DNS resource record type: an open set of 16-bit codes (RFC 1035 section 3.2.2, RFC 3597).
public struct RecordType: RawRepresentable, Hashable, Sendable, Comparable, CustomStringConvertible {
    public var rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }
    /// Creates a type from its number.
    public init(_ rawValue: UInt16) { self.rawValue = rawValue }

    /// Parses a mnemonic (`A`, `aaaa`) or the RFC 3597 form `TYPE123`.
    public init?(mnemonic: some StringProtocol) {
        let upper = mnemonic.uppercased()
        if let code = RecordType.codes[upper] {
            self.rawValue = code
        } else if upper.hasPrefix("TYPE"), let n = UInt16(upper.dropFirst(4)), !upper.dropFirst(4).hasPrefix("+") {
            self.rawValue = n
        } else {
            return nil
        }
    }

    /// The mnemonic, or `TYPE<n>` when unknown (RFC 3597 section 5).
    public var description: String { RecordType.names[rawValue] ?? "TYPE\(rawValue)" }

    public static func < (a: RecordType, b: RecordType) -> Bool { a.rawValue < b.rawValue }

    public static let a = RecordType(1)
    public static let ns = RecordType(2)
    public static let cname = RecordType(5)
    public static let soa = RecordType(6)
    public static let null = RecordType(10)
    public static let ptr = RecordType(12)
    public static let hinfo = RecordType(13)
    public static let mx = RecordType(15)
    public static let txt = RecordType(16)
    public static let aaaa = RecordType(28)
    public static let srv = RecordType(33)
    public static let naptr = RecordType(35)
    public static let dname = RecordType(39)
    public static let opt = RecordType(41)
    public static let ds = RecordType(43)
    public static let rrsig = RecordType(46)
    public static let nsec = RecordType(47)
    public static let dnskey = RecordType(48)
    public static let nsec3 = RecordType(50)
    public static let nsec3param = RecordType(51)
    public static let cds = RecordType(59)
    public static let cdnskey = RecordType(60)
    public static let svcb = RecordType(64)
    public static let https = RecordType(65)
    public static let spf = RecordType(99)
    public static let tkey = RecordType(249)
    public static let tsig = RecordType(250)
    public static let ixfr = RecordType(251)
    public static let axfr = RecordType(252)
    public static let any = RecordType(255)
    public static let caa = RecordType(257)

    /// IANA "Resource Record (RR) TYPEs" mnemonics.
    static let names: [UInt16: String] = [
        1: "A", 2: "NS", 3: "MD", 4: "MF", 5: "CNAME", 6: "SOA", 7: "MB", 8: "MG", 9: "MR",
        10: "NULL", 11: "WKS", 12: "PTR", 13: "HINFO", 14: "MINFO", 15: "MX", 16: "TXT", 17: "RP",
        18: "AFSDB", 19: "X25", 20: "ISDN", 21: "RT", 22: "NSAP", 23: "NSAP-PTR", 24: "SIG",
        25: "KEY", 26: "PX", 27: "GPOS", 28: "AAAA", 29: "LOC", 30: "NXT", 31: "EID",
        32: "NIMLOC", 33: "SRV", 34: "ATMA", 35: "NAPTR", 36: "KX", 37: "CERT", 38: "A6",
        39: "DNAME", 40: "SINK", 41: "OPT", 42: "APL", 43: "DS", 44: "SSHFP", 45: "IPSECKEY",
        46: "RRSIG", 47: "NSEC", 48: "DNSKEY", 49: "DHCID", 50: "NSEC3", 51: "NSEC3PARAM",
        52: "TLSA", 53: "SMIMEA", 55: "HIP", 56: "NINFO", 57: "RKEY", 58: "TALINK", 59: "CDS",
        60: "CDNSKEY", 61: "OPENPGPKEY", 62: "CSYNC", 63: "ZONEMD", 64: "SVCB", 65: "HTTPS",
        99: "SPF", 100: "UINFO", 101: "UID", 102: "GID", 103: "UNSPEC", 104: "NID", 105: "L32",
        106: "L64", 107: "LP", 108: "EUI48", 109: "EUI64", 249: "TKEY", 250: "TSIG", 251: "IXFR",
        252: "AXFR", 253: "MAILB", 254: "MAILA", 255: "ANY", 256: "URI", 257: "CAA", 258: "AVC",
        259: "DOA", 260: "AMTRELAY", 32768: "TA", 32769: "DLV",
    ]
    static let codes: [String: UInt16] = Dictionary(uniqueKeysWithValues: names.map { ($1, $0) })
}

/// A DNS class: an open set of 16-bit codes (RFC 1035 section 3.2.4, RFC 6895).
public struct RecordClass: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }
    /// Creates a class from its number.
    public init(_ rawValue: UInt16) { self.rawValue = rawValue }

    /// Parses `IN`, `CH`, `HS`, `NONE`, `ANY` or the RFC 3597 form `CLASS<n>`.
    public init?(mnemonic: some StringProtocol) {
        let upper = mnemonic.uppercased()
        if let code = RecordClass.names.first(where: { $0.value == upper })?.key {
            rawValue = code
        } else if upper.hasPrefix("CLASS"), let n = UInt16(upper.dropFirst(5)), !upper.dropFirst(5).hasPrefix("+") {
            rawValue = n
        } else {
            return nil
        }
    }

    /// The mnemonic, or `CLASS<n>` (RFC 3597 section 5).
    public var description: String { RecordClass.names[rawValue] ?? "CLASS\(rawValue)" }

    public static let `in` = RecordClass(1)
    public static let chaos = RecordClass(3)
    public static let hesiod = RecordClass(4)
    public static let none = RecordClass(254)
    public static let any = RecordClass(255)

    static let names: [UInt16: String] = [1: "IN", 3: "CH", 4: "HS", 254: "NONE", 255: "ANY"]
}

/// A DNS opcode (RFC 1035 section 4.1.1, RFC 1996, RFC 2136, RFC 8490).
public struct Opcode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue & 0x0F }

    /// The mnemonic, or `OPCODE<n>`.
    public var description: String { Opcode.names[rawValue] ?? "OPCODE\(rawValue)" }

    public static let query = Opcode(rawValue: 0)
    public static let iquery = Opcode(rawValue: 1)
    public static let status = Opcode(rawValue: 2)
    public static let notify = Opcode(rawValue: 4)
    public static let update = Opcode(rawValue: 5)
    public static let dso = Opcode(rawValue: 6)

    static let names: [UInt8: String] = [0: "QUERY", 1: "IQUERY", 2: "STATUS", 4: "NOTIFY", 5: "UPDATE", 6: "DSO"]
}

/// A response code, 12 bits wide with EDNS (RFC 1035 section 4.1.1, RFC 6891 section 6.1.3).
public struct RCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue & 0x0FFF }

    /// The mnemonic, or `RCODE<n>`.
    public var description: String { RCode.names[rawValue] ?? "RCODE\(rawValue)" }

    public static let noError = RCode(rawValue: 0)
    public static let formErr = RCode(rawValue: 1)
    public static let servFail = RCode(rawValue: 2)
    public static let nxDomain = RCode(rawValue: 3)
    public static let notImp = RCode(rawValue: 4)
    public static let refused = RCode(rawValue: 5)
    public static let badVers = RCode(rawValue: 16)

    static let names: [UInt16: String] = [
        0: "NOERROR", 1: "FORMERR", 2: "SERVFAIL", 3: "NXDOMAIN", 4: "NOTIMP", 5: "REFUSED",
        6: "YXDOMAIN", 7: "YXRRSET", 8: "NXRRSET", 9: "NOTAUTH", 10: "NOTZONE", 11: "DSOTYPENI",
        16: "BADVERS", 17: "BADKEY", 18: "BADTIME", 19: "BADMODE", 20: "BADNAME", 21: "BADALG",
        22: "BADTRUNC", 23: "BADCOOKIE",
    ]
}
