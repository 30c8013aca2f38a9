import Foundation
import Testing

@testable import Detection

struct FeatureTests {
    /// `Feature.index` is a hand-written switch: it must follow `allCases`, or vectors would
    /// file values under the wrong feature.
    @Test func indexIsThePositionInAllCases() {
        for (i, f) in Feature.allCases.enumerated() { #expect(f.index == i, "\(f)") }
    }

    @Test func everyFeatureKeepsItsOwnValue() {
        var v = FeatureVector()
        for (i, f) in Feature.allCases.enumerated() { v[f] = Double(i) }
        for (i, f) in Feature.allCases.enumerated() { #expect(v[f] == Double(i)) }
        #expect(v.all.map { $0.1 } == Feature.allCases.indices.map { Double($0) })
    }

    /// The model's per-model columns give what the per-domain standardisation gave.
    @Test func modelColumnsStandardiseAsTheWeightsSay() throws {
        let model = try FluxScopeModel.bundled()
        var v = FeatureVector()
        for (i, f) in Feature.allCases.enumerated() where i % 3 != 0 { v[f] = Double(i * 7) + 0.25 }
        let w = model.weights
        let z = FeatureScaling.standardised(v, weights: w)
        for i in w.features.indices {
            let expected: Double? = Feature(rawValue: w.features[i]).flatMap { v[$0] }.map { x in
                let t = w.transforms[i] == "log1p" ? log1p(max(0, x)) : x
                return (t - w.mean[i]) / (w.scale[i] > 0 ? w.scale[i] : 1)
            }
            #expect(z[i] == expected, "\(w.features[i])")
        }
    }
}
