import DNSWire
import FluxModel

/// The probing state of one name, as plain values so that a store can persist it and a
/// later run resume from it: when the name is due next, the TTL that set that time, and how
/// many lookups in a row failed.
public struct NameSchedule: Hashable, Sendable {
    /// The name to look up.
    public var name: DNSName
    /// When the name is due next (probe-clock time).
    public var nextDue: Timestamp
    /// The TTL of the last answer that set `nextDue`, if any.
    public var lastTTL: UInt32?
    /// Lookups in a row that got no usable answer (timeouts, SERVFAIL, REFUSED).
    public var consecutiveFailures: Int
    /// Lookups completed so far (rounds done for this name).
    public var lookups: Int

    /// A name due at `nextDue` (by default at once) with no history.
    public init(name: DNSName, nextDue: Timestamp = 0, lastTTL: UInt32? = nil, consecutiveFailures: Int = 0, lookups: Int = 0) {
        self.name = name
        self.nextDue = nextDue
        self.lastTTL = lastTTL
        self.consecutiveFailures = consecutiveFailures
        self.lookups = lookups
    }
}
