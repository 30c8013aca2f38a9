import DNSWire
import Testing
@testable import Analysis

/// `ExternalSort` (the store's names in canonical order, `analyze`'s ranking) must give what
/// a stable in-memory sort gives, whether the records stay in memory or go through its
/// temporary file in chunks of any size.
@Suite struct ExternalSortTests {
    /// Names with repeats, mixed case and odd octets, in a scrambled order.
    static func names(_ n: Int) throws -> [DNSName] {
        var generator = SystemRandomNumberGenerator()
        return try (0..<n).map { i in
            let label: [UInt8] = i % 11 == 0 ? [0x00, UInt8(i % 256), 0xFF] : Array("Host-\(i % 37)".utf8)
            let parent = ["example.", "EXAMPLE.net.", "b.example.", "a.example."][Int.random(in: 0..<4, using: &generator)]
            return try DNSName(parent).prepending(label)
        }
    }

    @Test(arguments: [1, 3, 64, 10_000])
    func namesComeBackInCanonicalOrderFromAnyChunking(chunkSize: Int) throws {
        let names = try Self.names(700)
        let sort = ExternalSort<DNSName>(chunkSize: chunkSize, by: <)
        for n in names { try sort.append(n) }
        var out: [DNSName] = []
        while let n = try sort.next() { out.append(n) }
        #expect(sort.count == names.count)
        #expect(out.map(\.wire) == names.sorted().map(\.wire))
        #expect(try sort.next() == nil)
    }

    @Test(arguments: [1, 5, 1_000])
    func rankedRowsAreByScoreThenDomainTiesInTheOrderAdded(chunkSize: Int) throws {
        let names = try Self.names(300)
        var rows: [(score: Double, domain: DNSName, fields: [[UInt8]])] = []
        for (i, n) in names.enumerated() {
            // Few distinct scores and repeated names: many ties; fields with any octets.
            rows.append((Double(i % 4) / 4, n, [[UInt8(i % 256), 0xC3, 0x28], Array("row \(i)".utf8), []]))
        }
        // Byte limits of one row spill every row; the default keeps them in memory.
        for ranked in [RankedRows(chunkSize: chunkSize), RankedRows(chunkSize: chunkSize, chunkBytes: 1)] {
            for r in rows { try ranked.append(score: r.score, domain: r.domain, fields: RankedRows.Fields(r.fields)) }
            var out: [[[UInt8]]] = []
            try ranked.forEach { fields in out.append(fields.map { Array($0) }) }
            // What `analyze` did before it spooled: a stable sort of every row in memory.
            let expected = rows.enumerated().sorted { a, b in
                (a.element.score, b.element.domain) > (b.element.score, a.element.domain)
                    || ((a.element.score, b.element.domain) == (b.element.score, a.element.domain) && a.offset < b.offset)
            }.map(\.element.fields)
            #expect(ranked.count == rows.count)
            #expect(out == expected)
        }
    }
}
