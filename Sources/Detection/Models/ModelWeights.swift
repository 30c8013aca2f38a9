import FluxModel

/// The trained parameters of the FluxScope model, as stored in its versioned weights file
/// (`Sources/Detection/Resources/fluxscope-model.json`, written by `fluxscope train`).
///
/// The model is additive: logit = `bias` + the sum over `terms` of each term's contribution,
/// score = logistic(logit). Each term is a step function of one feature (boosted decision
/// stumps, see `BoostedStumps`), so a feature's contribution to a verdict is exactly its
/// term's value, and may rise and fall with the feature (which a linear weight cannot).
public struct ModelWeights: Codable, Sendable, Equatable {
    /// A version string, bumped whenever the file is retrained.
    public var version: String
    /// How the training data was made (command, seeds, sizes, boosting parameters).
    public var trainedOn: String
    /// The logit of a domain every term is neutral about (each term is centred on the
    /// training worlds, class-balanced, so that 0 means "as the average training domain").
    public var bias: Double
    /// One step function per feature, in the order the evidence lists them before sorting.
    public var terms: [Term]
    /// Metrics measured when the file was written (for the record; not used to classify).
    public var metrics: [String: Double]

    /// Creates weights.
    public init(version: String, trainedOn: String, bias: Double, terms: [Term], metrics: [String: Double] = [:]) {
        self.version = version
        self.trainedOn = trainedOn
        self.bias = bias
        self.terms = terms
        self.metrics = metrics
    }

    /// One feature's step function: `values[i]` for a value `x` with `cuts[i-1] < x <= cuts[i]`
    /// (`values[0]` up to and including `cuts[0]`, the last value above the last cut), and
    /// `unknown` when the feature's value is unknown (learned where the training data had
    /// unknown values of the feature, else 0: unknown counts as the average).
    public struct Term: Codable, Sendable, Equatable {
        /// The feature's name (`Feature.name`).
        public var feature: String
        /// Ascending thresholds on the feature's raw value.
        public var cuts: [Double]
        /// `cuts.count + 1` logit contributions.
        public var values: [Double]
        public var unknown: Double

        /// Creates a term.
        public init(feature: String, cuts: [Double], values: [Double], unknown: Double) {
            self.feature = feature
            self.cuts = cuts
            self.values = values
            self.unknown = unknown
        }

        /// The term's contribution to the logit for a value (`nil` or NaN: unknown).
        public func contribution(_ x: Double?) -> Double {
            guard let x, !x.isNaN else { return unknown }
            return values[Self.interval(of: x, cuts: cuts)]
        }

        /// The index of the interval holding `x`: the first `i` with `x <= cuts[i]`, or
        /// `cuts.count` (binary search; `cuts` ascending).
        static func interval(of x: Double, cuts: [Double]) -> Int {
            cuts.partitioningIndex { x <= $0 }
        }

        /// Whether the term is well formed: ascending finite cuts, one value more than cuts,
        /// finite values (a weights file is input, checked when loaded).
        var isValid: Bool {
            values.count == cuts.count + 1 && cuts.allSatisfy(\.isFinite) && values.allSatisfy(\.isFinite) && unknown.isFinite
                && zip(cuts, cuts.dropFirst()).allSatisfy { $0 < $1 }
        }
    }
}
