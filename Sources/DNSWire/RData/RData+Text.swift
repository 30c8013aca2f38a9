extension RData {
    /// The RDATA in presentation format, as dig prints it. Unknown types use the RFC 3597
    /// section 5 generic form `\# <length> <hex>`.
    public func presentation(type: RecordType) -> String {
        switch self {
        case .a(let a): return a.description
        case .aaaa(let a): return a.description
        case .name(let n): return n.description
        case .soa(let s):
            return "\(s.mname) \(s.rname) \(s.serial) \(s.refresh) \(s.retry) \(s.expire) \(s.minimum)"
        case .mx(let pref, let exchange): return "\(pref) \(exchange)"
        case .txt(let strings): return strings.map(RData.quoted).joined(separator: " ")
        case .hinfo(let cpu, let os): return "\(RData.quoted(cpu)) \(RData.quoted(os))"
        case .srv(let p, let w, let port, let target): return "\(p) \(w) \(port) \(target)"
        case .naptr(let n):
            return "\(n.order) \(n.preference) \(RData.quoted(n.flags)) \(RData.quoted(n.services)) \(RData.quoted(n.regexp)) \(n.replacement)"
        case .caa(let flags, let tag, let value):
            return "\(flags) \(String(decoding: tag, as: UTF8.self)) \(RData.quoted(value))"
        case .ds(let tag, let alg, let dt, let digest):
            return "\(tag) \(alg) \(dt) \(RData.hex(digest).uppercased())"
        case .dnskey(let flags, let proto, let alg, let key):
            return "\(flags) \(proto) \(alg) \(Base64.encode(key))"
        case .rrsig(let s):
            return "\(s.typeCovered) \(s.algorithm) \(s.labels) \(s.originalTTL) \(RData.timestamp(s.expiration)) \(RData.timestamp(s.inception)) \(s.keyTag) \(s.signer) \(Base64.encode(s.signature))"
        case .nsec(let next, let types):
            return ([next.description] + types.map(\.description)).joined(separator: " ")
        case .nsec3(let n):
            let salt = n.salt.isEmpty ? "-" : RData.hex(n.salt).uppercased()
            let head = "\(n.hashAlgorithm) \(n.flags) \(n.iterations) \(salt) \(Base32Hex.encode(n.nextHashedOwner))"
            return ([head] + n.types.map(\.description)).joined(separator: " ")
        case .svcb(let s):
            let params = s.params.map { p in "key\(p.key)=\(RData.quoted(p.value))" }
            return ([String(s.priority), s.target.description] + params).joined(separator: " ")
        case .opt(let options):
            return options.map { "\($0.name):\(RData.hex($0.data))" }.joined(separator: " ")
        case .unknown(let bytes):
            return bytes.isEmpty ? "\\# 0" : "\\# \(bytes.count) \(RData.hex(bytes))"
        }
    }

    /// Lower-case hexadecimal.
    public static func hex(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// A character-string in double quotes, with `"` and `\` escaped and bytes outside
    /// printable ASCII as `\DDD` (RFC 1035 section 5.1).
    public static func quoted(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = [UInt8(ascii: "\"")]
        for b in bytes {
            switch b {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"):
                out.append(UInt8(ascii: "\\")); out.append(b)
            case 0x20...0x7E:
                out.append(b)
            default:
                out.append(UInt8(ascii: "\\"))
                out.append(48 + b / 100); out.append(48 + (b / 10) % 10); out.append(48 + b % 10)
            }
        }
        out.append(UInt8(ascii: "\""))
        return String(decoding: out, as: UTF8.self)
    }

    /// RRSIG times as YYYYMMDDHHmmSS in UTC (RFC 4034 section 3.2).
    static func timestamp(_ t: UInt32) -> String {
        let (y, m, d, hh, mm, ss) = CivilTime.fields(epoch: Int64(t))
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(y)\(two(m))\(two(d))\(two(hh))\(two(mm))\(two(ss))"
    }
}

/// Base64 (RFC 4648 section 4), for key and signature fields.
enum Base64 {
    static func encode(_ bytes: [UInt8]) -> String {
        let table = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        var out: [UInt8] = []
        var i = 0
        while i + 3 <= bytes.count {
            let v = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2])
            for shift in [18, 12, 6, 0] { out.append(table[Int((v >> UInt32(shift)) & 63)]) }
            i += 3
        }
        let rest = bytes.count - i
        if rest > 0 {
            let v = UInt32(bytes[i]) << 16 | (rest == 2 ? UInt32(bytes[i + 1]) << 8 : 0)
            out.append(table[Int(v >> 18 & 63)])
            out.append(table[Int(v >> 12 & 63)])
            out.append(rest == 2 ? table[Int(v >> 6 & 63)] : UInt8(ascii: "="))
            out.append(UInt8(ascii: "="))
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// Base32 with the extended hex alphabet, unpadded (RFC 4648 section 7), for NSEC3 owners.
enum Base32Hex {
    static func encode(_ bytes: [UInt8]) -> String {
        let table = Array("0123456789ABCDEFGHIJKLMNOPQRSTUV".utf8)
        var out: [UInt8] = []
        var buffer: UInt32 = 0, bits = 0
        for b in bytes {
            buffer = buffer << 8 | UInt32(b)
            bits += 8
            while bits >= 5 {
                out.append(table[Int((buffer >> UInt32(bits - 5)) & 31)])
                bits -= 5
            }
        }
        if bits > 0 { out.append(table[Int((buffer << UInt32(5 - bits)) & 31)]) }
        return String(decoding: out, as: UTF8.self)
    }
}
