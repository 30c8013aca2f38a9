/// Row counts per table, and the observation total over all sources.
public struct StoreStats: Hashable, Sendable {
    /// Rows in `sightings`.
    public var sightings: Int
    /// Rows in `addresses`.
    public var addresses: Int
    /// Rows in `sources`.
    public var sources: Int
    /// Rows in `ingest_runs`.
    public var ingestRuns: Int
    /// Rows in `outcomes`.
    public var outcomes: Int
    /// Rows in `client_queries`.
    public var clientQueries: Int
    /// Observations written, summed over sources (each sighting's `count` adds up to this).
    public var observations: Int64
    /// Rows in `answer_sets` (0 for a store without them).
    public var answerSets: Int

    /// Creates stats.
    public init(sightings: Int, addresses: Int, sources: Int, ingestRuns: Int, outcomes: Int,
                clientQueries: Int, observations: Int64, answerSets: Int = 0) {
        self.answerSets = answerSets
        self.sightings = sightings
        self.addresses = addresses
        self.sources = sources
        self.ingestRuns = ingestRuns
        self.outcomes = outcomes
        self.clientQueries = clientQueries
        self.observations = observations
    }
}
