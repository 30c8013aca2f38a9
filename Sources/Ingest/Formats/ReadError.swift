/// A failure that stops reading one input: it cannot be opened or decompressed, it is not in
/// the expected format or encoding. (A bad line is an `IngestProblem` instead, and reading goes on.)
public struct ReadError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of failure.
    public enum Code: String, Hashable, Sendable {
        /// The file cannot be opened or read.
        case io
        /// The gzip stream is corrupt.
        case gzip
        /// The input ends in the middle of something (a gzip stream cut short).
        case truncated
        /// The content is not the format the reader was asked to read.
        case wrongFormat = "wrong_format"
        /// The content is not UTF-8 text (UTF-16, binary).
        case wrongEncoding = "wrong_encoding"
        /// The input needs an option it was not given (a zone file needs its snapshot time).
        case needsOption = "needs_option"
        /// No reader recognises the content.
        case unknownFormat = "unknown_format"
    }

    /// The kind of failure.
    public var code: Code
    /// The file (or stream) name.
    public var file: String
    /// What was wrong, and what to do about it.
    public var reason: String

    /// Creates an error.
    public init(_ code: Code, file: String, _ reason: String) {
        self.code = code
        self.file = file
        self.reason = reason
    }

    public var description: String { "\(file): \(code.rawValue): \(reason)" }
}
