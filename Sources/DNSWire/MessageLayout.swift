/// A message's questions and records as positions in its bytes, found by the checking pass
/// of `MessageScan` (the checks of `Message.parsePartial`, in the same order): a message is
/// well formed here exactly when `parsePartial` parses it without error. For readers that
/// take what they need straight from the wire and build names and RDATA only when they must
/// (the ingest fast path, docs/ingest.md).
///
/// Reusable: `scan(_:)` keeps the entry storage from one message to the next, so a loop over
/// a capture allocates nothing once its largest message has been seen. Header counts are
/// never used to reserve: entries are appended as they are found in the bytes.
public struct MessageLayout: Sendable {
    /// The message ID.
    public private(set) var id: UInt16 = 0
    /// The header flags.
    public private(set) var flags = HeaderFlags(rawValue: 0)
    /// Questions and records in message order, OPT records included; when `error` is set,
    /// those before the malformation.
    public private(set) var entries: [WireEntry] = []
    /// The first malformation, or `nil` for a well-formed message.
    public private(set) var error: DNSWireError?
    /// The extended-RCODE bits of the first OPT record of the additional section (the one
    /// `Message` lifts into `edns`), 0 without one.
    public private(set) var extendedRCode: UInt8 = 0

    /// An empty layout; `scan` fills it.
    public init() {}

    /// The full response code, as `Message.rcode` (RFC 6891 section 6.1.3).
    public var rcode: RCode { RCode(rawValue: UInt16(extendedRCode) << 4 | UInt16(flags.rcodeLow)) }

    /// Finds the entries of `bytes`, replacing what an earlier scan found.
    public mutating func scan(_ bytes: UnsafeRawBufferPointer) {
        entries.removeAll(keepingCapacity: true)
        extendedRCode = 0
        id = bytes.count >= 2 ? WireReader(bytes).u16(0) : 0
        flags = HeaderFlags(rawValue: bytes.count >= 4 ? WireReader(bytes).u16(2) : 0)
        var found = entries
        entries = []  // `found` is the only reference: appends need no copy
        var opt: UInt32?
        error = MessageScan.check(bytes) { e in
            found.append(e)
            if opt == nil, e.type == .opt, e.section == .additional { opt = e.ttl }
        }
        entries = found
        extendedRCode = opt.map { UInt8($0 >> 24) } ?? 0
    }

    /// Takes over what `scan` found for a message without error on another thread
    /// (`CaptureFileReader.forEachScannedMessage`): its ID, flags, extended RCODE and
    /// entries. `entries` must be exactly those of an error-free scan of the same octets;
    /// afterwards the layout is as that scan left it (the storage is reused).
    public mutating func restore(id: UInt16, flags: HeaderFlags, extendedRCode: UInt8,
                                 entries: UnsafeBufferPointer<WireEntry>) {
        self.entries.removeAll(keepingCapacity: true)
        self.entries.append(contentsOf: entries)
        self.id = id
        self.flags = flags
        self.extendedRCode = extendedRCode
        error = nil
    }
}

extension MessageLayout {
    /// The name at `offset` of `bytes` (which this layout scanned without error), in its
    /// original case.
    public func name(at offset: Int, in bytes: UnsafeRawBufferPointer) throws(DNSWireError) -> DNSName {
        try WireReader(bytes).readName(at: offset, limit: bytes.count).0
    }

    /// The RDATA of `entry`, as `Message.parsePartial` builds it.
    public func rdata(of entry: WireEntry, in bytes: UnsafeRawBufferPointer) throws(DNSWireError) -> RData {
        try RData.parse(entry, reader: WireReader(bytes))
    }

    /// Appends the name at `offset` of `bytes` to `key` in a canonical form: decompressed,
    /// ASCII letters lower-cased, root octet included. Two names give the same octets exactly
    /// when they are equal as `DNSName`s (RFC 4343: case is ignored), and the form ends
    /// itself (at the root octet), so keys can be concatenated.
    public func appendNameKey(at offset: Int, in bytes: UnsafeRawBufferPointer,
                              to key: inout [UInt8]) throws(DNSWireError) {
        _ = try WireReader(bytes).walkName(at: offset, limit: bytes.count) { range in
            key.append(UInt8(range.count))
            for i in range { key.append(DNSName.lower(bytes[i])) }
        }
        key.append(0)
    }

    /// Appends `entry`'s RDATA to `key` in a form that two records of the same type share
    /// exactly when their `RData` values are equal: names in `appendNameKey` form, all other
    /// fields as their octets. Returns false, appending nothing, for the types whose RDATA
    /// has no such form here (HINFO, NAPTR, CAA, RRSIG, NSEC, NSEC3, SVCB, HTTPS, OPT, and
    /// the empty RDATA of class ANY or NONE): build their `RData` instead.
    public func appendRDataKey(of entry: WireEntry, in bytes: UnsafeRawBufferPointer,
                               to key: inout [UInt8]) throws(DNSWireError) -> Bool {
        let start = entry.rdataStart, end = entry.rdataEnd
        guard !RData.isClassEmpty(type: entry.type, recordClass: entry.recordClass, start: start, end: end) else {
            return false
        }
        let r = WireReader(bytes)
        switch entry.type.rawValue {
        case 2, 3, 4, 5, 7, 8, 9, 12, 39:  // RData.singleNameTypes
            try appendNameKey(at: start, in: bytes, to: &key)
        case 15, 18, 21, 36:  // MX, AFSDB, RT, KX: preference, name
            key.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[start..<(start + 2)]))
            try appendNameKey(at: start + 2, in: bytes, to: &key)
        case 33:  // SRV: priority, weight, port, target
            key.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[start..<(start + 6)]))
            try appendNameKey(at: start + 6, in: bytes, to: &key)
        case 6:  // SOA: two names, five numbers
            let rname = try r.skipName(at: start, limit: end)
            try appendNameKey(at: start, in: bytes, to: &key)
            let numbers = try r.skipName(at: rname, limit: end)
            try appendNameKey(at: rname, in: bytes, to: &key)
            key.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[numbers..<end]))
        case 13, 35, 257, 46, 47, 50, 64, 65, 41:
            return false
        default:
            // A, AAAA, TXT, SPF, DS, CDS, DLV, DNSKEY, CDNSKEY and the types kept as
            // `.unknown`: the value is the octets (checked to fit the type by the scan).
            key.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[start..<end]))
        }
        return true
    }
}
