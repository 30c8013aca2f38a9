#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Query ids from the C library's cryptographic generator (`arc4random_buf(3)`, seeded by
/// `getrandom(2)` on glibc 2.36 and later), fetched 4 KiB at a
/// time so that a cryptographic id costs no system call per query. Ids must not be guessable
/// by an off-path attacker (RFC 5452 section 9.2), so no seeded generator is used.
struct RandomPool {
    private var words: [UInt16] = Array(repeating: 0, count: 2048)
    private var next = 2048

    /// A random 16-bit value.
    mutating func u16() -> UInt16 {
        if next == words.count { refill() }
        defer { next += 1 }
        return words[next]
    }

    private mutating func refill() {
        words.withUnsafeMutableBytes { raw in
            var filled = 0
            while filled < raw.count {
                arc4random_buf(raw.baseAddress! + filled, raw.count - filled)
                let n = raw.count - filled
                if n > 0 { filled += n } else { fatalError("the system random source failed") }
            }
        }
        next = 0
    }
}
