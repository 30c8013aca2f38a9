import Foundation

/// Gradient boosting of decision stumps on the logistic loss (Friedman, "Greedy function
/// approximation: a gradient boosting machine", Annals of Statistics 2001), with Newton
/// leaf values and L2-regularised leaves as in XGBoost (Chen & Guestrin, KDD 2016).
///
/// Each round adds one stump: a split of ONE feature at one threshold, with a value for each
/// side and one for an unknown value. Stumps on the same feature add up to a step function of
/// that feature, so the model stays additive, f(x) = b + sum_j g_j(x_j), and a verdict's
/// evidence stays exact per feature; unlike a linear weight, g_j may rise and fall (a pool
/// whose addresses come back a little is benign, one whose addresses never or always come back
/// may not be). Chosen over logistic regression by measurement: see docs/lab.md, "The model on
/// lab worlds". Deterministic: no sampling, thresholds at training-set quantiles, ties broken
/// by feature order and then threshold order.
public enum BoostedStumps {
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

    /// How boosting runs.
    public struct Parameters: Sendable, Equatable, CustomStringConvertible {
        /// Stumps added (fewer when no split improves the loss any more).
        public var rounds = 300
        /// Each stump's leaves are multiplied by this (the learning rate).
        public var shrinkage = 0.1
        /// At most this many candidate thresholds per feature, at training-set quantiles.
        public var maxCuts = 32
        /// L2 penalty on leaf values (added to the Hessian sum of a leaf).
        public var l2 = 1.0
        /// A split needs at least this much Hessian weight on each known side.
        public var minChildWeight = 1.0

        /// The defaults.
        public init() {}

        public var description: String {
            "boosted stumps: \(rounds) rounds, shrinkage \(shrinkage), <= \(maxCuts) cuts per feature, l2 \(l2), min child weight \(minChildWeight)"
        }
    }

    /// The features a model weighs: every feature but the context ones (how many lookups,
    /// names and how long: they describe the sampling, not the domain).
    public static var modelFeatures: [Feature] { Feature.allCases.filter { !Feature.context.contains($0) } }

    /// Trains a model over `modelFeatures`.
    public static func fit(_ samples: [Sample], parameters p: Parameters = .init(), version: String,
                           trainedOn: String) -> ModelWeights {
        let features = modelFeatures
        let n = samples.count
        let y = samples.map { $0.isFlux ? 1.0 : 0.0 }
        // Balance the classes so that the many benign look-alikes do not drown the flux ones.
        let positives = max(1, y.filter { $0 == 1 }.count), negatives = max(1, n - positives)
        let weight = y.map { $0 == 1 ? Double(n) / (2 * Double(positives)) : Double(n) / (2 * Double(negatives)) }
        let columns = features.map { f in Column(samples.map { $0.features[f] }, maxCuts: p.maxCuts) }

        // The prior log-odds (0 when balanced), then one stump per round.
        let weightedPositives = zip(weight, y).reduce(0) { $0 + $1.0 * $1.1 }
        let weightedNegatives = weight.reduce(0, +) - weightedPositives
        let prior = weightedPositives > 0 && weightedNegatives > 0 ? log(weightedPositives / weightedNegatives) : 0
        var logit = [Double](repeating: prior, count: n)
        var stumps: [Stump] = []
        var g = [Double](repeating: 0, count: n), h = [Double](repeating: 0, count: n)
        for _ in 0..<p.rounds {
            for i in 0..<n {
                let q = 1 / (1 + exp(-logit[i]))
                g[i] = weight[i] * (q - y[i])
                h[i] = weight[i] * q * (1 - q)
            }
            var best: Stump?
            var bestGain = 1e-9
            for (j, column) in columns.enumerated() {
                guard let (stump, gain) = column.bestSplit(g: g, h: h, feature: j, p), gain > bestGain else { continue }
                best = stump
                bestGain = gain
            }
            guard let stump = best else { break }
            let bins = columns[stump.feature].bins
            for i in 0..<n { logit[i] += stump.value(bin: bins[i]) }
            stumps.append(stump)
        }
        return compile(stumps, features: features, columns: columns, prior: prior, weight: weight, version: version,
                       trainedOn: trainedOn + "; " + p.description + ", \(stumps.count) stumps fitted")
    }

    /// One stump: known values up to and including `cuts[cut]` get `left`, above it `right`,
    /// unknown ones `unknown` (values already multiplied by the shrinkage).
    struct Stump {
        var feature: Int
        var cut: Int
        var left: Double, right: Double, unknown: Double

        /// The stump's value for a sample in bin `bin` (-1: unknown).
        func value(bin: Int32) -> Double { bin < 0 ? unknown : (Int(bin) <= cut ? left : right) }
    }

