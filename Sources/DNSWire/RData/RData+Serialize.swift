extension RData {
    /// Appends this RDATA (without RDLENGTH). Names are compressed only for the RFC 1035
    /// types (RFC 3597 section 4), and only when `allowCompression`; other names are written
    /// in full.
    func write(type: RecordType, to w: inout WireWriter, allowCompression: Bool = true) throws(DNSWireError) {
        let compress = allowCompression && RData.compressibleTypes.contains(type)
        switch self {
        case .a(let a): w.u32(a.value)
        case .aaaa(let a): w.append(a.bytes)
        case .name(let n): w.name(n, compress: compress)
        case .soa(let s):
            w.name(s.mname, compress: compress)
            w.name(s.rname, compress: compress)
            for v in [s.serial, s.refresh, s.retry, s.expire, s.minimum] { w.u32(v) }
        case .mx(let pref, let exchange):
            w.u16(pref)
            w.name(exchange, compress: compress)
        case .txt(let strings):
            for s in strings { try w.characterString(s) }
        case .hinfo(let cpu, let os):
            try w.characterString(cpu)
            try w.characterString(os)
        case .srv(let p, let weight, let port, let target):
            w.u16(p); w.u16(weight); w.u16(port)
            w.name(target, compress: false)
        case .naptr(let n):
            w.u16(n.order); w.u16(n.preference)
            try w.characterString(n.flags)
            try w.characterString(n.services)
            try w.characterString(n.regexp)
            w.name(n.replacement, compress: false)
        case .caa(let flags, let tag, let value):
            w.u8(flags)
            try w.characterString(tag)
            w.append(value)
        case .ds(let tag, let alg, let dt, let digest):
            w.u16(tag); w.u8(alg); w.u8(dt); w.append(digest)
        case .dnskey(let flags, let proto, let alg, let key):
            w.u16(flags); w.u8(proto); w.u8(alg); w.append(key)
        case .rrsig(let s):
            w.u16(s.typeCovered.rawValue); w.u8(s.algorithm); w.u8(s.labels)
            w.u32(s.originalTTL); w.u32(s.expiration); w.u32(s.inception); w.u16(s.keyTag)
            w.name(s.signer, compress: false)
            w.append(s.signature)
        case .nsec(let next, let types):
            w.name(next, compress: false)
            RData.writeTypeBitmap(types, to: &w)
        case .nsec3(let n):
            w.u8(n.hashAlgorithm); w.u8(n.flags); w.u16(n.iterations)
            try w.characterString(n.salt)
            try w.characterString(n.nextHashedOwner)
            RData.writeTypeBitmap(n.types, to: &w)
        case .svcb(let s):
            w.u16(s.priority)
            w.name(s.target, compress: false)
            for p in s.params {
                w.u16(p.key); w.u16(UInt16(clamping: p.value.count)); w.append(p.value)
            }
        case .opt(let options):
            for o in options {
                w.u16(o.code); w.u16(UInt16(clamping: o.data.count)); w.append(o.data)
            }
        case .unknown(let bytes):
            w.append(bytes)
        }
    }

    /// Writes NSEC/NSEC3 type bit maps (RFC 4034 section 4.1.2).
    static func writeTypeBitmap(_ types: [RecordType], to w: inout WireWriter) {
        let sorted = Set(types.map(\.rawValue)).sorted()
        var i = 0
        while i < sorted.count {
            let window = sorted[i] >> 8
            var bitmap = [UInt8](repeating: 0, count: 32)
            var used = 0
            while i < sorted.count && sorted[i] >> 8 == window {
                let low = Int(sorted[i] & 0xFF)
                bitmap[low / 8] |= 0x80 >> UInt8(low % 8)
                used = low / 8 + 1
                i += 1
            }
            w.u8(UInt8(window)); w.u8(UInt8(used)); w.append(bitmap[..<used])
        }
    }
}
