/// Durations written as `250ms`, `30s`, `5m`, `2h`, `1d`, or plain seconds (`1.5`).
enum DurationText {
    /// Seconds, or `nil` when the text is not a duration.
    static func seconds(_ text: String) -> Double? {
        let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600), ("d", 86400)]
        for (suffix, factor) in units where text.hasSuffix(suffix) {
            guard let v = Double(text.dropLast(suffix.count)), v >= 0, v.isFinite else { return nil }
            return v * factor
        }
        guard let v = Double(text), v >= 0, v.isFinite else { return nil }
        return v
    }
}
