/// The data of a resource record: typed cases for the types FluxScope reads, and the
/// RFC 3597 opaque form for every other type. The record's type is kept by the record, so
/// one case can serve several types (`ds` for DS and CDS, `dnskey` for DNSKEY and CDNSKEY,
/// `svcb` for SVCB and HTTPS).
public enum RData: Hashable, Sendable {
    /// A: an IPv4 address (RFC 1035 section 3.4.1).
    case a(IPv4Address)
    /// AAAA: an IPv6 address (RFC 3596 section 2.2).
    case aaaa(IPv6Address)
    /// NS, CNAME, PTR, DNAME and the other single-name types (RFC 1035 section 3.3, RFC 6672).
    case name(DNSName)
    /// SOA (RFC 1035 section 3.3.13).
    case soa(SOA)
    /// MX (RFC 1035 section 3.3.9).
    case mx(preference: UInt16, exchange: DNSName)
    /// TXT and SPF: one or more character-strings (RFC 1035 section 3.3.14).
    case txt([[UInt8]])
    /// HINFO: CPU and OS character-strings (RFC 1035 section 3.3.2).
    case hinfo(cpu: [UInt8], os: [UInt8])
    /// SRV (RFC 2782).
    case srv(priority: UInt16, weight: UInt16, port: UInt16, target: DNSName)
    /// NAPTR (RFC 3403 section 4.1).
    case naptr(NAPTR)
    /// CAA (RFC 8659 section 4.1).
    case caa(flags: UInt8, tag: [UInt8], value: [UInt8])
    /// DS and CDS (RFC 4034 section 5.1, RFC 7344).
    case ds(keyTag: UInt16, algorithm: UInt8, digestType: UInt8, digest: [UInt8])
    /// DNSKEY and CDNSKEY (RFC 4034 section 2.1).
    case dnskey(flags: UInt16, protocol: UInt8, algorithm: UInt8, publicKey: [UInt8])
    /// RRSIG (RFC 4034 section 3.1).
    case rrsig(RRSIG)
    /// NSEC (RFC 4034 section 4.1).
    case nsec(next: DNSName, types: [RecordType])
    /// NSEC3 (RFC 5155 section 3.2).
    case nsec3(NSEC3)
    /// SVCB and HTTPS (RFC 9460 section 2.2).
    case svcb(SVCB)
    /// OPT pseudo-record options (RFC 6891 section 6.1.2); messages lift these into `EDNS`.
    case opt([EDNSOption])
    /// Any other type, kept byte for byte (RFC 3597).
    case unknown([UInt8])

    /// The single-name types whose RDATA is exactly one domain name.
    static let singleNameTypes: Set<RecordType> = [
        .ns, RecordType(3), RecordType(4), .cname, RecordType(7), RecordType(8), RecordType(9), .ptr, .dname,
    ]

    /// The types whose embedded names may be compressed on the wire (RFC 3597 section 4).
    static let compressibleTypes: Set<RecordType> = [
        .ns, RecordType(3), RecordType(4), .cname, .soa, RecordType(7), RecordType(8), RecordType(9),
        .ptr, RecordType(14), .mx,
    ]
}

/// SOA fields (RFC 1035 section 3.3.13).
public struct SOA: Hashable, Sendable {
    public var mname: DNSName
    public var rname: DNSName
    public var serial: UInt32
    public var refresh: UInt32
    public var retry: UInt32
    public var expire: UInt32
    public var minimum: UInt32

    /// Creates an SOA value.
    public init(mname: DNSName, rname: DNSName, serial: UInt32, refresh: UInt32, retry: UInt32, expire: UInt32, minimum: UInt32) {
        self.mname = mname; self.rname = rname; self.serial = serial
        self.refresh = refresh; self.retry = retry; self.expire = expire; self.minimum = minimum
    }
}

/// NAPTR fields (RFC 3403 section 4.1).
public struct NAPTR: Hashable, Sendable {
    public var order: UInt16
    public var preference: UInt16
    public var flags: [UInt8]
    public var services: [UInt8]
    public var regexp: [UInt8]
    public var replacement: DNSName
}

/// RRSIG fields (RFC 4034 section 3.1).
public struct RRSIG: Hashable, Sendable {
    public var typeCovered: RecordType
    public var algorithm: UInt8
    public var labels: UInt8
    public var originalTTL: UInt32
    public var expiration: UInt32
    public var inception: UInt32
    public var keyTag: UInt16
    public var signer: DNSName
    public var signature: [UInt8]
}

/// NSEC3 fields (RFC 5155 section 3.2).
public struct NSEC3: Hashable, Sendable {
    public var hashAlgorithm: UInt8
    public var flags: UInt8
    public var iterations: UInt16
    public var salt: [UInt8]
    public var nextHashedOwner: [UInt8]
    public var types: [RecordType]
}

/// SVCB and HTTPS fields (RFC 9460 section 2.2); parameter values are kept as bytes.
public struct SVCB: Hashable, Sendable {
    public var priority: UInt16
    public var target: DNSName
    public var params: [Param]

    /// One SvcParam: key and value bytes.
    public struct Param: Hashable, Sendable {
        public var key: UInt16
        public var value: [UInt8]
    }
}

extension RData {
    /// The address of an A or AAAA record's data; `nil` for every other case.
    public var address: IPAddress? {
        switch self {
        case .a(let v4): return .v4(v4)
        case .aaaa(let v6): return .v6(v6)
        default: return nil
        }
    }
}
