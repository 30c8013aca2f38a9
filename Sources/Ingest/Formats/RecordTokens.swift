import DNSWire

/// The fields after the owner of a record line in master-file or dig output:
/// `[TTL] [class] type rdata…` with TTL and class in either order (RFC 1035 section 5.1).
struct RecordTokens {
    var ttl: UInt32?
    var recordClass: RecordClass?
    var type: RecordType
    var rdata: [PresentationToken]

    /// Splits `tokens` (owner already removed); `nil` if no type is found in the first
    /// three places.
    init?(_ tokens: ArraySlice<PresentationToken>) {
        var i = tokens.startIndex
        var ttl: UInt32?, cls: RecordClass?
        for _ in 0..<2 where i < tokens.endIndex && !tokens[i].quoted {
            let s = tokens[i].string
            if ttl == nil, let t = tokens[i].ttlValue {
                ttl = t
            } else if cls == nil, let c = RecordClass(mnemonic: s), RecordType(mnemonic: s) == nil || i + 1 < tokens.endIndex && RecordType(mnemonic: tokens[i + 1].string) != nil {
                cls = c
            } else {
                break
            }
            i += 1
        }
        guard i < tokens.endIndex, !tokens[i].quoted, let type = RecordType(mnemonic: tokens[i].string) else { return nil }
        self.ttl = ttl
        self.recordClass = cls
        self.type = type
        self.rdata = Array(tokens[(i + 1)...])
    }
}
