/// DNS-over-TCP stream reassembly for every connection in a capture, with caps on streams
/// and buffered bytes and an idle timeout in capture time.
struct TCPReassembler {
    let limits: CaptureLimits
    let idleTimeout: Int64
    let closedTimeout: Int64
    let sweepInterval: Int64
    var stats = TCPStats()
    private var table: [FlowKey: TCPStream] = [:]
    private var bufferedBytes = 0
    private var lastSweep: Int64 = .min
    private var zeroLength = 0

    init(limits: CaptureLimits) {
        self.limits = limits
        idleTimeout = Nanoseconds(seconds: limits.tcpIdleTimeout, default: 300)
        closedTimeout = min(idleTimeout, 60_000_000_000)
        sweepInterval = max(1_000_000_000, min(idleTimeout / 4, 10_000_000_000))
    }

    /// Streams currently tracked.
    var streamCount: Int { table.count }
    /// Bytes currently buffered.
    var heldBytes: Int { bufferedBytes }

    /// Zero-length messages seen since the last call.
    mutating func takeZeroLengthCount() -> Int {
        defer { zeroLength = 0 }
        return zeroLength
    }

    /// Takes one segment of the direction `key`. `emit` gets each completed message and
    /// whether it belongs to the reverse direction (released by this segment's ACK).
    mutating func segment(key: FlowKey, seq: UInt32, ack: UInt32, flags: TCPFlags, data: RawBytes,
                          now: Int64, _ emit: (UnsafeRawBufferPointer, Bool) throws -> Void) rethrows {
        if now > lastSweep &+ sweepInterval || now < lastSweep { expire(now: now) }
        if bufferedBytes > 0 && flags.contains(.ack) {
            try releaseAcknowledged(key: key, ack: ack) { try emit($0, true) }
        }
        var dataSeq = seq
        let stream: TCPStream
        if flags.contains(.syn) {
            dataSeq = seq &+ 1  // SYN takes one sequence number; data after it is TFO (RFC 7413)
            if let existing = table[key], !existing.closed, existing.isn == seq {
                stream = existing
            } else {
                if let old = table[key] { retire(old) }
                stream = TCPStream(nextSeq: dataSeq, isn: seq, now: now)
                table[key] = stream
                stats.streams &+= 1
            }
        } else if let existing = table[key] {
            stream = existing
            if stream.closed {
                let ahead = Int32(bitPattern: seq &- stream.nextSeq)
                if ahead < 0 && Int(-Int64(ahead)) >= data.count {
                    if data.count > 0 { stats.retransmissions &+= 1 }
                    return
                }
                guard data.count > 0, !flags.contains(.rst) else { return }
                reopen(stream, at: seq)
            }
        } else {
            guard data.count > 0, !flags.contains(.rst) else { return }
            stream = TCPStream(nextSeq: seq, isn: nil, now: now)
            table[key] = stream
            stats.streams &+= 1
            stats.midstreamStarts &+= 1
        }
        stream.lastSeen = now
        let before = stream.heldBytes
        if data.count > 0 {
            try stream.receive(seq: dataSeq, data, limits: limits, stats: &stats) { try emit($0, false) }
        }
        if flags.contains(.rst) {
            stream.close(stats: &stats)
        } else if flags.contains(.fin), dataSeq &+ UInt32(truncatingIfNeeded: data.count) == stream.nextSeq {
            stream.close(stats: &stats)
            stream.nextSeq &+= 1
        }
        bufferedBytes += stream.heldBytes - before
        zeroLength += stream.zeroLengthMessages
        stream.zeroLengthMessages = 0
        if table.count > limits.maxTCPStreams || bufferedBytes > limits.maxTCPBufferedBytes {
            shrink(now: now)
        }
    }

    /// When the peer acknowledges bytes this capture never saw ("ACKed segment that wasn't
    /// captured"), they will not be retransmitted: skip the hole and release held segments.
    private mutating func releaseAcknowledged(
        key: FlowKey, ack: UInt32, _ emit: (UnsafeRawBufferPointer) throws -> Void
    ) rethrows {
        let reverse = FlowKey(source: key.destination, destination: key.source,
                              sourcePort: key.destinationPort, destinationPort: key.sourcePort)
        guard let stream = table[reverse], !stream.early.isEmpty else { return }
        let before = stream.heldBytes
        while !stream.early.isEmpty && Int32(bitPattern: ack &- stream.nextSeq) > 0 {
            try stream.skipGap(stats: &stats, emit)
        }
        bufferedBytes += stream.heldBytes - before
    }

    /// Releases segments still held behind gaps: the capture is over, so the missing bytes
    /// will not come. Messages complete after the gaps are emitted.
    mutating func flush(_ emit: (UnsafeRawBufferPointer, FlowKey) throws -> Void) rethrows {
        guard bufferedBytes > 0 else { return }
        for (key, stream) in table where !stream.early.isEmpty {
            let before = stream.heldBytes
            while !stream.early.isEmpty {
                try stream.skipGap(stats: &stats) { try emit($0, key) }
            }
            bufferedBytes += stream.heldBytes - before
        }
    }

    /// Forgets all streams, counting what they still held.
    mutating func finish() {
        for stream in table.values {
            stats.bufferedBytesAtEnd &+= stream.heldBytes
            stream.close(stats: &stats)
        }
        table.removeAll()
        bufferedBytes = 0
    }

    private mutating func reopen(_ stream: TCPStream, at seq: UInt32) {
        stream.closed = false
        stream.synced = false
        stream.isn = nil
        stream.nextSeq = seq
        stats.midstreamStarts &+= 1
    }

    private mutating func retire(_ stream: TCPStream) {
        bufferedBytes -= stream.heldBytes
        stream.close(stats: &stats)
    }

    private mutating func expire(now: Int64) {
        lastSweep = now
        guard !table.isEmpty else { return }
        for (key, stream) in table {
            let idle = now - stream.lastSeen
            if idle > idleTimeout || (stream.closed && idle > closedTimeout) {
                retire(stream)
                table.removeValue(forKey: key)
                stats.streamsExpired &+= 1
            }
        }
    }

    /// Makes room: idle streams first, then the least recently used until three quarters
    /// of each cap is free (amortised O(log n) per stream).
    private mutating func shrink(now: Int64) {
        expire(now: now)
        let countTarget = limits.maxTCPStreams * 3 / 4
        let byteTarget = limits.maxTCPBufferedBytes * 3 / 4
        guard table.count > countTarget || bufferedBytes > byteTarget else { return }
        for (key, stream) in table.sorted(by: { $0.value.lastSeen < $1.value.lastSeen }) {
            guard table.count > countTarget || bufferedBytes > byteTarget else { break }
            retire(stream)
            table.removeValue(forKey: key)
            stats.streamsEvicted &+= 1
        }
    }
}
