import DNSWire

/// The fields of one `dns.log` entry that FluxScope uses, from either TSV or JSON.
struct ZeekEntry {
    var time: Double
    var query: String?
    var qtype: RecordType?
    var rcode: RCode?
    var opcode: UInt8?
    var answers: [String] = []
    var ttls: [Double]?
    var client: String?

    /// Reads one TSV data line with the columns of `header`.
    init(tsv line: String, header: ZeekTSVHeader) throws(RecordProblem) {
        let values = line.split(separator: header.separator, omittingEmptySubsequences: false).map(String.init)
        guard values.count == header.fields.count else {
            throw RecordProblem("bad_fields", "\(values.count) fields where #fields names \(header.fields.count)")
        }
        func field(_ name: String) -> String? {
            guard let i = header.columns[name] else { return nil }
            let v = values[i]
            return v == header.unsetField ? nil : v
        }
        func vector(_ name: String) -> [String]? {
            guard let v = field(name) else { return nil }
            if v == header.emptyField { return [] }
            return v.split(separator: header.setSeparator, omittingEmptySubsequences: false).map(String.init)
        }
        guard let ts = field("ts"), let t = TimeText.epoch(ts) else {
            throw RecordProblem("bad_time", "ts '\(field("ts") ?? header.unsetField)' is not a time in seconds")
        }
        time = t
        query = field("query").flatMap { $0 == header.emptyField ? nil : $0 }
        qtype = try ZeekEntry.type(number: field("qtype"), name: field("qtype_name"))
        rcode = try ZeekEntry.rcode(number: field("rcode"), name: field("rcode_name"))
        if let op = field("opcode") {
            guard let v = UInt8(op) else { throw RecordProblem("bad_field", "opcode '\(op)' is not a number") }
            opcode = v
        }
        answers = vector("answers") ?? []
        if let raw = vector("TTLs") {
            var ttls: [Double] = []
            for r in raw {
                guard let v = Double(r) else { throw RecordProblem("bad_ttl", "TTL '\(r)' is not a number") }
                ttls.append(v)
            }
            self.ttls = ttls
        }
        client = field("id.orig_h")
    }

    /// Reads one JSON line (Zeek's `LogAscii::use_json`), times as seconds or ISO 8601.
    init(json v: JSONValue) throws(RecordProblem) {
        guard let o = v.object else { throw RecordProblem("bad_json", "the line is \(v.kindName), not an object") }
        guard let ts = o["ts"], let t = TimeText.json(ts) else {
            throw RecordProblem("bad_time", "ts is missing or not a time")
        }
        time = t
        query = o["query"]?.string
        func text(_ key: String) -> String? {
            switch o[key] {
            case .string(let s)?: return s
            case .number(let n)?: return n
            default: return nil
            }
        }
        qtype = try ZeekEntry.type(number: text("qtype"), name: text("qtype_name"))
        rcode = try ZeekEntry.rcode(number: text("rcode"), name: text("rcode_name"))
        if let op = text("opcode") {
            guard let n = UInt8(op) else { throw RecordProblem("bad_field", "opcode '\(op)' is not a number") }
            opcode = n
        }
        if let a = o["answers"] {
            guard let list = a.array else { throw RecordProblem("bad_field", "answers is \(a.kindName), not an array") }
            answers = []
            for item in list {
                guard let s = item.string else { throw RecordProblem("bad_field", "an answer is \(item.kindName), not a string") }
                answers.append(s)
            }
        }
        if let t = o["TTLs"] {
            guard let list = t.array else { throw RecordProblem("bad_field", "TTLs is \(t.kindName), not an array") }
            var ttls: [Double] = []
            for item in list {
                guard let d = item.double else { throw RecordProblem("bad_ttl", "a TTL is \(item.kindName), not a number") }
                ttls.append(d)
            }
            self.ttls = ttls
        }
        client = o["id.orig_h"]?.string
    }

    /// The query type from `qtype` (number) or else `qtype_name` (`A`, `*`, `query-65534`).
    static func type(number: String?, name: String?) throws(RecordProblem) -> RecordType? {
        if let number {
            guard let n = UInt16(number) else { throw RecordProblem("bad_field", "qtype '\(number)' is not a number") }
            return RecordType(n)
        }
        guard let name else { return nil }
        if name == "*" { return .any }
        if name.hasPrefix("query-"), let n = UInt16(name.dropFirst(6)) { return RecordType(n) }
        guard let t = RecordType(mnemonic: name) else { throw RecordProblem("bad_field", "qtype_name '\(name)' is not a type") }
        return t
    }

    /// The response code from `rcode` (number) or else `rcode_name`.
    static func rcode(number: String?, name: String?) throws(RecordProblem) -> RCode? {
        if let number {
            guard let n = UInt16(number), n <= 0x0FFF else { throw RecordProblem("bad_field", "rcode '\(number)' is not a response code") }
            return RCode(rawValue: n)
        }
        guard let name else { return nil }
        let names: [String: RCode] = ["NOERROR": .noError, "FORMERR": .formErr, "SERVFAIL": .servFail,
                                      "NXDOMAIN": .nxDomain, "NOTIMP": .notImp, "REFUSED": .refused]
        guard let r = names[name.uppercased()] else { throw RecordProblem("bad_field", "rcode_name '\(name)' is not known") }
        return r
    }
}
