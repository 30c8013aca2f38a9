/// Steps through the question and record sections of a message, checking each entry's
/// framing (owner name, fixed fields, RDLENGTH within the message) without building values.
///
/// Header counts are only loop bounds: each entry must be present in the bytes, so a count
/// larger than the message ends in a `truncated` error after at most a few reads, and nothing
/// is allocated from a count.
struct RecordWalker {
    typealias Entry = WireEntry

    let reader: WireReader
    var pos: Int
    var section: Section
    var remaining: Int
    var counts: (UInt16, UInt16, UInt16, UInt16)
    /// The first pointer-free name walked (usually the question's), for the fast path of
    /// `WireReader.pointerIntoPlainName`.
    var plain = WireReader.PlainName()

    /// Starts after the header; throws `truncatedHeader` under 12 octets.

    init(_ reader: WireReader) throws(DNSWireError) {
        guard reader.count >= 12 else {
            throw DNSWireError(.truncatedHeader, at: 0, "message of \(reader.count) octets, a header needs 12")
        }
        self.reader = reader
        pos = 12
        counts = (reader.u16(4), reader.u16(6), reader.u16(8), reader.u16(10))
        section = .question
        remaining = Int(counts.0)
    }

    /// The next entry, or `nil` after the last section.

    @inline(__always)
    mutating func next() throws(DNSWireError) -> Entry? {
        while remaining == 0 {
            switch section {
            case .question: section = .answer; remaining = Int(counts.1)
            case .answer: section = .authority; remaining = Int(counts.2)
            case .authority: section = .additional; remaining = Int(counts.3)
            case .additional: return nil
            }
        }
        remaining -= 1
        let limit = reader.count
        let nameStart = pos
        let afterName: Int
        if let next = reader.pointerIntoPlainName(at: pos, limit: limit, plain) {
            afterName = next
        } else {
            afterName = try reader.skipName(at: pos, limit: limit)
            if plain.start < 0 { plain = reader.plainName(start: nameStart, end: afterName) }
        }
        if section == .question {
            try reader.need(4, at: afterName, limit: limit, "question type and class")
            pos = afterName + 4
            return Entry(section: section, nameStart: nameStart, type: RecordType(reader.u16(afterName)),
                         recordClass: RecordClass(reader.u16(afterName + 2)), ttl: 0,
                         rdataStart: pos, rdataEnd: pos)
        }
        try reader.need(10, at: afterName, limit: limit, "record type, class, TTL and RDLENGTH")
        let rdlength = Int(reader.u16(afterName + 8))
        let start = afterName + 10
        guard rdlength <= limit - start else {
            throw DNSWireError(.truncated, at: afterName + 8, "RDLENGTH \(rdlength) runs past the end of the message (\(limit - start) octets left)")
        }
        pos = start + rdlength
        return Entry(section: section, nameStart: nameStart, type: RecordType(reader.u16(afterName)),
                     recordClass: RecordClass(reader.u16(afterName + 2)), ttl: reader.u32(afterName + 4),
                     rdataStart: start, rdataEnd: pos)
    }
}
