import DNSWire
import FluxModel

extension ResponseDigest {
    /// The digest of a well-formed response read from its layout (`MessageLayout.scan` of
    /// `wire` without error), as `init(question:message:...)` makes it from the parsed
    /// message without `keepObservations`, but with names compared by their wire keys
    /// (`MessageLayout.appendNameKey`) and a `DNSName` built only for a CNAME chain's end and
    /// NS hosts. `nil` for a response that may be a referral (NOERROR, no answer, no AA):
    /// those, and a name that fails to build (the scan rules that out), take the parsed path.
    /// - Parameters:
    ///   - question: The question asked; the response's only question matched it (`QueryWire.matches`).
    ///   - keys: Scratch for name keys, reused from one response to the next.
    init?(question: Question, layout: MessageLayout, wire: UnsafeRawBufferPointer, time: Timestamp,
          source: SourceID, maxLinks: Int, keys: inout [UInt8]) {
        let rcode = layout.rcode
        var answers = 0
        var recordCount = 0
        var negativeTTL: UInt32?
        for e in layout.entries where e.section != .question && e.type != .opt {
            recordCount += 1
            if e.section == .answer { answers += 1 }
            if e.section == .authority && e.type == .soa { negativeTTL = min(negativeTTL ?? e.ttl, e.ttl) }
        }
        if rcode == .noError, answers == 0, !layout.flags.aa { return nil }
        self.init(question: question, time: time)
        self.recordCount = recordCount
        self.negativeTTL = negativeTTL
        guard let (found, links) = try? follow(question, layout, wire, maxLinks: maxLinks, keys: &keys) else { return nil }
        if rcode == .noError && !found && links > 0 {
            incompleteChain = true
        } else if rcode != .noError || !found {
            outcome = Outcome(name: chainEnd, type: question.type, rcode: rcode, time: time, source: source)
        }
    }

    /// Follows the CNAME chain from the question's name (RFC 1034 section 3.6.2; at most
    /// `maxLinks` links, never in a loop) and takes the records of the asked type at its end.
    /// - Returns: Whether records of the asked type were found at the end, and the links followed.
    private mutating func follow(_ question: Question, _ layout: MessageLayout, _ wire: UnsafeRawBufferPointer,
                                 maxLinks: Int, keys: inout [UInt8]) throws(DNSWireError) -> (found: Bool, links: Int) {
        let entries = layout.entries
        // The answer section: contiguous, after the questions (message order).
        let first = entries.firstIndex { $0.section != .question } ?? entries.count
        var last = first
        while last < entries.count, entries[last].section == .answer { last += 1 }
        // Name keys: the question's name (offset 12: the response's one question, uncompressed),
        // then each answer's owner, at `owners[i - first]`.
        keys.removeAll(keepingCapacity: true)
        try layout.appendNameKey(at: 12, in: wire, to: &keys)
        let questionKey = 0..<keys.count
        var owners: [Range<Int>] = []
        owners.reserveCapacity(last - first)
        for i in first..<last {
            let start = keys.count
            try layout.appendNameKey(at: entries[i].nameStart, in: wire, to: &keys)
            owners.append(start..<keys.count)
        }
        var end = questionKey
        var endAt: Int?
        var links = 0
        if question.type != .cname {
            var seen: [Range<Int>] = []
            while links < maxLinks,
                  let i = (first..<last).first(where: { entries[$0].type == .cname && keys[owners[$0 - first]] == keys[end] }) {
                let link = entries[i]
                guard link.rdataEnd > link.rdataStart else { break }  // no name (class ANY or NONE)
                let start = keys.count
                try layout.appendNameKey(at: link.rdataStart, in: wire, to: &keys)
                let target = start..<keys.count
                guard keys[target] != keys[questionKey], !seen.contains(where: { keys[$0] == keys[target] }) else { break }
                seen.append(target)
                answerTTL = min(answerTTL ?? link.ttl, link.ttl)
                end = target
                endAt = link.rdataStart
                links += 1
            }
        }
        if let endAt { chainEnd = try layout.name(at: endAt, in: wire) }
        var found = false
        for i in first..<last where entries[i].type == question.type && keys[owners[i - first]] == keys[end] {
            let e = entries[i]
            found = true
            answerTTL = min(answerTTL ?? e.ttl, e.ttl)
            let length = e.rdataEnd - e.rdataStart
            if e.type == .a, length == 4 {
                var v: UInt32 = 0
                for i in e.rdataStart..<e.rdataEnd { v = v << 8 | UInt32(wire[i]) }
                addresses.append(.v4(IPv4Address(v)))
            } else if e.type == .aaaa, length == 16 {
                var v: UInt128 = 0
                for i in e.rdataStart..<e.rdataEnd { v = v << 8 | UInt128(wire[i]) }
                addresses.append(.v6(IPv6Address(v)))
            } else if e.type == .ns, length > 0 {
                nsHosts.append(try layout.name(at: e.rdataStart, in: wire))
            }
        }
        return (found, links)
    }
}
