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
}
