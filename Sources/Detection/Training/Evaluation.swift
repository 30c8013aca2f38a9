/// Confusion matrix and rates for one model on labelled domains.
public struct Evaluation: Sendable, Codable, Equatable {
    public var truePositives = 0, falsePositives = 0, trueNegatives = 0, falseNegatives = 0
    /// Verdicts of `insufficient-data` are counted apart (neither positive nor negative).
    public var undecided = 0
    /// False positives by the benign class they came from.
    public var falsePositivesByClass: [String: Int] = [:]
    /// Negatives by class (the denominators of the per-class false-positive rates).
    public var negativesByClass: [String: Int] = [:]
    /// True positive rate at a false-positive rate of at most 1% and 0.1% (from the scores).
    public var tprAtFPR1: Double?
    public var tprAtFPR01: Double?

    /// Creates an empty evaluation.
    public init() {}

    public var precision: Double? { truePositives + falsePositives == 0 ? nil : Double(truePositives) / Double(truePositives + falsePositives) }
    public var recall: Double? { truePositives + falseNegatives == 0 ? nil : Double(truePositives) / Double(truePositives + falseNegatives) }
    public var falsePositiveRate: Double? { falsePositives + trueNegatives == 0 ? nil : Double(falsePositives) / Double(falsePositives + trueNegatives) }

    /// Evaluates (score, predicted flux?, truly flux?, class) rows. Undecided rows count as
    /// predicted benign for the rates, and are reported in `undecided`.
    public static func evaluate(_ rows: [(score: Double, predicted: Verdict.Class, isFlux: Bool, label: String)]) -> Evaluation {
        var e = Evaluation()
        for r in rows {
            if r.predicted == .insufficientData { e.undecided += 1 }
            let flagged = r.predicted.isFlux
            switch (flagged, r.isFlux) {
            case (true, true): e.truePositives += 1
            case (true, false):
                e.falsePositives += 1
                e.falsePositivesByClass[r.label, default: 0] += 1
            case (false, false): e.trueNegatives += 1
            case (false, true): e.falseNegatives += 1
            }
            if !r.isFlux { e.negativesByClass[r.label, default: 0] += 1 }
        }
        e.tprAtFPR1 = tpr(atFPR: 0.01, rows.map { ($0.score, $0.isFlux) })
        e.tprAtFPR01 = tpr(atFPR: 0.001, rows.map { ($0.score, $0.isFlux) })
        return e
    }

    /// The best true-positive rate over score thresholds whose false-positive rate is at most
    /// `limit` (ties in score are taken together, so a threshold never splits them).
    static func tpr(atFPR limit: Double, _ rows: [(Double, Bool)]) -> Double? {
        let p = rows.filter(\.1).count, n = rows.count - p
        guard p > 0, n > 0 else { return nil }
        let sorted = rows.sorted { $0.0 > $1.0 }
        var tp = 0, fp = 0, best = 0.0
        var i = 0
        while i < sorted.count {
            let s = sorted[i].0
            while i < sorted.count && sorted[i].0 == s {
                if sorted[i].1 { tp += 1 } else { fp += 1 }
                i += 1
            }
            if Double(fp) / Double(n) <= limit { best = max(best, Double(tp) / Double(p)) }
        }
        return best
    }
}
