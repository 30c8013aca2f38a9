import DNSWire
import FluxModel
import GRDB

/// A probe schedule state as its columns (`probe_schedules`, migration `v5_probe_schedules`).
struct ScheduleRow: Sendable {
    var nameKey: String
    /// `nameKey`'s first octets as one integer (`SightingRow.keyPrefix`), for sorting.
    var keyOrder: UInt64
    var name: String
    var nextDue: Double
    var lastTTL: Int?
    var failures: Int
    var lookups: Int
    var lastLookup: Double?

    init(_ s: NameSchedule) {
        name = s.name.description
        nameKey = SightingRow.lowercased(name)
        keyOrder = SightingRow.keyPrefix(nameKey)
        nextDue = s.nextDue
        lastTTL = s.lastTTL.map(Int.init)
        failures = s.consecutiveFailures
        lookups = s.lookups
        lastLookup = s.lastLookup
    }

    /// Binds and steps the upsert.
    func upsert(with statement: inout RowBinder) throws {
        statement.text(nameKey)
        statement.text(name)
        statement.double(nextDue)
        statement.int(lastTTL)
        statement.int(failures)
        statement.int(lookups)
        statement.double(lastLookup)
        try statement.step()
    }

    /// Keeps the later state of a name (`NameSchedule.isLater(than:)`): a late write of an
    /// older state never winds it back.
    static let upsertSQL = """
        INSERT INTO probe_schedules (name_lc, name, next_due, last_ttl, failures, lookups, last_lookup)
        VALUES (?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (name_lc) DO UPDATE SET
            next_due = excluded.next_due, last_ttl = excluded.last_ttl, failures = excluded.failures,
            lookups = excluded.lookups, last_lookup = excluded.last_lookup
        WHERE excluded.lookups > probe_schedules.lookups
           OR (excluded.lookups = probe_schedules.lookups AND excluded.next_due > probe_schedules.next_due)
        """

    static let columns = "name, next_due, last_ttl, failures, lookups, last_lookup"

    /// The state a row holds.
    static func schedule(_ row: Row) throws -> NameSchedule {
        let ttl: Int? = row[2]
        return NameSchedule(name: try SQLiteStore.name(row[0]), nextDue: row[1], lastTTL: ttl.map { UInt32(clamping: $0) },
                            consecutiveFailures: row[3], lookups: row[4], lastLookup: row[5])
    }
}

extension SQLiteStore {
    public func probeSchedules(after name: DNSName?, limit: Int) async throws -> [NameSchedule] {
        let after = name?.lowercased.description ?? ""
        return try await pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT \(ScheduleRow.columns) FROM probe_schedules WHERE name_lc > ? ORDER BY name_lc LIMIT ?
                """, arguments: [after, max(1, limit)]).map(ScheduleRow.schedule)
        }
    }

    public func probeSchedules(named names: [DNSName]) async throws -> [NameSchedule] {
        var result: [NameSchedule] = []
        for part in SQLiteStore.keyBatches(names) {  // 500 keys a statement at most
            let marks = Array(repeating: "?", count: part.count).joined(separator: ",")
            result += try await pool.read { db in
                try Row.fetchAll(db, sql: """
                    SELECT \(ScheduleRow.columns) FROM probe_schedules WHERE name_lc IN (\(marks))
                    """, arguments: StatementArguments(part)).map(ScheduleRow.schedule)
            }
        }
        return result
    }

    public func latestProbeLookup() async throws -> Timestamp? {
        try await pool.read { db in try Double.fetchOne(db, sql: "SELECT max(last_lookup) FROM probe_schedules") }
    }
}
