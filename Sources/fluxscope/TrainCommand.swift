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
            in process for --days simulated days, trains a logistic regression on the features, \
            then tests every model on a held-out world (--test-seed) whose class parameters are \
            shifted, and prints precision, recall and the false-positive rate per benign class.
            """)

    @Option(parsing: .upToNextOption, help: "Seeds of the training worlds.")
    var seeds: [UInt64] = [11, 12, 13]

    @Option(help: "The seed of the held-out test world.")
    var testSeed: UInt64 = 99

    @Option(help: "Zones of each class per world.")
    var perClass = 6

    @Option(help: "Simulated days of probing.")
    var days = 3.0

    @Option(help: "Where to write the weights.")
    var out = "Sources/Detection/Resources/fluxscope-model.json"

    @Option(help: "The version written into the weights file.")
    var version = "1"

    func run() throws {
        guard let locationSource = try NetworkSources.systemDefault() else {
            throw ValidationError("the libloc database is missing (Debian libloc-database); training needs real ASNs")
        }
        let enricher = Enricher(sources: [locationSource])
        let psl = try PublicSuffixList.load()
        var training: [LabSampler.Example] = []
        for seed in seeds {
            let e = try ModelTraining.examples(seed: seed, perClass: perClass, variation: .standard, days: days, enricher: enricher, psl: psl)
            print("train world seed \(seed): \(e.count) examples")
            training += e
        }
        let description = "fluxscope train --seeds \(seeds.map(String.init).joined(separator: " ")) --per-class \(perClass) --days \(days): \(training.count) examples"
        var weights = ModelTraining.fit(training, version: version, trainedOn: description)
        let test = try ModelTraining.examples(seed: testSeed, perClass: perClass, variation: .shifted, days: days, enricher: enricher, psl: psl)
        print("test world seed \(testSeed) (shifted parameters): \(test.count) examples\n")
        let models: [any DetectionModel] = [FluxScopeModel(weights: weights), HolzModel(), ZeekFluxModel()]
        for (name, set) in [("train", training), ("test", test)] {
            print("== \(name)")
            for (model, e) in ModelTraining.evaluate(set, models: models) {
                print(EvaluationText.summary(model: model, e))
                if name == "test" && model == "fluxscope" {
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
