/// A fast keyed hash of byte strings for the ingest hash tables (`ByteKeyIndex`, the
/// replay check, the query matcher): 16 octets per step as two 8-octet words, each step one
/// 64x64->128-bit multiply folded to 64 bits (wyhash's mixing), the secrets drawn at random
/// once per process.
///
/// Not a cryptographic hash. Input is hostile, so the secrets are unknown to a sender (an
/// attacker cannot aim keys at one bucket without them), and the tables never trust a hash:
/// equal hashes are followed by a comparison of the bytes, so collisions cost probes, never
/// wrong answers. Replaces SipHash (`Hasher`), which was a tenth of the reading thread.
public enum ByteHash {
    private static let secrets: (UInt64, UInt64, UInt64) = {
        var g = SystemRandomNumberGenerator()
        // Odd, so that no secret is zero (a zero secret would let a zero word blind a step).
        return (g.next() | 1, g.next() | 1, g.next() | 1)
    }()

    /// The upper half of the full product xor the lower half.
    @inline(__always)
    private static func fold(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let (hi, lo) = a.multipliedFullWidth(by: b)
        return hi ^ lo
    }

    /// The hash of `bytes` (equal bytes give equal hashes within one process).
    @inline(__always)
    public static func hash(_ bytes: UnsafeRawBufferPointer) -> Int {
        let (s0, s1, s2) = secrets
        let n = bytes.count
        var h = s0 ^ UInt64(truncatingIfNeeded: n)
        guard let base = bytes.baseAddress, n > 0 else { return Int(truncatingIfNeeded: fold(h ^ s1, s2)) }
        var a: UInt64 = 0, b: UInt64 = 0
        if n >= 16 {
            var i = 0
            // Whole 16-octet blocks, then the last 16 octets (overlapping the last block).
            while i + 16 < n {
                h = fold(base.loadUnaligned(fromByteOffset: i, as: UInt64.self) ^ s1,
                         base.loadUnaligned(fromByteOffset: i + 8, as: UInt64.self) ^ h)
                i += 16
            }
            a = base.loadUnaligned(fromByteOffset: n - 16, as: UInt64.self)
            b = base.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)
        } else if n >= 8 {
            a = base.loadUnaligned(fromByteOffset: 0, as: UInt64.self)
            b = base.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)
        } else if n >= 4 {
            a = UInt64(base.loadUnaligned(fromByteOffset: 0, as: UInt32.self))
            b = UInt64(base.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self))
        } else {
            // 1 to 3 octets: first, middle and last.
            a = UInt64(base.load(fromByteOffset: 0, as: UInt8.self)) << 16
                | UInt64(base.load(fromByteOffset: n >> 1, as: UInt8.self)) << 8
                | UInt64(base.load(fromByteOffset: n - 1, as: UInt8.self))
        }
        return Int(truncatingIfNeeded: fold(fold(a ^ s1, b ^ h) ^ s2, UInt64(truncatingIfNeeded: n) ^ s1))
    }
}
