/// A libpcap link-layer header type (`LINKTYPE_*`, tcpdump.org/linktypes.html).
///
/// An open set: any value can be held; the named ones are those the decoder understands.
public struct LinkType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The `LINKTYPE_` number as stored in the capture file.
    public var rawValue: Int32

    /// Wraps a link-type number.
    public init(rawValue: Int32) { self.rawValue = rawValue }

    /// BSD loopback: a 4-byte address family in the capturing host's byte order.
    public static let null = LinkType(rawValue: 0)
    /// Ethernet II / 802.3.
    public static let ethernet = LinkType(rawValue: 1)
    /// FDDI with 802.2 LLC/SNAP.
    public static let fddi = LinkType(rawValue: 10)
    /// Raw IP (DLT_RAW as numbered on some BSDs).
    public static let raw12 = LinkType(rawValue: 12)
    /// Raw IP (DLT_RAW as numbered on OpenBSD).
    public static let raw14 = LinkType(rawValue: 14)
    /// Raw IP, version from the first nibble.
    public static let raw = LinkType(rawValue: 101)
    /// OpenBSD loopback: a 4-byte address family in network byte order.
    public static let loop = LinkType(rawValue: 108)
    /// Linux cooked capture v1.
    public static let linuxSLL = LinkType(rawValue: 113)
    /// Raw IPv4.
    public static let ipv4 = LinkType(rawValue: 228)
    /// Raw IPv6.
    public static let ipv6 = LinkType(rawValue: 229)
    /// Linux cooked capture v2.
    public static let linuxSLL2 = LinkType(rawValue: 276)

    /// True when ``FrameDecoder`` can decode frames of this type.
    public var isSupported: Bool {
        switch rawValue {
        case 0, 1, 10, 12, 14, 101, 108, 113, 228, 229, 276: return true
        default: return false
        }
    }

    public var description: String {
        switch rawValue {
        case 0: return "NULL"
        case 1: return "ETHERNET"
        case 10: return "FDDI"
        case 12, 14, 101: return "RAW"
        case 108: return "LOOP"
        case 113: return "LINUX_SLL"
        case 228: return "IPV4"
        case 229: return "IPV6"
        case 276: return "LINUX_SLL2"
        default: return "LINKTYPE_\(rawValue)"
        }
    }
}
