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
        transform == "log1p" ? log1p(max(0, x)) : x
    }

    /// The standardised vector for a model (0 where unknown).
    static func standardised(_ v: FeatureVector, weights w: ModelWeights) -> [Double?] {
        w.features.indices.map { i in
            guard let f = Feature(rawValue: w.features[i]), let x = v[f] else { return nil }
            let s = w.scale[i] > 0 ? w.scale[i] : 1
            return (apply(w.transforms[i], x) - w.mean[i]) / s
        }
    }
}
