/// A longest-prefix-match table flattened into sorted, non-overlapping intervals.
///
/// Nested prefixes are resolved once, when the table is built: each interval start maps to
/// the innermost prefix covering it (or to ``none``). A lookup is then a binary search for
/// the last start at or below the key, narrowed first by a 2^16-entry index on the top 16
/// bits, so a search touches one or two cache lines of entries.
struct IntervalTable<Key: FixedWidthInteger & UnsignedInteger & Sendable>: Sendable {
    /// The value of addresses that no prefix covers.
    static var none: UInt32 { UInt32.max }

    /// One interval: from `start` up to the next entry's start, the value `value`.
    struct Entry: Sendable {
        var start: Key
        var value: UInt32
    }

    private(set) var entries: [Entry]
    /// `bucketStart[b]...bucketStart[b+1]` bounds the entries to search for keys whose top
    /// 16 bits are `b` (the entry just before the range is included by the search).
    private var bucketStart: [UInt32]

    /// An empty table.
    init() {
        entries = [Entry(start: 0, value: IntervalTable.none)]
        bucketStart = Array(repeating: 0, count: 65537)
    }

    /// Builds from prefixes as (first key, prefix length in bits, value). Prefixes must be
    /// sorted by first key, then shorter first; equal duplicates keep the first value.
    init(sortedPrefixes: some Sequence<(start: Key, length: Int, value: UInt32)>) {
        var builder = Builder()
        for prefix in sortedPrefixes { builder.add(prefix.start, prefix.length, prefix.value) }
        entries = builder.finish()
        bucketStart = IntervalTable.index(entries)
    }

    /// The value of the innermost prefix containing `key`, or ``none``.
    @inline(__always)
    func lookup(_ key: Key) -> UInt32 {
        let bucket = Int(truncatingIfNeeded: key >> (Key.bitWidth - 16))
        return entries.withUnsafeBufferPointer { e in
            // Invariant: e[lo].start <= key (entry 0 starts at 0), and the answer is in lo..<hi.
            var lo = max(Int(bucketStart[bucket]) - 1, 0)
            var hi = Int(bucketStart[bucket + 1])
            while hi - lo > 1 {
                let mid = (lo + hi) >> 1
                if e[mid].start <= key { lo = mid } else { hi = mid }
            }
            return e[lo].value
        }
    }

    /// The number of intervals.
    var count: Int { entries.count }

    private static func index(_ entries: [Entry]) -> [UInt32] {
        var starts = [UInt32](repeating: UInt32(entries.count), count: 65537)
        var next = 0
        for bucket in 0..<65536 {
            // First entry whose start's top 16 bits are >= bucket.
            while next < entries.count,
                  Int(truncatingIfNeeded: entries[next].start >> (Key.bitWidth - 16)) < bucket {
                next += 1
            }
            starts[bucket] = UInt32(next)
        }
        return starts
    }

    /// Sweeps sorted prefixes with a stack of the open (enclosing) prefixes.
    private struct Builder {
        var out: [Entry] = [Entry(start: 0, value: IntervalTable.none)]
        var stack: [(start: Key, end: Key, value: UInt32)] = []

        mutating func add(_ start: Key, _ length: Int, _ value: UInt32) {
            let hostBits = Key.bitWidth - length
            let end = hostBits >= Key.bitWidth ? Key.max : start | ((Key(1) << hostBits) &- 1)
            closeBefore(start)
            if let top = stack.last, top.start == start, top.end == end { return }  // duplicate
            emit(start, value)
            stack.append((start, end, value))
        }

        mutating func finish() -> [Entry] {
            closeBefore(nil)
            return out
        }

        /// Pops every open prefix that ends before `start` (all of them for `nil`); after
        /// each, the enclosing prefix (or nothing) owns the addresses that follow.
        private mutating func closeBefore(_ start: Key?) {
            while let top = stack.last, start.map({ top.end < $0 }) ?? true {
                stack.removeLast()
                if top.end != Key.max { emit(top.end + 1, stack.last?.value ?? IntervalTable.none) }
            }
        }

        private mutating func emit(_ start: Key, _ value: UInt32) {
            if out[out.count - 1].start == start {
                out[out.count - 1].value = value
                if out.count > 1, out[out.count - 2].value == value { out.removeLast() }
            } else if out[out.count - 1].value != value {
                out.append(Entry(start: start, value: value))
            }
        }
    }
}
