import Analysis
import DNSWire
import Detection
import FluxModel
import Foundation
import Store
import Testing
@testable import Reports

/// The streaming analysis behind `networks`, `export` and `report` (`AnalysisResult.judging`
/// with `.flagged`): it keeps only the flagged domains' evidence, and every export made from
/// it is byte for byte the export made from the whole analysis (`Analysis.evidence` and
/// `AnalysisResult.keepingNetworkIDs`, which hold every domain).
@Suite struct StreamingAnalysisTests {
    /// Three flux names (two under one registered domain) among `benign` quiet names (each
    /// one address, TTL 86400, seen every hour) and as many pairs of quiet names under one
    /// registered domain (so registered-level evidence is judged too). The two flux-one names
    /// share agents at the same moments: model version 3 does not flag a registered domain
    /// whose names reuse agents hours apart (its `address_lifetime_share` step, docs/lab.md),
    /// and this test needs a flagged registered domain.
    static func store(benign: Int) async throws -> (SQLiteStore, String) {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("stream-\(UUID().uuidString).sqlite").path
        let store = try SQLiteStore(path: path)
        try await store.migrate()
        let source = try await store.registerSource(Source(kind: .probe, name: "hand-built"), clientMode: nil)
        try await NetworkIDTests.add("a.flux-one.test.", agents: 0..<60, to: store, source: source, atAgentTimes: true)
        try await NetworkIDTests.add("b.flux-one.test.", agents: 30..<90, to: store, source: source, atAgentTimes: true)
        try await NetworkIDTests.add("c.flux-two.test.", agents: 200..<260, to: store, source: source)
        var batch = SightingBatch()
        for i in 0..<benign {
            let names = ["www.quiet-\(i).test.", "a.pair-\(i).test.", "b.pair-\(i).test."]
            for (n, name) in names.enumerated() {
                let address = IPv4Address(93, UInt8(180 + n), UInt8(i / 250), UInt8(1 + i % 250))
                for hour in 0..<6 {
                    batch.add(Observation(name: try DNSName(name), type: .a, data: .a(address), ttl: 86_400, section: .answer,
                                          time: NetworkIDTests.start + Double(hour * 3600 + i), source: source))
                }
            }
        }
        try await store.write(batch, checkpoint: nil)
        return (store, path)
    }

    /// Every export (and the registry report) of one analysis, concatenated; CSV from `csvRows`
    /// when given (the streaming analysis's projection), else from the verdicts.
    static func exports(_ result: AnalysisResult, csvRows: [String]?) throws -> String {
        let networkOf = result.networkOf
        let items = result.judged.map { ExportItem(verdict: $0.verdict, evidence: $0.evidence, networkID: networkOf[$0.evidence.domain]) }
        let context = ExportContext(result, generated: 0)
        var out = ""
        RPZWriter(origin: try DNSName("rpz.fluxscope.")).write(items, context: context, to: &out)
        STIXWriter().write(items, networks: result.networks, context: context, to: &out)
        COFWriter().write(items, to: &out)
        out += COFWriter().meta(context: context, lines: 0)
        if let csvRows {
            CSVWriter.write(rows: csvRows, windowStart: context.windowStart, windowEnd: context.windowEnd, to: &out)
        } else {
            CSVWriter.write(items.lazy.map(\.verdict), context: context, to: &out)
        }
        for (asn, agents) in NotifyWriter.agents(items).sorted(by: { $0.key < $1.key }) {
            NotifyWriter.writeCSV(agents, context: context, to: &out)
            out += NotifyWriter.explanation(asn: asn, agents: agents, context: context)
        }
        out = RegistryReport.write(RegistryReport.rows(result.judged), format: .csv, context: context, tld: nil, to: out)
        return out
    }

    @Test(arguments: [1, 3])
    func flaggedRetentionKeepsOnlyTheFlaggedAndExportsTheSameBytes(parallel: Int) async throws {
        let (store, path) = try await Self.store(benign: 40)
        defer { for s in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + s) } }
        let model = try FluxScopeModel.bundled()
        let analysis = Analysis(publicSuffixes: PublicSuffixList(text: "test\n"))

        // The whole analysis (ids given out here; the later runs read them back).
        let whole = try await AnalysisResult.keepingNetworkIDs(evidence: try await analysis.evidence(from: store), model: model,
                                                               store: store, at: 1_000)
        let flagged = whole.judged.filter { $0.verdict.verdict.isFlux }
        #expect(flagged.count >= 3 && flagged.contains { $0.evidence.level == .registered })
        // The FQDNs (3 flux, 40 * 3 quiet), the pairs' registered domains and flux-one.test.
        let domains: Int = 3 + 120 + 40 + 1
        #expect(whole.judged.count == domains)

        let version = model.version
        let (streamed, rows) = try await AnalysisResult.judging(
            analysis, store: store, model: model, retention: .flagged, parallel: parallel, at: 1_000,
            project: { _, v in CSVWriter.fields(v, modelVersion: version) })
        // Only the flagged domains' evidence is held; every domain was judged and has its row.
        #expect(streamed.judged.count == flagged.count)
        #expect(streamed.judged.allSatisfy { $0.verdict.verdict.isFlux })
        #expect(streamed.domainCount == whole.judged.count)
        #expect(rows.count == whole.judged.count)
        #expect(streamed.windowStart == whole.windowStart && streamed.windowEnd == whole.windowEnd)
        #expect(streamed.networks == whole.networks)
        #expect(try Self.exports(streamed, csvRows: rows) == (try Self.exports(whole, csvRows: nil)))

        // Keeping every domain gives the whole analysis's list, in its order.
        let every = try await AnalysisResult.judging(analysis, store: store, model: model, retention: .everyDomain,
                                                     parallel: parallel, at: 1_000)
        #expect(every.judged.map { "\($0.evidence.domain)/\($0.evidence.level)" }
                    == whole.judged.map { "\($0.evidence.domain)/\($0.evidence.level)" })
        #expect(every.judged.map { CSVWriter.fields($0.verdict, modelVersion: nil) }
                    == whole.judged.map { CSVWriter.fields($0.verdict, modelVersion: nil) })
        try await store.close()
    }
}
