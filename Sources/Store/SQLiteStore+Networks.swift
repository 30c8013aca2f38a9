import DNSWire
import FluxModel
import GRDB

extension SQLiteStore {
    public func networkMemberships() async throws -> [String: Set<DNSName>] {
        try await pool.read { db in
            var result: [String: Set<DNSName>] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT network_id, domain FROM flux_networks ORDER BY network_id, domain_lc") {
                result[row[0], default: []].insert(try SQLiteStore.name(row[1]))
            }
            return result
        }
    }

    public func replaceNetworkMemberships(_ memberships: [String: Set<DNSName>], at time: Timestamp) async throws {
        let rows = memberships.flatMap { id, domains in domains.map { (id, $0.lowercased.description, $0.description) } }
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM flux_networks")
            let insert = try db.cachedStatement(sql: """
                INSERT OR IGNORE INTO flux_networks (network_id, domain_lc, domain, updated_at) VALUES (?, ?, ?, ?)
                """)
            for (id, key, text) in rows { try insert.execute(arguments: [id, key, text, time]) }
        }
    }
}
