import Analysis
import DNSWire
import Detection
import FluxModel
import Foundation
import Ingest
import Pipeline
import Store
import Testing
@testable import Reports

/// A Zeek dns.log (JSON) in which two clients resolve a fast-flux name (60 agents in 20 ASNs,
/// TTL 60) and a third client, and one of the two, resolve a benign name; ingested with
/// `--clients keep` and `--clients hash`, judged by the analysis, reported.
@Suite struct ExposureReportTests {
    static let start: Timestamp = 1_740_787_200
    static let agents: [(String, UInt32, String)] = (0..<60).map { i in
        ("\(80 + i % 20).\(i + 1).\(i * 3 % 250).\(10 + i)", UInt32(64_500 + i % 20), ["DE", "FR", "US", "BR", "RU", "CN"][i % 6])
    }
    /// Who asked for what: flux by .1 and .2, benign by .3 and .1.
    static let fluxClients = ["10.0.0.1", "10.0.0.2"]
    static let benignClients = ["10.0.0.3", "10.0.0.1"]

    static var log: String {
        var lines: [String] = []
        for (i, agent) in agents.enumerated() {
            let t = start + Double(i) * 600
            lines.append(#"{"ts":\#(t),"uid":"F\#(i)","id.orig_h":"\#(fluxClients[i % 2])","id.resp_h":"192.0.2.53","query":"www.flux-shop.test","qtype_name":"A","rcode":0,"answers":["\#(agent.0)"],"TTLs":[60.0]}"#)
            if i % 3 == 0 {
                lines.append(#"{"ts":\#(t + 1),"uid":"B\#(i)","id.orig_h":"\#(benignClients[i % 2])","id.resp_h":"192.0.2.53","query":"www.quiet.test","qtype_name":"A","rcode":0,"answers":["93.184.216.10"],"TTLs":[3600.0]}"#)
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Ingests the log with `clients`, enriches the agents, analyses; returns the CSV report.
    static func report(clients: ClientPrivacy, format: ReportFormat = .csv) async throws -> String {
        try await pagedReport(clients: clients, format: format).whole
    }

    /// As `report`, and the same report written again a page of `pageSize` client tallies at a
    /// time: the pieces `afterPage` took (emptying the stream each time), then what was left.
    static func pagedReport(clients: ClientPrivacy, format: ReportFormat = .csv,
                            pageSize: Int = 10_000) async throws -> (whole: String, pieces: [String]) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("exposure-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("dns.log").path
        try log.write(toFile: path, atomically: true, encoding: .utf8)
        let store = try SQLiteStore(path: dir.appendingPathComponent("s.sqlite").path)
        try await store.migrate()
        var config = IngestConfiguration()
        config.options.clients = clients
        _ = try await IngestPipeline(store: store, configuration: config).run(files: [path])
        try await store.upsertAddressInfo(agents.map {
            AddressInfoRecord(address: IPAddress($0.0)!, asn: $0.1, prefix: nil, asName: "AS\($0.1)", country: $0.2, flags: [], enrichedAt: start)
        } + [AddressInfoRecord(address: IPAddress("93.184.216.10")!, asn: 64_499, country: "NL", enrichedAt: start)])
        let result = AnalysisResult(evidence: try await Analysis().evidence(from: store), model: try FluxScopeModel.bundled())
        let flux = Set(result.judged.filter { $0.verdict.verdict.isFlux }.map(\.verdict.domain.description))
        try #require(flux == ["www.flux-shop.test."], "the analysis must judge the flux name flux and the quiet one not: \(flux)")
        let context = ExportContext(windowStart: result.windowStart, windowEnd: result.windowEnd, model: "fluxscope", generated: 0)
        let text = try await ExposureReport.write(store: store, judged: result.judged, networkOf: result.networkOf, publicSuffixes: nil,
                                                  since: nil, until: nil, format: format, context: context, to: "")
        var pieces: [String] = []
        let rest = try await ExposureReport.write(store: store, judged: result.judged, networkOf: result.networkOf, publicSuffixes: nil,
                                                  since: nil, until: nil, format: format, context: context, to: "",
                                                  pageSize: pageSize) { out in
            pieces.append(out)
            out = ""
        }
        try await store.close()
        return (text, pieces + [rest])
    }

    static func rows(_ csv: String) -> [[String]] {
        csv.split(separator: "\r\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    }

    @Test func keptClientsAreExactlyThoseThatAskedForTheFluxName() async throws {
        let csv = try await Self.report(clients: .keep)
        let rows = Self.rows(csv)
        #expect(rows.map { $0[0] } == Self.fluxClients)
        #expect(rows.allSatisfy { $0[1] == "keep" && $0[2] == "www.flux-shop.test." && $0[4] == "fast-flux" })
        // 30 queries each, first and last seen as in the log.
        #expect(rows.map { $0[9] } == ["30", "30"])
        #expect(rows.first?[7] == UTCTime.rfc3339(Self.start) && rows.last?[8] == UTCTime.rfc3339(Self.start + 59 * 600))
        #expect(!csv.contains("quiet") && !csv.contains("10.0.0.3"))
        let text = try await Self.report(clients: .keep, format: .text)
        #expect(text.contains("# client_privacy: keep (client addresses as seen)"))
        #expect(text.contains("2 clients resolved 1 flux domains in 60 queries"))
    }

    /// The server sends the report as `afterPage` hands it over: the pieces, one per page of
    /// client tallies, must make up exactly the report written whole.
    @Test func pagedReportIsTheWholeReportInPieces() async throws {
        for format in [ReportFormat.csv, .json, .text] {
            let (whole, pieces) = try await Self.pagedReport(clients: .keep, format: format, pageSize: 1)
            #expect(pieces.joined() == whole, "\(format)")
            // Client tallies: (.1, .2) for the flux name and (.1, .3) for the quiet one, a page
            // each, then an empty last page; the header goes out with the first piece.
            #expect(pieces.count >= 5, "\(format): \(pieces.count) pieces")
            #expect(pieces.dropLast().filter { !$0.isEmpty }.count >= 2, "\(format): rows must go out before the end")
        }
    }

    @Test func hashedClientsAreTheHashesOfThoseThatAsked() async throws {
        let key = [UInt8](repeating: 7, count: 32)
        let privacy = ClientPrivacy.hash(key: key)
        let csv = try await Self.report(clients: privacy)
        let expected = Self.fluxClients.compactMap { privacy.render(IPAddress($0)!) }.sorted()
        #expect(expected.count == 2)
        #expect(Self.rows(csv).map { $0[0] } == expected)
        #expect(Self.rows(csv).allSatisfy { $0[1] == "hash" })
        #expect(!csv.contains("10.0.0."))
        let benignHash = privacy.render(IPAddress("10.0.0.3")!)!
        #expect(!csv.contains(benignHash))
        let json = try await Self.report(clients: privacy, format: .json)
        #expect(json.contains("\"client_privacy\":\"hash (keyed hashes"))
    }

    @Test func clientsOffIsSaidNotAnEmptyList() async throws {
        let text = try await Self.report(clients: .off, format: .text)
        #expect(text.contains("# clients: not recorded"))
        #expect(text.contains("no exposure listed"))
        let json = try await Self.report(clients: .off, format: .json)
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect((doc["clients"] as? String)?.hasPrefix("not recorded") == true)
        #expect((doc["rows"] as? [Any])?.isEmpty == true)
    }
}
