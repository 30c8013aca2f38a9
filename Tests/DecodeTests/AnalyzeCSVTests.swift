import Foundation
import Testing
import TestSupport

/// `fluxscope analyze --csv` and `fluxscope export csv` print the same rows, window columns
/// included: both take the data window from `AnalysisResult.Window` (the earliest first
/// seen and latest last seen of any answered address).
@Suite(.serialized) struct AnalyzeCSVTests {
    @Test func analyzeCSVAndExportCSVAgreeRowForRow() async throws {
        let captures = [
            "captures/suricata-verify/dns-udp-junkrequest-first/input.pcap",
            "captures/suricata-verify/dns-reversed-tcp-1/dns.pcap",
            "captures/suricata-verify/dns-eve-type-filtering/test.pcap",
            "captures/suricata-verify/issues/issue-4759.1/tcpdns.pcap",
        ].map(TestEnvironment.shared)
        let dir = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = "sqlite:" + dir.appendingPathComponent("csv.sqlite").path
        let ingest = try await DecodeCommandTests.run(["ingest"] + captures + ["--db", db])
        try #require(ingest.status == 0, "ingest: \(ingest.err.prefix(300))")
        let analyzed = try await DecodeCommandTests.run(["analyze", "--csv", "--db", db])
        let exported = try await DecodeCommandTests.run(["export", "csv", "--db", db])
        #expect(analyzed.status == 0 && exported.status == 0, "\(analyzed.err.prefix(200)) \(exported.err.prefix(200))")
        let a = analyzed.out.split(separator: "\r\n"), e = exported.out.split(separator: "\r\n")
        #expect(a.count > 3, "too few rows to compare: \(a.count)")
        #expect(a.first == e.first, "headers differ")
        #expect(a.dropFirst().sorted() == e.dropFirst().sorted())
        // The window is the captures' own, not (0, 0) and not the epoch.
        let window = try #require(a.dropFirst().first?.split(separator: ",").suffix(2).joined(separator: ","))
        #expect(window.hasPrefix("2") && !window.contains("1970"), "window \(window)")
    }
}
