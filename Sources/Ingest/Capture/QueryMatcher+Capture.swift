import DNSWire
import PacketCapture

extension QueryMatcher {
    /// Files a captured query under its exchange, or answers the query a captured response
    /// belongs to, then gives up on the queries that waited too long. The key is the
    /// message's endpoints, ID, question type and question name: from `layout` when
    /// `scanned` (it is the scan of `m.payload`) and the scan found no error, else from the
    /// message parsed as far as it goes (`Message.parsePartial`). A message cut before its
    /// header ends is passed over (`CaptureMessageHandler` records nothing of it either).
    /// - Returns: How many queries were given up (unanswered).
    public mutating func take(_ m: CapturedMessage, layout: borrowing MessageLayout, scanned: Bool) -> Int {
        var key = scratch
        scratch = []  // `key` is the only reference: appends need no copy
        defer { scratch = key }
        if scanned, layout.error == nil {
            if let q = layout.entries.first, q.section == .question {
                startKey(m, isResponse: layout.flags.qr, id: layout.id, type: q.type, key: &key)
                // Cannot fail: the scan checked the name.
                if (try? layout.appendNameKey(at: q.nameStart, in: m.payload, to: &key)) != nil {
                    key.withUnsafeBytes { match(m, isResponse: layout.flags.qr, key: $0) }
                }
            }
        } else {
            let (message, error) = Message.parsePartial(m.payload)
            if error != nil, m.payload.count < 12 { return 0 }
            if let q = message.questions.first {
                startKey(m, isResponse: message.flags.qr, id: message.id, type: q.type, key: &key)
                Self.appendName(q.name, to: &key)
                key.withUnsafeBytes { match(m, isResponse: message.flags.qr, key: $0) }
            }
        }
        return expire(now: m.seconds)
    }

    /// Starts the key of a message (its endpoints, ID and question type); the question's
    /// name follows.
    private func startKey(_ m: CapturedMessage, isResponse: Bool, id: UInt16, type: RecordType, key: inout [UInt8]) {
        key.removeAll(keepingCapacity: true)
        if isResponse {
            Self.appendKey(client: m.destination, clientPort: m.destinationPort, server: m.source,
                           serverPort: m.sourcePort, id: id, type: type, to: &key)
        } else {
            Self.appendKey(client: m.source, clientPort: m.sourcePort, server: m.destination,
                           serverPort: m.destinationPort, id: id, type: type, to: &key)
        }
    }

    private mutating func match(_ m: CapturedMessage, isResponse: Bool, key: UnsafeRawBufferPointer) {
        if isResponse { answered(key) } else { asked(key, at: m.seconds) }
    }
}