    /// A feature's candidate thresholds and each sample's bin among them: bin `b` holds the
    /// values in (cuts[b-1], cuts[b]], bin `cuts.count` those above the last cut, -1 unknown.
    struct Column {
        var cuts: [Double]
        var bins: [Int32]

        init(_ values: [Double?], maxCuts: Int) {
            let known = values.compactMap { $0.flatMap { $0.isNaN ? nil : $0 } }.sorted()
            var distinct: [Double] = []
            for x in known where distinct.last != x { distinct.append(x) }
            if distinct.count <= maxCuts + 1 {
                cuts = Array(distinct.dropLast())
            } else {
                // Quantiles of the known values (with their repeats), never the largest value.
                var c: [Double] = []
                for q in 1...maxCuts {
                    let x = known[q * known.count / (maxCuts + 1)]
                    if x < distinct[distinct.count - 1] && c.last.map({ $0 < x }) ?? true { c.append(x) }
                }
                cuts = c
            }
            let cuts = cuts
            bins = values.map { v in
                guard let v, !v.isNaN else { return -1 }
                return Int32(ModelWeights.Term.interval(of: v, cuts: cuts))
            }
        }

        /// The split of this feature that lowers the second-order loss most, and its gain.
        func bestSplit(g: [Double], h: [Double], feature: Int, _ p: Parameters) -> (Stump, Double)? {
            guard !cuts.isEmpty else { return nil }
            var binG = [Double](repeating: 0, count: cuts.count + 1), binH = binG
            var unknownG = 0.0, unknownH = 0.0
            for (i, b) in bins.enumerated() {
                if b < 0 {
                    unknownG += g[i]
                    unknownH += h[i]
                } else {
                    binG[Int(b)] += g[i]
                    binH[Int(b)] += h[i]
                }
            }
            let knownG = binG.reduce(0, +), knownH = binH.reduce(0, +)
            let totalG = knownG + unknownG, totalH = knownH + unknownH
            func score(_ g: Double, _ h: Double) -> Double { g * g / (h + p.l2) }
            let unknownScore = unknownH > 0 ? score(unknownG, unknownH) : 0
            var best: (cut: Int, gain: Double, gl: Double, hl: Double)?
            var gl = 0.0, hl = 0.0
            for k in 0..<cuts.count {
                gl += binG[k]
                hl += binH[k]
                let gr = knownG - gl, hr = knownH - hl
                guard hl >= p.minChildWeight && hr >= p.minChildWeight else { continue }
                let gain = score(gl, hl) + score(gr, hr) + unknownScore - score(totalG, totalH)
                if gain > (best?.gain ?? -Double.infinity) { best = (k, gain, gl, hl) }
            }
            guard let best else { return nil }
            let leaf = { (g: Double, h: Double) in -p.shrinkage * g / (h + p.l2) }
            return (Stump(feature: feature, cut: best.cut, left: leaf(best.gl, best.hl),
                          right: leaf(knownG - best.gl, knownH - best.hl),
                          unknown: unknownH > 0 ? leaf(unknownG, unknownH) : 0), best.gain)
        }
    }

    /// Adds up each feature's stumps into one step function, keeping only the cuts some stump
    /// uses, and centres it on the (class-balanced) training mean, moving the means into the
    /// bias. A feature that was never unknown in training gets 0 for unknown: the average.
    static func compile(_ stumps: [Stump], features: [Feature], columns: [Column], prior: Double, weight: [Double],
                        version: String, trainedOn: String) -> ModelWeights {
        var bias = prior
        let totalWeight = weight.reduce(0, +)
        let terms = features.indices.map { j -> ModelWeights.Term in
            let column = columns[j]
            let mine = stumps.filter { $0.feature == j }
            let used = Set(mine.map(\.cut)).sorted()
            // A sample's value is its bin's; the term keeps one value per interval between
            // the used cuts (that of the bin just above the previous used cut).
            let binValue = (0...column.cuts.count).map { b in mine.reduce(0) { $0 + $1.value(bin: Int32(b)) } }
            var values = ([0] + used.map { $0 + 1 }).map { binValue[$0] }
            var unknown = mine.reduce(0) { $0 + $1.unknown }
            let cuts = used.map { column.cuts[$0] }
            var mean = 0.0
            var sawUnknown = false
            for (i, b) in column.bins.enumerated() {
                sawUnknown = sawUnknown || b < 0
                mean += weight[i] * (b < 0 ? unknown : binValue[Int(b)])
            }
            mean = totalWeight > 0 ? mean / totalWeight : 0
            bias += mean
            values = values.map { $0 - mean }
            unknown = sawUnknown ? unknown - mean : 0
            return ModelWeights.Term(feature: features[j].name, cuts: cuts, values: values, unknown: unknown)
        }
        return ModelWeights(version: version, trainedOn: trainedOn, bias: bias, terms: terms)
    }
}
