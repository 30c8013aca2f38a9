import DNSWire
import FluxModel
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Matches captured queries with their responses, to count the queries nobody answered.
///
/// A query waits under its key: client and server address and port, message ID, question
/// type, and the question name (any case). A response with the same key (endpoints swapped)
/// answers it. A query still waiting `window` seconds of capture time after it was seen is
/// unanswered; so is the oldest query when more than `capacity` wait at once (memory stays
/// bounded whatever the traffic), and every query still waiting at the end of the input.
/// A repeated query (a retransmission) waits once, from its first sighting.
///
/// Keys are octets (`appendKey` and a name in `MessageLayout.appendNameKey` form), looked
/// up straight from the caller's buffer: no value is built per message, and a new key costs
/// one copy into an arena. The table is open addressing over the arrival list (`ByteHash`,
/// keyed per process, so crafted traffic cannot aim keys at one bucket); answered and
/// expired entries leave the list when it is compacted, so the list, the arena and the
/// table stay within a small multiple of the queries waiting, even when capture time runs
/// backwards (concatenated files) and nothing expires for a while.
public struct QueryMatcher {
    /// Seconds of capture time a query waits for its response.
    public let window: Double
    /// Queries waiting at most.
    public let capacity: Int

    private struct Entry {
        var hash: Int
        var time: Double
        /// Where the key starts in `arena`.
        var start: Int
        var length: Int
        /// Still waiting (not answered, expired or pushed out).
        var live: Bool
    }

    /// Queries in arrival order; those before `head` are done.
    private var entries: [Entry] = []
    private var head = 0
    /// The keys of `entries`, in the same order.
    private var arena: [UInt8] = []
    /// Open addressing, linear probing: the index in `entries` plus one, 0 when empty.
    private var table: [Int32] = []
    /// Entries still waiting.
    private var live = 0
    /// Scratch for the key of a captured message (`take(_:layout:scanned:)`).
    var scratch: [UInt8] = []

    /// Creates a matcher.
    public init(window: Double = 10, capacity: Int = 1 << 18) {
        self.window = window
        self.capacity = max(1, capacity)
    }

    /// Queries waiting now.
    public var waitingCount: Int { live }

    /// Entries in the arrival list (waiting, or answered and not passed over yet): at most
    /// four times `waitingCount` plus 4,096, whatever the traffic.
    public var heldCount: Int { entries.count - head }

    /// Appends the endpoint part of a key: the client's and server's address and port, the
    /// message ID and the question type. The question's name follows, in
    /// `MessageLayout.appendNameKey` form (it ends itself with the root octet).
    public static func appendKey(client: IPAddress, clientPort: UInt16, server: IPAddress, serverPort: UInt16,
                                 id: UInt16, type: RecordType, to key: inout [UInt8]) {
        append(client, to: &key)
        append(server, to: &key)
        append(clientPort, to: &key)
        append(serverPort, to: &key)
        append(id, to: &key)
        append(type.rawValue, to: &key)
    }

    @inline(__always)
    private static func append(_ v: UInt16, to key: inout [UInt8]) {
        key.append(UInt8(v >> 8))
        key.append(UInt8(truncatingIfNeeded: v))
    }

    /// Appends a parsed name in `MessageLayout.appendNameKey` form (lower-cased labels, the
    /// root octet).
    public static func appendName(_ name: DNSName, to key: inout [UInt8]) {
        key.append(contentsOf: name.lowercased.wire)
        key.append(0)
    }

    private static func append(_ address: IPAddress, to key: inout [UInt8]) {
        switch address {
        case .v4(let a):
            key.append(4)
            for shift in stride(from: 24, through: 0, by: -8) { key.append(UInt8(truncatingIfNeeded: a.value >> UInt32(shift))) }
        case .v6(let a):
            key.append(6)
            for shift in stride(from: 120, through: 0, by: -8) { key.append(UInt8(truncatingIfNeeded: a.value >> UInt128(shift))) }
        }
    }

    /// A query was seen.
    public mutating func asked(_ key: UnsafeRawBufferPointer, at time: Double) {
        let hash = Self.hash(key)
        if find(key, hash: hash) != nil { return }  // a retransmission keeps its first time
        if (live + 1) * 2 > table.count { grow() }
        entries.append(Entry(hash: hash, time: time, start: arena.count, length: key.count, live: true))
        arena.append(contentsOf: key)
        place(Int32(entries.count), hash: hash)
        live += 1
        if entries.count - head > max(4096, 4 * live) { compact() }
    }

