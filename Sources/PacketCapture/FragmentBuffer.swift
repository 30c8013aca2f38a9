/// The bytes and coverage of one datagram being reassembled.
final class FragmentBuffer {
    /// The payload so far (zeros where nothing arrived yet); at most 65535 bytes.
    var data: [UInt8] = []
    /// Received byte ranges: sorted, disjoint, adjacent ones merged.
    private(set) var ranges: [Range<Int>] = []
    /// The payload length, known once the last fragment arrives; -1 before.
    var total = -1
    /// Fragments accepted so far.
    var fragments = 0
    /// The protocol or next header named by the first fragment (offset 0).
    var nextHeader: UInt8 = 0
    /// When the first fragment arrived (capture clock, ns).
    let firstSeen: Int64

    init(firstSeen: Int64) { self.firstSeen = firstSeen }

    /// The end of the furthest byte received.
    var coveredEnd: Int { ranges.last?.upperBound ?? 0 }

    var isComplete: Bool { total >= 0 && ranges.count == 1 && ranges[0] == 0..<total }

    /// Copies `bytes` (for `range`) into the holes it covers; returns true if it overlapped
    /// bytes already present (those are kept: first arrival wins). `data` must already be
    /// at least `range.upperBound` long.
    func insert(_ range: Range<Int>, _ bytes: RawBytes) -> Bool {
        precondition(range.upperBound <= data.count && bytes.count == range.count)
        guard !range.isEmpty else { return false }
        var overlapped = false
        var cursor = range.lowerBound
        data.withUnsafeMutableBytes { out in
            let base = out.baseAddress!
            func copy(_ from: Int, _ to: Int) {
                if to > from {
                    (base + from).copyMemory(from: bytes.base + (from - range.lowerBound), byteCount: to - from)
                }
            }
            for r in ranges where r.upperBound > cursor && r.lowerBound < range.upperBound {
                overlapped = true
                copy(cursor, min(r.lowerBound, range.upperBound))
                cursor = max(cursor, r.upperBound)
            }
            copy(cursor, range.upperBound)
        }
        // Insert and merge.
        var merged: [Range<Int>] = []
        merged.reserveCapacity(ranges.count + 1)
        var pending = range
        var placed = false
        for r in ranges {
            if r.upperBound < pending.lowerBound {
                merged.append(r)
            } else if r.lowerBound > pending.upperBound {
                if !placed { merged.append(pending); placed = true }
                merged.append(r)
            } else {
                pending = min(r.lowerBound, pending.lowerBound)..<max(r.upperBound, pending.upperBound)
            }
        }
        if !placed { merged.append(pending) }
        ranges = merged
        return overlapped
    }

    /// Calls `body` with the reassembled payload (`total` bytes).
    func withBytes<R>(_ body: (RawBytes) throws -> R) rethrows -> R {
        try data.withUnsafeBytes { raw in
            try body(RawBytes(UnsafeRawBufferPointer(rebasing: raw[0..<max(0, min(total, raw.count))])))
        }
    }
}
