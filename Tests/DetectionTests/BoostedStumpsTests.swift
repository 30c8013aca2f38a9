import DNSWire
import Foundation
import Testing

@testable import Detection

struct BoostedStumpsTests {
    /// Samples over one feature on a grid in [0, 1), flux when `isFlux(x)`; `unknown` marks
    /// which samples have the feature unknown.
    static func samples(_ feature: Feature, count: Int = 200, isFlux: (Double) -> Bool,
                        unknown: (Int) -> Bool = { _ in false }) -> [BoostedStumps.Sample] {
        (0..<count).map { i in
            let x = (Double(i) + 0.5) / Double(count)
            var v = FeatureVector()
            v[feature] = unknown(i) ? nil : x
            // A second feature, uninformative, always known.
            v[.distinctAddresses] = Double(i % 7)
            return BoostedStumps.Sample(features: v, isFlux: isFlux(x), label: isFlux(x) ? "flux" : "benign")
        }
    }

    static func term(_ w: ModelWeights, _ f: Feature) throws -> ModelWeights.Term {
        try #require(w.terms.first { $0.feature == f.name })
    }

    static func logit(_ w: ModelWeights, _ v: FeatureVector) -> Double {
        w.bias + w.terms.reduce(0) { $0 + $1.contribution(Feature(rawValue: $1.feature).flatMap { v[$0] }) }
    }

    /// A flux band in the middle of a feature's range: no single weight on the feature can
    /// separate it, a step function that rises and falls does.
    @Test func learnsAFeatureThatIsNotMonotone() throws {
        let data = Self.samples(.reseenShare) { $0 > 0.3 && $0 < 0.6 }
        let w = BoostedStumps.fit(data, version: "t", trainedOn: "band")
        for s in data {
            let x = s.features[.reseenShare]!
            guard abs(x - 0.3) > 0.02 && abs(x - 0.6) > 0.02 else { continue }
            #expect((Self.logit(w, s.features) > 0) == s.isFlux, "x = \(x)")
        }
        let t = try Self.term(w, .reseenShare)
        #expect(t.contribution(0.45) > t.contribution(0.1) && t.contribution(0.45) > t.contribution(0.9))
        // The uninformative feature moves the logit far less than the informative one.
        let noise = try Self.term(w, .distinctAddresses)
        #expect((noise.values.max()! - noise.values.min()!) < (t.values.max()! - t.values.min()!) / 4)
    }

    /// Each term is centred on the class-balanced training mean, the means moved into the
    /// bias: 0 is "as the average training domain".
    @Test func termsAreCentredOnTheTrainingMean() throws {
        let data = Self.samples(.reseenShare, count: 150) { $0 < 0.2 }
        let w = BoostedStumps.fit(data, version: "t", trainedOn: "low")
        let positives = Double(data.filter(\.isFlux).count), negatives = Double(data.count) - positives
        for f in [Feature.reseenShare, .distinctAddresses] {
            let t = try Self.term(w, f)
            let weighted = data.reduce(0.0) { sum, s in
                sum + t.contribution(s.features[f]) * (s.isFlux ? 1 / positives : 1 / negatives)
            }
            #expect(abs(weighted) < 1e-9, "\(f): \(weighted)")
        }
        #expect(try Self.term(w, .reseenShare).contribution(0.1) > 1)
    }

    /// Unknown counts as the average when training never saw the feature unknown, and gets a
    /// learned value when it did (here: unknown only on flux samples).
    @Test func unknownValuesAreLearnedOnlyWhereTrainingHadThem() throws {
        let neverUnknown = BoostedStumps.fit(Self.samples(.ttlMedian) { $0 < 0.5 }, version: "t", trainedOn: "")
        #expect(try Self.term(neverUnknown, .ttlMedian).unknown == 0)
        let data = Self.samples(.ttlMedian, isFlux: { $0 < 0.5 }, unknown: { $0 % 4 == 0 && $0 < 100 })
        let learned = BoostedStumps.fit(data, version: "t", trainedOn: "")
        let t = try Self.term(learned, .ttlMedian)
        #expect(t.unknown > 0.5, "unknown was only ever flux: \(t.unknown)")
        // Features absent from every sample stay neutral.
        #expect(try Self.term(learned, .glueTTLMin) == ModelWeights.Term(feature: "glue_ttl_min", cuts: [], values: [0], unknown: 0))
    }

    @Test func trainingIsDeterministic() {
        let data = Self.samples(.freshAddressRate, isFlux: { $0 > 0.7 || $0 < 0.1 }, unknown: { $0 % 9 == 0 })
        #expect(BoostedStumps.fit(data, version: "t", trainedOn: "") == BoostedStumps.fit(data, version: "t", trainedOn: ""))
    }

    /// The step function on hand-picked values: `cuts[i-1] < x <= cuts[i]` takes `values[i]`.
    @Test func stepFunctionTakesTheIntervalOfItsValue() {
        let t = ModelWeights.Term(feature: "n_asn", cuts: [1, 3], values: [-1, 0.5, 2], unknown: 0.25)
        #expect(t.contribution(0) == -1)
        #expect(t.contribution(1) == -1)
        #expect(t.contribution(1.5) == 0.5)
        #expect(t.contribution(3) == 0.5)
        #expect(t.contribution(3.01) == 2)
        #expect(t.contribution(1e9) == 2)
        #expect(t.contribution(nil) == 0.25)
        #expect(t.contribution(.nan) == 0.25)
        #expect(t.isValid)
        #expect(!ModelWeights.Term(feature: "n_asn", cuts: [3, 1], values: [0, 0, 0], unknown: 0).isValid)
        #expect(!ModelWeights.Term(feature: "n_asn", cuts: [1], values: [0], unknown: 0).isValid)
        #expect(!ModelWeights.Term(feature: "n_asn", cuts: [1], values: [0, .infinity], unknown: 0).isValid)
    }

    /// The bundled weights: well formed, a term for every feature the model weighs, and a
    /// verdict's contributions add up (with the bias) to the logit of its score.
    @Test func bundledModelsContributionsAddUpToItsScore() throws {
        let model = try FluxScopeModel.bundled()
        #expect(model.weights.terms.map(\.feature) == BoostedStumps.modelFeatures.map(\.name))
        let invalid = model.weights.terms.filter { !$0.isValid }.map(\.feature)
        #expect(invalid.isEmpty)
        var v = FeatureVector()
        for (i, f) in Feature.allCases.enumerated() where i % 3 != 0 { v[f] = Double(i % 5) * 0.3 + Double(i) }
        let verdict = model.classify(v, evidence: DomainEvidence(domain: try DNSName("x.example."), addresses: []))
        let sum = verdict.evidence.reduce(model.weights.bias) { $0 + ($1.contribution ?? .nan) }
        #expect(abs(1 / (1 + exp(-sum)) - verdict.score) < 1e-12)
        #expect(verdict.evidence.count == model.weights.terms.count)
        #expect(verdict.evidence.filter { $0.note == "unknown" }.allSatisfy { $0.value == nil })
    }
}
