import Testing
@testable import Enrichment

@Suite struct IntervalTableTests {
    private func table(_ prefixes: [(UInt32, Int, UInt32)]) -> IntervalTable<UInt32> {
        let sorted = prefixes.map { (start: $0.0, length: $0.1, value: $0.2) }
            .sorted { ($0.start, $0.length, $0.value) < ($1.start, $1.length, $1.value) }
        return IntervalTable(sortedPrefixes: sorted)
    }

    @Test func nestedPrefixesResolveToTheInnermost() {
        // 10.0.0.0/8 -> 1, 10.1.0.0/16 -> 2, 10.1.2.0/24 -> 3, 10.1.2.128/25 -> 4
        let t = table([(0x0A00_0000, 8, 1), (0x0A01_0000, 16, 2), (0x0A01_0200, 24, 3), (0x0A01_0280, 25, 4)])
        #expect(t.lookup(0x09FF_FFFF) == IntervalTable<UInt32>.none)
        #expect(t.lookup(0x0A00_0000) == 1)
        #expect(t.lookup(0x0A01_0000) == 2)
        #expect(t.lookup(0x0A01_0201) == 3)
        #expect(t.lookup(0x0A01_027F) == 3)
        #expect(t.lookup(0x0A01_0280) == 4)
        #expect(t.lookup(0x0A01_02FF) == 4)
        #expect(t.lookup(0x0A01_0300) == 2)   // back to the /16 after the /24 ends
        #expect(t.lookup(0x0A02_0000) == 1)   // back to the /8
        #expect(t.lookup(0x0B00_0000) == IntervalTable<UInt32>.none)
    }

    @Test func edgesOfTheAddressSpace() {
        let t = table([(0, 0, 7), (0xFFFF_FFFF, 32, 8), (0, 32, 9)])
        #expect(t.lookup(0) == 9)
        #expect(t.lookup(1) == 7)
        #expect(t.lookup(0xFFFF_FFFE) == 7)
        #expect(t.lookup(0xFFFF_FFFF) == 8)
        #expect(IntervalTable<UInt32>().lookup(12345) == IntervalTable<UInt32>.none)
    }

    @Test func duplicatePrefixKeepsTheFirstValue() {
        let t = table([(0x0A00_0000, 8, 1), (0x0A00_0000, 8, 5)])
        #expect(t.lookup(0x0A12_3456) == 1)
    }

    /// Random nested prefixes against a brute-force longest match.
    @Test(arguments: [1, 2, 3])
    func agreesWithBruteForce(seed: UInt64) {
        var rng = SeededGenerator(seed: seed)
        var prefixes: [(UInt32, Int, UInt32)] = []
        for i in 0..<400 {
            let length = Int.random(in: 4...28, using: &rng)
            // Cluster prefixes in a few /8s so that they nest often.
            let base = UInt32([10, 11, 200].randomElement(using: &rng)!) << 24 | UInt32.random(in: 0...0xFF_FFFF, using: &rng)
            prefixes.append((base & IPPrefix.mask32(length), length, UInt32(i)))
        }
        let t = table(prefixes)
        for _ in 0..<20_000 {
            let key = UInt32([10, 11, 200, 12].randomElement(using: &rng)!) << 24 | UInt32.random(in: 0...0xFF_FFFF, using: &rng)
            var best: (length: Int, value: UInt32)?
            for (start, length, value) in prefixes where key & IPPrefix.mask32(length) == start {
                // Longest wins; among equal prefixes the first listed.
                if best == nil || length > best!.length || (length == best!.length && value < best!.value) {
                    best = (length, value)
                }
            }
            #expect(t.lookup(key) == (best?.value ?? IntervalTable<UInt32>.none), "key \(key)")
        }
    }

    @Test func ipv6Keys() {
        let base: UInt128 = 0x2001_0db8 << 96
        let sorted = [(start: base, length: 32, value: UInt32(1)), (start: base | 1 << 80, length: 48, value: 2)]
        let t = IntervalTable<UInt128>(sortedPrefixes: sorted)
        #expect(t.lookup(base | 5) == 1)
        #expect(t.lookup(base | 1 << 80 | 5) == 2)
        #expect(t.lookup(base | 2 << 80) == 1)
        #expect(t.lookup(base - 1) == IntervalTable<UInt128>.none)
    }
}
