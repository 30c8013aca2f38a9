/// What went wrong in the store: a code to branch on and a reason for people.
public struct StoreError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kinds of store failures.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// The code's stable name.
        public let name: String
        init(_ name: String) { self.name = name }
        /// The code's name.
        public var description: String { name }

        /// A `--db` URL that could not be understood.
        public static let badURL = Code("bad_url")
        /// A backend or feature that is not available yet.
        public static let unsupported = Code("unsupported")
        /// A stored row that cannot be turned back into a value.
        public static let corruptRow = Code("corrupt_row")
        /// An ingest run id that does not exist or is already finished.
        public static let unknownRun = Code("unknown_run")
        /// A source id that was never registered.
        public static let unknownSource = Code("unknown_source")
        /// A file that could not be read to identify it.
        public static let io = Code("io")
        /// A value that cannot be stored (e.g. RDATA that does not serialize).
        public static let unstorable = Code("unstorable")
        /// The database server refused or failed a statement, or could not be reached.
        public static let database = Code("database")
    }

    /// What kind of failure.
    public var code: Code
    /// What was wrong, and where possible what to do.
    public var reason: String

    /// Creates an error.
    public init(_ code: Code, _ reason: String) {
        self.code = code
        self.reason = reason
    }

    /// `code: reason`.
    public var description: String { "\(code.name): \(reason)" }
}
