/// SplitMix64 (Steele, Lea and Flood, OOPSLA 2014): a tiny, fast, seedable generator.
///
/// The lab uses it instead of `SystemRandomNumberGenerator` so that the same seed gives the
/// same world on every run and machine. Every random choice in the lab is drawn from a
/// generator seeded by `SplitMix64.mix` over the scenario seed and the inputs the choice
/// depends on (zone, name, simulated time bucket), never from shared mutable state, so
/// answers do not depend on the order in which queries arrive.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// Creates a generator from a seed.
    public init(seed: UInt64) { state = seed }

    /// Creates a generator seeded by mixing several values.
    public init(mixing values: UInt64...) { state = SplitMix64.mix(values) }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform value in `0..<bound` (Lemire's multiply-shift, unbiased enough for a lab).
    public mutating func below(_ bound: Int) -> Int {
        precondition(bound > 0, "bound must be positive")
        return Int(next().multipliedFullWidth(by: UInt64(bound)).high)
    }

    /// A uniform value in `0..<1`.
    public mutating func unit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// Combines values into one well-mixed 64-bit key (order matters).
    public static func mix(_ values: [UInt64]) -> UInt64 {
        var generator = SplitMix64(seed: 0x6A09_E667_F3BC_C908)
        var key: UInt64 = 0
        for value in values {
            generator.state ^= value &+ key
            key = generator.next()
        }
        return key
    }

    /// A stable 64-bit hash of text (FNV-1a), unlike `hashValue`, which changes per process.
    public static func hash(_ text: some StringProtocol) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.lowercased().utf8 {
            h ^= UInt64(byte)
            h = h &* 0x0000_0100_0000_01B3
        }
        return h
    }
}
