/// Rejects mapping keys a `Decodable` type does not know, so that a misspelt scenario key
/// is an error naming the key instead of a silently ignored line.
enum UnknownKeys {
    /// Any string key.
    struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// Throws `DecodingError.dataCorrupted` at the first key of the mapping outside `allowed`.
    static func reject(in decoder: any Decoder, allowed: [String]) throws {
        let container = try decoder.container(keyedBy: AnyKey.self)
        for key in container.allKeys.sorted(by: { $0.stringValue < $1.stringValue })
        where !allowed.contains(key.stringValue) {
            throw DecodingError.dataCorrupted(DecodingError.Context(
                codingPath: decoder.codingPath + [key],
                debugDescription: "unknown key '\(key.stringValue)'; known keys: \(allowed.joined(separator: ", "))"))
        }
    }
}
