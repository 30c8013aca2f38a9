import DNSWire
import FluxModel

/// A watched domain leased to one probe worker: until `until`, no other worker is handed it
/// (`ObservationStore.leaseDueWatches`).
public struct WatchLease: Hashable, Sendable {
    /// The entry as it was when leased (its `interval` decides the next due time).
    public var entry: WatchEntry
    /// The worker holding the lease.
    public var worker: String
    /// When the lease ends unless renewed (watchlist clock).
    public var until: Timestamp

    /// Creates a lease.
    public init(entry: WatchEntry, worker: String, until: Timestamp) {
        self.entry = entry
        self.worker = worker
        self.until = until
    }
}

/// One finished probe of a leased domain, handed back with `ObservationStore.completeLeases`.
public struct WatchProbe: Hashable, Sendable {
    /// The domain probed.
    public var domain: DNSName
    /// When the probe finished (watchlist clock): the entry's new `lastProbed`.
    public var probedAt: Timestamp
    /// When it is due again (watchlist clock): the entry's new `nextDue`.
    public var nextDue: Timestamp

    /// Creates a completion.
    public init(domain: DNSName, probedAt: Timestamp, nextDue: Timestamp) {
        self.domain = domain
        self.probedAt = probedAt
        self.nextDue = nextDue
    }
}

/// What a worker's heartbeat found (`ObservationStore.heartbeat`).
public struct WorkerHeartbeat: Hashable, Sendable {
    /// Workers alive at the heartbeat's time, this one included (at least 1).
    public var liveWorkers: Int
    /// Leases of this worker that were extended.
    public var leasesRenewed: Int

    /// Creates a heartbeat result.
    public init(liveWorkers: Int, leasesRenewed: Int) {
        self.liveWorkers = liveWorkers
        self.leasesRenewed = leasesRenewed
    }
}
