import GRDB

extension SQLiteStore {
    public func addToken(_ token: APIToken) async throws {
        try await pool.write { db in
            try db.execute(sql: "INSERT INTO api_tokens (id, name, sha256, created_at) VALUES (?, ?, ?, ?)",
                           arguments: [token.id, token.name, token.sha256, token.createdAt])
        }
    }

    public func token(sha256: String) async throws -> APIToken? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT id, name, sha256, created_at FROM api_tokens WHERE sha256 = ?",
                             arguments: [sha256]).map { APIToken(id: $0[0], name: $0[1], sha256: $0[2], createdAt: $0[3]) }
        }
    }

    public func tokens() async throws -> [APIToken] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT id, name, sha256, created_at FROM api_tokens ORDER BY created_at, id")
                .map { APIToken(id: $0[0], name: $0[1], sha256: $0[2], createdAt: $0[3]) }
        }
    }
}
