import FluxModel

/// The `sources` column of a sighting: a JSON array of source ids in ascending order,
/// e.g. `[1,4]`, which SQL can merge with `json_each`.
enum SourceList {
    /// Encodes a set of ids.
    static func encode(_ ids: Set<SourceID>) -> String {
        if ids.count == 1, let only = ids.first { return "[\(only)]" }
        return "[" + ids.sorted().map(String.init).joined(separator: ",") + "]"
    }

    /// Decodes the column; `nil` when it is not an array of integers.
    static func decode(_ text: String) -> Set<SourceID>? {
        guard text.hasPrefix("["), text.hasSuffix("]") else { return nil }
        let body = text.dropFirst().dropLast()
        if body.allSatisfy(\.isWhitespace) { return [] }
        var ids = Set<SourceID>()
        for part in body.split(separator: ",") {
            guard let id = SourceID(String(part.filter { !$0.isWhitespace })) else { return nil }
            ids.insert(id)
        }
        return ids
    }
}
