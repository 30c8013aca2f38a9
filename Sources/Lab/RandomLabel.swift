/// Random-looking DNS labels, like the per-victim subdomains of flux spam campaigns.
enum RandomLabel {
    private static let letters = Array("abcdefghijklmnopqrstuvwxyz0123456789".utf8)

    /// A label of 6 to 12 lower-case letters and digits, starting with a letter.
    static func make(using generator: inout SplitMix64) -> String {
        let length = 6 + generator.below(7)
        var bytes: [UInt8] = [letters[generator.below(26)]]
        for _ in 1..<length { bytes.append(letters[generator.below(letters.count)]) }
        return String(decoding: bytes, as: UTF8.self)
    }
}
