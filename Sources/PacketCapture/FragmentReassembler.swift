import DNSWire

/// Identifies one datagram being reassembled: RFC 791 (source, destination, protocol,
/// identification) for IPv4, RFC 8200 (source, destination, identification) for IPv6.
struct FragmentKey: Hashable {
    var source: IPAddress
    var destination: IPAddress
    var id: UInt32
    var proto: UInt8
}

/// The outcome of adding one fragment.
enum FragmentResult {
    /// Held; the datagram is not complete yet (or the fragment was dropped and counted).
    case pending
    /// The fragment itself is malformed.
    case malformed(MalformedKind)
    /// The datagram is complete; its state has been removed from the table.
    case complete(FragmentBuffer)
}

/// IPv4 and IPv6 fragment reassembly with a cap on datagrams, bytes, fragments per
/// datagram and age (capture time). Overlaps are never trusted: IPv4 keeps the bytes that
/// arrived first, IPv6 drops the datagram (RFC 5722).
struct FragmentReassembler {
    let limits: CaptureLimits
    let timeout: Int64
    var stats = FragmentStats()
    private var table: [FragmentKey: FragmentBuffer] = [:]
    private var bytes = 0
    private var lastSweep: Int64 = .min

    init(limits: CaptureLimits) {
        self.limits = limits
        timeout = Nanoseconds(seconds: limits.fragmentTimeout, default: 30)
    }

    /// Datagrams currently held.
    var pendingDatagrams: Int { table.count }
    /// Bytes currently held.
    var pendingBytes: Int { bytes }

    mutating func add(key: FragmentKey, isIPv6: Bool, offset: Int, more: Bool, payload: RawBytes,
                      nextHeader: UInt8, now: Int64) -> FragmentResult {
        if isIPv6 { stats.ipv6Fragments &+= 1 } else { stats.ipv4Fragments &+= 1 }
        let end = offset + payload.count
        guard end <= 65535, !more || payload.count % 8 == 0, payload.count > 0 || !more else {
            return .malformed(.badFragment)
        }
        if now > lastSweep &+ 1_000_000_000 || now < lastSweep { sweep(now: now) }

        var entry = table[key]
        if let old = entry, now - old.firstSeen > timeout {
            drop(key, old)
            stats.droppedTimeout &+= 1
            entry = nil
        }
        let datagram: FragmentBuffer
        if let entry {
            datagram = entry
        } else {
            guard limits.maxConcurrentReassemblies > 0 else {
                stats.droppedLimit &+= 1
                return .pending
            }
            if table.count >= limits.maxConcurrentReassemblies { shrink(now: now) }
            datagram = FragmentBuffer(firstSeen: now)
            table[key] = datagram
        }

        // Where the datagram ends, as told by the last fragment, must agree everywhere.
        if !more {
            if (datagram.total >= 0 && datagram.total != end) || datagram.coveredEnd > end {
                return invalid(key, datagram, .inconsistentFragmentLength)
            }
            datagram.total = end
        } else if datagram.total >= 0 && end > datagram.total {
            return invalid(key, datagram, .inconsistentFragmentLength)
        }
        datagram.fragments += 1
        guard datagram.fragments <= limits.maxFragmentsPerDatagram else {
            drop(key, datagram)
            stats.droppedLimit &+= 1
            return .pending
        }
        if offset == 0 { datagram.nextHeader = nextHeader }

        // Room for the bytes, within the memory cap.
        if bytes + payload.count > limits.maxReassemblyBytes { shrink(now: now, keeping: key) }
        guard bytes + payload.count <= limits.maxReassemblyBytes else {
            drop(key, datagram)
            stats.droppedLimit &+= 1
            return .pending
        }
        let held = datagram.storedBytes
        let overlapped = datagram.insert(offset..<end, payload, rejectOverlap: isIPv6)
        bytes += datagram.storedBytes - held
        if overlapped {
            stats.overlaps &+= 1
            if isIPv6 {
                drop(key, datagram)
                stats.droppedInvalid &+= 1
                return .pending
            }
        }
        guard datagram.isComplete else { return .pending }
        drop(key, datagram)
        datagram.assemble()
        stats.reassembled &+= 1
        return .complete(datagram)
    }

    /// Forgets everything held, counting it as incomplete.
    mutating func finish() {
        stats.incompleteAtEnd &+= table.count
        table.removeAll()
        bytes = 0
    }

    private mutating func invalid(_ key: FragmentKey, _ datagram: FragmentBuffer,
                                  _ kind: MalformedKind) -> FragmentResult {
        drop(key, datagram)
        stats.droppedInvalid &+= 1
        return .malformed(kind)
    }

    private mutating func drop(_ key: FragmentKey, _ datagram: FragmentBuffer) {
        if table.removeValue(forKey: key) != nil { bytes -= datagram.storedBytes }
    }

    /// Drops datagrams older than the timeout.
    private mutating func sweep(now: Int64) {
        lastSweep = now
        guard !table.isEmpty else { return }
        for (key, datagram) in table where now - datagram.firstSeen > timeout {
            drop(key, datagram)
            stats.droppedTimeout &+= 1
        }
    }

    /// Makes room: expired datagrams first, then the oldest until three quarters of each
    /// cap is free. Amortised O(log n) per datagram since each call frees a quarter.
    private mutating func shrink(now: Int64, keeping: FragmentKey? = nil) {
        sweep(now: now)
        let countTarget = limits.maxConcurrentReassemblies * 3 / 4
        let byteTarget = limits.maxReassemblyBytes * 3 / 4
        guard table.count > countTarget || bytes > byteTarget else { return }
        let oldest = table.sorted { $0.value.firstSeen < $1.value.firstSeen }
        for (key, datagram) in oldest where key != keeping {
            guard table.count > countTarget || bytes > byteTarget else { break }
            drop(key, datagram)
            stats.droppedLimit &+= 1
        }
    }
}

/// Converts a limit in seconds to capture-clock nanoseconds, refusing NaN and absurd values.
func Nanoseconds(seconds: Double, default fallback: Double) -> Int64 {
    let s = seconds.isFinite ? min(max(seconds, 0), 1_000_000) : fallback
    return Int64(s * 1e9)
}
