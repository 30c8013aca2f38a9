import DNSWire

/// Rows of output ranked by score, highest first, then by domain in canonical order, rows
/// that tie in both in the order added (`fluxscope analyze`'s order, which is not the order
/// the store is read in): held in an `ExternalSort`, so that a store of a million domains
/// does not hold every row in memory; `chunkSize` rows, or fewer holding `chunkBytes` octets,
/// are sorted in memory at once.
public final class RankedRows {
    private let sort: ExternalSort<Row>

    /// Rows added so far.
    public var count: Int { sort.count }

    /// An empty ranking.
    public init(chunkSize: Int = 100_000, chunkBytes: Int = 32 << 20) {
        sort = ExternalSort(chunkSize: chunkSize, chunkBytes: chunkBytes) { a, b in a.score > b.score || (a.score == b.score && a.domain < b.domain) }
    }

    /// Adds a row (its fields: octets, a JSON line or the cells of a table row, say).
    public func append(score: Double, domain: DNSName, fields: [[UInt8]]) throws {
        // Octets held: the fields, an array each, and the row.
        try sort.append(Row(score: score, domain: domain, fields: fields), size: fields.reduce(64) { $0 + $1.count + 32 })
    }

    /// Hands every row's fields to `body` in rank order. Once only: the rows are merged as
    /// they are handed out.
    public func forEach(_ body: ([[UInt8]]) throws -> Void) throws {
        while let row = try sort.next() { try body(row.fields) }
    }

    /// One ranked row.
    struct Row: SpoolRecord {
        var score: Double
        var domain: DNSName
        var fields: [[UInt8]]

        func encode(into bytes: inout [UInt8]) {
            SpoolWriter.uint64(score.bitPattern, into: &bytes)
            SpoolWriter.name(domain, into: &bytes)
            SpoolWriter.uint32(UInt32(fields.count), into: &bytes)
            for field in fields {
                SpoolWriter.uint32(UInt32(field.count), into: &bytes)
                bytes += field
            }
        }

        static func decode(_ reader: inout SpoolReader) throws -> Row {
            let score = Double(bitPattern: try reader.uint64())
            let domain = try reader.name()
            let count = Int(try reader.uint32())
            guard count <= 1_024 else { throw AnalysisError("temporary file: a row of \(count) fields at offset \(reader.offset)") }
            var fields: [[UInt8]] = []
            for _ in 0..<count { fields.append(Array(try reader.bytes(Int(try reader.uint32())))) }
            return Row(score: score, domain: domain, fields: fields)
        }
    }
}
