import DNSWire
import FluxModel
import GRDB

/// An answer set as its columns (`answer_sets`, migration `v2_answer_sets`).
struct AnswerSetRow: Sendable {
    var nameKey: String
    var name: String
    var type: Int
    var addresses: String
    var firstSeen: Double
    var lastSeen: Double
    var count: Int

    init(_ t: AnswerSetTally) {
        name = t.key.name.description
        nameKey = SightingRow.lowercased(name)
        type = Int(t.key.type.rawValue)
        addresses = AnswerSetRow.encode(t.key.addresses)
        firstSeen = t.firstSeen
        lastSeen = t.lastSeen
        count = t.count
    }

    /// Ascending canonical text, comma-separated: `192.0.2.1,192.0.2.7`.
    static func encode(_ addresses: [IPAddress]) -> String {
        addresses.map(\.description).joined(separator: ",")
    }

    /// The addresses of a stored list, or `nil` when one does not parse.
    static func decode(_ text: String) -> [IPAddress]? {
        var out: [IPAddress] = []
        for part in text.split(separator: ",") {
            guard let a = IPv4Address(part).map(IPAddress.v4) ?? IPAddress(part) else { return nil }
            out.append(a)
        }
        return out
    }

    /// Binds and steps the upsert; true when the row was new (see `SightingRow.upsert`).
    /// Upserts the row with `statement` (`upsertSQL`, prepared on `db`).
    /// - Returns: true when the row is new (its stored count is this row's).
    func upsert(with statement: Statement, in db: Database) throws -> Bool {
        let raw = RawStatement(statement, in: db)
        raw.bind(1, nameKey)
        raw.bind(2, name)
        raw.bind(3, type)
        raw.bind(4, addresses)
        raw.bind(5, firstSeen)
        raw.bind(6, lastSeen)
        raw.bind(7, count)
        return try raw.step() == Int64(count)
    }

    static let upsertSQL = """
        INSERT INTO answer_sets (name_lc, name, type, addresses, first_seen, last_seen, count)
        VALUES (?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (name_lc, type, addresses) DO UPDATE SET
            first_seen = min(first_seen, excluded.first_seen),
            last_seen = max(last_seen, excluded.last_seen),
            count = count + excluded.count
        RETURNING count
        """
}
