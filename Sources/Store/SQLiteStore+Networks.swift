import DNSWire
import FluxModel
import GRDB

extension SQLiteStore {
    public func networkMemberships() async throws -> [NetworkMembership] {
        try await pool.read { db in
            var result: [NetworkMembership] = []
            for row in try Row.fetchAll(db, sql: """
                SELECT network_id, domain, coalesce(created_at, updated_at) FROM flux_networks ORDER BY network_id, domain_lc
                """) {
                let id: String = row[0]
                let domain = try SQLiteStore.name(row[1])
                if result.last?.id == id {
                    result[result.count - 1].domains.insert(domain)
                    result[result.count - 1].createdAt = min(result[result.count - 1].createdAt, row[2])
                } else {
                    result.append(NetworkMembership(id: id, domains: [domain], createdAt: row[2]))
                }
            }
            return result
        }
    }

    public func networkSuccessors() async throws -> [String: String] {
        try await pool.read { db in
            var result: [String: String] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT network_id, successor_id FROM flux_network_successors") {
                result[row[0]] = row[1]
            }
            return result
        }
    }

    public func recordNetworkMemberships(_ networks: [NetworkMembership], successors: [String: String], at time: Timestamp) async throws {
        try await pool.write { db in
            let revived = try db.cachedStatement(sql: "DELETE FROM flux_network_successors WHERE network_id = ?")
            for n in networks { try revived.execute(arguments: [n.id]) }
            let retire = try db.cachedStatement(sql: """
                INSERT INTO flux_network_successors (network_id, successor_id, retired_at) VALUES (?, ?, ?)
                ON CONFLICT (network_id) DO UPDATE SET successor_id = excluded.successor_id, retired_at = excluded.retired_at
                """)
            for (old, new) in successors.sorted(by: { $0.key < $1.key }) { try retire.execute(arguments: [old, new, time]) }
            let byID = try db.cachedStatement(sql: "DELETE FROM flux_networks WHERE network_id = ?")
            let byDomain = try db.cachedStatement(sql: "DELETE FROM flux_networks WHERE domain_lc = ?")
            for n in networks {
                try byID.execute(arguments: [n.id])
                for d in n.domains { try byDomain.execute(arguments: [d.lowercased.description]) }
            }
            let insert = try db.cachedStatement(sql: """
                INSERT OR IGNORE INTO flux_networks (network_id, domain_lc, domain, updated_at, created_at) VALUES (?, ?, ?, ?, ?)
                """)
            for n in networks {
                for d in n.domains { try insert.execute(arguments: [n.id, d.lowercased.description, d.description, time, n.createdAt]) }
            }
        }
    }
}
