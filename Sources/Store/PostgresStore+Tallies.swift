import DNSWire
import FluxModel
import PostgresNIO

extension PostgresStore {
    public func outcomes(named name: DNSName?) async throws -> [OutcomeTally] {
        try await rows("""
            SELECT name, type, rcode, extract(epoch FROM first_seen)::float8, extract(epoch FROM last_seen)::float8, count
            FROM outcomes WHERE \(name?.lowercased.description)::text IS NULL OR name_lc = \(name?.lowercased.description)
            ORDER BY name_lc, type, rcode
            """).map { row in
            let key = OutcomeKey(name: try SQLiteStore.name(try row.at(0)), type: RecordType(UInt16(try row.at(1, as: Int.self))),
                                 rcode: RCode(rawValue: UInt16(try row.at(2, as: Int.self))))
            return OutcomeTally(key: key, firstSeen: try row.at(3), lastSeen: try row.at(4), count: try row.at(5))
        }
    }

    public func clientQueries(named name: DNSName?) async throws -> [ClientQueryTally] {
        try await rows("""
            SELECT client, client_mode, name, extract(epoch FROM first_seen)::float8, extract(epoch FROM last_seen)::float8, count
            FROM client_queries WHERE \(name?.lowercased.description)::text IS NULL OR name_lc = \(name?.lowercased.description)
            ORDER BY name_lc, client_mode, client
            """).map(PostgresStore.clientTally)
    }

    public func clientQueryPage(after cursor: ClientQueryCursor?, since: Timestamp?, until: Timestamp?,
                                limit: Int) async throws -> ClientQueryPage {
        let limit = max(1, limit)
        let rows = try await rows("""
            SELECT client, client_mode, name, extract(epoch FROM first_seen)::float8, extract(epoch FROM last_seen)::float8,
                   count, name_lc
            FROM client_queries
            WHERE (\(cursor?.mode.rawValue)::text IS NULL
                   OR (client_mode, client, name_lc) > (\(cursor?.mode.rawValue), \(cursor?.client), \(cursor?.nameKey)))
              AND (\(since)::float8 IS NULL OR last_seen >= to_timestamp(\(since)))
              AND (\(until)::float8 IS NULL OR first_seen <= to_timestamp(\(until)))
            ORDER BY client_mode, client, name_lc LIMIT \(limit)
            """)
        let tallies = try rows.map(PostgresStore.clientTally)
        var next: ClientQueryCursor?
        if tallies.count == limit, let last = rows.last, let tally = tallies.last {
            next = ClientQueryCursor(mode: tally.mode, client: tally.key.client, nameKey: try last.at(6))
        }
        return ClientQueryPage(tallies: tallies, next: next)
    }

    static func clientTally(_ row: PostgresRandomAccessRow) throws -> ClientQueryTally {
        let key = ClientQueryKey(client: try row.at(0), name: try SQLiteStore.name(try row.at(2)))
        return ClientQueryTally(key: key, mode: ClientMode(rawValue: try row.at(1)), firstSeen: try row.at(3),
                                lastSeen: try row.at(4), count: try row.at(5))
    }

    public func answerSets(named name: DNSName) async throws -> [AnswerSetTally] {
        try await rows("""
            SELECT \(unescaped: PostgresStore.answerSetColumns) FROM answer_sets WHERE name_lc = \(name.lowercased.description)
            ORDER BY type, addresses
            """).map(PostgresStore.answerSet)
    }

    public func answerSets(named names: [DNSName]) async throws -> [AnswerSetTally] {
        var sets: [AnswerSetTally] = []
        for keys in PostgresStore.keyBatches(names) {
            sets += try await rows("""
                SELECT \(unescaped: PostgresStore.answerSetColumns) FROM answer_sets WHERE name_lc = ANY(\(keys))
                ORDER BY name_lc, type, addresses
                """).map(PostgresStore.answerSet)
        }
        return sets
    }

