import DNSWire

/// What a master file carries from one entry to the next (RFC 1035 section 5.1): the origin,
/// the default TTL, and the last owner, TTL and class.
struct ZoneState {
    var origin: DNSName?
    var defaultTTL: UInt32?
    var lastOwner: DNSName?
    var lastTTL: UInt32?
    var lastClass: RecordClass = .in
    /// The owner of the first SOA record.
    var apex: DNSName?

    init(origin: DNSName?) { self.origin = origin }

    /// Takes one entry (its tokens joined over parentheses): a directive returns `nil`, a
    /// record returns the record. Throws a problem for anything wrong.
    mutating func entry(_ tokens: [PresentationToken], blankOwner: Bool) throws(ZoneEntryError) -> ZoneRecord? {
        let first = tokens[0].string
        if !blankOwner, !tokens[0].quoted, first.hasPrefix("$") {
            try directive(first.uppercased(), Array(tokens.dropFirst()))
            return nil
        }
        let owner: DNSName
        var rest = tokens[...]
        if blankOwner {
            guard let last = lastOwner else { throw ZoneEntryError(kind: "no_owner", reason: "record without an owner, and none before it") }
            owner = last
        } else {
            owner = try name(tokens[0], what: "owner")
            rest = tokens.dropFirst()
        }
        guard let fields = RecordTokens(rest) else {
            throw ZoneEntryError(kind: "bad_record", reason: "no record type in '\(tokens.map(\.description).joined(separator: " "))'")
        }
        guard let ttl = fields.ttl ?? defaultTTL ?? lastTTL else {
            throw ZoneEntryError(kind: "no_ttl", reason: "record without a TTL, and no $TTL or earlier TTL")
        }
        let data: RData
        do throws(DNSWireError) {
            data = try RData(tokens: fields.rdata, type: fields.type, origin: origin ?? .root)
        } catch {
            throw ZoneEntryError(kind: "bad_rdata", reason: error.reason)
        }
        lastOwner = owner
        if fields.ttl != nil { lastTTL = fields.ttl }
        let cls = fields.recordClass ?? lastClass
        lastClass = cls
        if fields.type == .soa && apex == nil { apex = owner }
        return ZoneRecord(name: owner, ttl: ttl, recordClass: cls, type: fields.type, data: data)
    }

    private mutating func directive(_ word: String, _ args: [PresentationToken]) throws(ZoneEntryError) {
        switch word {
        case "$ORIGIN":
            guard args.count == 1 else { throw ZoneEntryError(kind: "bad_directive", reason: "$ORIGIN takes one name") }
            origin = try name(args[0], what: "$ORIGIN")
        case "$TTL":
            guard args.count == 1, let ttl = args[0].ttlValue else { throw ZoneEntryError(kind: "bad_directive", reason: "$TTL takes one TTL") }
            defaultTTL = ttl
        case "$INCLUDE":
            throw ZoneEntryError(kind: "include_refused",
                                 reason: "$INCLUDE is not followed: a snapshot is read as one file (inline the included file)")
        case "$GENERATE":
            throw ZoneEntryError(kind: "generate_refused",
                                 reason: "$GENERATE (a BIND extension) is not expanded: expand it with named-compilezone first")
        default:
            throw ZoneEntryError(kind: "bad_directive", reason: "unknown directive \(word)")
        }
    }

    /// A name in the file: `@` is the origin, relative names are completed with it, and a
    /// relative name with no origin known is an error rather than a guess.
    private func name(_ token: PresentationToken, what: String) throws(ZoneEntryError) -> DNSName {
        let text = token.string
        if text == "@" || !ZoneState.isAbsolute(token.text) {
            guard let origin else {
                throw ZoneEntryError(kind: "no_origin", reason: "\(what) '\(text)' is relative and there is no $ORIGIN (give the zone's origin)")
            }
            do throws(DNSWireError) { return try DNSName(text, origin: origin) } catch {
                throw ZoneEntryError(kind: "bad_name", reason: "\(what) '\(text)': \(error.reason)")
            }
        }
        do throws(DNSWireError) { return try DNSName(text) } catch {
            throw ZoneEntryError(kind: "bad_name", reason: "\(what) '\(text)': \(error.reason)")
        }
    }

    /// True if the name text ends with a dot that is not escaped.
    static func isAbsolute(_ text: [UInt8]) -> Bool {
        guard text.last == UInt8(ascii: ".") else { return false }
        var backslashes = 0
        var i = text.count - 2
        while i >= 0, text[i] == UInt8(ascii: "\\") { backslashes += 1; i -= 1 }
        return backslashes % 2 == 0
    }
}
