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
    public func append(score: Double, domain: DNSName, fields: Fields) throws {
        // Octets held: the fields' buffer and the row.
        try sort.append(Row(score: score, domain: domain, fields: fields), size: fields.octets.count + 96)
    }

    /// Hands every row's fields to `body` in rank order. Once only: the rows are merged as
    /// they are handed out.
    public func forEach(_ body: (Fields) throws -> Void) throws {
        while let row = try sort.next() { try body(row.fields) }
    }

    /// A row's fields, each a run of octets, held in one buffer (each field's length, four
    /// octets little-endian, then its octets): one allocation per row however many fields it
    /// has, kept as is in the temporary file.
    public struct Fields: Sequence, Sendable, Equatable {
        @usableFromInline var octets: [UInt8] = []

        /// No fields.
        @inlinable public init() {}

        /// The fields given.
        @inlinable  // specialised where called, as `append`
        public init(_ fields: some Sequence<some Collection<UInt8>>) {
            for field in fields { append(field) }
        }

        /// The cells' UTF-8.
        public init(_ cells: [String]) {
            self.init(cells.lazy.map(\.utf8))
        }

        /// Appends a field.
        @inlinable  // specialised where called: a row's cells are appended octet by octet
        public mutating func append(_ field: some Collection<UInt8>) {
            SpoolWriter.uint32(UInt32(field.count), into: &octets)
            octets.append(contentsOf: field)
        }

        public func makeIterator() -> Iterator { Iterator(octets: octets) }

        /// The fields in order.
        public struct Iterator: IteratorProtocol {
            fileprivate let octets: [UInt8]
            private var at = 0

            fileprivate init(octets: [UInt8]) { self.octets = octets }

            public mutating func next() -> ArraySlice<UInt8>? {
                guard let field = Fields.field(at: at, in: octets) else { return nil }
                at = field.upperBound
                return octets[field]
            }
        }

        /// The octets of the field whose length starts at `at`, or `nil` when `octets` end
        /// before that field does.
        fileprivate static func field(at: Int, in octets: [UInt8]) -> Range<Int>? {
            guard at + 4 <= octets.count else { return nil }
            var length = 0
            for k in (0..<4).reversed() { length = length << 8 | Int(octets[at + k]) }
            guard length <= octets.count - at - 4 else { return nil }
            return (at + 4)..<(at + 4 + length)
        }

        /// Reads fields written by `encode` and checks that their lengths add up.
        fileprivate static func decode(_ reader: inout SpoolReader) throws -> Fields {
            let at = reader.offset
            let count = Int(try reader.uint32())
            var fields = Fields()
            fields.octets = Array(try reader.bytes(count))
            var i = 0
            while i < count, let field = Fields.field(at: i, in: fields.octets) { i = field.upperBound }
            guard i == count else { throw AnalysisError("temporary file: a row's fields do not add up at offset \(at)") }
            return fields
        }
    }

    /// One ranked row.
    struct Row: SpoolRecord {
        var score: Double
        var domain: DNSName
        var fields: Fields

        func encode(into bytes: inout [UInt8]) {
            SpoolWriter.uint64(score.bitPattern, into: &bytes)
            SpoolWriter.name(domain, into: &bytes)
            SpoolWriter.uint32(UInt32(fields.octets.count), into: &bytes)
            bytes += fields.octets
        }

        static func decode(_ reader: inout SpoolReader) throws -> Row {
            let score = Double(bitPattern: try reader.uint64())
            let domain = try reader.name()
            return Row(score: score, domain: domain, fields: try Fields.decode(&reader))
        }
    }
}
