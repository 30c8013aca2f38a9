import DNSWire
import FluxModel

/// One dig transcript being read: from `; <<>> DiG` (or `;; Got answer:`) to `;; MSG SIZE`
/// or the next transcript.
struct DigTranscript {
    /// A record line (possibly joined from several in parentheses).
    struct Record {
        var name: DNSName
        var type: RecordType
        var ttl: UInt32?
        var data: RData
        var section: Section
    }

    var startLine: Int
    var command: DigCommandLine?
    var opcode: String?
    var rcode: RCode?
    var declaredAnswers: Int?
    var declaredAuthority: Int?
    var question: (name: DNSName, type: RecordType)?
    var section: Section?
    var inQuestion = false
    var records: [Record] = []
    var shortLines: [(tokens: [PresentationToken], line: Int)] = []
    var server: String?
    var when: Timestamp?
    var errors: [String] = []
    var finished = false
    /// Records dropped because the transcript passed `maxRecords`.
    var dropped = 0

    /// The most records kept for one transcript: the time comes at its end, so records wait
    /// in memory; an AXFR transcript of a large zone is cut here (and reported) rather than
    /// growing without bound.
    static let maxRecords = 100_000

    /// Pending tokens of a record that continues over lines in parentheses.
    var pending: [PresentationToken] = []
    var pendingDepth = 0
    var pendingLine = 0

    init(startLine: Int, command: DigCommandLine? = nil) {
        self.startLine = startLine
        self.command = command
    }

    var hasHeader: Bool { rcode != nil }
    var isEmpty: Bool { !hasHeader && records.isEmpty && shortLines.isEmpty && errors.isEmpty && command == nil }

    /// `;; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: 10438`
    mutating func readHeader(_ text: String) -> Bool {
        func value(after key: String) -> Substring? {
            guard let part = text.split(separator: ",").first(where: { $0.contains(key) }) else { return nil }
            return part.split(separator: ":").last.map { $0.drop(while: { $0 == " " }) }
        }
        guard let op = value(after: "opcode"), let status = value(after: "status"), let rc = DigTranscript.rcodes[String(status)] else {
            return false
        }
        opcode = String(op)
        rcode = rc
        return true
    }

    /// `;; flags: qr aa rd; QUERY: 1, ANSWER: 3, AUTHORITY: 2, ADDITIONAL: 3`
    mutating func readFlags(_ text: String) {
        for part in text.split(whereSeparator: { $0 == ";" || $0 == "," }) {
            let kv = part.split(separator: ":")
            guard kv.count == 2, let n = Int(kv[1].trimmingSpaces) else { continue }
            switch kv[0].trimmingSpaces {
            case "ANSWER": declaredAnswers = n
            case "AUTHORITY": declaredAuthority = n
            default: break
            }
        }
    }

    /// `;; WHEN: Sun Nov 22 02:33:55 UTC 2026` (`%a %b %d %H:%M:%S %Z %Y`); the zone
    /// abbreviation is read only as UTC/GMT, any other (or none) means `utcOffset`.
    static func when(_ text: Substring, utcOffset: Int) -> Timestamp? {
        let t = text.split(separator: " ")
        guard t.count == 5 || t.count == 6 else { return nil }
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        guard let m = months.firstIndex(of: String(t[1])), let d = Int(t[2]), let y = Int(t[t.count - 1]) else { return nil }
        let hms = t[3].split(separator: ":").compactMap { Int($0) }
        guard hms.count == 3, CivilTime.isValid(year: y, month: m + 1, day: d, hour: hms[0], minute: hms[1], second: hms[2]) else {
            return nil
        }
        let zone = t.count == 6 ? t[4] : ""
        let offset = zone == "UTC" || zone == "GMT" || zone == "Z" ? 0 : utcOffset
        return Double(CivilTime.epoch(year: y, month: m + 1, day: d, hour: hms[0], minute: hms[1], second: hms[2]) - Int64(offset))
    }

    /// Response codes by mnemonic.
    static let rcodes: [String: RCode] = {
        var map: [String: RCode] = [:]
        for v in UInt16(0)..<24 {
            let r = RCode(rawValue: v)
            map[r.description] = r
        }
        return map
    }()
}

extension Substring {
    var trimmingSpaces: Substring {
        var s = self
        while s.first == " " { s.removeFirst() }
        while s.last == " " { s.removeLast() }
        return s
    }
}
