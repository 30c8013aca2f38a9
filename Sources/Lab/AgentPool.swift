import DNSWire

/// A churning population of hosts: compromised machines of a botnet, residential Bitcoin
/// nodes, NTP volunteers, mirrors, VPN exits. The pool has `size` slots; each slot holds
/// one host at a time for a lifetime drawn between the bounds, after which a new host (a
/// new address, often in another AS) takes the slot: agents join and leave. A living host
/// is also online only part of the time (machines switched off at night), decided per
/// simulated hour.
///
/// Nothing is stored per host: the host of a slot at time `t` is computed from the seed,
/// the slot and the generation number, so any time can be asked in any order.
struct AgentPool: Sendable {
    let key: UInt64
    let size: Int
    let minLifetime: Double
    let maxLifetime: Double
    let online: Double
    let source: AddressSource

    /// Length of the period over which a host is either online or not.
    static let onlinePeriod: Double = 3600

    /// A pool drawing from `source`, seeded by `key`.
    init(key: UInt64, parameters p: ZoneParameters, source: AddressSource) {
        self.key = key
        size = p.poolSize
        minLifetime = p.minLifetime.seconds
        maxLifetime = p.maxLifetime.seconds
        online = p.online
        self.source = source
    }

    /// The slot's lifetime and phase, fixed per slot.
    private func schedule(_ slot: Int) -> (lifetime: Double, phase: Double) {
        var g = SplitMix64(mixing: key, 1, UInt64(slot))
        let lifetime = minLifetime + g.unit() * (maxLifetime - minLifetime)
        return (lifetime, g.unit() * lifetime)
    }

    /// The generation of the host holding `slot` at `t` (seconds since the scenario start).
    func generation(_ slot: Int, at t: Double) -> Int64 {
        let s = schedule(slot)
        return Int64(((t + s.phase) / s.lifetime).rounded(.down))
    }

    /// The address of the host holding `slot` at `t`.
    func address(_ slot: Int, at t: Double) -> IPAddress? {
        var g = SplitMix64(mixing: key, 2, UInt64(slot), UInt64(bitPattern: generation(slot, at: t)))
        return source.address(using: &g)
    }

    /// True if the host holding `slot` is online at `t`.
    func isOnline(_ slot: Int, at t: Double) -> Bool {
        guard online < 1 else { return true }
        let hour = Int64(((t + Double(slot % 3600)) / AgentPool.onlinePeriod).rounded(.down))
        var g = SplitMix64(mixing: key, 3, UInt64(slot), UInt64(bitPattern: generation(slot, at: t)),
                           UInt64(bitPattern: hour))
        return g.unit() < online
    }

    /// Up to `count` distinct addresses of online hosts at `t`, chosen by `generator`.
    func sample(_ count: Int, at t: Double, using generator: inout SplitMix64) -> [IPAddress] {
        var out: [IPAddress] = []
        var triedSlots = Set<Int>()
        var attempts = 0
        while out.count < count, triedSlots.count < size, attempts < count * 40 + 100 {
            attempts += 1
            let slot = generator.below(size)
            guard triedSlots.insert(slot).inserted, isOnline(slot, at: t),
                  let address = address(slot, at: t), !out.contains(address) else { continue }
            out.append(address)
        }
        return out
    }

    /// Every online host's address at `t` (for tests and statistics).
    func onlineAddresses(at t: Double) -> [IPAddress] {
        (0..<size).compactMap { isOnline($0, at: t) ? address($0, at: t) : nil }
    }
}
