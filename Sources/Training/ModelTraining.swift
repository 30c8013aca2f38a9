import DNSWire
import Detection
import Enrichment
import FluxModel
import Foundation
import Lab

/// Trains and tests the FluxScope model on lab worlds: train on some seeds, test on another
/// seed with shifted class parameters, and report every model side by side.
public enum ModelTraining {
    /// Labelled examples from one generated world.
    /// `spacing` delays every lookup by that factor over what the TTL asks (see
    /// `LabSampler.spacing`).
    public static func examples(seed: UInt64, perClass: Int, variation: TrainingScenarios.Variation, days: Double,
                                spacing: Double = 1, enricher: Enricher, psl: PublicSuffixList,
                                locationDatabase: String = LibLocDatabase.defaultPath) throws -> [LabSampler.Example] {
        let world = try LabWorld(scenario: TrainingScenarios.scenario(seed: seed, perClass: perClass, variation: variation),
                                 databasePath: locationDatabase)
        var sampler = LabSampler(world: world)
        sampler.duration = days * 86_400
        sampler.spacing = spacing
        return sampler.examples(enricher: enricher, psl: psl)
    }

    /// Fits the boosted stumps on examples.
    public static func fit(_ examples: [LabSampler.Example], parameters: BoostedStumps.Parameters = .init(), version: String,
                           trainedOn: String) -> ModelWeights {
        let samples = examples.map {
            BoostedStumps.Sample(features: FeatureExtractor.extract($0.evidence), isFlux: $0.kind.isFlux, label: $0.kind.rawValue)
        }
        return BoostedStumps.fit(samples, parameters: parameters, version: version, trainedOn: trainedOn)
    }

    /// How each model does on examples: the confusion matrix and rates, FPR by benign class.
    public static func evaluate(_ examples: [LabSampler.Example], models: [any DetectionModel]) -> [(model: String, evaluation: Evaluation)] {
        let features = examples.map { FeatureExtractor.extract($0.evidence) }
        return models.map { model in
            let rows = zip(examples, features).map { e, f in
                let v = model.classify(f, evidence: e.evidence)
                return (score: v.score, predicted: v.verdict, isFlux: e.kind.isFlux, label: e.kind.rawValue)
            }
            return (model.name, Evaluation.evaluate(rows))
        }
    }
}
