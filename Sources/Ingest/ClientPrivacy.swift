import DNSWire
import FluxModel

/// How client addresses are kept, when an input carries them (dnstap `query_address`, the
/// source address of a captured query). Client addresses are personal data: the default is
/// not to keep them at all.
public enum ClientPrivacy: Hashable, Sendable {
    /// Clients are not recorded.
    case off
    /// The address as seen.
    case keep
    /// A keyed hash of the address: HMAC-SHA256 (RFC 2104) over the address's network-order
    /// octets (4 or 16) under `key`, truncated to its first 16 octets and printed as 32
    /// lower-case hex digits. The same key gives the same hash across runs; without the key
    /// the address cannot be recovered or checked by trying the whole IPv4 space.
    case hash(key: [UInt8])
    /// The address's network: IPv4 to its /24 (`192.0.2.0/24`), IPv6 to its /48
    /// (`2001:db8:1::/48`).
    case truncate

    /// The client as it is to be stored, or `nil` when clients are not kept.
    public func render(_ address: IPAddress) -> String? {
        switch self {
        case .off:
            return nil
        case .keep:
            return address.description
        case .truncate:
            switch address {
            case .v4(let a): return "\(IPv4Address(a.value & 0xFFFF_FF00))/24"
            case .v6(let a): return "\(IPv6Address(a.value & ~(UInt128.max >> 48)))/48"
            }
        case .hash(let key):
            let octets: [UInt8]
            switch address {
            case .v4(let a): octets = [UInt8(a.value >> 24), UInt8(truncatingIfNeeded: a.value >> 16),
                                       UInt8(truncatingIfNeeded: a.value >> 8), UInt8(truncatingIfNeeded: a.value)]
            case .v6(let a): octets = a.bytes
            }
            let mac = SHA256.hmac(key: key, message: octets)
            return RData.hex(mac.prefix(16))
        }
    }

    /// Whether clients are recorded at all.
    public var keepsClients: Bool { self != .off }

    /// The label stored with the clients, so that reports can say what a client string is.
    public var mode: ClientMode {
        switch self {
        case .off: return .drop
        case .keep: return .keep
        case .hash: return .hash
        case .truncate: return .truncate
        }
    }
}
