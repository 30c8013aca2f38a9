/// One question or record of a message, by position in its bytes (what `RecordWalker`
/// finds, and `MessageLayout` keeps). For a question, `ttl` is 0 and the RDATA range empty.
public struct WireEntry: Sendable, Hashable {
    /// The section it belongs to.
    public var section: Section
    /// Where its owner name starts (possibly a compression pointer).
    public var nameStart: Int
    /// TYPE.
    public var type: RecordType
    /// CLASS (for OPT: the UDP payload size).
    public var recordClass: RecordClass
    /// TTL (for OPT: extended RCODE, version and flags).
    public var ttl: UInt32
    /// Where its RDATA starts.
    public var rdataStart: Int
    /// Where its RDATA ends (`rdataStart + RDLENGTH`).
    public var rdataEnd: Int
}
