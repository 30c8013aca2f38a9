import Detection
import Foundation
import Lab
import TestSupport
import Testing
import Training

/// The model trained on one lab seed and tested on other worlds: another seed with the same
/// class parameters, and a seed whose class parameters are shifted (other pool sizes, TTLs,
/// answer counts). Prints the figures, per benign class.
@Suite(.serialized, .enabled(if: LabWorlds.available, "needs libloc-database and publicsuffix (scripts/setup.sh)"))
struct CrossSeedTests {
    @Test func modelTrainedOnOneSeedHoldsOnAnotherSeedAndShiftedParameters() async throws {
        // Minutes of CPU: on a thread of its own, not on the cooperative pool that every other
        // test's `await` needs (see `offPool`).
        let runs = try await offPool { () -> [(label: String, seed: UInt64, results: [(model: String, evaluation: Evaluation)])] in
            let enricher = try LabWorlds.enricher()
            let psl = try PublicSuffixList.load()
            let train = try ModelTraining.examples(seed: 11, perClass: 6, variation: .standard, days: 3, enricher: enricher, psl: psl)
            let weights = ModelTraining.fit(train, version: "cross-seed-test", trainedOn: "seed 11")
            let model = FluxScopeModel(weights: weights)
            return try [("other seed", UInt64(12), TrainingScenarios.Variation.standard), ("shifted parameters", UInt64(99), .shifted)]
                .map { label, seed, variation in
                    let test = try ModelTraining.examples(seed: seed, perClass: 6, variation: variation, days: 3, enricher: enricher, psl: psl)
                    return (label, seed, ModelTraining.evaluate(test, models: [model, HolzModel()]))
                }
        }
        for (label, seed, results) in runs {
            for (name, e) in results {
                let perClass = e.negativesByClass.keys.sorted().map { c in
                    "\(c) \(e.falsePositivesByClass[c] ?? 0)/\(e.negativesByClass[c] ?? 0)"
                }
                print("cross-seed train 11 -> \(label) (seed \(seed)) \(name): TP \(e.truePositives) FP \(e.falsePositives) TN \(e.trueNegatives) FN \(e.falseNegatives) precision \(e.precision ?? -1) recall \(e.recall ?? -1) FPR \(e.falsePositiveRate ?? -1); FP by class: \(perClass.joined(separator: ", "))")
            }
            let ours = try #require(results.first { $0.model == "fluxscope" }?.evaluation)
            let holz = try #require(results.first { $0.model == "holz" }?.evaluation)
            // Measured (2026-12-07, boosted stumps): FPR 0.3% (seed 12) and 0.7% (shifted),
            // recall 93.6% and 80.0%; worst classes seeder-pool 1 of 30 (seed 12) and
            // dynamic-dns 2 of 48 (shifted). Holz: FPR 33%. Once the static name servers of
            // single-flux zones were no longer labelled flux (LabWorld.unclassifiedNames):
            // FPR 0% and 0.7%, recall 100% and 89.4%; dynamic-dns 2 of 48 (shifted).
            #expect(ours.trueNegatives + ours.falsePositives >= 200 && ours.truePositives + ours.falseNegatives >= 100)
            #expect((ours.falsePositiveRate ?? 1) <= 0.05, "\(label): FPR \(ours.falsePositiveRate ?? 1)")
            #expect((ours.recall ?? 0) >= 0.75, "\(label): recall \(ours.recall ?? 0)")
            #expect((ours.falsePositiveRate ?? 1) * 5 <= (holz.falsePositiveRate ?? 0), "ours should beat the Holz score's FPR by far")
            for (c, n) in ours.negativesByClass {
                #expect(Double(ours.falsePositivesByClass[c] ?? 0) <= 0.2 * Double(n), "\(label): \(c) FPR above 20%")
            }
        }
    }
}
