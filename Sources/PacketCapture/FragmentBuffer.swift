/// The fragments of one datagram being reassembled.
///
/// Fragments are kept as separate pieces and joined only when the datagram is complete,
/// so memory follows the bytes received, not the offsets claimed (a 64-byte fragment at
/// offset 64000 costs 64 bytes).
final class FragmentBuffer {
    /// Received byte ranges: sorted, disjoint, adjacent ones merged.
    private(set) var ranges: [Range<Int>] = []
    /// The bytes received, each piece covering bytes no other piece covers.
    private var pieces: [(offset: Int, bytes: [UInt8])] = []
    /// Bytes held in `pieces`.
    private(set) var storedBytes = 0
    /// The payload length, known once the last fragment arrives; -1 before.
    var total = -1
    /// Fragments accepted so far.
    var fragments = 0
    /// The protocol or next header named by the first fragment (offset 0).
    var nextHeader: UInt8 = 0
    /// When the first fragment arrived (capture clock, ns).
    let firstSeen: Int64
    /// The joined payload, made by `assemble()`.
    private var joined: [UInt8] = []

    init(firstSeen: Int64) { self.firstSeen = firstSeen }

    /// The end of the furthest byte received.
    var coveredEnd: Int { ranges.last?.upperBound ?? 0 }

    var isComplete: Bool { total >= 0 && ranges.count == 1 && ranges[0] == 0..<total }

    /// Stores the parts of `bytes` (for `range`) that fill holes and returns whether it
    /// overlapped bytes already present (those are kept: first arrival wins). With
    /// `rejectOverlap`, an overlapping fragment is not stored at all.
    func insert(_ range: Range<Int>, _ bytes: RawBytes, rejectOverlap: Bool) -> Bool {
        guard !range.isEmpty else { return false }
        var holes: [Range<Int>] = []
        var cursor = range.lowerBound
        for r in ranges where r.upperBound > cursor && r.lowerBound < range.upperBound {
            if r.lowerBound > cursor { holes.append(cursor..<r.lowerBound) }
            cursor = max(cursor, r.upperBound)
        }
        if cursor < range.upperBound { holes.append(cursor..<range.upperBound) }
        let overlapped = holes.count != 1 || holes[0] != range
        if overlapped && rejectOverlap { return true }
        for hole in holes {
            let from = hole.lowerBound - range.lowerBound
            let piece = Array(UnsafeRawBufferPointer(start: bytes.base + from, count: hole.count))
            pieces.append((hole.lowerBound, piece))
            storedBytes += piece.count
        }
        merge(range)
        return overlapped
    }

    private func merge(_ range: Range<Int>) {
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
    }

    /// Joins the pieces once the datagram is complete.
    func assemble() {
        guard isComplete else { return }
        var out = [UInt8](repeating: 0, count: total)
        out.withUnsafeMutableBytes { dst in
            for piece in pieces where piece.offset + piece.bytes.count <= total {
                piece.bytes.withUnsafeBytes { src in
                    dst.baseAddress!.advanced(by: piece.offset).copyMemory(from: src.baseAddress!, byteCount: src.count)
                }
            }
        }
        joined = out
        pieces = []
    }

    /// Calls `body` with the reassembled payload (after `assemble()`).
    func withBytes<R>(_ body: (RawBytes) throws -> R) rethrows -> R {
        try joined.withUnsafeBytes { try body(RawBytes($0)) }
    }
}
