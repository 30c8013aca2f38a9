/// Why a database could not be opened or read: a code, a readable reason, and where
/// (the file, and the line for text tables).
public struct EnrichmentError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of failure this is.
    public struct Code: Hashable, Sendable, RawRepresentable, CustomStringConvertible {
        /// The code's name.
        public let rawValue: String
        /// Creates a code from its name.
        public init(rawValue: String) { self.rawValue = rawValue }
        /// The file could not be opened or read (missing, permissions, I/O error).
        public static let unreadable = Code(rawValue: "unreadable")
        /// The content matched no supported format.
        public static let unknownFormat = Code(rawValue: "unknown-format")
        /// The file ends before its structure says it should (truncated download).
        public static let truncated = Code(rawValue: "truncated")
        /// The structure is inconsistent (bad header, bad offsets, corrupt tree or data).
        public static let corrupt = Code(rawValue: "corrupt")
        /// A text table had no usable line at all.
        public static let empty = Code(rawValue: "empty")
        /// The name.
        public var description: String { rawValue }
    }

    /// The failure kind.
    public var code: Code
    /// A human-readable reason.
    public var reason: String
    /// The file concerned.
    public var path: String
    /// The 1-based line, for text tables.
    public var line: Int?

    /// Creates an error.
    public init(_ code: Code, _ reason: String, path: String, line: Int? = nil) {
        self.code = code
        self.reason = reason
        self.path = path
        self.line = line
    }

    /// `path[:line]: reason (code)`.
    public var description: String {
        let place = line.map { "\(path):\($0)" } ?? path
        return "\(place): \(reason) (\(code))"
    }
}
