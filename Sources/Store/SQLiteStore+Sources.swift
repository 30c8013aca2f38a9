import FluxModel
import GRDB

extension SQLiteStore {
    public func registerSource(_ source: Source, clientMode: ClientMode?) async throws -> SourceID {
        let now = SQLiteStore.now
        return try await pool.write { db in
            try db.execute(sql: """
                INSERT INTO sources (kind, name, client_mode, created_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (kind, name) DO UPDATE SET client_mode = coalesce(excluded.client_mode, client_mode)
                """, arguments: [source.kind.rawValue, source.name, clientMode?.rawValue, now])
            guard let id = try SourceID.fetchOne(db, sql: "SELECT id FROM sources WHERE kind = ? AND name = ?",
                                                 arguments: [source.kind.rawValue, source.name]) else {
                throw StoreError(.unknownSource, "source \(source.kind):\(source.name) vanished after insert")
            }
            return id
        }
    }

    public func source(id: SourceID) async throws -> SourceRecord? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT \(SQLiteStore.sourceColumns) FROM sources WHERE id = ?", arguments: [id])
                .map(SQLiteStore.sourceRecord)
        }
    }

    public func sources() async throws -> [SourceRecord] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT \(SQLiteStore.sourceColumns) FROM sources ORDER BY id")
                .map(SQLiteStore.sourceRecord)
        }
    }

    static let sourceColumns = """
        id, kind, name, client_mode, messages, malformed, unanswered_queries, observations, outcomes, client_queries
        """

    static func sourceRecord(_ row: Row) -> SourceRecord {
        SourceRecord(
            id: row[0],
            source: Source(kind: Source.Kind(rawValue: row[1]), name: row[2]),
            clientMode: (row[3] as String?).map(ClientMode.init(rawValue:)),
            counters: counters(row, from: 4))
    }

    /// Reads the six counter columns starting at `index`, in `IngestCounters` order.
    static func counters(_ row: Row, from index: Int) -> IngestCounters {
        IngestCounters(messages: row[index], malformed: row[index + 1], unansweredQueries: row[index + 2],
                       observations: row[index + 3], outcomes: row[index + 4], clientQueries: row[index + 5])
    }
}
