import Foundation

/// A span of simulated time in seconds, written in scenarios either as a number of
/// seconds or as a number with a unit: `90s`, `30m`, `6h`, `3d`, `2w`.
public struct SimDuration: Hashable, Sendable, Comparable, Codable, CustomStringConvertible {
    /// The length in seconds.
    public var seconds: Double

    /// Creates a duration of `seconds`.
    public init(seconds: Double) { self.seconds = seconds }

    /// Seconds.
    public static func seconds(_ n: Double) -> SimDuration { SimDuration(seconds: n) }
    /// Minutes.
    public static func minutes(_ n: Double) -> SimDuration { SimDuration(seconds: n * 60) }
    /// Hours.
    public static func hours(_ n: Double) -> SimDuration { SimDuration(seconds: n * 3600) }
    /// Days.
    public static func days(_ n: Double) -> SimDuration { SimDuration(seconds: n * 86400) }

    private static let units: [(suffix: Character, seconds: Double)] = [
        ("w", 604_800), ("d", 86400), ("h", 3600), ("m", 60), ("s", 1),
    ]

    /// Parses `90`, `90s`, `30m`, `6h`, `3d`, `2w` (a decimal number is allowed: `1.5d`).
    public init?(text: some StringProtocol) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let last = trimmed.last else { return nil }
        if let unit = SimDuration.units.first(where: { $0.suffix == last }) {
            guard let value = Double(trimmed.dropLast()), value >= 0, value.isFinite else { return nil }
            seconds = value * unit.seconds
        } else {
            guard let value = Double(trimmed), value >= 0, value.isFinite else { return nil }
            seconds = value
        }
    }

    /// The largest unit that divides the length exactly: `6h`, `90s`.
    public var description: String {
        for unit in SimDuration.units where seconds >= unit.seconds {
            let count = seconds / unit.seconds
            if count == count.rounded() { return "\(Int(count))\(unit.suffix)" }
        }
        return seconds == seconds.rounded() ? "\(Int(seconds))s" : "\(seconds)s"
    }

    /// Shorter first.
    public static func < (a: SimDuration, b: SimDuration) -> Bool { a.seconds < b.seconds }

    /// Decodes a number of seconds or a string with a unit.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Double.self) {
            guard number >= 0, number.isFinite else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "a duration must not be negative")
            }
            seconds = number
            return
        }
        let text = try container.decode(String.self)
        guard let parsed = SimDuration(text: text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "'\(text)' is not a duration (use e.g. 90s, 30m, 6h, 3d)")
        }
        self = parsed
    }

    /// Encodes as text with a unit.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
