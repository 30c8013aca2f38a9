import Foundation
import PostgresNIO

/// Weekly partitions of `sightings`: each holds the rows whose `last_seen` falls in one UTC
/// week, Monday to Monday, and is named for its Monday (`sightings_p20261207`).
enum SightingWeek {
    static let secondsPerDay = 86_400.0

    /// Each partition's `fillfactor` (percent of a page filled by inserts). The rest of each
    /// page is room for the next version of its rows: an update that changes no indexed
    /// column (a merge changes only times, count, TTLs and sources) and finds room on its page
    /// is a HOT update, which writes no index entry. At 50 every row of a page can be updated
    /// once before the page must be pruned; at 100 (PostgreSQL's default) no update found room
    /// and each wrote a new entry in both indexes (docs/store.md, "The update path").
    static let fillFactor = 50

    /// The Monday (days since 1970-01-01, a Thursday) of the UTC week holding `time`.
    static func monday(of time: Double) -> Int {
        let day = Int((time / secondsPerDay).rounded(.down))
        return day - ((day + 3) % 7 + 7) % 7
    }

    /// The partition's name for the week starting on `monday`.
    static func tableName(_ monday: Int) -> String {
        let c = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC")!, from: date(monday))
        return String(format: "sightings_p%04d%02d%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0)
    }

    /// `YYYY-MM-DD` of a day.
    static func dateText(_ day: Int) -> String {
        let c = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC")!, from: date(day))
        return String(format: "%04d-%02d-%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0)
    }

    static func date(_ day: Int) -> Date { Date(timeIntervalSince1970: Double(day) * secondsPerDay) }

    /// The Monday a partition name stands for, or `nil` for another table's name.
    static func monday(ofTable name: String) -> Int? {
        guard name.hasPrefix("sightings_p"), name.count == "sightings_p".count + 8,
              let n = Int(name.dropFirst("sightings_p".count)) else { return nil }
        var c = DateComponents()
        c.year = n / 10_000
        c.month = n / 100 % 100
        c.day = n % 100
        c.timeZone = TimeZone(identifier: "UTC")
        guard let d = Calendar(identifier: .gregorian).date(from: c) else { return nil }
        return Int((d.timeIntervalSince1970 / secondsPerDay).rounded(.down))
    }
}

extension PostgresStore {
    /// Creates the weekly partitions among `mondays` that are not known to exist yet, in a
    /// transaction of their own under an advisory lock (concurrent writers may need the same
    /// week; `CREATE TABLE IF NOT EXISTS` alone races).
    func ensurePartitions(_ mondays: Set<Int>) async throws {
        let missing = partitions.withLock { known in mondays.subtracting(known) }
        guard !missing.isEmpty else { return }
        try await transaction { connection in
            try await PostgresStore.rows("SELECT pg_advisory_xact_lock(\(PostgresStore.partitionLock))", on: connection, logger: logger)
            for monday in missing.sorted() {
                let sql = """
                    CREATE TABLE IF NOT EXISTS \(SightingWeek.tableName(monday)) PARTITION OF sightings
                    FOR VALUES FROM ('\(SightingWeek.dateText(monday))') TO ('\(SightingWeek.dateText(monday + 7))')
                    WITH (fillfactor = \(SightingWeek.fillFactor))
                    """
                try await PostgresStore.rows(PostgresQuery(unsafeSQL: sql), on: connection, logger: logger)
            }
        }
        partitions.withLock { $0.formUnion(missing) }
    }

    /// The weekly partitions that exist, by Monday.
    func existingPartitions() async throws -> [(monday: Int, table: String)] {
        try await rows("""
            SELECT c.relname::text FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
            WHERE i.inhparent = 'sightings'::regclass ORDER BY 1
            """).compactMap { row in
            let name: String = try row.at(0)
            return SightingWeek.monday(ofTable: name).map { ($0, name) }
        }
    }
}
