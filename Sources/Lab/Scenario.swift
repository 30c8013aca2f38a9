import Foundation

/// A simulated DNS world as written in a scenario file: its seed, clock and zones.
///
/// ```yaml
/// seed: 42
/// start: 2025-03-01T00:00:00Z
/// time-scale: 5000
/// tlds: [lab]
/// zones:
///   - name: avalanche-shop.lab
///     class: fast-flux
///     answer-count: 8
///     ttl: 180
/// ```
public struct Scenario: Codable, Hashable, Sendable {
    /// The seed every random choice of the world derives from.
    public var seed: UInt64
    /// The simulated time at which the clock starts.
    public var start: Date
    /// Simulated seconds per real second.
    public var timeScale: Double
    /// The TLD-like parent zones the world serves (delegations for every zone below them).
    public var tlds: [String]
    /// The zones of the world.
    public var zones: [ZoneSpec]

    /// Creates a scenario.
    public init(seed: UInt64 = 1, start: Date = Scenario.defaultStart, timeScale: Double = 5000,
                tlds: [String] = ["lab"], zones: [ZoneSpec] = []) {
        self.seed = seed
        self.start = start
        self.timeScale = timeScale
        self.tlds = tlds
        self.zones = zones
    }

    /// 2025-03-01T00:00:00Z.
    public static let defaultStart = Date(timeIntervalSince1970: 1_740_787_200)

    /// The YAML keys.
    enum CodingKeys: String, CodingKey, CaseIterable {
        case seed, start
        case timeScale = "time-scale"
        case tlds, zones
    }

    /// Decodes a scenario; `start` is an ISO 8601 time, unknown keys are errors.
    public init(from decoder: any Decoder) throws {
        try UnknownKeys.reject(in: decoder, allowed: CodingKeys.allCases.map(\.rawValue))
        let c = try decoder.container(keyedBy: CodingKeys.self)
        seed = try c.decodeIfPresent(UInt64.self, forKey: .seed) ?? 1
        timeScale = try c.decodeIfPresent(Double.self, forKey: .timeScale) ?? 5000
        tlds = try c.decodeIfPresent([String].self, forKey: .tlds) ?? ["lab"]
        zones = try c.decodeIfPresent([ZoneSpec].self, forKey: .zones) ?? []
        if let text = try c.decodeIfPresent(String.self, forKey: .start) {
            guard let date = ISO8601DateFormatter().date(from: text) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .start, in: c, debugDescription: "'\(text)' is not an ISO 8601 time like 2025-03-01T00:00:00Z")
            }
            start = date
        } else {
            start = Scenario.defaultStart
        }
    }

    /// Encodes with `start` as ISO 8601 text.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(seed, forKey: .seed)
        try c.encode(ISO8601DateFormatter().string(from: start), forKey: .start)
        if timeScale == timeScale.rounded(), abs(timeScale) < 1e15 {
            try c.encode(Int64(timeScale), forKey: .timeScale)  // `5000`, not `5e+3`
        } else {
            try c.encode(timeScale, forKey: .timeScale)
        }
        try c.encode(tlds, forKey: .tlds)
        try c.encode(zones, forKey: .zones)
    }
}
