/// What a quick pass over a message found: entries per section and the first malformation.
public struct MessageScan: Sendable {
    public var id: UInt16 = 0
    public var flags = HeaderFlags(rawValue: 0)
    /// Entries seen in question, answer, authority and additional order.
    public var questions = 0, answers = 0, authority = 0, additional = 0
    /// The first malformation, if any.
    public var error: DNSWireError?

    /// Checks a message as thoroughly as `Message.parsePartial` (same walker, RDATA checked
    /// by `RData.validate`, which throws exactly the errors the parser throws) but builds
    /// no names and allocates nothing for the common types, so that counting a capture
    /// costs little.
    public static func scan(_ bytes: UnsafeRawBufferPointer) -> MessageScan {
        // Counted in locals rather than in a captured `MessageScan`, which the closure would
        // box and the return copy (with the error's String) per message.
        var counts = (0, 0, 0, 0)
        let error = check(bytes) { e in
            switch e.section {
            case .question: counts.0 += 1
            case .answer: counts.1 += 1
            case .authority: counts.2 += 1
            case .additional: counts.3 += 1
            }
        }
        return MessageScan(id: bytes.count >= 2 ? WireReader(bytes).u16(0) : 0,
                           flags: HeaderFlags(rawValue: bytes.count >= 4 ? WireReader(bytes).u16(2) : 0),
                           counts: counts, error: error)
    }

    private init(id: UInt16, flags: HeaderFlags, counts: (Int, Int, Int, Int), error: consuming DNSWireError?) {
        self.id = id
        self.flags = flags
        (questions, answers, authority, additional) = counts
        self.error = error
    }

    /// The checking pass shared by `scan` and `MessageLayout`: walks every entry, checks
    /// its RDATA exactly as the parser would, and calls `body` for each entry found good.
    /// - Returns: The first malformation, or `nil` when `Message.parsePartial` would parse
    ///   the whole message without error.
    @inline(__always)
    static func check(_ bytes: UnsafeRawBufferPointer, _ body: (WireEntry) -> Void) -> DNSWireError? {
        let r = WireReader(bytes)
        do throws(DNSWireError) {
            var walker = try RecordWalker(r)
            while let e = try walker.next() {
                // An A or AAAA record of exactly its size is valid: no call needed for the
                // commonest records (any other length goes to `validate` for its error).
                let size = e.rdataEnd - e.rdataStart
                let isPlainAddress = (e.type == .a && size == 4) || (e.type == .aaaa && size == 16)
                if e.section != .question && !isPlainAddress
                    && !RData.isClassEmpty(type: e.type, recordClass: e.recordClass, start: e.rdataStart, end: e.rdataEnd) {
                    // The same checks as the RDATA parser, without building values.
                    try RData.validate(type: e.type, reader: r, start: e.rdataStart, end: e.rdataEnd, plain: walker.plain)
                }
                body(e)
            }
        } catch {
            return error
        }
        return nil
    }
}
