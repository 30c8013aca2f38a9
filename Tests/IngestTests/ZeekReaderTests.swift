import DNSWire
import FluxModel
import Foundation
import Testing
@testable import Ingest

@Suite struct ZeekReaderTests {
    static let baseline = TestData.shared.appendingPathComponent("captures/zeek/Baseline")

    /// Every dns.log under Zeek's Baseline folder.
    static func dnsLogs() throws -> [URL] {
        let names = try FileManager.default.contentsOfDirectory(atPath: baseline.path).sorted()
        return names.map { baseline.appendingPathComponent($0).appendingPathComponent("dns.log") }
            .filter { FileManager.default.fileExists(atPath: $0.path) }
    }

    /// btest masks times as `XXXXXXXXXX.XXXXXX`; put a real time back so the rest can be read.
    static func unmasked(_ url: URL) throws -> String {
        try String(contentsOf: url, encoding: .utf8).replacingOccurrences(of: "XXXXXXXXXX.XXXXXX", with: "1300000000.500000")
    }

    static func log(_ test: String) throws -> String {
        try unmasked(baseline.appendingPathComponent(test).appendingPathComponent("dns.log"))
    }

    @Test func allBaselineLogsReadWithoutProblemsOnceTimesAreUnmasked() throws {
        let logs = try ZeekReaderTests.dnsLogs()
        #expect(logs.count == 27)
        for url in logs {
            let r = try read(.zeek, text: try ZeekReaderTests.unmasked(url), name: url.path)
            #expect(r.sink.problems.isEmpty, "\(url.path): \(r.sink.problems)")
            #expect(r.summary.records > 0)
            #expect(TextFormat.detect(prefix: try TestData.bytes(url)) == .zeek)
        }
    }

    @Test func maskedTimesAreReportedPerLine() throws {
        let url = ZeekReaderTests.baseline.appendingPathComponent("core.tunnels.gre-over-udp/dns.log")
        let r = try read(.zeek, path: url)
        // Data lines 10 and 11 (9 header lines first); each one reported, none dropped silently.
        #expect(r.problemKinds == ["bad_time", "bad_time"])
        #expect(r.problemLines == [10, 11])
        #expect(r.sink.observations.isEmpty)
        var strict = ReadOptions()
        strict.strict = true
        #expect(throws: IngestProblem.self) { try read(.zeek, path: url, options: strict) }
    }

    @Test func addressAnswersAndTTLs() throws {
        let r = try read(.zeek, text: try ZeekReaderTests.log("core.tunnels.gre-over-udp"))
        #expect(r.data(.a) == ["192.0.78.150", "192.0.78.212"])
        #expect(r.sink.observations.allSatisfy { $0.name == name("zeek.org.") && $0.ttl == 52 && $0.time == 1_300_000_000.5 })
        // The AAAA query answered NOERROR with no data: an outcome.
        #expect(r.sink.outcomes == [Outcome(name: name("zeek.org."), type: .aaaa, rcode: .noError, time: 1_300_000_000.5, source: 1)])
        #expect(r.sources.sources.first?.kind == .zeek)
    }

    @Test func emptyAnswersAreNodataOnlyForTypesZeekLogs() throws {
        // Zeek logs a WKS response that carried two records with no answers at all.
        let wks = try read(.zeek, text: try ZeekReaderTests.log("scripts.base.protocols.dns.wks"))
        #expect(wks.sink.outcomes.isEmpty && wks.sink.observations.isEmpty)
        #expect(wks.counter(.responses) == 1)
        // An AAAA response without answers is NODATA.
        let aaaa = try read(.zeek, text: try ZeekReaderTests.log("scripts.base.protocols.dns.zero-responses"))
        #expect(aaaa.sink.outcomes.map { "\($0.type) \($0.rcode)" } == ["AAAA NOERROR"])
    }

    @Test func cnameChainAndNXDOMAIN() throws {
        let r = try read(.zeek, text: try ZeekReaderTests.log("opt.basic"))
        let cname = try #require(r.sink.observations.first { $0.type == .cname })
        #expect(cname.name == name("upload.wikimedia.org.") && cname.data == .name(name("upload.pmtpa.wikimedia.org.")) && cname.ttl == 124)
        let a = try #require(r.sink.observations.first { $0.type == .a && $0.data == .a(IPv4Address(208, 80, 152, 3)) })
        #expect(a.name == name("upload.pmtpa.wikimedia.org.") && a.ttl == 2156)
        #expect(r.sink.outcomes.contains { $0.name == name("upload.wikimedia.org.ncsa.uiuc.edu.") && $0.rcode == .nxDomain && $0.type == .aaaa })
        // mDNS answers to an SRV question without a logged qtype: the name is skipped, not guessed.
        #expect(!r.sink.observations.contains { $0.data == .name(name("gemini.local.")) })
        #expect(r.counter(.skippedRecords) >= 2)
    }