    public func answerSetPage(after cursor: AnswerSetCursor?, limit: Int) async throws -> AnswerSetPage {
        let limit = max(1, limit)
        let rows = try await rows("""
            SELECT \(unescaped: PostgresStore.answerSetColumns) FROM answer_sets
            WHERE \(cursor?.nameKey)::text IS NULL
               OR (name_lc, type, addresses) > (\(cursor?.nameKey), \(cursor?.type), \(cursor.map { "{\($0.addresses)}" })::inet[])
            ORDER BY name_lc, type, addresses LIMIT \(limit)
            """)
        let sets = try rows.map(PostgresStore.answerSet)
        var next: AnswerSetCursor?
        if rows.count == limit, let last = rows.last {
            next = AnswerSetCursor(nameKey: try last.at(6), type: try last.at(1), addresses: try last.at(2))
        }
        return AnswerSetPage(answerSets: sets, next: next)
    }

    /// Columns read for an answer set; 6 (name_lc) with 1 and 2 makes the scan cursor. The
    /// addresses come back as comma-separated canonical text (`host` drops the /32 or /128).
    static let answerSetColumns = """
        name, type, array_to_string(ARRAY(SELECT host(a) FROM unnest(addresses) WITH ORDINALITY AS u(a, i) ORDER BY i), ','),
        extract(epoch FROM first_seen)::float8, extract(epoch FROM last_seen)::float8, count, name_lc
        """

    static func answerSet(_ row: PostgresRandomAccessRow) throws -> AnswerSetTally {
        let name = try SQLiteStore.name(try row.at(0))
        let typeNumber: Int = try row.at(1)
        let text: String = try row.at(2)
        guard let raw = UInt16(exactly: typeNumber), let addresses = AnswerSetRow.decode(text) else {
            throw StoreError(.corruptRow, "answer set of \(name): type \(typeNumber), addresses '\(text)'")
        }
        return AnswerSetTally(key: AnswerSetKey(name: name, type: RecordType(raw), addresses: addresses),
                              firstSeen: try row.at(3), lastSeen: try row.at(4), count: try row.at(5))
    }

    public func stats() async throws -> StoreStats {
        let rows = try await rows("""
            SELECT (SELECT count(*) FROM (SELECT 1 FROM sightings GROUP BY name_lc, type, rdata_key) s),
                   (SELECT count(*) FROM addresses), (SELECT count(*) FROM sources), (SELECT count(*) FROM ingest_runs),
                   (SELECT count(*) FROM outcomes), (SELECT count(*) FROM client_queries),
                   (SELECT coalesce(sum(observations), 0)::int8 FROM sources), (SELECT count(*) FROM answer_sets)
            """)
        guard let r = rows.first else { throw StoreError(.database, "stats returned no row") }
        return StoreStats(sightings: try r.at(0), addresses: try r.at(1), sources: try r.at(2), ingestRuns: try r.at(3),
                          outcomes: try r.at(4), clientQueries: try r.at(5), observations: try r.at(6, as: Int64.self),
                          answerSets: try r.at(7))
    }

    public func probeSchedules(after name: DNSName?, limit: Int) async throws -> [NameSchedule] {
        try await rows("""
            SELECT name, next_due, last_ttl, failures, lookups, last_lookup FROM probe_schedules
            WHERE name_lc > \(name?.lowercased.description ?? "") ORDER BY name_lc LIMIT \(max(1, limit))
            """).map(PostgresStore.schedule)
    }

    public func probeSchedules(named names: [DNSName]) async throws -> [NameSchedule] {
        let keys = SightingRow.sortedKeys(of: names)
        guard !keys.isEmpty else { return [] }
        return try await rows("""
            SELECT name, next_due, last_ttl, failures, lookups, last_lookup FROM probe_schedules
            WHERE name_lc = ANY(\(keys))
            """).map(PostgresStore.schedule)
    }

    public func latestProbeLookup() async throws -> Timestamp? {
        let rows = try await rows("SELECT max(last_lookup) FROM probe_schedules")
        return try rows.first?.at(0, as: Double?.self)
    }

    /// A schedule from the columns selected above.
    static func schedule(_ row: PostgresRandomAccessRow) throws -> NameSchedule {
        let ttl: Int? = try row.at(2)
        return NameSchedule(name: try SQLiteStore.name(try row.at(0)), nextDue: try row.at(1),
                            lastTTL: ttl.map { UInt32(clamping: $0) }, consecutiveFailures: try row.at(3),
                            lookups: try row.at(4), lastLookup: try row.at(5))
    }
}
