import ArgumentParser
import Detection
import Enrichment
import Foundation
import Training

/// `fluxscope train`: (re)trains the FluxScope model on lab worlds and writes its weights file.
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train the FluxScope model on simulated lab worlds and write its weights file.",
        discussion: """
            Builds lab worlds with --per-class zones of every class from each --seed, probes them \
            in process for --days simulated days at each --spacing (1: every lookup when its TTL \
            runs out; 4: four times later, as a prober that falls behind sees a world), trains \
            gradient-boosted decision stumps on the features (one step function per feature: \
            --rounds stumps, each scaled by --shrinkage; monotone in every feature whose direction \
            the literature gives, docs/lab.md), then tests every model on a held-out world \
            (--test-seed) whose class parameters are shifted, at each spacing, and prints \
            precision, recall and the false-positive rate per benign class.
            """)

    @Option(parsing: .upToNextOption, help: "Seeds of the training worlds.")
    var seeds: [UInt64] = [11, 12, 13]

    @Option(help: "The seed of the held-out test world.")
    var testSeed: UInt64 = 99

    @Option(help: "Zones of each class per world.")
    var perClass = 6

    @Option(help: "Simulated days of probing.")
    var days = 3.0

    @Option(parsing: .upToNextOption, help: "Lookup spacings sampled (multiples of the TTL-driven interval).")
    var spacings: [Double] = [1, 4, 16]

    @Option(help: "Boosting rounds (stumps added).")
    var rounds = BoostedStumps.Parameters().rounds

    @Option(help: "Shrinkage (learning rate) of each stump.")
    var shrinkage = BoostedStumps.Parameters().shrinkage

    @Option(help: "Where to write the weights.")
    var out = "Sources/Detection/Resources/fluxscope-model.json"

    @Option(help: "The version written into the weights file.")
    var version = "4"

    @Option(help: "A weights file (e.g. the bundled one before retraining) to evaluate beside the new model, as 'baseline'.")
    var baseline: String?

    @Flag(help: "List every held-out domain the new model (and the baseline) gets wrong, with what it weighed most.")
    var showMisses = false

    @Option(parsing: .upToNextOption, help: "Features the model does not weigh (by name, e.g. address_lifetime_share).")
    var without: [String] = []

    func validate() throws {
        guard rounds >= 1, shrinkage > 0, shrinkage <= 1 else { throw ValidationError("--rounds must be >= 1 and --shrinkage in (0, 1]") }
        if let bad = without.first(where: { Feature(rawValue: $0) == nil }) { throw ValidationError("--without: no feature named \(bad)") }
    }

    func run() throws {
        guard let locationSource = try NetworkSources.systemDefault() else {
            throw ValidationError("the libloc database is missing (Debian libloc-database); training needs real ASNs")
        }
        let enricher = Enricher(sources: [locationSource])
        let psl = try PublicSuffixList.load()
        guard !spacings.isEmpty, spacings.allSatisfy({ $0 >= 1 }) else { throw ValidationError("--spacings are numbers >= 1") }
        var training: [LabSampler.Example] = []
        for seed in seeds {
            for spacing in spacings {
                let e = try ModelTraining.examples(seed: seed, perClass: perClass, variation: .standard, days: days, spacing: spacing,
                                                   enricher: enricher, psl: psl)
                print("train world seed \(seed), spacing \(spacing): \(e.count) examples")
                training += e
            }
        }
        let description = "fluxscope train --seeds \(seeds.map(String.init).joined(separator: " ")) --per-class \(perClass) --days \(days)"
            + " --spacings \(spacings.map { String($0) }.joined(separator: " ")): \(training.count) examples"
        var parameters = BoostedStumps.Parameters()
        parameters.rounds = rounds
        parameters.shrinkage = shrinkage
        parameters.excluded = Set(without.compactMap(Feature.init(rawValue:)))
        var weights = ModelTraining.fit(training, parameters: parameters, version: version, trainedOn: description)
        var sets = [("train", training)]
        for spacing in spacings {
            let test = try ModelTraining.examples(seed: testSeed, perClass: perClass, variation: .shifted, days: days, spacing: spacing,
                                                  enricher: enricher, psl: psl)
            print("test world seed \(testSeed) (shifted parameters), spacing \(spacing): \(test.count) examples")
            sets.append(("test, spacing \(spacing)", test))
        }
        print("")
        var models: [any DetectionModel] = [FluxScopeModel(weights: weights), HolzModel(), ZeekFluxModel()]
        if let baseline {
            models.append(FluxScopeModel(weights: try JSONDecoder().decode(ModelWeights.self, from: Data(contentsOf: URL(fileURLWithPath: baseline)))))
        }
        for (name, set) in sets {
            print("== \(name)")
            for (index, (model, e)) in ModelTraining.evaluate(set, models: models).enumerated() {
                print(EvaluationText.summary(model: index == 3 ? "baseline" : model, e))
                // The weights file records the held-out figures at the first spacing (a prober that keeps up).
                if name == sets[1].0 && index == 0 {
                    weights.metrics = EvaluationText.metrics(e)
                }
            }
            if showMisses && name != "train" {
                printMisses(set, model: models[0], label: "fluxscope")
                if models.count > 3 { printMisses(set, model: models[3], label: "baseline") }
            }
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(weights).write(to: URL(fileURLWithPath: out))
        print("\nwrote \(out) (version \(version))")
    }

    /// One line per missed flux domain or flagged benign one: its class, level, score, verdict and what weighed most.
    private func printMisses(_ set: [LabSampler.Example], model: any DetectionModel, label: String) {
        for (e, v) in ModelTraining.misjudged(set, model: model) {
            let shown: [Feature] = [.lookups, .distinctAddresses, .distinctASNs, .meanAnswerSize, .ttlMedian, .freshAddressRate]
            let values = shown.map { f in "\(f.name)=\(v.features[f].map { String(format: "%.2f", $0) } ?? "?")" }
            let top = v.evidence.filter { ($0.contribution ?? 0) != 0 }.prefix(6).map { "\($0.name) \(String(format: "%+.2f", $0.contribution!))" }
            print("  \(label) \(e.kind.isFlux ? "missed" : "flagged") \(e.kind.rawValue) \(v.level.rawValue) \(v.domain) \(v.verdict.rawValue) score \(String(format: "%.3f", v.score))"
                  + (v.reason.map { " (\($0))" } ?? "") + ": \(values.joined(separator: " ")); \(top.joined(separator: ", "))")
        }
    }
}
