import Foundation
import Lab

/// Scenarios for training and testing the FluxScope model: many zones of every class, with
/// parameters drawn at random (seeded) from ranges around the built-in scenario's, so that a
/// model is trained on one seed and tested on another, and on other class parameters.
public enum TrainingScenarios {
    /// How far parameters may stray from the defaults: `.standard` for training, `.shifted`
    /// for the held-out test (other pool sizes, TTLs and answer counts).
    public enum Variation: String, Sendable, CaseIterable {
        case standard
        case shifted
    }

    /// A world with `perClass` zones of each class.
    public static func scenario(seed: UInt64, perClass: Int, variation: Variation = .standard) -> Scenario {
        var rng = SplitMix64(seed: seed)
        func pick<T>(_ xs: [T]) -> T { xs[Int(rng.next() % UInt64(xs.count))] }
        func between(_ lo: Int, _ hi: Int) -> Int { lo + Int(rng.next() % UInt64(hi - lo + 1)) }
        let shifted = variation == .shifted
        var zones: [ZoneSpec] = []
        for kind in DomainClass.allCases {
            for i in 0..<perClass {
                var z = ZoneSpec(name: "\(kind.rawValue)-\(seed % 1000)-\(i).lab", kind: kind)
                switch kind {
                case .fastFlux:
                    z.answerCount = shifted ? pick([1, 2, 3, 10]) : pick([1, 4, 5, 8])
                    z.ttl = shifted ? pick([0, 30, 120, 600]) : pick([0, 60, 180, 300])
                    z.poolSize = shifted ? between(300, 900) : between(800, 4000)
                case .doubleFlux:
                    z.nsCount = shifted ? between(2, 3) : between(3, 6)
                    z.nsPool = shifted ? between(6, 10) : between(10, 30)
                    z.glueTTL = shifted ? pick([60, 900]) : pick([0, 300, 600])
                    z.changeEvery = shifted ? .hours(Double(between(8, 24))) : .hours(Double(between(1, 6)))
                case .cdn:
                    z.asns = [pick([20940, 13335, 54113, 16509, 15169])]
                    z.ttl = UInt32(shifted ? between(10, 60) : between(20, 300))
                    z.regions = shifted ? between(6, 12) : between(1, 8)
                case .roundRobin:
                    z.asns = [pick([16276, 24940, 14061, 63949])]
                    z.poolSize = shifted ? between(12, 24) : between(2, 16)
                    z.answerCount = min(z.poolSize ?? 4, shifted ? between(8, 16) : between(2, 8))
                    z.ttl = UInt32(shifted ? between(60, 300) : between(300, 3600))
                case .ntpPool:
                    z.ttl = UInt32(shifted ? between(60, 150) : between(130, 300))
                    z.poolSize = shifted ? between(1000, 3000) : between(200, 1000)
                case .seederPool:
                    z.ttl = UInt32(shifted ? between(30, 60) : between(60, 600))
                    z.answerCount = shifted ? between(20, 25) : between(8, 25)
                case .dynamicDNS:
                    z.ttl = UInt32(shifted ? between(30, 60) : between(60, 300))
                    z.changeEvery = .hours(Double(shifted ? between(6, 24) : between(24, 96)))
                case .mirrorPool, .largeSite, .vpn:
                    z.ttl = UInt32(shifted ? between(60, 300) : between(300, 900))
                }
                zones.append(z)
            }
        }
        return Scenario(seed: seed, start: Scenario.defaultStart, timeScale: 5000, tlds: ["lab"], zones: zones)
    }
}
