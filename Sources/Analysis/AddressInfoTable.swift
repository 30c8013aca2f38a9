import DNSWire
import FluxModel

/// The enrichment of every address of a store, held compactly: a large store has millions
/// of addresses but far fewer distinct (ASN, prefix, AS name, country, flags) facts, so
/// each distinct `AddressInfo` is kept once and an address maps to its index (an IPv4
/// address in 8 octets of table).
struct AddressInfoTable: Sendable {
    private var infos: [AddressInfo] = []
    private var index: [AddressInfo: UInt32] = [:]
    private var v4: [UInt32: UInt32] = [:]
    private var v6: [IPv6Address: UInt32] = [:]
    /// The index of the most recent insert.
    private var lastInserted: UInt32?

    /// Records `info` for `address`, replacing an earlier one.
    mutating func insert(_ info: AddressInfo, for address: IPAddress) {
        let i: UInt32
        if let last = lastInserted, infos[Int(last)] == info {
            i = last  // neighbouring addresses mostly share their facts: no hashing
        } else if let known = index[info] {
            i = known
        } else {
            i = UInt32(infos.count)
            infos.append(info)
            index[info] = i
        }
        lastInserted = i
        switch address {
        case .v4(let a): v4[a.value] = i
        case .v6(let a): v6[a] = i
        }
    }

    /// The enrichment of `address`, or `nil`.
    subscript(address: IPAddress) -> AddressInfo? {
        let i: UInt32?
        switch address {
        case .v4(let a): i = v4[a.value]
        case .v6(let a): i = v6[a]
        }
        return i.map { infos[Int($0)] }
    }

    /// Addresses held.
    var count: Int { v4.count + v6.count }
}
