extension RData {
    /// The RDATA alone in wire format, every name written in full (no compression
    /// pointers), so the bytes stand on their own: what a store keeps to rebuild the value
    /// exactly with `init(wire:type:)`.
    public func wireBytes(type: RecordType) throws(DNSWireError) -> [UInt8] {
        var w = WireWriter()
        try write(type: type, to: &w, allowCompression: false)
        return w.bytes
    }

    /// Parses standalone RDATA of `type` (as made by `wireBytes(type:)`). The bytes must be
    /// consumed exactly; compression pointers may only point backwards inside them.
    public init(wire bytes: [UInt8], type: RecordType) throws(DNSWireError) {
        let result: Result<RData, DNSWireError> = bytes.withUnsafeBytes { raw in
            do throws(DNSWireError) {
                return .success(try RData(wire: raw, type: type))
            } catch {
                return .failure(error)
            }
        }
        self = try result.get()
    }

    /// Parses standalone RDATA of `type` from bytes read in place (a stored column), by the
    /// rules of `init(wire:type:)`.
    public init(wire raw: UnsafeRawBufferPointer, type: RecordType) throws(DNSWireError) {
        self = try RData.parse(type: type, reader: WireReader(raw), start: 0, end: raw.count)
    }

    /// The same data with every embedded domain name lower-cased. Equal (`==`) to `self`,
    /// since names compare ignoring ASCII case (RFC 4343), so its `wireBytes` give one
    /// byte string per equality class: a key for indexes. Like the canonical form of
    /// RFC 4034 section 6.2, but applied to the names of every type.
    public var lowercasedNames: RData {
        switch self {
        case .name(let n): return .name(n.lowercased)
        case .soa(var s):
            s.mname = s.mname.lowercased
            s.rname = s.rname.lowercased
            return .soa(s)
        case .mx(let pref, let exchange): return .mx(preference: pref, exchange: exchange.lowercased)
        case .srv(let p, let w, let port, let target):
            return .srv(priority: p, weight: w, port: port, target: target.lowercased)
        case .naptr(var n):
            n.replacement = n.replacement.lowercased
            return .naptr(n)
        case .rrsig(var s):
            s.signer = s.signer.lowercased
            return .rrsig(s)
        case .nsec(let next, let types): return .nsec(next: next.lowercased, types: types)
        case .svcb(var s):
            s.target = s.target.lowercased
            return .svcb(s)
        case .a, .aaaa, .txt, .hinfo, .caa, .ds, .dnskey, .nsec3, .opt, .unknown:
            return self
        }
    }
}
