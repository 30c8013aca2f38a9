/// A failure to parse or build DNS wire data: what kind, where, and why in words.
///
/// Modelled on swift-asn1's error struct: a machine-readable `kind`, the byte `offset` into
/// the message at which the problem was found, and a human `reason`.
public struct DNSWireError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The named kinds of malformation (in the spirit of Zeek's "weirds").
    public struct Kind: Hashable, Sendable, CustomStringConvertible {
        /// A short stable name, used in logs, JSON and counters.
        public let name: String
        init(_ name: String) { self.name = name }
        public var description: String { name }

        /// Fewer than 12 octets: no complete header.
        public static let truncatedHeader = Kind("truncated_header")
        /// A question or record runs past the end of the message.
        public static let truncated = Kind("truncated")
        /// A label longer than 63 octets (RFC 1035 section 2.3.4).
        public static let labelTooLong = Kind("label_too_long")
        /// A name longer than 255 octets in wire form (RFC 1035 section 2.3.4).
        public static let nameTooLong = Kind("name_too_long")
        /// A compression pointer that does not point strictly backwards.
        public static let badPointer = Kind("bad_compression_pointer")
        /// Too many compression pointers in one name.
        public static let pointerLoop = Kind("compression_loop")
        /// A label type other than 00 (length) or 11 (pointer) (RFC 6891 section 5).
        public static let badLabelType = Kind("bad_label_type")
        /// RDATA shorter or longer than its type's syntax requires.
        public static let badRDataLength = Kind("bad_rdata_length")
        /// RDATA whose content is invalid for its type.
        public static let badRData = Kind("bad_rdata")
        /// Octets left over after the last section.
        public static let trailingBytes = Kind("trailing_bytes")
        /// An OPT record that breaks RFC 6891 (placement, owner, option framing).
        public static let badEDNS = Kind("bad_edns")
        /// A value that cannot be serialized (for example a message over 65535 octets).
        public static let unencodable = Kind("unencodable")
        /// Presentation-format text that could not be parsed.
        public static let badText = Kind("bad_text")
    }

    /// What went wrong.
    public var kind: Kind
    /// The byte offset in the message (or character offset in text) where it went wrong.
    public var offset: Int
    /// A readable explanation.
    public var reason: String

    /// Creates an error.
    public init(_ kind: Kind, at offset: Int, _ reason: String) {
        self.kind = kind
        self.offset = offset
        self.reason = reason
    }

    public var description: String { "\(kind.name) at offset \(offset): \(reason)" }
}
