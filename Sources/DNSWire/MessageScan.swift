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
        var s = MessageScan()
        if bytes.count >= 2 { s.id = WireReader(bytes).u16(0) }
        if bytes.count >= 4 { s.flags = HeaderFlags(rawValue: WireReader(bytes).u16(2)) }
        s.error = check(bytes) { e in
            switch e.section {
            case .question: s.questions += 1
            case .answer: s.answers += 1
            case .authority: s.authority += 1
            case .additional: s.additional += 1
            }
        }
        return s
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
                if e.section != .question
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
