import Foundation
import Testing

@testable import Reports

/// `FixedDecimal` must print exactly what `String(format:)` (glibc's printf) prints: the
/// table of `analyze` is compared byte for byte across versions.
struct FixedDecimalTests {
    static let formats: [(digits: Int, plus: Bool)] = [(0, false), (2, false), (3, false), (2, true), (6, true)]

    func expectSame(_ x: Double, sourceLocation: SourceLocation = #_sourceLocation) {
        for (digits, plus) in FixedDecimalTests.formats {
            let expected = String(format: plus ? "%+.\(digits)f" : "%.\(digits)f", x)
            #expect(FixedDecimal.string(x, digits: digits, plus: plus) == expected, "\(x) %\(plus ? "+" : "").\(digits)f",
                    sourceLocation: sourceLocation)
        }
    }

    @Test func tiesRoundToEvenOnTheExactBinaryValue() {
        // 0.125 and 2.5 are exact ties (to even: 0.12, 2); 0.135 and 1.005 are not ties in
        // binary (0.135 is above its decimal, 1.005 below).
        for x in [0.125, 0.375, 2.5, 3.5, 0.5, 1.5, 0.0005, 0.0015, 0.135, 1.005, 2.675, 1e-7, 5e-7, 4.9999995] {
            expectSame(x)
            expectSame(-x)
        }
        #expect(FixedDecimal.string(0.125, digits: 2) == "0.12")
        #expect(FixedDecimal.string(2.5, digits: 0) == "2")
    }

    @Test func signsAsPrintfWritesThem() {
        for x in [0.0, -0.0, -0.0001, 0.0001, -1e-300, Double.leastNonzeroMagnitude, -Double.leastNonzeroMagnitude] { expectSame(x) }
        #expect(FixedDecimal.string(-0.0001, digits: 3) == "-0.000")
        #expect(FixedDecimal.string(0, digits: 2, plus: true) == "+0.00")
    }

    @Test func largeAndNonFiniteValuesMatchToo() {
        for x in [99.999, 100, 123_456.789, 999_999_999_999.9, 1e12, 1e15, 1e300, .infinity, -.infinity, .nan, Double.greatestFiniteMagnitude] {
            expectSame(x)
        }
    }

    @Test func randomValuesMatch() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            let scale = [1e-4, 1e-2, 1, 10, 1_000, 1e6, 1e9][Int.random(in: 0..<7, using: &generator)]
            expectSame(Double.random(in: -1...1, using: &generator) * scale)
            // Values on a thousandth grid: near ties for three decimals.
            expectSame(Double(Int.random(in: -2_000_000...2_000_000, using: &generator)) / 2_000)
        }
    }
}
