import DNSWire
import FluxModel

/// One domain on the watchlist: probed again and again by `fluxscope serve`, each time its
/// interval (or, without one, its answers' TTL) has passed.
public struct WatchEntry: Hashable, Sendable {
    /// The watched domain.
    public var domain: DNSName
    /// Why it is watched, in the analyst's words.
    public var note: String?
    /// Seconds between probes; `nil` to follow the answers' TTL.
    public var interval: Double?
    /// When it was first added.
    public var addedAt: Timestamp
    /// When it is due to be probed next (probe-clock time).
    public var nextDue: Timestamp
    /// When it was last probed, if ever (probe-clock time).
    public var lastProbed: Timestamp?
    /// The probe worker that leased it last, while the lease is not completed
    /// (`ObservationStore.leaseDueWatches`); the lease is over once `leaseUntil` has passed.
    public var leaseOwner: String?
    /// When that lease ends (probe-clock time).
    public var leaseUntil: Timestamp?

    /// Creates an entry.
    public init(domain: DNSName, note: String? = nil, interval: Double? = nil, addedAt: Timestamp,
                nextDue: Timestamp, lastProbed: Timestamp? = nil, leaseOwner: String? = nil, leaseUntil: Timestamp? = nil) {
        self.domain = domain
        self.note = note
        self.interval = interval
        self.addedAt = addedAt
        self.nextDue = nextDue
        self.lastProbed = lastProbed
        self.leaseOwner = leaseOwner
        self.leaseUntil = leaseUntil
    }
}
