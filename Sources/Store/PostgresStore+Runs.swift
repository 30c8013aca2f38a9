import FluxModel
import PostgresNIO

extension PostgresStore {
    public func registerSource(_ source: Source, clientMode: ClientMode?) async throws -> SourceID {
        let rows = try await rows("""
            INSERT INTO sources (kind, name, client_mode, created_at)
            VALUES (\(source.kind.rawValue), \(source.name), \(clientMode?.rawValue), now())
            ON CONFLICT (kind, name) DO UPDATE SET client_mode = coalesce(excluded.client_mode, sources.client_mode)
            RETURNING id
            """)
        guard let id = try rows.first?.at(0, as: Int64.self) else {
            throw StoreError(.unknownSource, "source \(source.kind):\(source.name) vanished after insert")
        }
        return id
    }

    public func source(id: SourceID) async throws -> SourceRecord? {
        try await rows("SELECT \(unescaped: PostgresStore.sourceColumns) FROM sources WHERE id = \(id)")
            .first.map(PostgresStore.sourceRecord)
    }

    public func sources() async throws -> [SourceRecord] {
        try await rows("SELECT \(unescaped: PostgresStore.sourceColumns) FROM sources ORDER BY id").map(PostgresStore.sourceRecord)
    }

    static let sourceColumns = SQLiteStore.sourceColumns

    static func sourceRecord(_ row: PostgresRandomAccessRow) throws -> SourceRecord {
        SourceRecord(id: try row.at(0), source: Source(kind: Source.Kind(rawValue: try row.at(1)), name: try row.at(2)),
                     clientMode: (try row.at(3, as: String?.self)).map(ClientMode.init(rawValue:)),
                     counters: try counters(row, from: 4))
    }

    /// The six counter columns starting at `index`, in `IngestCounters` order.
    static func counters(_ row: PostgresRandomAccessRow, from i: Int) throws -> IngestCounters {
        IngestCounters(messages: try row.at(i), malformed: try row.at(i + 1), unansweredQueries: try row.at(i + 2),
                       observations: try row.at(i + 3), outcomes: try row.at(i + 4), clientQueries: try row.at(i + 5))
    }

    public func beginRun(source: SourceID, file: FileIdentity?, clientMode: ClientMode?, at time: Timestamp,
                         again: Bool) async throws -> RunStart {
        try await transaction { connection in
            if let file {
                // The same input: size, mtime and head/tail hash agree (the path may differ).
                let rows = try await PostgresStore.rows("""
                    SELECT \(unescaped: PostgresStore.runColumns) FROM ingest_runs
                    WHERE head_tail_hash = \(file.headTailHash) AND size = \(file.size) AND mtime = \(file.mtime)
                      AND (NOT \(again) OR NOT completed)
                    ORDER BY completed DESC, id DESC LIMIT 1
                    """, on: connection, logger: logger)
                if let row = rows.first {
                    let run = try PostgresStore.ingestRun(row)
                    return run.completed ? .alreadyIngested(run) : .resume(run)
                }
            }
            let rows = try await PostgresStore.rows("""
                INSERT INTO ingest_runs (source_id, path, size, mtime, head_tail_hash, client_mode, started_at)
                SELECT id, \(file?.path), \(file?.size), \(file?.mtime), \(file?.headTailHash), \(clientMode?.rawValue),
                       to_timestamp(\(time))
                FROM sources WHERE id = \(source)
                RETURNING id
                """, on: connection, logger: logger)
            guard let id = try rows.first?.at(0, as: Int64.self) else {
                throw StoreError(.unknownSource, "source \(source) is not registered")
            }
            if let clientMode {
                try await PostgresStore.rows("UPDATE sources SET client_mode = \(clientMode.rawValue) WHERE id = \(source)",
                                             on: connection, logger: logger)
            }
            return .fresh(IngestRun(id: id, source: source, file: file, clientMode: clientMode, startedAt: time,
                                    updatedAt: nil, finishedAt: nil, position: 0, completed: false, batches: 0, counters: .zero))
        }
    }

    public func finishRun(_ run: RunID, at time: Timestamp) async throws {
        let rows = try await rows("""
            UPDATE ingest_runs SET completed = true, finished_at = to_timestamp(\(time)) WHERE id = \(run) RETURNING id
            """)
        guard rows.count == 1 else { throw StoreError(.unknownRun, "run \(run) does not exist") }
    }

    public func run(id: RunID) async throws -> IngestRun? {
        try await rows("SELECT \(unescaped: PostgresStore.runColumns) FROM ingest_runs WHERE id = \(id)")
            .first.map(PostgresStore.ingestRun)
    }

    static let runColumns = """
        id, source_id, path, size, mtime, head_tail_hash, client_mode, extract(epoch FROM started_at)::float8,
        extract(epoch FROM updated_at)::float8, extract(epoch FROM finished_at)::float8,
        position, completed, batches, messages, malformed, unanswered_queries, observations, outcomes, client_queries
        """

    static func ingestRun(_ row: PostgresRandomAccessRow) throws -> IngestRun {
        var file: FileIdentity?
        if let hash = try row.at(5, as: String?.self) {
            file = FileIdentity(path: try row.at(2, as: String?.self) ?? "", size: try row.at(3, as: Int64?.self) ?? 0,
                                mtime: try row.at(4, as: Double?.self) ?? 0, headTailHash: hash)
        }
        return IngestRun(
            id: try row.at(0), source: try row.at(1), file: file,
            clientMode: (try row.at(6, as: String?.self)).map(ClientMode.init(rawValue:)),
            startedAt: try row.at(7), updatedAt: try row.at(8), finishedAt: try row.at(9),
            position: try row.at(10), completed: try row.at(11), batches: try row.at(12),
            counters: try counters(row, from: 13))
    }
}
