/// What one `write(_:checkpoint:)` did: how many keys were new to the store and how many were
/// folded into rows already there. The ingest summary shows these as "new" and "updated".
public struct WriteReport: Hashable, Sendable {
    /// Sightings inserted (a record never stored before).
    public var sightingsInserted = 0
    /// Sightings merged into a stored row.
    public var sightingsUpdated = 0
    /// Answer sets inserted.
    public var answerSetsInserted = 0
    /// Answer sets merged into a stored row.
    public var answerSetsUpdated = 0

    /// Creates a report; zero by default.
    public init(sightingsInserted: Int = 0, sightingsUpdated: Int = 0, answerSetsInserted: Int = 0, answerSetsUpdated: Int = 0) {
        self.sightingsInserted = sightingsInserted
        self.sightingsUpdated = sightingsUpdated
        self.answerSetsInserted = answerSetsInserted
        self.answerSetsUpdated = answerSetsUpdated
    }

    /// Adds another report field by field.
    public static func += (lhs: inout WriteReport, rhs: WriteReport) {
        lhs.sightingsInserted += rhs.sightingsInserted
        lhs.sightingsUpdated += rhs.sightingsUpdated
        lhs.answerSetsInserted += rhs.answerSetsInserted
        lhs.answerSetsUpdated += rhs.answerSetsUpdated
    }
}
