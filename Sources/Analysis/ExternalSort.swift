import DNSWire
import Foundation

/// A record an `ExternalSort` can write to its temporary file and read back.
protocol SpoolRecord {
    /// Appends the record's octets.
    func encode(into bytes: inout [UInt8])
    /// Reads one record written by `encode`.
    static func decode(_ reader: inout SpoolReader) throws -> Self
}

/// Sorts more records than should be held at once (an external merge sort): records are
/// sorted `chunkSize` at a time (or fewer, as many as hold `chunkBytes` octets by the sizes
/// `append` is given) by `areInIncreasingOrder`, each sorted chunk written to one
/// temporary file, and the chunks merged back through a heap, one record at a time, each
/// chunk read through a buffer of its own (`bufferSize` octets). Equal records come back
/// in the order they were added (a stable sort). At most `chunkSize` records sort in memory
/// and write no file. Held while merging: a buffer and one record per chunk. The file
/// (`TemporaryFile`) is removed when the sort is deinitialized.
final class ExternalSort<Record: SpoolRecord> {
    private let chunkSize: Int
    private let chunkBytes: Int
    private var bytesInChunk = 0
    private let areInIncreasingOrder: (Record, Record) -> Bool
    private var chunk: [Record] = []
    private var chunks: [Range<Int>] = []
    private var file: TemporaryFile?
    private var memoryIndex = 0
    private var readers: [SpoolReader] = []
    private var heap: [(record: Record, chunk: Int)] = []
    private var merging = false

    /// Octets read from the file at once per chunk while merging.
    static var bufferSize: Int { 16_384 }

    /// Records added so far.
    private(set) var count = 0

    init(chunkSize: Int, chunkBytes: Int = .max, by areInIncreasingOrder: @escaping (Record, Record) -> Bool) {
        self.chunkSize = max(1, chunkSize)
        self.chunkBytes = max(1, chunkBytes)
        self.areInIncreasingOrder = areInIncreasingOrder
    }

    /// Adds a record of about `size` octets in memory; not after the first `next()`.
    func append(_ record: Record, size: Int = 0) throws {
        precondition(!merging, "ExternalSort: append after next()")
        chunk.append(record)
        count += 1
        bytesInChunk += size
        if chunk.count == chunkSize || bytesInChunk >= chunkBytes { try spill() }
    }

    /// The next record in order, or `nil` after the last.
    func next() throws -> Record? {
        if !merging { try startMerge() }
        if readers.isEmpty {
            guard memoryIndex < chunk.count else { return nil }
            defer { memoryIndex += 1 }
            return chunk[memoryIndex]
        }
        guard let top = heap.first else { return nil }
        if let following = try readers[top.chunk].next(Record.self) {
            heap[0] = (following, top.chunk)
            siftDown(0)
        } else {
            let last = heap.removeLast()
            if !heap.isEmpty {
                heap[0] = last
                siftDown(0)
            }
        }
        return top.record
    }

    private func startMerge() throws {
        merging = true
        if chunks.isEmpty {
            chunk = stableSorted(chunk)
            return
        }
        if !chunk.isEmpty { try spill() }
        guard let file else { return }
        readers = chunks.map { file.reader($0, bufferSize: Self.bufferSize) }
        for i in readers.indices {
            if let record = try readers[i].next(Record.self) { push((record, i)) }
        }
    }

    /// `records` sorted, equal ones in their order.
    private func stableSorted(_ records: [Record]) -> [Record] {
        records.indices.sorted { a, b in
            areInIncreasingOrder(records[a], records[b]) || (!areInIncreasingOrder(records[b], records[a]) && a < b)
        }.map { records[$0] }
    }

    /// Sorts the chunk, appends it to the file (created on first use) and empties it.
    private func spill() throws {
        let sorted = stableSorted(chunk)
        chunk.removeAll(keepingCapacity: true)
        bytesInChunk = 0
        let file = try self.file ?? TemporaryFile(prefix: "fluxscope-sort")
        self.file = file
        var bytes: [UInt8] = []
        for record in sorted { record.encode(into: &bytes) }
        chunks.append(try file.append(bytes))
    }

