import DNSWire
import Foundation
import Testing
import TestSupport

/// Zeek's expected dns.log for a few traces, as a second opinion beside tshark: every
/// logged query and response must be found among FluxScope's messages with the same
/// transaction id, query name, query type, rcode, answers (in Zeek's text, in order) and TTLs.
@Suite struct ZeekBaselineTests {
    /// (trace under captures/, Zeek baseline folder under captures/zeek/Baseline).
    static let pairs: [(trace: String, baseline: String)] = [
        ("zeek/Traces/dns-txt-multiple.pcap", "scripts.base.protocols.dns.multiple-txt-strings"),
        ("zeek/Traces/dns-zero-RRs.pcap", "scripts.base.protocols.dns.zero-responses"),
        ("zeek/Traces/dns-two-responses.pcap", "scripts.base.protocols.dns.duplicate-reponses"),
        ("zeek/Traces/dns53.pcap", "scripts.base.protocols.dns.flip"),
        ("zeek/Traces/dns/mdns-no-assoc.pcap", "scripts.base.protocols.dns.mdns-no-assoc"),
        ("zeek/Traces/tunnels/gre-pptp.pcap", "core.tunnels.gre-pptp"),
        ("zeek/Traces/ipv6-fragmented-dns.pcap", "core.ipv6-frag"),
    ]

    /// One dns.log row: the fields compared ("-" where Zeek left them unset).
    struct Row {
        var transID: UInt16
        var query: String
        var qtype: String
        var rcode: String
        var answers: String
        var ttls: String
    }

    static func rows(_ baseline: String) throws -> [Row] {
        let text = try String(contentsOfFile: Corpus.root + "/zeek/Baseline/\(baseline)/dns.log", encoding: .utf8)
        var fields: [String] = []
        var rows: [Row] = []
        for line in text.split(separator: "\n") {
            let cells = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            if cells.first == "#fields" { fields = Array(cells.dropFirst()); continue }
            if line.hasPrefix("#") { continue }
            func cell(_ name: String) -> String { fields.firstIndex(of: name).map { cells[$0] } ?? "-" }
            rows.append(Row(transID: UInt16(cell("trans_id")) ?? 0, query: cell("query"), qtype: cell("qtype"),
                            rcode: cell("rcode"), answers: cell("answers"), ttls: cell("TTLs")))
        }
        return rows
    }

    /// An answer as Zeek logs it.
    static func zeekAnswer(_ rr: ResourceRecord) -> String {
        switch rr.data {
        case .a(let a): return a.description
        case .aaaa(let a): return a.description
        case .name(let n): return zeekName(n)
        case .mx(_, let exchange): return zeekName(exchange)
        case .txt(let strings): return strings.map { "TXT \($0.count) \(String(decoding: $0, as: UTF8.self))" }.joined(separator: " ")
        case .rrsig(let s): return "RRSIG \(s.typeCovered.rawValue) \(zeekName(s.signer))"
        default: return "?\(rr.type)"
        }
    }

    /// Zeek logs names lower-cased (unless its original-case policy script is loaded).
    static func zeekName(_ n: DNSName) -> String {
        n.lowercased.labels.map { String(decoding: $0, as: UTF8.self) }.joined(separator: ".")
    }

    @Test(arguments: zip(pairs.map(\.trace), pairs.map(\.baseline)))
    func agreesWithZeek(trace: String, baseline: String) throws {
        let rows = try ZeekBaselineTests.rows(baseline)
        #expect(!rows.isEmpty)
        let messages = try Corpus.messages(trace).messages.map(\.parsed).filter { $0.error == nil }.map(\.message)
        for row in rows {
            let found = messages.contains { m in
                // Zeek logs the question's name, or for an answer without a question (mDNS
                // announcements) the first answer's owner.
                guard m.id == row.transID, let name = m.questions.first?.name ?? m.answers.first?.name,
                      ZeekBaselineTests.zeekName(name) == row.query else { return false }
                if row.qtype != "-" && m.questions.first.map({ String($0.type.rawValue) }) != row.qtype { return false }
                // A row without an rcode is a query never answered; with one, the response.
                if row.rcode == "-" { return !m.flags.qr }
                guard m.flags.qr, String(m.rcode.rawValue) == row.rcode else { return false }
                let answers = m.answers.isEmpty ? "-" : m.answers.map(ZeekBaselineTests.zeekAnswer).joined(separator: ",")
                let ttls = m.answers.isEmpty ? "-" : m.answers.map { String(format: "%d.000000", Int($0.ttl)) }.joined(separator: ",")
                return answers == row.answers && ttls == row.ttls
            }
            #expect(found, "\(trace): no message matches Zeek's row \(row)")
        }
    }
}
