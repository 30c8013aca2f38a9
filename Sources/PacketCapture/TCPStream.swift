import DNSWire

/// TCP header flags (RFC 9293 section 3.1).
struct TCPFlags: OptionSet {
    let rawValue: UInt8
    static let fin = TCPFlags(rawValue: 0x01)
    static let syn = TCPFlags(rawValue: 0x02)
    static let rst = TCPFlags(rawValue: 0x04)
    static let ack = TCPFlags(rawValue: 0x10)
}

/// One direction of a TCP connection.
struct FlowKey: Hashable {
    var source: IPAddress
    var destination: IPAddress
    var sourcePort: UInt16
    var destinationPort: UInt16
}

/// One direction of a DNS-over-TCP connection: the next expected sequence number, the start
/// of a message not yet complete, and segments that arrived early.
///
/// DNS over TCP frames each message with a 2-byte length (RFC 1035 section 4.2.2, RFC 7766).
/// `pending` always starts at a message boundary, so it never holds more than 65537 bytes.
final class TCPStream {
    var nextSeq: UInt32
    /// The initial sequence number when the SYN was seen (to recognise a repeated SYN).
    var isn: UInt32?
    var pending: [UInt8] = []
    var early: [(seq: UInt32, data: [UInt8])] = []
    var earlyBytes = 0
    /// False until a message boundary is found (mid-stream start, or after a gap).
    var synced: Bool
    var closed = false
    var lastSeen: Int64
    var zeroLengthMessages = 0

    init(nextSeq: UInt32, isn: UInt32?, now: Int64) {
        self.nextSeq = nextSeq
        self.isn = isn
        synced = isn != nil
        lastSeen = now
    }

    var heldBytes: Int { pending.count + earlyBytes }

    /// Takes a segment's data starting at `seq`.
    func receive(seq: UInt32, _ data: RawBytes, limits: CaptureLimits, stats: inout TCPStats,
                 _ emit: (UnsafeRawBufferPointer) throws -> Void) rethrows {
        let ahead = Int(Int32(bitPattern: seq &- nextSeq))
        if ahead < 0 {
            stats.retransmissions &+= 1
            guard -ahead < data.count else { return }
            try deliver(data.dropFirst(-ahead), stats: &stats, emit)
        } else if ahead > 0 {
            if early.count < limits.maxOutOfOrderSegments,
               earlyBytes + data.count <= limits.maxOutOfOrderBytes, ahead <= 1 << 24 {
                early.append((seq, Array(data.buffer)))
                earlyBytes += data.count
                stats.outOfOrder &+= 1
                return
            }
            // No room to wait for the missing bytes: give them up.
            early.append((seq, Array(data.buffer)))
            earlyBytes += data.count
            repeat {
                try skipGap(stats: &stats, emit)
            } while early.count > limits.maxOutOfOrderSegments || earlyBytes > limits.maxOutOfOrderBytes
            return
        } else {
            try deliver(data, stats: &stats, emit)
        }
        try drain(stats: &stats, emit)
    }

    /// Declares the bytes before the earliest held segment lost and resumes there.
    func skipGap(stats: inout TCPStats, _ emit: (UnsafeRawBufferPointer) throws -> Void) rethrows {
        guard let first = early.min(by: { Int32(bitPattern: $0.seq &- nextSeq) < Int32(bitPattern: $1.seq &- nextSeq) })
        else { return }
        stats.gaps &+= 1
        abandonPartial(stats: &stats)
        synced = false
        nextSeq = first.seq
        try drain(stats: &stats, emit)
    }

    /// Delivers held segments that have become contiguous.
    func drain(stats: inout TCPStats, _ emit: (UnsafeRawBufferPointer) throws -> Void) rethrows {
        while !early.isEmpty {
            var best = 0
            var bestAhead = Int(Int32(bitPattern: early[0].seq &- nextSeq))
            for i in early.indices.dropFirst() {
                let a = Int(Int32(bitPattern: early[i].seq &- nextSeq))
                if a < bestAhead { best = i; bestAhead = a }
            }
            guard bestAhead <= 0 else { return }
            let segment = early.remove(at: best)
            earlyBytes -= segment.data.count
            guard -bestAhead < segment.data.count else { continue }
            try segment.data.withUnsafeBytes { raw in
                try deliver(RawBytes(raw).dropFirst(-bestAhead), stats: &stats, emit)
            }
        }
    }

    /// Consumes in-order bytes: completes the pending message, emits whole messages in
    /// place, keeps the tail.
    func deliver(_ data: RawBytes, stats: inout TCPStats,
                 _ emit: (UnsafeRawBufferPointer) throws -> Void) rethrows {
        nextSeq &+= UInt32(truncatingIfNeeded: data.count)
        var p = data
        if !synced {
            guard TCPStream.looksLikeMessageStart(p) else {
                stats.resyncSkippedBytes &+= p.count
                return
            }
            synced = true
        }
        if !pending.isEmpty {
            if pending.count < 2 {
                let take = min(2 - pending.count, p.count)
                pending.append(contentsOf: p.prefix(take).buffer)
                p = p.dropFirst(take)
                guard pending.count == 2 else { return }
            }
            let length = Int(pending[0]) << 8 | Int(pending[1])
            let take = min(2 + length - pending.count, p.count)
            pending.append(contentsOf: p.prefix(take).buffer)
            p = p.dropFirst(take)
            guard pending.count == 2 + length else { return }
            if length == 0 {
                zeroLengthMessages += 1
            } else {
                try pending.withUnsafeBytes { try emit(UnsafeRawBufferPointer(rebasing: $0[2...])) }
            }
            pending.removeAll(keepingCapacity: pending.capacity <= 4096)
        }
        while p.count >= 2 {
            let length = Int(p.u16(0))
            if length == 0 {
                zeroLengthMessages += 1
                p = p.dropFirst(2)
                continue
            }
            guard p.count >= 2 + length else { break }
            try emit(UnsafeRawBufferPointer(start: p.base + 2, count: length))
            p = p.dropFirst(2 + length)
        }
        if p.count > 0 { pending.append(contentsOf: p.buffer) }
    }

    /// Drops a partial message and any early segments (RST, FIN, eviction, end).
    func close(stats: inout TCPStats) {
        abandonPartial(stats: &stats)
        if !early.isEmpty { stats.gaps &+= 1 }
        early = []
        earlyBytes = 0
        closed = true
    }

    func abandonPartial(stats: inout TCPStats) {
        if !pending.isEmpty { stats.incompleteMessages &+= 1 }
        pending = []
    }

    /// A plausible DNS-over-TCP message start: a length of at least a header, a known
    /// opcode (RFC 6895: 0-2, 4-6) and at most a few questions.
    static func looksLikeMessageStart(_ p: RawBytes) -> Bool {
        guard p.count >= 14 else { return false }
        let length = p.u16(0)
        let opcode = (p.u8(4) >> 3) & 0x0F
        return length >= 12 && opcode != 3 && opcode <= 6 && p.u16(6) <= 4
    }
}
