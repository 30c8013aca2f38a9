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
}
