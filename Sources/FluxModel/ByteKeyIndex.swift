#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A hash index from byte strings to slot numbers, looked up straight from the caller's
/// bytes: no key value is built for a lookup, and only new keys are copied (into one arena).
/// The ingest fast path uses it to find a batch's tallies by keys made from the wire
/// (`MessageLayout.appendNameKey` and friends).
///
/// Open addressing with linear probing, at most half full. Hashes are `ByteHash` (keyed with
/// secrets drawn per process), so crafted input cannot aim keys at one bucket; keys are
/// always compared byte for byte.
struct ByteKeyIndex: Sendable {
    /// 16 octets, so that four share a cache line: lookups are random, and the table of a
    /// large batch does not fit in the caches.
    private struct Bucket: Sendable {
        /// `-1` when empty.
        var slot: Int32 = -1
        /// The hash's upper half, to skip most comparisons of other keys.
        var tag: UInt32 = 0
        var start: UInt32 = 0
        var length: UInt32 = 0
    }

    private var arena: [UInt8] = []
    private var buckets: [Bucket] = []
    /// Keys held.
    private(set) var count = 0
    /// Octets of the keys held.
    var keyBytes: Int { arena.count }

    /// The hash `find` and `insert` expect for `key`.
    @inline(__always)
    static func hash(_ key: UnsafeRawBufferPointer) -> Int { ByteHash.hash(key) }

    @inline(__always)
    private static func tag(_ hash: Int) -> UInt32 { UInt32(truncatingIfNeeded: UInt64(bitPattern: Int64(hash)) >> 32) }

    /// The slot stored for `key`, or `nil`.
    func find(_ key: UnsafeRawBufferPointer, hash: Int) -> Int? {
        guard !buckets.isEmpty else { return nil }
        let tag = Self.tag(hash)
        return arena.withUnsafeBytes { arena in
            buckets.withUnsafeBufferPointer { b in
                let mask = b.count - 1
                var i = hash & mask
                while true {
                    let bucket = b[i]
                    if bucket.slot < 0 { return nil }
                    if bucket.tag == tag, Int(bucket.length) == key.count,
                       key.count == 0 || memcmp(arena.baseAddress! + Int(bucket.start), key.baseAddress!, key.count) == 0 {
                        return Int(bucket.slot)
                    }
                    i = (i + 1) & mask
                }
            }
        }
    }

    /// Stores `slot` for `key`, which must not be present yet. Returns false, storing
    /// nothing, when the arena would pass 4 GiB (the caller then looks the value up its
    /// slower way).
    @discardableResult
    mutating func insert(_ key: UnsafeRawBufferPointer, hash: Int, slot: Int) -> Bool {
        guard arena.count + key.count <= Int(UInt32.max), slot <= Int(Int32.max) else { return false }
        if (count + 1) * 2 > buckets.count { grow() }
        let bucket = Bucket(slot: Int32(slot), tag: Self.tag(hash), start: UInt32(arena.count), length: UInt32(key.count))
        arena.append(contentsOf: key)
        place(bucket, hash: hash)
        count += 1
        return true
    }

    /// Forgets every key, keeping the storage.
    mutating func removeAll() {
        guard count > 0 else { return }
        arena.removeAll(keepingCapacity: true)
        for i in buckets.indices { buckets[i].slot = -1 }
        count = 0
    }

    private mutating func place(_ bucket: Bucket, hash: Int) {
        let mask = buckets.count - 1
        var i = hash & mask
        while buckets[i].slot >= 0 { i = (i + 1) & mask }
        buckets[i] = bucket
    }

    private mutating func grow() {
        let old = buckets
        buckets = Array(repeating: Bucket(), count: max(64, old.count * 2))
        let keys = arena
        keys.withUnsafeBytes { arena in
            for bucket in old where bucket.slot >= 0 {
                let key = UnsafeRawBufferPointer(rebasing: arena[Int(bucket.start)..<Int(bucket.start + bucket.length)])
                place(bucket, hash: Self.hash(key))
            }
        }
    }
}
