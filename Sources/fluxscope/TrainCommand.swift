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
            --rounds stumps, each scaled by --shrinkage), then tests every model on a held-out world \
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
    var version = "3"

    func validate() throws {
        guard rounds >= 1, shrinkage > 0, shrinkage <= 1 else { throw ValidationError("--rounds must be >= 1 and --shrinkage in (0, 1]") }
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
        var weights = ModelTraining.fit(training, parameters: parameters, version: version, trainedOn: description)
        var sets = [("train", training)]
        for spacing in spacings {
            let test = try ModelTraining.examples(seed: testSeed, perClass: perClass, variation: .shifted, days: days, spacing: spacing,
                                                  enricher: enricher, psl: psl)
            print("test world seed \(testSeed) (shifted parameters), spacing \(spacing): \(test.count) examples")
            sets.append(("test, spacing \(spacing)", test))
        }
        print("")
        let models: [any DetectionModel] = [FluxScopeModel(weights: weights), HolzModel(), ZeekFluxModel()]
        for (name, set) in sets {
            print("== \(name)")
            for (model, e) in ModelTraining.evaluate(set, models: models) {
                print(EvaluationText.summary(model: model, e))
                // The weights file records the held-out figures at the first spacing (a prober that keeps up).
                if name == sets[1].0 && model == "fluxscope" {
                    weights.metrics = EvaluationText.metrics(e)
                }
            }
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(weights).write(to: URL(fileURLWithPath: out))
        print("\nwrote \(out) (version \(version))")
    }
}