    @Test func txtSummariesAndSkippedDNSSEC() throws {
        let txt = try read(.zeek, text: try ZeekReaderTests.log("scripts.base.protocols.dns.multiple-txt-strings"))
        // A response logged without its qtype: two names then a TXT. Whether the names are
        // CNAMEs is unknown, so nothing is guessed: all three are skipped and counted.
        #expect(txt.sink.observations.isEmpty && txt.counter(.skippedRecords) == 3)
        let spf = try read(.zeek, text: try ZeekReaderTests.log("scripts.base.protocols.dns.spf"))
        // No qtype logged, so the owner is the query; "SPF 19 v=spf1 mx -all test" has one 19-byte string.
        #expect(spf.sink.observations.map { $0.data } == [.txt([Array("v=spf1 mx -all test".utf8)]), .txt([Array("v=spf1 mx -all".utf8)])])
        #expect(spf.sink.observations.allSatisfy { $0.type == .spf && $0.ttl == 300 })
        let frag = try read(.zeek, text: try ZeekReaderTests.log("core.ipv6-frag"))
        guard case .txt(let strings)? = frag.sink.observations.first?.data else { Issue.record("no TXT"); return }
        #expect(strings.prefix(2) == [Array("This TXT record should be ignored".utf8), Array("As it is just padding".utf8)])
        #expect(strings[2].count == 136)
        let key = try read(.zeek, text: try ZeekReaderTests.log("scripts.base.protocols.dns.dnskey"))
        #expect(key.sink.observations.isEmpty && key.counter(.skippedRecords) == 5)
    }

    @Test func clientsOnlyWhenAsked() throws {
        let text = try ZeekReaderTests.log("core.tunnels.gre-over-udp")
        #expect(try read(.zeek, text: text).sink.clients.isEmpty)
        var options = ReadOptions()
        options.clients = .truncate
        let r = try read(.zeek, text: text, options: options)
        #expect(r.sink.clients.map(\.client) == ["172.17.0.0/24", "172.17.0.0/24"])
        #expect(r.sink.clients.first?.name == name("zeek.org."))
    }

    @Test func columnsComeFromTheFieldsLine() throws {
        let text = """
        #separator \\x09
        #set_separator\t|
        #empty_field\t(empty)
        #unset_field\t-
        #path\tdns
        #fields\tanswers\tquery\tTTLs\tqtype_name\tts\trcode
        #types\tvector[string]\tstring\tvector[interval]\tstring\ttime\tcount
        a.example|192.0.2.9\tx.example\t30.000000|60.000000\tA\t1700000000.25\t0
        -\tbad.example\t-\tA\tnot-a-time\t0
        """
        let r = try read(.zeek, text: text)
        #expect(r.data(.cname) == ["a.example."] && r.names(.a) == ["a.example."] && r.data(.a) == ["192.0.2.9"])
        #expect(r.sink.observations.map(\.ttl) == [30, 60])
        #expect(r.problemKinds == ["bad_time"] && r.problemLines == [9])
    }

    @Test func jsonLines() throws {
        let text = """
        {"ts":1591367999.305988,"uid":"C1","id.orig_h":"192.168.4.76","id.orig_p":53,"query":"www.example.com","qtype":1,"qtype_name":"A","rcode":0,"rcode_name":"NOERROR","answers":["edge.example.net","198.51.100.4"],"TTLs":[300.0,20.0]}
        {"ts":"2020-06-05T14:39:59.305988Z","uid":"C2","id.orig_h":"192.168.4.76","query":"nx.example.com","qtype_name":"AAAA","rcode_name":"NXDOMAIN"}
        {"ts":1591367999.3,"uid":"C3","query":"trunc.example.com","answers":["1.2.3.4"
        """
        let r = try read(.zeek, text: text)
        #expect(r.data(.cname) == ["edge.example.net."] && r.names(.a) == ["edge.example.net."])
        #expect(r.sink.observations.map(\.ttl) == [300, 20])
        #expect(r.sink.outcomes.map(\.rcode) == [.nxDomain])
        #expect(r.sink.outcomes.first?.time == 1_591_367_999.305988)
        #expect(r.problemKinds == ["bad_json"] && r.problemLines == [3])
        #expect(TextFormat.detect(prefix: Array(text.utf8)) == .zeek)
    }

    @Test func anotherFormatFailsEarly() throws {
        let digText = try String(contentsOf: TestData.fixtures.appendingPathComponent("dig-nsd-flux-test.txt"), encoding: .utf8)
        #expect { try read(.zeek, text: digText) } throws: { ($0 as? ReadError)?.code == .wrongFormat }
        let conn = "#separator \\x09\n#path\tconn\n#fields\tts\tuid\n"
        #expect { try read(.zeek, text: conn) } throws: { ($0 as? ReadError)?.code == .wrongFormat }
    }
}
