/// Counters an ingest keeps per source: what came in, what was malformed, what went
/// unanswered, and what was turned into records. Added up per batch, per run and per source.
public struct IngestCounters: Hashable, Sendable, Codable {
    /// DNS messages read.
    public var messages: Int64
    /// Inputs that could not be decoded (counted, never silently dropped).
    public var malformed: Int64
    /// Queries seen with no matching response.
    public var unansweredQueries: Int64
    /// Observations (answer records) produced.
    public var observations: Int64
    /// Outcomes (NXDOMAIN, SERVFAIL, NODATA, ...) produced.
    public var outcomes: Int64
    /// Client queries recorded.
    public var clientQueries: Int64

    /// Creates counters, zero by default.
    public init(messages: Int64 = 0, malformed: Int64 = 0, unansweredQueries: Int64 = 0,
                observations: Int64 = 0, outcomes: Int64 = 0, clientQueries: Int64 = 0) {
        self.messages = messages
        self.malformed = malformed
        self.unansweredQueries = unansweredQueries
        self.observations = observations
        self.outcomes = outcomes
        self.clientQueries = clientQueries
    }

    /// All counters zero.
    public static let zero = IngestCounters()

    /// True when every counter is zero.
    public var isZero: Bool { self == .zero }

    /// Adds `other` counter by counter.
    public static func += (lhs: inout IngestCounters, rhs: IngestCounters) {
        lhs.messages += rhs.messages
        lhs.malformed += rhs.malformed
        lhs.unansweredQueries += rhs.unansweredQueries
        lhs.observations += rhs.observations
        lhs.outcomes += rhs.outcomes
        lhs.clientQueries += rhs.clientQueries
    }

    /// The sum of two sets of counters.
    public static func + (lhs: IngestCounters, rhs: IngestCounters) -> IngestCounters {
        var sum = lhs
        sum += rhs
        return sum
    }
}
