import DNSWire
import FluxModel
import GRDB

extension SQLiteStore {
    public func outcomes(named name: DNSName?) async throws -> [OutcomeTally] {
        let (filter, arguments) = SQLiteStore.nameFilter(name)
        return try await pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT name, type, rcode, first_seen, last_seen, count FROM outcomes \(filter)
                ORDER BY name_lc, type, rcode
                """, arguments: arguments).map { row in
                let key = OutcomeKey(name: try SQLiteStore.name(row[0]), type: RecordType(row[1] as UInt16),
                                     rcode: RCode(rawValue: row[2] as UInt16))
                return OutcomeTally(key: key, firstSeen: row[3], lastSeen: row[4], count: row[5])
            }
        }
    }

    public func clientQueries(named name: DNSName?) async throws -> [ClientQueryTally] {
        let (filter, arguments) = SQLiteStore.nameFilter(name)
        return try await pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT client, client_mode, name, first_seen, last_seen, count FROM client_queries \(filter)
                ORDER BY name_lc, client_mode, client
                """, arguments: arguments).map { row in
                let key = ClientQueryKey(client: row[0], name: try SQLiteStore.name(row[2]))
                return ClientQueryTally(key: key, mode: ClientMode(rawValue: row[1]),
                                        firstSeen: row[3], lastSeen: row[4], count: row[5])
            }
        }
    }

    public func stats() async throws -> StoreStats {
        try await pool.read { db in
            func count(_ table: String) throws -> Int {
                try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table)") ?? 0
            }
            return StoreStats(
                sightings: try count("sightings"), addresses: try count("addresses"), sources: try count("sources"),
                ingestRuns: try count("ingest_runs"), outcomes: try count("outcomes"),
                clientQueries: try count("client_queries"),
                observations: try Int64.fetchOne(db, sql: "SELECT coalesce(sum(observations), 0) FROM sources") ?? 0,
                answerSets: try count("answer_sets"))
        }
    }

    /// A `WHERE name_lc = ?` clause for one name, or nothing for all.
    static func nameFilter(_ name: DNSName?) -> (String, StatementArguments) {
        guard let name else { return ("", []) }
        return ("WHERE name_lc = ?", [name.lowercased.description])
    }
}

extension SQLiteStore {
    public func clientQueryPage(after cursor: ClientQueryCursor?, since: Timestamp?, until: Timestamp?,
                                limit: Int) async throws -> ClientQueryPage {
        var conditions: [String] = []
        var arguments: StatementArguments = []
        if let cursor {
            conditions.append("(client_mode, client, name_lc) > (?, ?, ?)")
            arguments += [cursor.mode.rawValue, cursor.client, cursor.nameKey]
        }
        if let since { conditions.append("last_seen >= ?"); arguments += [since] }
        if let until { conditions.append("first_seen <= ?"); arguments += [until] }
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        return try await pool.read { [arguments] db in
            var tallies: [ClientQueryTally] = []
            var last: ClientQueryCursor?
            for row in try Row.fetchAll(db, sql: """
                SELECT client, client_mode, name, first_seen, last_seen, count, name_lc FROM client_queries \(filter)
                ORDER BY client_mode, client, name_lc LIMIT ?
                """, arguments: arguments + [limit]) {
                let key = ClientQueryKey(client: row[0], name: try SQLiteStore.name(row[2]))
                let mode = ClientMode(rawValue: row[1])
                tallies.append(ClientQueryTally(key: key, mode: mode, firstSeen: row[3], lastSeen: row[4], count: row[5]))
                last = ClientQueryCursor(mode: mode, client: row[0], nameKey: row[6])
            }
            return ClientQueryPage(tallies: tallies, next: tallies.count < limit ? nil : last)
        }
    }
}
