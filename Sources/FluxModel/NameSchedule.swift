import DNSWire

/// The probing state of one name, as plain values so that a store can persist it and a
/// later run resume from it: when the name is due next, the TTL that set that time, how
/// many lookups in a row failed, how many lookups were done (over all runs), and when the
/// last one finished. Times are probe-clock seconds since the epoch.
public struct NameSchedule: Hashable, Sendable {
    /// The name to look up.
    public var name: DNSName
    /// When the name is due next (probe-clock time).
    public var nextDue: Timestamp
    /// The TTL of the last answer that set `nextDue`, if any.
    public var lastTTL: UInt32?
    /// Lookups in a row that got no usable answer (timeouts, SERVFAIL, REFUSED).
    public var consecutiveFailures: Int
    /// Lookups completed so far (rounds done for this name, over every run).
    public var lookups: Int
    /// When the last lookup finished (probe-clock time); `nil` before the first.
    public var lastLookup: Timestamp?

    /// A name due at `nextDue` (by default at once) with no history.
    public init(name: DNSName, nextDue: Timestamp = 0, lastTTL: UInt32? = nil, consecutiveFailures: Int = 0, lookups: Int = 0,
                lastLookup: Timestamp? = nil) {
        self.name = name
        self.nextDue = nextDue
        self.lastTTL = lastTTL
        self.consecutiveFailures = consecutiveFailures
        self.lookups = lookups
        self.lastLookup = lastLookup
    }

    /// True when `self` is a later state of the same name than `other`: more lookups, or as
    /// many and a later due time. A store keeps the later of two states, so a late write of
    /// an old state never winds a name back.
    public func isLater(than other: NameSchedule) -> Bool {
        (lookups, nextDue) > (other.lookups, other.nextDue)
    }
}