    /// A response was seen; answers its query if one waits.
    public mutating func answered(_ key: UnsafeRawBufferPointer) {
        guard let bucket = find(key, hash: Self.hash(key)) else { return }
        let index = Int(table[bucket]) - 1
        remove(bucket: bucket)
        entries[index].live = false
        live -= 1
    }

    /// Gives up on queries older than the window (and on the oldest beyond capacity).
    /// - Returns: How many queries were given up (unanswered).
    public mutating func expire(now: Double) -> Int {
        var given = 0
        while head < entries.count {
            let e = entries[head]
            guard e.time < now - window || live > capacity else { break }
            if e.live {
                remove(bucket: bucket(of: head))
                entries[head].live = false
                live -= 1
                given += 1
            }
            head += 1
        }
        if head >= 4096, head * 2 >= entries.count { compact() }
        return given
    }

    /// Ends the input: every waiting query is unanswered.
    /// - Returns: How many were waiting.
    public mutating func drain() -> Int {
        let n = live
        entries.removeAll()
        arena.removeAll()
        table.removeAll()
        head = 0
        live = 0
        return n
    }

    // MARK: - The table

    @inline(__always)
    private static func hash(_ key: UnsafeRawBufferPointer) -> Int { ByteHash.hash(key) }

    /// The bucket holding `key`, or `nil`.
    private func find(_ key: UnsafeRawBufferPointer, hash: Int) -> Int? {
        guard !table.isEmpty else { return nil }
        return arena.withUnsafeBytes { arena in
            entries.withUnsafeBufferPointer { entries in
                table.withUnsafeBufferPointer { table in
                    let mask = table.count - 1
                    var i = hash & mask
                    while table[i] != 0 {
                        let e = entries[Int(table[i]) - 1]
                        if e.hash == hash, e.length == key.count,
                           key.isEmpty || memcmp(arena.baseAddress! + e.start, key.baseAddress!, key.count) == 0 {
                            return i
                        }
                        i = (i + 1) & mask
                    }
                    return nil
                }
            }
        }
    }

    /// The bucket that holds entry `index` (which is live).
    private func bucket(of index: Int) -> Int {
        let mask = table.count - 1
        var i = entries[index].hash & mask
        while Int(table[i]) != index + 1 { i = (i + 1) & mask }
        return i
    }

    private mutating func place(_ value: Int32, hash: Int) {
        let mask = table.count - 1
        var i = hash & mask
        while table[i] != 0 { i = (i + 1) & mask }
        table[i] = value
    }

    /// Empties `bucket`, moving later entries of its probe run back (no tombstones).
    private mutating func remove(bucket: Int) {
        let mask = table.count - 1
        var hole = bucket
        var j = bucket
        while true {
            j = (j + 1) & mask
            let v = table[j]
            if v == 0 { break }
            let home = entries[Int(v) - 1].hash & mask
            // The entry at j may fill the hole unless its home lies cyclically in (hole, j].
            let stays = hole <= j ? (hole < home && home <= j) : (hole < home || home <= j)
            if !stays {
                table[hole] = v
                hole = j
            }
        }
        table[hole] = 0
    }

    /// Twice the buckets (at least 1024), every live entry placed again.
    private mutating func grow() {
        table = [Int32](repeating: 0, count: max(1024, table.count * 2))
        for i in head..<entries.count where entries[i].live { place(Int32(i + 1), hash: entries[i].hash) }
    }

    /// Keeps only the live entries (in order) and their keys, and places them again.
    private mutating func compact() {
        var kept: [Entry] = []
        kept.reserveCapacity(live)
        var keys: [UInt8] = []
        for i in head..<entries.count where entries[i].live {
            var e = entries[i]
            keys.append(contentsOf: arena[e.start..<(e.start + e.length)])
            e.start = keys.count - e.length
            kept.append(e)
        }
        entries = kept
        arena = keys
        head = 0
        for i in table.indices { table[i] = 0 }
        for i in entries.indices { place(Int32(i + 1), hash: entries[i].hash) }
    }
}
