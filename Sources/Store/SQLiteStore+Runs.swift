import FluxModel
import GRDB

extension SQLiteStore {
    public func beginRun(source: SourceID, file: FileIdentity?, clientMode: ClientMode?, at time: Timestamp,
                         again: Bool) async throws -> RunStart {
        try await pool.write { db in
            if let file {
                // The same input: size, mtime and head/tail hash agree (the path may differ).
                // Again: only an interrupted run counts.
                let rows = try Row.fetchAll(db, sql: """
                    SELECT \(SQLiteStore.runColumns) FROM ingest_runs
                    WHERE head_tail_hash = ? AND size = ? AND mtime = ? AND (? = 0 OR completed = 0)
                    ORDER BY completed DESC, id DESC
                    """, arguments: [file.headTailHash, file.size, file.mtime, again])
                if let row = rows.first {
                    let run = SQLiteStore.ingestRun(row)
                    return run.completed ? .alreadyIngested(run) : .resume(run)
                }
            }
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM sources WHERE id = ?", arguments: [source]) == true else {
                throw StoreError(.unknownSource, "source \(source) is not registered")
            }
            try db.execute(sql: """
                INSERT INTO ingest_runs (source_id, path, size, mtime, head_tail_hash, client_mode, started_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """, arguments: [source, file?.path, file?.size, file?.mtime, file?.headTailHash, clientMode?.rawValue, time])
            if let clientMode {
                try db.execute(sql: "UPDATE sources SET client_mode = ? WHERE id = ?", arguments: [clientMode.rawValue, source])
            }
            let run = IngestRun(id: db.lastInsertedRowID, source: source, file: file, clientMode: clientMode,
                                startedAt: time, updatedAt: nil, finishedAt: nil, position: 0, completed: false,
                                batches: 0, counters: .zero)
            return .fresh(run)
        }
    }

    public func finishRun(_ run: RunID, at time: Timestamp) async throws {
        try await pool.write { db in
            try db.execute(sql: "UPDATE ingest_runs SET completed = 1, finished_at = ? WHERE id = ?", arguments: [time, run])
            guard db.changesCount == 1 else { throw StoreError(.unknownRun, "run \(run) does not exist") }
        }
    }

    public func run(id: RunID) async throws -> IngestRun? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT \(SQLiteStore.runColumns) FROM ingest_runs WHERE id = ?", arguments: [id])
                .map(SQLiteStore.ingestRun)
        }
    }

    static let runColumns = """
        id, source_id, path, size, mtime, head_tail_hash, client_mode, started_at, updated_at, finished_at,
        position, completed, batches, messages, malformed, unanswered_queries, observations, outcomes, client_queries
        """

    static func ingestRun(_ row: Row) -> IngestRun {
        var file: FileIdentity?
        if let hash: String = row[5] {
            file = FileIdentity(path: row[2] ?? "", size: row[3] ?? 0, mtime: row[4] ?? 0, headTailHash: hash)
        }
        return IngestRun(
            id: row[0], source: row[1], file: file,
            clientMode: (row[6] as String?).map(ClientMode.init(rawValue:)),
            startedAt: row[7], updatedAt: row[8], finishedAt: row[9],
            position: row[10], completed: row[11], batches: row[12],
            counters: counters(row, from: 13))
    }
}
