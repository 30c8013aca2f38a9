/// When a `BatchingSink` hands its batch on: after a number of distinct keys, after a time,
/// or when the process's resident memory passes a limit.
public struct BatchPolicy: Sendable, Hashable {
    /// Distinct keys (sightings, outcomes, clients, answer sets) per batch.
    public var maxDistinct: Int
    /// Longest a batch stays open; `nil` for no limit (live inputs flush on their own timer).
    public var maxAge: Duration?
    /// Resident set size in bytes past which a batch of at least `minimumForMemory` keys is
    /// handed on early; `nil` for no check.
    public var memoryLimit: Int?
    /// The smallest batch handed on for memory's sake (tiny batches would not free much).
    public var minimumForMemory = 4096

    /// Creates a policy; the defaults suit files: 100,000 keys, 10 s, 1 GiB.
    public init(maxDistinct: Int = 100_000, maxAge: Duration? = .seconds(10), memoryLimit: Int? = 1 << 30) {
        self.maxDistinct = max(1, maxDistinct)
        self.maxAge = maxAge
        self.memoryLimit = memoryLimit
    }
}
