/// A failure to read Frame Streams or dnstap input: what kind, where, and why in words.
public struct DnstapError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The named kinds of failure; `name` is what `IngestProblem.kind` carries.
    public struct Kind: Hashable, Sendable, CustomStringConvertible {
        /// A short stable name, used in problem reports and logs.
        public let name: String
        init(_ name: String) { self.name = name }
        public var description: String { name }

        /// A data frame longer than the configured limit.
        public static let frameTooLarge = Kind("frame_too_large")
        /// The input ends inside a frame.
        public static let truncated = Kind("truncated")
        /// A control frame that is too long, too short, or whose fields overrun it.
        public static let badControl = Kind("bad_control")
        /// A control frame where the protocol does not allow one (e.g. data before START).
        public static let unexpectedControl = Kind("unexpected_control")
        /// A content type other than `protobuf:dnstap.Dnstap`.
        public static let wrongContentType = Kind("wrong_content_type")
        /// A data frame that is not a well-formed `dnstap.Dnstap` protobuf.
        public static let badProtobuf = Kind("bad_protobuf")
        /// A `Dnstap` without a `Message`, or a `Message` without the DNS message its type needs.
        public static let missingMessage = Kind("missing_message")
        /// A `Message.type` missing or outside the known types.
        public static let unknownMessageType = Kind("unknown_message_type")
        /// A `Message` with neither a query nor a response time.
        public static let missingTime = Kind("missing_time")
        /// An address field that is neither 4 nor 16 octets.
        public static let badAddress = Kind("bad_address")
    }

    /// What went wrong.
    public var kind: Kind
    /// The byte offset in the input (file) where the frame started, where known.
    public var offset: Int?
    /// A readable explanation.
    public var reason: String

    /// Creates an error.
    public init(_ kind: Kind, at offset: Int? = nil, _ reason: String) {
        self.kind = kind
        self.offset = offset
        self.reason = reason
    }

    public var description: String {
        if let offset { return "\(kind.name) at offset \(offset): \(reason)" }
        return "\(kind.name): \(reason)"
    }

    /// The error as an ingest problem of `file` (or stream).
    public func problem(file: String) -> IngestProblem {
        IngestProblem(file: file, offset: offset, kind: kind.name, reason: reason)
    }
}
