import Foundation

/// Small statistics over feature samples.
enum Statistics {
    static func mean(_ xs: [Double]) -> Double? {
        xs.isEmpty ? nil : xs.reduce(0, +) / Double(xs.count)
    }

    static func median(_ xs: [Double]) -> Double? {
        guard !xs.isEmpty else { return nil }
        let s = xs.sorted()
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }

    /// Population standard deviation.
    static func standardDeviation(_ xs: [Double]) -> Double? {
        guard let m = mean(xs) else { return nil }
        return (xs.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(xs.count)).squareRoot()
    }

    /// How many distinct values `xs` holds. A domain's lists are short (a few addresses,
    /// ASNs, countries), and for up to 16 values comparing each with the ones before it is
    /// cheaper than hashing them into a set (this runs several times for every domain of a
    /// store); longer lists go through a set.
    static func distinctCount<T: Hashable>(_ xs: [T]) -> Int {
        guard xs.count > 16 else {
            var count = 0
            for i in xs.indices where !xs[..<i].contains(xs[i]) { count += 1 }
            return count
        }
        return Set(xs).count
    }

    /// Shannon entropy of the values' distribution divided by log(n), n the number of
    /// samples: 0 when all share one value, 1 when all differ (FluxBuster, Perdisci et al.).
    static func normalisedEntropy<T: Hashable>(_ xs: [T]) -> Double? {
        guard !xs.isEmpty else { return nil }
        guard xs.count > 1 else { return 0 }
        var counts: [T: Int] = [:]
        for x in xs { counts[x, default: 0] += 1 }
        let n = Double(xs.count)
        // Summed in count order, not the dictionary's (which changes from run to run with
        // Swift's per-process hash seed): the same data gives the same last digits, so
        // exports of the feature are byte-identical from run to run.
        let h = counts.values.sorted().reduce(0.0) { acc, c in
            let p = Double(c) / n
            return acc - p * log(p)
        }
        return h / log(n)
    }
}
