import Foundation

/// Fits an L2-regularised logistic regression by full-batch gradient descent: deterministic,
/// dependency-free, and small enough to read. Chosen over boosted trees because each
/// feature's contribution to a verdict is then exactly `weight * standardised value`.
public enum LogisticRegression {
    /// One labelled example.
    public struct Sample: Sendable {
        public var features: FeatureVector
        public var isFlux: Bool
        /// A class name kept for per-class reports (`fast-flux`, `cdn`, `ntp-pool`, ...).
        public var label: String

        /// Creates a sample.
        public init(features: FeatureVector, isFlux: Bool, label: String) {
            self.features = features
            self.isFlux = isFlux
            self.label = label
        }
    }

    /// Trains weights over every feature.
    public static func fit(_ samples: [Sample], l2: Double = 0.01, iterations: Int = 3000, learningRate: Double = 0.5,
                           version: String, trainedOn: String) -> ModelWeights {
        let features = Feature.allCases.filter { !Feature.context.contains($0) }
        let transforms = features.map(FeatureScaling.transform(for:))
        var mean = [Double](repeating: 0, count: features.count)
        var scale = [Double](repeating: 1, count: features.count)
        for (i, f) in features.enumerated() {
            let xs = samples.compactMap { $0.features[f].map { FeatureScaling.apply(transforms[i], $0) } }
            guard !xs.isEmpty else { continue }
            let m = xs.reduce(0, +) / Double(xs.count)
            let sd = (xs.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(xs.count)).squareRoot()
            mean[i] = m
            scale[i] = sd > 1e-9 ? sd : 1
        }
        var w = ModelWeights(version: version, trainedOn: trainedOn, features: features.map(\.name), transforms: transforms,
                             mean: mean, scale: scale, weights: Array(repeating: 0, count: features.count), bias: 0)
        let x = samples.map { FeatureScaling.standardised($0.features, weights: w).map { $0 ?? 0 } }
        let y = samples.map { $0.isFlux ? 1.0 : 0.0 }
        // Balance the classes so that the many benign look-alikes do not drown the flux ones.
        let positives = max(1, y.filter { $0 == 1 }.count), negatives = max(1, y.count - positives)
        let sampleWeight = y.map { $0 == 1 ? Double(y.count) / (2 * Double(positives)) : Double(y.count) / (2 * Double(negatives)) }
        let n = Double(max(1, samples.count))
        for _ in 0..<iterations {
            var grad = [Double](repeating: 0, count: features.count)
            var gradBias = 0.0
            for s in x.indices {
                var z = w.bias
                for j in grad.indices { z += w.weights[j] * x[s][j] }
                let err = (1 / (1 + exp(-z)) - y[s]) * sampleWeight[s]
                gradBias += err
                for j in grad.indices { grad[j] += err * x[s][j] }
            }
            for j in grad.indices { w.weights[j] -= learningRate * (grad[j] / n + l2 * w.weights[j]) }
            w.bias -= learningRate * gradBias / n
        }
        return w
    }
}
