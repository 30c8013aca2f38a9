import DNSWire
import Foundation
import TestSupport

/// tshark 4.0 as the reference decoder: runs it on a capture and reads its JSON.
enum Tshark {
    /// The tshark binary, if installed.
    static let path = TestEnvironment.tool("/usr/bin/tshark", "/usr/local/bin/tshark")

    /// A record as tshark shows it: the fields compared, in tshark's text forms.
    struct Record: Hashable, Comparable, CustomStringConvertible {
        var name: String
        var type: Int
        var recordClass: Int
        var ttl: Int
        /// The data for the types compared (A, AAAA, NS, CNAME, PTR, MX, SOA, TXT, SRV), else nil.
        var data: String?

        var description: String { "\(name) \(type) \(recordClass) \(ttl) \(data ?? "-")" }
        static func < (a: Record, b: Record) -> Bool { a.description < b.description }
    }

    /// One DNS message of tshark's output.
    struct Message {
        var frame: Int
        /// Position among the DNS messages tshark shows in that frame.
        var position: Int
        var id: UInt16
        var flags: UInt16
        /// Questions as "name type class".
        var questions: [String]
        /// Answer, authority and additional records (OPT left out; see `opt`).
        var sections: [[Record]]
        /// The OPT record: "udpsize extrcode version do".
        var opt: String?
        /// tshark flagged this message or its frame as malformed or cut short.
        var malformed: Bool
    }

    /// What tshark found in one capture.
    struct Output {
        var messages: [Message] = []
        /// Frames whose protocol stack has DNS that tshark shows only nested inside another
        /// layer (DNS over HTTPS), with the stack.
        var nested: [(frame: Int, protocols: String)] = []
    }

    /// Runs tshark on a capture and reads its JSON.
    static func decode(_ file: String) async throws -> Output {
        guard let tshark = path else { throw TsharkError("tshark is not installed") }
        let dir = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out.json").path
        // stderr apart: tshark warns on it when run as root.
        let command = "'\(tshark)' -r '\(file)' -T json --no-duplicate-keys -J 'frame dns mdns llmnr _ws.malformed _ws.short' "
            + "-Y 'dns or mdns or llmnr' > '\(out)' 2>/dev/null"
        let child = try ChildProcess("/bin/sh", ["-c", command])
        guard let status = await child.exit(within: 120), status == 0 else {
            child.stop(grace: 1)
            throw TsharkError("tshark failed on \(file)")
        }
        let data = try Data(contentsOf: URL(fileURLWithPath: out))
        guard let packets = try JSONSerialization.jsonObject(with: data) as? [[String: Any]] else {
            throw TsharkError("tshark's output for \(file) is not a JSON array")
        }
        var output = Output()
        for packet in packets {
            guard let layers = (packet["_source"] as? [String: Any])?["layers"] as? [String: Any],
                  let frameLayer = layers["frame"] as? [String: Any],
                  let frame = Int(frameLayer["frame.number"] as? String ?? "")
            else { throw TsharkError("a packet without frame.number in \(file)") }
            let frameMalformed = layers["_ws.malformed"] != nil || layers["_ws.short"] != nil
            var position = 0
            for key in ["dns", "mdns", "llmnr"] {
                for layer in list(layers[key]) {
                    guard let dns = layer as? [String: Any] else { continue }
                    output.messages.append(try message(dns, frame: frame, position: position, frameMalformed: frameMalformed))
                    position += 1
                }
            }
            if position == 0 {
                output.nested.append((frame, frameLayer["frame.protocols"] as? String ?? ""))
            }
        }
        return output
    }

    /// A value, or the values of a repeated key (`--no-duplicate-keys` makes them an array).
    static func list(_ value: Any?) -> [Any] {
        guard let value else { return [] }
        return (value as? [Any]) ?? [value]
    }

    static func string(_ record: [String: Any], _ key: String) -> String? {
        // Type bitmaps of NSEC/NSEC3 repeat dns.resp.type: the record's own type comes first.
        list(record[key]).first as? String
    }

    static func number(_ record: [String: Any], _ key: String) -> Int? {
        guard let text = string(record, key) else { return nil }
        return text.hasPrefix("0x") ? Int(text.dropFirst(2), radix: 16) : Int(text)
    }

    /// The entries of a section object (keys are tshark's summaries; equal ones are merged
    /// into an array).
    static func entries(_ section: Any?) -> [[String: Any]] {
        guard let section = section as? [String: Any] else { return [] }
        return section.values.flatMap { list($0) }.compactMap { $0 as? [String: Any] }
    }

