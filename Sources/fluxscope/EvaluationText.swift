import Detection
import Foundation

/// Readable and numeric forms of an `Evaluation`.
enum EvaluationText {
    static func percent(_ x: Double?) -> String { x.map { String(format: "%.1f%%", $0 * 100) } ?? "n/a" }

    static func summary(model: String, _ e: Evaluation) -> String {
        var lines = [
            "\(model.padding(toLength: 10, withPad: " ", startingAt: 0)) TP \(e.truePositives)  FP \(e.falsePositives)  TN \(e.trueNegatives)  FN \(e.falseNegatives)  undecided \(e.undecided)",
            "           precision \(percent(e.precision))  recall \(percent(e.recall))  FPR \(percent(e.falsePositiveRate))  TPR@FPR<=1% \(percent(e.tprAtFPR1))  TPR@FPR<=0.1% \(percent(e.tprAtFPR01))",
        ]
        let classes = e.negativesByClass.keys.sorted()
        if !classes.isEmpty {
            let perClass = classes.map { c in
                let fp = e.falsePositivesByClass[c] ?? 0, n = e.negativesByClass[c] ?? 0
                return "\(c) \(fp)/\(n)"
            }
            lines.append("           false positives by class: " + perClass.joined(separator: ", "))
        }
        return lines.joined(separator: "\n")
    }

    static func metrics(_ e: Evaluation) -> [String: Double] {
        var m: [String: Double] = [:]
        m["test_precision"] = e.precision
        m["test_recall"] = e.recall
        m["test_fpr"] = e.falsePositiveRate
        m["test_tpr_at_fpr_1pct"] = e.tprAtFPR1
        m["test_tpr_at_fpr_0.1pct"] = e.tprAtFPR01
        return m
    }
}