    private func push(_ entry: (record: Record, chunk: Int)) {
        heap.append(entry)
        var i = heap.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            guard less(heap[i], heap[parent]) else { break }
            heap.swapAt(i, parent)
            i = parent
        }
    }

    private func siftDown(_ start: Int) {
        var i = start
        while true {
            let l = 2 * i + 1, r = l + 1
            var m = i
            if l < heap.count && less(heap[l], heap[m]) { m = l }
            if r < heap.count && less(heap[r], heap[m]) { m = r }
            guard m != i else { return }
            heap.swapAt(i, m)
            i = m
        }
    }

    /// The order; equal records by chunk (chunks hold records in the order added).
    private func less(_ a: (record: Record, chunk: Int), _ b: (record: Record, chunk: Int)) -> Bool {
        areInIncreasingOrder(a.record, b.record) || (!areInIncreasingOrder(b.record, a.record) && a.chunk < b.chunk)
    }
}

/// Reads a part of a `TemporaryFile` through a buffer (the records of one chunk of an
/// `ExternalSort`, say); every read checks that the part holds what it asks for.
public struct SpoolReader {
    let fd: Int32
    private var position: Int
    private let end: Int
    private let bufferSize: Int
    private var buffer: [UInt8] = []
    private var index = 0

    init(fd: Int32, range: Range<Int>, bufferSize: Int) {
        self.fd = fd
        position = range.lowerBound
        end = range.upperBound
        self.bufferSize = bufferSize
    }

    /// The chunk's next record, or `nil` at its end.
    mutating func next<R: SpoolRecord>(_: R.Type) throws -> R? {
        guard try !atEnd() else { return nil }
        return try R.decode(&self)
    }

    /// The next `count` octets.
    public mutating func bytes(_ count: Int) throws -> ArraySlice<UInt8> {
        guard try fill(count) else {
            throw AnalysisError("temporary file: \(count) octets wanted at offset \(offset), past the end of its part")
        }
        defer { index += count }
        return buffer[index..<(index + count)]
    }

    /// The next octet.
    mutating func byte() throws -> UInt8 { try bytes(1).first ?? 0 }

    /// The next 8 octets as a little-endian integer.
    mutating func uint64() throws -> UInt64 {
        try bytes(8).reversed().reduce(0) { $0 << 8 | UInt64($1) }
    }

    /// The next 4 octets as a little-endian integer.
    public mutating func uint32() throws -> UInt32 {
        try bytes(4).reversed().reduce(0) { $0 << 8 | UInt32($1) }
    }

    /// A name written by `SpoolWriter.name`: a length octet and the wire form.
    mutating func name() throws -> DNSName {
        let at = offset
        let length = Int(try byte())
        do {
            return try DNSName(wire: try bytes(length))
        } catch let error as DNSWireError {
            throw AnalysisError("temporary file: a bad name at offset \(at): \(error)")
        }
    }

    /// The file offset of the next octet.
    public var offset: Int { position - buffer.count + index }

    /// True when the part has no octet left.
    public mutating func atEnd() throws -> Bool { !(try fill(1)) }

    /// Makes at least `count` octets available at `index`; false when the chunk has fewer.
    private mutating func fill(_ count: Int) throws -> Bool {
        if buffer.count - index >= count { return true }
        let want = min(max(bufferSize, count), end - position)
        guard want > 0 else { return false }
        var block = [UInt8](repeating: 0, count: want)
        let n = block.withUnsafeMutableBytes { pread(fd, $0.baseAddress, want, off_t(position)) }
        guard n == want else { throw AnalysisError("temporary file: read \(n) of \(want) octets at offset \(position)") }
        position += n
        buffer = Array(buffer[index...]) + block
        index = 0
        return buffer.count >= count
    }
}

/// Appends the fields of spooled records.
public enum SpoolWriter {
    static func uint64(_ value: UInt64, into bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { bytes += $0 }
    }

    /// Four octets, little-endian.
    @inlinable public static func uint32(_ value: UInt32, into bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { bytes += $0 }
    }

    /// A length octet and the wire form (at most 254 octets: RFC 1035 section 2.3.4).
    static func name(_ name: DNSName, into bytes: inout [UInt8]) {
        bytes.append(UInt8(name.wire.count))
        bytes += name.wire
    }
}

extension DNSName: SpoolRecord {
    func encode(into bytes: inout [UInt8]) { SpoolWriter.name(self, into: &bytes) }
    static func decode(_ reader: inout SpoolReader) throws -> DNSName { try reader.name() }
}
