import FluxModel
import Testing

/// `ByteHash`: every octet of a key counts, whatever the key's length (each of its paths:
/// under 4, 4 to 7, 8 to 15, 16 and more octets), and equal bytes hash equally.
@Suite struct ByteHashTests {
    static func hash(_ bytes: [UInt8]) -> Int { bytes.withUnsafeBytes { ByteHash.hash($0) } }

    @Test func everyOctetChangesTheHash() {
        var compared = 0
        for length in 1...80 {
            let key = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ length) }
            let h = Self.hash(key)
            #expect(Self.hash(Array(key)) == h)  // same bytes, another buffer
            for i in 0..<length {
                for flip: UInt8 in [0x01, 0x80, 0x20] {
                    var other = key
                    other[i] ^= flip
                    #expect(Self.hash(other) != h, "length \(length), octet \(i), bit \(flip)")
                    compared += 1
                }
            }
        }
        #expect(compared == 3 * (80 * 81 / 2))
    }

    @Test func lengthCountsAndKeysSpread() {
        // Zero-filled keys of every length differ (the length is hashed too).
        let zeros = (0...64).map { Self.hash([UInt8](repeating: 0, count: $0)) }
        #expect(Set(zeros).count == zeros.count)
        // 200,000 distinct short keys: no two 64-bit hashes equal, and the low bits (the
        // bucket) spread evenly over 1,024 buckets.
        var seen = Set<Int>()
        var buckets = [Int](repeating: 0, count: 1024)
        for i in 0..<200_000 {
            var key = [UInt8]("name\(i).example.".utf8)
            key.append(UInt8(truncatingIfNeeded: i))
            let h = Self.hash(key)
            seen.insert(h)
            buckets[h & 1023] += 1
        }
        #expect(seen.count == 200_000)
        #expect(buckets.min()! > 120 && buckets.max()! < 280)  // mean 195
    }
}
