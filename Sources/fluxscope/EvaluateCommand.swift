import Analysis
import ArgumentParser
import DNSWire
import Detection
import Foundation
import Reports

/// `fluxscope evaluate --labels FILE`: how each model does on labelled domains.
struct EvaluateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Measure precision, recall and false-positive rates of the models on labelled domains.",
        discussion: """
            Labels are lines DOMAIN<TAB>flux|benign, optionally followed by <TAB>CLASS (the \
            lab's --labels file has that form). A label applies to the domain and to the names \
            under it that have none of their own; DOMAIN<TAB>ignore leaves the domain (and such \
            names under it) unscored, as the lab does for the static name servers of a \
            single-flux zone. Prints the confusion matrix, precision, recall, FPR, TPR at FPR <= 1% and \
            <= 0.1% per model side by side, and the false positives by class.
            """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var analysisOptions: AnalysisOptions

    @Option(help: "The labels file.")
    var labels: String

    @Option(help: "The models to compare (repeatable): fluxscope, holz, zeek-holz or all.")
    var model: [String] = ["all"]

    @Flag(help: "Print one JSON object with every model's figures.")
    var json = false

    func run() async throws {
        guard let text = try? String(contentsOfFile: labels, encoding: .utf8) else {
            throw ValidationError("cannot read labels file \(labels)")
        }
        let table: LabelSet
        do { table = try LabelSet(text: text) } catch { throw ValidationError("\(labels): \(error)") }
        let models = try ModelChoice.models(model)
        let store = try await store.openForAnalysis()
        let evidence = try await analysisOptions.analysis().evidence(from: store)
        try await store.close()
        var rows: [String: [(score: Double, predicted: Verdict.Class, isFlux: Bool, label: String)]] = [:]
        var matched = Set<DNSName>()
        for v in Analysis.classify(evidence, models: models) {
            guard let (isFlux, cls, at) = table.label(for: v.domain) else { continue }
            matched.insert(at)
            rows[v.model, default: []].append((v.score, v.verdict, isFlux, cls))
        }
        let results = models.map { ($0.name, Evaluation.evaluate(rows[$0.name] ?? [])) }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            let object = Dictionary(uniqueKeysWithValues: results.map { ($0.0, $0.1) })
            print(String(decoding: try encoder.encode(object), as: UTF8.self))
        } else {
            print("\(table.count) labels, \(matched.count) matched by verdicts; \(evidence.count) domains judged\n")
            for (name, e) in results { print(EvaluationText.summary(model: name, e)) }
        }
    }
}
