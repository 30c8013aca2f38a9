/// What `prune(before:)` removed.
public struct PruneReport: Hashable, Sendable {
    /// Sighting rows deleted one by one (SQLite: every pruned sighting; PostgreSQL: the
    /// weekly rows of the partition that straddles the cutoff).
    public var sightingRowsDeleted = 0
    /// Whole weekly sighting partitions dropped (PostgreSQL only).
    public var partitionsDropped: [String] = []
    /// Outcome tallies deleted.
    public var outcomesDeleted = 0
    /// Client tallies deleted.
    public var clientQueriesDeleted = 0
    /// Answer sets deleted.
    public var answerSetsDeleted = 0

    /// Creates an empty report.
    public init() {}
}
