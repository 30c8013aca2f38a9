import Foundation

/// The transform and standardisation shared by training and classification, so that both
/// see features the same way. Unknown values become 0 after standardisation: the training
/// mean, contributing nothing.
enum FeatureScaling {
    /// Counts and durations get log1p; shares, entropies and rates stay as they are.
    static func transform(for f: Feature) -> String {
        switch f {
        case .cdnShare, .anycastShare, .hostingShare, .specialShare, .prefix16Entropy, .ttlShareUnder300,
             .answerSetChangeRate, .addressLifetimeShare, .nameServersInZone, .consumerReverseShare:
            return "none"
        default:
            return "log1p"
        }
    }

    static func apply(_ transform: String, _ x: Double) -> Double {
        apply(log1p: transform == "log1p", x)
    }

    /// The transform itself: log1p of the value (negatives as 0), or the value.
    static func apply(log1p: Bool, _ x: Double) -> Double {
        log1p ? Foundation.log1p(max(0, x)) : x
    }

    /// The standardised vector for a model (`nil` where unknown).
    static func standardised(_ v: FeatureVector, weights w: ModelWeights) -> [Double?] {
        columns(w).map { c in c.feature.flatMap { v[$0] }.map(c.standardised) }
    }

    /// One weight of a model with what standardising its feature needs, resolved from the
    /// weights file once.
    struct Column: Sendable {
        /// The feature's name in the weights file, and the feature (`nil` when the name is
        /// not one this build knows: its value is unknown).
        var name: String
        var feature: Feature?
        var log1p: Bool
        var mean: Double
        /// The scale, 1 where the file's is not positive.
        var scale: Double
        var weight: Double

        /// The transformed value, centred and scaled.
        func standardised(_ x: Double) -> Double {
            (FeatureScaling.apply(log1p: log1p, x) - mean) / scale
        }
    }

    /// The columns of a model's weights, in weight order.
    static func columns(_ w: ModelWeights) -> [Column] {
        w.features.indices.map { i in
            Column(name: w.features[i], feature: Feature(rawValue: w.features[i]), log1p: w.transforms[i] == "log1p",
                   mean: w.mean[i], scale: w.scale[i] > 0 ? w.scale[i] : 1, weight: w.weights[i])
        }
    }
}