    static func message(_ dns: [String: Any], frame: Int, position: Int, frameMalformed: Bool) throws -> Message {
        guard let id = number(dns, "dns.id"), let flags = number(dns, "dns.flags") else {
            throw TsharkError("frame \(frame): a DNS layer without id or flags")
        }
        // UPDATE (RFC 2136 section 2.2) names the sections zone, prerequisites, updates.
        let update = (flags >> 11) & 0xF == 5
        let questions = entries(dns[update ? "Zone" : "Queries"]).map { q -> String in
            var cls = number(q, "dns.qry.class") ?? -1
            if string(q, "dns.qry.qu") == "1" { cls |= 0x8000 }
            return "\(string(q, "dns.qry.name") ?? "?") \(number(q, "dns.qry.type") ?? -1) \(cls)"
        }.sorted()
        let sectionKeys = update
            ? ["Prerequisites", "Updates", "Additional records"]
            : ["Answers", "Authoritative nameservers", "Additional records"]
        var sections: [[Record]] = []
        var opt: String?
        for key in sectionKeys {
            var records: [Record] = []
            for r in entries(dns[key]) {
                let type = number(r, "dns.resp.type") ?? -1
                if type == 41 {
                    let d = string(r, "dns.resp.z.do") ?? (number(r, "dns.resp.z").map { $0 & 0x8000 != 0 ? "1" : "0" } ?? "?")
                    opt = "\(number(r, "dns.rr.udp_payload_size") ?? -1) \(number(r, "dns.resp.ext_rcode") ?? -1) \(number(r, "dns.resp.edns0_version") ?? -1) \(d)"
                    continue
                }
                records.append(record(r, type: type))
            }
            sections.append(records.sorted())
        }
        return Message(frame: frame, position: position, id: UInt16(id), flags: UInt16(flags), questions: questions,
                       sections: sections, opt: opt, malformed: frameMalformed || hasMalformedExpert(dns))
    }

    static func record(_ r: [String: Any], type: Int) -> Record {
        var cls = number(r, "dns.resp.class") ?? -1
        if string(r, "dns.resp.cache_flush") == "1" { cls |= 0x8000 }
        var name = string(r, "dns.resp.name")
        if name == nil, type == 33 {
            // SRV owners are shown split: service, protocol, name.
            name = ["dns.srv.service", "dns.srv.proto", "dns.srv.name"].compactMap { string(r, $0) }.joined(separator: ".")
        }
        let s = { (key: String) in string(r, key) ?? "?" }
        var data: String?
        switch type {
        case 1: data = string(r, "dns.a")
        case 28: data = string(r, "dns.aaaa")
        case 2: data = string(r, "dns.ns")
        case 5: data = string(r, "dns.cname")
        case 12: data = string(r, "dns.ptr.domain_name")
        case 15: data = "\(s("dns.mx.preference")) \(s("dns.mx.mail_exchange"))"
        case 6:
            data = ["dns.soa.mname", "dns.soa.rname", "dns.soa.serial_number", "dns.soa.refresh_interval",
                    "dns.soa.retry_interval", "dns.soa.expire_limit", "dns.soa.minimum_ttl"].map(s).joined(separator: " ")
        case 16: data = list(r["dns.txt"]).compactMap { $0 as? String }.joined(separator: "\u{0}")
        case 33: data = "\(s("dns.srv.priority")) \(s("dns.srv.weight")) \(s("dns.srv.port")) \(s("dns.srv.target"))"
        default: data = nil
        }
        // An empty RDATA (RFC 2136 deletions and prerequisites) has no data fields.
        if number(r, "dns.resp.len") == 0 { data = nil }
        return Record(name: name ?? "?", type: type, recordClass: cls, ttl: number(r, "dns.resp.ttl") ?? -1, data: data)
    }

    /// True if any expert item under the layer is in the Malformed group (PI_MALFORMED).
    static func hasMalformedExpert(_ value: Any) -> Bool {
        var stack: [Any] = [value]
        while let next = stack.popLast() {
            if let object = next as? [String: Any] {
                if let group = object["_ws.expert.group"] as? String, Int(group) == 0x0700_0000 { return true }
                if object["_ws.malformed"] != nil { return true }
                stack.append(contentsOf: object.values)
            } else if let array = next as? [Any] {
                stack.append(contentsOf: array)
            }
        }
        return false
    }
}

/// A failure to run or read tshark.
struct TsharkError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
