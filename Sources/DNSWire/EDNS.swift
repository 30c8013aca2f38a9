/// The EDNS(0) state of a message, taken from its OPT pseudo-record (RFC 6891 section 6.1).
public struct EDNS: Hashable, Sendable {
    /// The requestor's UDP payload size (the OPT record's CLASS field).
    public var udpPayloadSize: UInt16
    /// The upper eight bits of the 12-bit RCODE (from the OPT record's TTL field).
    public var extendedRCode: UInt8
    /// The EDNS version (0 today).
    public var version: UInt8
    /// The 16 flag bits; the top one is DO (RFC 3225).
    public var flags: UInt16
    /// The options, in wire order.
    public var options: [EDNSOption]

    /// Creates EDNS state.
    public init(udpPayloadSize: UInt16 = 1232, extendedRCode: UInt8 = 0, version: UInt8 = 0, flags: UInt16 = 0, options: [EDNSOption] = []) {
        self.udpPayloadSize = udpPayloadSize
        self.extendedRCode = extendedRCode
        self.version = version
        self.flags = flags
        self.options = options
    }

    /// The DNSSEC OK bit (RFC 3225 section 3).
    public var dnssecOK: Bool {
        get { flags & 0x8000 != 0 }
        set { flags = newValue ? flags | 0x8000 : flags & 0x7FFF }
    }

    /// The OPT record's TTL field.
    var ttlField: UInt32 { UInt32(extendedRCode) << 24 | UInt32(version) << 16 | UInt32(flags) }
}

/// One EDNS option: code and bytes (RFC 6891 section 6.1.2), with readers for the options
/// FluxScope looks at.
public struct EDNSOption: Hashable, Sendable {
    /// The option code.
    public var code: UInt16
    /// The option data.
    public var data: [UInt8]

    /// Creates an option.
    public init(code: UInt16, data: [UInt8]) {
        self.code = code
        self.data = data
    }

    public static let nsid: UInt16 = 3
    public static let clientSubnet: UInt16 = 8
    public static let cookie: UInt16 = 10
    public static let tcpKeepalive: UInt16 = 11
    public static let padding: UInt16 = 12
    public static let extendedError: UInt16 = 15

    /// The option's IANA name, or `OPT<n>`.
    public var name: String {
        switch code {
        case EDNSOption.nsid: return "NSID"
        case EDNSOption.clientSubnet: return "ECS"
        case EDNSOption.cookie: return "COOKIE"
        case EDNSOption.tcpKeepalive: return "KEEPALIVE"
        case EDNSOption.padding: return "PADDING"
        case EDNSOption.extendedError: return "EDE"
        default: return "OPT\(code)"
        }
    }

    /// An EDNS Client Subnet option (RFC 7871 section 6).
    public struct ClientSubnet: Hashable, Sendable {
        /// The address family (1 IPv4, 2 IPv6).
        public var family: UInt16
        public var sourcePrefixLength: UInt8
        public var scopePrefixLength: UInt8
        /// The address, padded with zeros to its full length.
        public var address: IPAddress
    }

    /// Reads this option as Client Subnet. Throws when the family is unknown, a prefix length
    /// is too long for the family, the address is not exactly as long as the source prefix
    /// needs, or bits past the prefix are set (RFC 7871 section 6).
    public func clientSubnet() throws(DNSWireError) -> ClientSubnet {
        guard code == EDNSOption.clientSubnet else { throw DNSWireError(.badEDNS, at: 0, "not an ECS option") }
        guard data.count >= 4 else { throw DNSWireError(.badEDNS, at: 0, "ECS option of \(data.count) octets, at least 4 needed") }
        let family = UInt16(data[0]) << 8 | UInt16(data[1])
        let source = data[2], scope = data[3]
        let addressBytes = data[4...]
        let width: Int
        switch family {
        case 1: width = 4
        case 2: width = 16
        default: throw DNSWireError(.badEDNS, at: 0, "ECS family \(family) is neither 1 (IPv4) nor 2 (IPv6)")
        }
        guard Int(source) <= width * 8, Int(scope) <= width * 8 else {
            throw DNSWireError(.badEDNS, at: 2, "ECS prefix length \(max(source, scope)) too long for family \(family)")
        }
        guard addressBytes.count == (Int(source) + 7) / 8 else {
            throw DNSWireError(.badEDNS, at: 4, "ECS address of \(addressBytes.count) octets for a /\(source) prefix")
        }
        if source % 8 != 0, let last = addressBytes.last, last & (0xFF >> (source % 8)) != 0 {
            throw DNSWireError(.badEDNS, at: 4, "ECS address has bits set past its /\(source) prefix")
        }
        var full = Array(addressBytes)
        full += Array(repeating: 0, count: width - full.count)
        let address: IPAddress = width == 4
            ? .v4(IPv4Address(full[0], full[1], full[2], full[3]))
            : .v6(IPv6Address(bytes: full)!)
        return ClientSubnet(family: family, sourcePrefixLength: source, scopePrefixLength: scope, address: address)
    }

    /// Checks a COOKIE option's length: an 8-octet client cookie, optionally followed by a
    /// server cookie of 8 to 32 octets (RFC 7873 section 4).
    public func validateCookie() throws(DNSWireError) {
        guard code == EDNSOption.cookie else { throw DNSWireError(.badEDNS, at: 0, "not a COOKIE option") }
        guard data.count == 8 || (16...40).contains(data.count) else {
            throw DNSWireError(.badEDNS, at: 0, "COOKIE option of \(data.count) octets (8, or 16 to 40)")
        }
    }
}
