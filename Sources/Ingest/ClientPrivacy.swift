import DNSWire

/// What to do with client addresses found in an input (Zeek's `id.orig_h`, passivedns's
/// client column). They are personal data: nothing is kept unless asked for.
public enum ClientMode: Hashable, Sendable {
    /// Emit no `ClientQuery` at all (the default).
    case off
    /// Keep the address as it is.
    case keep
    /// Keep HMAC-SHA256(key, address) in hex, cut to `ClientPrivacy.hashHexLength` digits:
    /// the same client maps to the same token under one key, and the key is needed to test a guess.
    case hash(key: [UInt8])
    /// Keep only the network: IPv4 cut to `v4` bits, IPv6 to `v6` bits (`192.0.2.0/24`).
    case truncate(v4: Int = 24, v6: Int = 48)
}

/// The one place where a client address is turned into what may be stored.
public enum ClientPrivacy {
    /// Hex digits kept from the HMAC (128 bits: collisions are not a concern at any realistic
    /// number of clients).
    public static let hashHexLength = 32

    /// The stored form of `client` under `mode`, or `nil` when clients are off or the
    /// address cannot be truncated because it is not an address.
    public static func transform(_ client: some StringProtocol, mode: ClientMode) -> String? {
        switch mode {
        case .off:
            return nil
        case .keep:
            return String(client)
        case .hash(let key):
            // Hash the canonical text so that `2001:DB8::1` and `2001:db8::1` agree.
            let canonical = IPAddress(client)?.description ?? String(client)
            return String(RData.hex(SHA256.hmac(key: key, message: Array(canonical.utf8))).prefix(hashHexLength))
        case .truncate(let v4, let v6):
            switch IPAddress(client) {
            case .v4(let a)?:
                let bits = min(max(v4, 0), 32)
                let mask: UInt32 = bits == 0 ? 0 : ~UInt32(0) << UInt32(32 - bits)
                return "\(IPv4Address(a.value & mask))/\(bits)"
            case .v6(let a)?:
                let bits = min(max(v6, 0), 128)
                let mask: UInt128 = bits == 0 ? 0 : ~UInt128(0) << UInt128(128 - bits)
                return "\(IPv6Address(a.value & mask))/\(bits)"
            case nil:
                return nil
            }
        }
    }
}
