/// What one `write(_:checkpoint:)` did: how many rows it added to the store, how many it
/// folded into rows already there, and how many records it rejected for their times
/// (`StoredTimes`). The ingest summary shows these as "new", "updated" and "rejected".
///
/// The stores keep sightings differently, and the sighting counts follow the rows: SQLite
/// keeps one row per key, so "inserted" means a key never stored before; PostgreSQL keeps one
/// row per key and week (of its last sighting), so "inserted" means the key's first row in
/// that week, also when an earlier week holds the key. Answer sets have one row per key on both.
public struct WriteReport: Hashable, Sendable {
    /// Sighting rows inserted: on SQLite a record never stored before, on PostgreSQL a
    /// record's first row in its week.
    public var sightingsInserted = 0
    /// Sightings merged into a stored row.
    public var sightingsUpdated = 0
    /// Answer sets inserted.
    public var answerSetsInserted = 0
    /// Answer sets merged into a stored row.
    public var answerSetsUpdated = 0
    /// Records (sightings, answer sets, outcome and client tallies) not written because a
    /// time lay outside `StoredTimes`'s window.
    public var rejected = 0

    /// Creates a report; zero by default.
    public init(sightingsInserted: Int = 0, sightingsUpdated: Int = 0, answerSetsInserted: Int = 0, answerSetsUpdated: Int = 0, rejected: Int = 0) {
        self.sightingsInserted = sightingsInserted
        self.sightingsUpdated = sightingsUpdated
        self.answerSetsInserted = answerSetsInserted
        self.answerSetsUpdated = answerSetsUpdated
        self.rejected = rejected
    }

    /// Adds another report field by field.
    public static func += (lhs: inout WriteReport, rhs: WriteReport) {
        lhs.sightingsInserted += rhs.sightingsInserted
        lhs.sightingsUpdated += rhs.sightingsUpdated
        lhs.answerSetsInserted += rhs.answerSetsInserted
        lhs.answerSetsUpdated += rhs.answerSetsUpdated
        lhs.rejected += rhs.rejected
    }
}
