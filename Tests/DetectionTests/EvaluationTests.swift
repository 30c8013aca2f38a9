import DNSWire
import Testing
@testable import Detection

/// `Evaluation` (what `fluxscope evaluate` prints) on a tiny labelled set whose confusion
/// matrix and rates are worked out by hand below.
struct EvaluationTests {
    /// Ten domains. Sorted by score, with the truth (P flux, N benign):
    ///   0.95 P  fast-flux      TP
    ///   0.90 P  fast-flux      TP   (tied with the next, a benign one)
    ///   0.90 N  fast-flux      FP   class cdn
    ///   0.80 P  double-flux    TP
    ///   0.60 N  benign         TN   class ntp-pool
    ///   0.40 P  benign         FN
    ///   0.30 P  insufficient   FN   (undecided: counted as not flagged)
    ///   0.20 N  cdn            TN   class cdn
    ///   0.10 N  benign         TN   class ntp-pool
    ///   0.05 N  round-robin    TN   class round-robin
    /// TP 3, FP 1, TN 4, FN 2, undecided 1. Precision 3/4, recall 3/5, FPR 1/5.
    /// TPR at FPR <= 1% (and 0.1%): no false positive allowed among 5 negatives, and the tie
    /// at 0.90 cannot be split, so only 0.95 is above the threshold: 1/5.
    /// TPR at FPR <= 20% (one false positive allowed): down to 0.80: 3/5.
    static let rows: [(score: Double, predicted: Verdict.Class, isFlux: Bool, label: String)] = [
        (0.30, .insufficientData, true, "fast-flux"),
        (0.95, .fastFlux, true, "fast-flux"),
        (0.10, .benign, false, "ntp-pool"),
        (0.90, .fastFlux, true, "fast-flux"),
        (0.90, .fastFlux, false, "cdn"),
        (0.05, .roundRobin, false, "round-robin"),
        (0.80, .doubleFlux, true, "double-flux"),
        (0.60, .benign, false, "ntp-pool"),
        (0.40, .benign, true, "fast-flux"),
        (0.20, .cdn, false, "cdn"),
    ]

    @Test func confusionMatrixAndRatesMatchAHandComputation() {
        let e = Evaluation.evaluate(Self.rows)
        #expect((e.truePositives, e.falsePositives, e.trueNegatives, e.falseNegatives) == (3, 1, 4, 2))
        #expect(e.undecided == 1)
        #expect(e.precision == 0.75)
        #expect(e.recall == 0.6)
        #expect(e.falsePositiveRate == 0.2)
        #expect(e.falsePositivesByClass == ["cdn": 1])
        #expect(e.negativesByClass == ["cdn": 2, "ntp-pool": 2, "round-robin": 1])
    }

    @Test func truePositiveRateAtAFalsePositiveRateNeverSplitsTiedScores() {
        let e = Evaluation.evaluate(Self.rows)
        #expect(e.tprAtFPR1 == 0.2)
        #expect(e.tprAtFPR01 == 0.2)
        let scored = Self.rows.map { ($0.score, $0.isFlux) }
        #expect(Evaluation.tpr(atFPR: 0.2, scored) == 0.6)
        #expect(Evaluation.tpr(atFPR: 1, scored) == 1)
        // Without the tie (the benign 0.90 lowered to 0.85) the 0.90 positive counts: 2/5.
        var untied = scored
        untied[4].0 = 0.85
        #expect(Evaluation.tpr(atFPR: 0.01, untied) == 0.4)
    }

    @Test func ratesAreUnknownWithoutTheirDenominators() {
        let onlyBenign = Evaluation.evaluate([(0.1, .benign, false, "cdn"), (0.7, .fastFlux, false, "vpn")])
        #expect(onlyBenign.recall == nil && onlyBenign.tprAtFPR1 == nil)
        #expect(onlyBenign.precision == 0 && onlyBenign.falsePositiveRate == 0.5)
        #expect(Evaluation.evaluate([]).precision == nil)
    }

    @Test func labelsApplyToNamesBelowUnlessTheyHaveTheirOwnOrAreIgnored() throws {
        let labels = try LabelSet(text: """
            # the lab's form
            avalanche-shop.lab\tflux\tfast-flux
            ns1.avalanche-shop.lab\tignore\tname-server
            example.org\tbenign

            """)
        #expect(labels.count == 3)
        func name(_ text: String) throws -> DNSName { try DNSName(text) }
        let zone = try name("avalanche-shop.lab"), ns1 = try name("ns1.avalanche-shop.lab")
        let below = try name("a.ns1.avalanche-shop.lab"), ns2 = try name("ns2.avalanche-shop.lab")
        let wildcard = try #require(labels.label(for: try name("qzx.avalanche-shop.lab")))
        #expect(wildcard.isFlux && wildcard.cls == "fast-flux" && wildcard.at == zone)
        #expect(labels.label(for: ns1) == nil)
        #expect(labels.label(for: below) == nil)
        #expect(labels.label(for: ns2)?.isFlux == true)
        let benign = try #require(labels.label(for: try name("www.example.org")))
        #expect(!benign.isFlux && benign.cls == "benign")
        let outside = try name("example.com")
        #expect(labels.label(for: outside) == nil)
        #expect(throws: LabelSet.FormatError.self) { try LabelSet(text: "good.example\tflux\nbad.example\tmaybe\n") }
        do {
            _ = try LabelSet(text: "good.example\tflux\nbad.example\tmaybe\n")
        } catch {
            #expect(error.line == 2)
        }
    }
}
