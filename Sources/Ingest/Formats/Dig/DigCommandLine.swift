import DNSWire

/// What a `; <<>> DiG 9.x <<>> …` line says about the query: its name, type and server,
/// read the way dig reads its arguments (options with a value: -b -c -f -k -p -q -t -x -y).
struct DigCommandLine {
    var name: DNSName?
    var type: RecordType = .a
    var server: String?
    var short = false

    init(_ line: String) {
        let parts = line.split(separator: "<<>>", omittingEmptySubsequences: false)
        guard parts.count >= 3, let last = parts.last else { return }
        let args = last.split(whereSeparator: { $0 == " " || $0 == "\t" })
        var i = 0
        var typeGiven = false
        while i < args.count {
            let a = args[i]
            let value = i + 1 < args.count ? args[i + 1] : nil
            switch a {
            case "-t":
                if let v = value, let t = RecordType(mnemonic: v) { type = t; typeGiven = true }
                i += 2; continue
            case "-q":
                if let v = value { name = try? DNSName(v) }
                i += 2; continue
            case "-x":
                if let v = value, let n = DigCommandLine.reverseName(v) { name = n; if !typeGiven { type = .ptr } }
                i += 2; continue
            case "-b", "-c", "-f", "-k", "-p", "-y":
                i += 2; continue
            default:
                break
            }
            if a.hasPrefix("@") {
                server = String(a.dropFirst())
            } else if a.hasPrefix("+") {
                if a == "+short" { short = true } else if a == "+noshort" { short = false }
            } else if a.hasPrefix("-") {
                // -4, -6, -m, -r, -u, -v… take no value.
            } else if !typeGiven, let t = RecordType(mnemonic: a), name != nil || RecordClass(mnemonic: a) == nil {
                type = t
                typeGiven = true
            } else if RecordClass(mnemonic: a) != nil {
                // The class: FluxScope reads IN data whatever it is.
            } else if name == nil {
                name = try? DNSName(a)
            }
            i += 1
        }
    }

    /// The reverse-lookup name of an address (RFC 1035 section 3.5, RFC 3596 section 2.5).
    static func reverseName(_ text: some StringProtocol) -> DNSName? {
        switch IPAddress(text) {
        case .v4(let a)?:
            let o = a.octets
            return try? DNSName("\(o.3).\(o.2).\(o.1).\(o.0).in-addr.arpa.")
        case .v6(let a)?:
            let nibbles = a.bytes.reversed().flatMap { [String($0 & 0x0F, radix: 16), String($0 >> 4, radix: 16)] }
            return try? DNSName(nibbles.joined(separator: ".") + ".ip6.arpa.")
        case nil:
            return nil
        }
    }
}
