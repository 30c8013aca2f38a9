import DNSWire

/// FluxScope's values in the text forms tshark 4.0 prints, so that they can be compared.
///
/// tshark prints names without the trailing dot and the root as `<Root>`; label bytes go
/// through Wireshark's `format_text`: printable ASCII as is (`.`, `\` and `"` unescaped),
/// `\a \b \f \n \r \t \v` for those controls, other controls and DEL as three octal
/// digits (`\000`, `\177`), valid UTF-8 kept, invalid octets as U+FFFD. TXT strings are
/// read as ASCII: octets above 0x7F become U+FFFD, controls are kept raw, and a string
/// ends at its first NUL. (`OddBytesTests` checks these rules against tshark itself.)
enum TsharkText {
    static func name(_ n: DNSName) -> String {
        n.isRoot ? "<Root>" : n.labels.map { label(Array($0)) }.joined(separator: ".")
    }

    static func label(_ bytes: [UInt8]) -> String {
        var out = ""
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b >= 0x80 {
                // The longest run of high octets, decoded as UTF-8 with replacement.
                var j = i
                while j < bytes.count && bytes[j] >= 0x80 { j += 1 }
                out += String(decoding: bytes[i..<j], as: UTF8.self)
                i = j
                continue
            }
            switch b {
            case 0x07: out += "\\a"
            case 0x08: out += "\\b"
            case 0x0C: out += "\\f"
            case 0x0A: out += "\\n"
            case 0x0D: out += "\\r"
            case 0x09: out += "\\t"
            case 0x0B: out += "\\v"
            case 0x20..<0x7F: out.unicodeScalars.append(Unicode.Scalar(b))
            default:
                out += "\\" + String(b >> 6) + String((b >> 3) & 7) + String(b & 7)
            }
            i += 1
        }
        return out
    }

    static func txt(_ bytes: [UInt8]) -> String {
        var out = ""
        for b in bytes {
            if b == 0 { break }
            out.unicodeScalars.append(b < 0x80 ? Unicode.Scalar(b) : "\u{FFFD}")
        }
        return out
    }

    /// A record in `Tshark.Record` form.
    static func record(_ rr: ResourceRecord) -> Tshark.Record {
        var data: String?
        switch rr.data {
        case .a(let a) where rr.type == .a: data = a.description
        case .aaaa(let a) where rr.type == .aaaa: data = a.description
        case .name(let n) where [.ns, .cname, .ptr].contains(rr.type): data = name(n)
        case .mx(let pref, let exchange) where rr.type == .mx: data = "\(pref) \(name(exchange))"
        case .soa(let s):
            data = "\(name(s.mname)) \(name(s.rname)) \(s.serial) \(s.refresh) \(s.retry) \(s.expire) \(s.minimum)"
        case .txt(let strings) where rr.type == .txt: data = strings.map(txt).joined(separator: "\u{0}")
        case .srv(let p, let w, let port, let target): data = "\(p) \(w) \(port) \(name(target))"
        default: data = nil
        }
        return Tshark.Record(name: name(rr.name), type: Int(rr.type.rawValue), recordClass: Int(rr.recordClass.rawValue),
                             ttl: Int(rr.ttl), data: data)
    }
}
