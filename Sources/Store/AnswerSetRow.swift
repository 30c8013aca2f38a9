import DNSWire
import FluxModel
import GRDB

/// An answer set as its columns (`answer_sets`, migration `v2_answer_sets`).
struct AnswerSetRow: Sendable {
    var nameKey: String
    /// `nameKey`'s first octets as one integer (`SightingRow.keyPrefix`), for sorting.
    var keyOrder: UInt64
    var name: String
    var type: Int
    var addresses: String
    var firstSeen: Double
    var lastSeen: Double
    var count: Int

    init(_ t: AnswerSetTally) {
        name = t.key.name.description
        nameKey = SightingRow.lowercased(name)
        keyOrder = SightingRow.keyPrefix(nameKey)
        type = Int(t.key.type.rawValue)
        addresses = AnswerSetRow.encode(t.key.addresses)
        firstSeen = t.firstSeen
        lastSeen = t.lastSeen
        count = t.count
    }

    /// Ascending canonical text, comma-separated: `192.0.2.1,192.0.2.7`.
    static func encode(_ addresses: [IPAddress]) -> String {
        var text: [UInt8] = []
        text.reserveCapacity(addresses.count * 16)
        for (i, a) in addresses.enumerated() {
            if i > 0 { text.append(UInt8(ascii: ",")) }
            switch a {
            case .v4(let v4): v4.appendText(to: &text)  // one buffer, no string per address
            case .v6(let v6): text.append(contentsOf: v6.description.utf8)
            }
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// The addresses of a stored list, or `nil` when one does not parse.
    static func decode(_ text: String) -> [IPAddress]? {
        var text = text
        return text.withUTF8 { decode(UnsafeRawBufferPointer($0)) }
    }

    /// The addresses of a stored list given as UTF-8 octets (read in place from a row);
    /// empty items between commas are skipped, as `split` does.
    static func decode(_ bytes: UnsafeRawBufferPointer) -> [IPAddress]? {
        var out: [IPAddress] = []
        var start = 0
        while start < bytes.count {
            var end = start
            while end < bytes.count && bytes[end] != UInt8(ascii: ",") { end += 1 }
            if end > start {
                let part = UnsafeRawBufferPointer(rebasing: bytes[start..<end])
                guard let a = IPv4Address(utf8: part).map(IPAddress.v4) ?? IPAddress(String(decoding: part, as: UTF8.self)) else {
                    return nil
                }
                out.append(a)
            }
            start = end + 1
        }
        return out
    }

    /// Inserts the row when its key is new, else folds it into the stored one; true when
    /// inserted (two statements, as `SightingRow.upsert(insert:merge:)`).
    func upsert(insert: inout RowBinder, merge: inout RowBinder) throws -> Bool {
        try RowBinder.insertOrMerge(insert: &insert, merge: &merge, bind: bind)
    }

    private func bind(_ statement: inout RowBinder) {
        statement.text(nameKey)
        statement.text(name)
        statement.int(type)
        statement.text(addresses)
        statement.double(firstSeen)
        statement.double(lastSeen)
        statement.int(count)
    }

    static let insertSQL = """
        INSERT INTO answer_sets (name_lc, name, type, addresses, first_seen, last_seen, count)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
        ON CONFLICT (name_lc, type, addresses) DO NOTHING
        """

    static let mergeSQL = """
        UPDATE answer_sets SET
            first_seen = min(first_seen, ?5),
            last_seen = max(last_seen, ?6),
            count = count + ?7
        WHERE name_lc = ?1 AND type = ?3 AND addresses = ?4
        """
}
