import Foundation
import Testing
@testable import Detection

/// `Statistics.normalisedEntropy` sums in a fixed order, so that its last digits do not follow
/// the dictionary order of the process (exports must be byte-identical from run to run).
@Suite struct StatisticsTests {
    @Test func entropyIsSummedInCountOrder() throws {
        // 60 values with 60 different counts: a dictionary walks them in an order of its own.
        var xs: [Int] = []
        for v in 0..<60 { xs += Array(repeating: v * 7919, count: 1 + (v * 37) % 97) }
        let n = Double(xs.count)
        var counts: [Int: Int] = [:]
        for x in xs { counts[x, default: 0] += 1 }
        let expected = counts.values.sorted().reduce(0.0) { $0 - Double($1) / n * log(Double($1) / n) } / log(n)
        let got = try #require(Statistics.normalisedEntropy(xs))
        #expect(got.bitPattern == expected.bitPattern)
        #expect(Statistics.normalisedEntropy(xs.reversed())?.bitPattern == expected.bitPattern)
    }

    /// `distinctCount` compares short lists pairwise and hashes long ones: both give what a
    /// set gives, on both sides of the 16-value switch.
    @Test func distinctCountIsTheSetsCount() {
        var generator = SystemRandomNumberGenerator()
        for length in 0...40 {
            for spread in [1, 3, 10, 1_000] {
                let xs = (0..<length).map { _ in Int.random(in: 0..<spread, using: &generator) }
                #expect(Statistics.distinctCount(xs) == Set(xs).count, "\(xs)")
            }
        }
        #expect(Statistics.distinctCount(["AS-A", "AS-B", "AS-A", ""]) == 3)
    }
}
