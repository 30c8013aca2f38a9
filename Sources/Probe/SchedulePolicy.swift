import FluxModel

/// When to look a name up again: when its TTL runs out, as Holz et al. (NDSS 2008) spaced
/// their lookups, bounded by a minimum and a maximum interval; after failures, an
/// exponential backoff from the minimum interval, bounded by the maximum.
public struct SchedulePolicy: Hashable, Sendable {
    /// The shortest wait between two lookups of one name, in seconds.
    public var minInterval: Double
    /// The longest wait between two lookups of one name, in seconds.
    public var maxInterval: Double

    /// Creates a policy; `maxInterval` is raised to `minInterval` if below it.
    public init(minInterval: Double = 1, maxInterval: Double = 3600) {
        self.minInterval = max(0, minInterval)
        self.maxInterval = max(self.minInterval, maxInterval)
    }

    /// The state after a lookup finished at `now`: `ttl` is the smallest TTL of the answer
    /// records for the name (`nil` when the lookup got no usable answer).
    public func next(after state: NameSchedule, ttl: UInt32?, failed: Bool, now: Timestamp) -> NameSchedule {
        var s = state
        s.lookups += 1
        s.lastLookup = now
        if failed {
            s.consecutiveFailures += 1
            let wait = minInterval * Double(1 << min(s.consecutiveFailures - 1, 20))
            s.nextDue = now + clamp(max(wait, minInterval))
        } else {
            s.consecutiveFailures = 0
            if let ttl { s.lastTTL = ttl }
            s.nextDue = now + clamp(Double(ttl ?? s.lastTTL ?? UInt32(maxInterval.rounded(.up))))
        }
        return s
    }

    private func clamp(_ seconds: Double) -> Double { min(max(seconds, minInterval), maxInterval) }
}
