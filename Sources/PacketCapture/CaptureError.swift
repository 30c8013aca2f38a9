/// An error from opening or reading a capture (file or live interface).
///
/// Modelled on swift-asn1's error struct: a stable `code`, a human `reason` (usually
/// libpcap's own message) and the file, interface or filter it concerns.
public struct CaptureError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure this is.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// The stable name of the code, used in logs and JSON.
        public let name: String

        /// The file could not be opened: missing, unreadable, not pcap/pcapng, or a bad header.
        public static let cannotOpen = Code(name: "cannot-open")
        /// Reading the capture failed part-way (for example a corrupt pcapng block).
        public static let readFailed = Code(name: "read-failed")
        /// The live interface could not be opened or activated.
        public static let cannotActivate = Code(name: "cannot-activate")
        /// The BPF filter did not compile or could not be installed.
        public static let badFilter = Code(name: "bad-filter")
        /// The capture uses a link-layer type this decoder does not know.
        public static let unsupportedLinkType = Code(name: "unsupported-link-type")

        public var description: String { name }
    }

    /// What kind of failure this is.
    public var code: Code
    /// A readable explanation, usually libpcap's message.
    public var reason: String
    /// The file path, interface name or filter text concerned.
    public var subject: String

    /// Creates an error.
    public init(_ code: Code, _ reason: String, subject: String) {
        self.code = code
        self.reason = reason
        self.subject = subject
    }

    public var description: String { "\(code) \(subject): \(reason)" }
}
