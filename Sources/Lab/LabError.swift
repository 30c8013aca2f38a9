/// An error of the lab: a bad scenario, an unreadable location database, a server that
/// could not bind. The message says what was wrong and, where there is one, in which file
/// and at which key.
public struct LabError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What was wrong.
    public var reason: String
    /// The file concerned, if any.
    public var path: String?
    /// The key path inside the file (`zones[2].ttl`), if any.
    public var key: String?

    /// Creates an error.
    public init(_ reason: String, path: String? = nil, key: String? = nil) {
        self.reason = reason
        self.path = path
        self.key = key
    }

    /// `PATH: at KEY: REASON`, leaving out the parts that are unknown.
    public var description: String {
        var parts: [String] = []
        if let path { parts.append(path) }
        if let key, !key.isEmpty { parts.append("at \(key)") }
        parts.append(reason)
        return parts.joined(separator: ": ")
    }
}
