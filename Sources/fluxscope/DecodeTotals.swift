import Glibc
import DNSWire
import PacketCapture

/// Totals printed by `decode --count` (and on standard error after a JSON decode).
struct DecodeTotals {
    var packets = 0
    var messages = 0
    var malformed = 0
    var malformedFrames = 0
    var questions = 0, answers = 0, authority = 0, additional = 0
    var errorsByKind: [String: Int] = [:]

    mutating func add(_ s: MessageScan) {
        messages += 1
        questions += s.questions
        answers += s.answers
        authority += s.authority
        additional += s.additional
        if let e = s.error {
            malformed += 1
            errorsByKind[e.kind.name, default: 0] += 1
        }
    }

    mutating func add(_ m: Message, _ error: DNSWireError?) {
        messages += 1
        questions += m.questions.count
        answers += m.answers.count
        authority += m.authority.count
        additional += m.additional.count + (m.edns == nil ? 0 : 1)
        if let e = error {
            malformed += 1
            errorsByKind[e.kind.name, default: 0] += 1
        }
    }

    var json: String {
        var j = JSONWriter()
        j.beginObject()
        j.key("packets"); j.number(packets)
        j.key("dns_messages"); j.number(messages)
        j.key("malformed"); j.number(malformed)
        j.key("malformed_frames"); j.number(malformedFrames)
        j.key("questions"); j.number(questions)
        j.key("answers"); j.number(answers)
        j.key("authority"); j.number(authority)
        j.key("additional"); j.number(additional)
        j.key("errors"); j.beginObject()
        for (k, v) in errorsByKind.sorted(by: { $0.key < $1.key }) { j.key(k); j.number(v) }
        j.endObject()
        j.endObject()
        return j.text
    }

    var summary: String {
        "\(packets) packets, \(messages) DNS messages, \(malformed) malformed; records: \(questions) questions, \(answers) answers, \(authority) authority, \(additional) additional"
    }

    /// Seconds with their fraction: microseconds when the capture has no finer resolution.
    static func seconds(_ t: CaptureTimestamp) -> String {
        let ns = Int(t.nanoseconds)
        if ns % 1000 == 0 {
            let us = String(ns / 1000)
            return "\(t.seconds).\(String(repeating: "0", count: 6 - us.count))\(us)"
        }
        let s = String(ns)
        return "\(t.seconds).\(String(repeating: "0", count: 9 - s.count))\(s)"
    }
}
