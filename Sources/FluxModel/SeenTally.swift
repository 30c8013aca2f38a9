/// A tally of one key's sightings in time: when first and last seen, and how often. Answer
/// sets, outcomes and client queries fold the same way.
public protocol SeenTally {
    /// The earliest time seen.
    var firstSeen: Timestamp { get set }
    /// The latest time seen.
    var lastSeen: Timestamp { get set }
    /// How many were folded in.
    var count: Int { get set }
}

extension SeenTally {
    /// Folds one more of the same key, seen at `time`, in.
    public mutating func add(time: Timestamp) {
        firstSeen = min(firstSeen, time)
        lastSeen = max(lastSeen, time)
        count += 1
    }

    /// Folds another tally with the same key in.
    public mutating func merge(_ other: Self) {
        firstSeen = min(firstSeen, other.firstSeen)
        lastSeen = max(lastSeen, other.lastSeen)
        count += other.count
    }
}
