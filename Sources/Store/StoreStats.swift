/// Row counts per table, and the observation total over all sources.
public struct StoreStats: Hashable, Sendable {
    public var sightings: Int
    public var addresses: Int
    public var sources: Int
    public var ingestRuns: Int
    public var outcomes: Int
    public var clientQueries: Int
    /// Observations written, summed over sources (each sighting's `count` adds up to this).
    public var observations: Int64

    /// Creates stats.
    public init(sightings: Int, addresses: Int, sources: Int, ingestRuns: Int, outcomes: Int,
                clientQueries: Int, observations: Int64) {
        self.sightings = sightings
        self.addresses = addresses
        self.sources = sources
        self.ingestRuns = ingestRuns
        self.outcomes = outcomes
        self.clientQueries = clientQueries
        self.observations = observations
    }
}
