import Analysis
import DNSWire
import Detection
import FluxModel
import Foundation
import Store
import Testing
@testable import Reports

/// Every export writes as it goes (no output built whole), states the data window and the
/// model with its weights version, and gives the same bytes for the same data.
@Suite struct ExportStreamingTests {
    /// A text stream that keeps only the largest single write, the number of writes and a
    /// hash of everything written: what an export holds at once shows as its largest write.
    struct ChunkMeter: TextOutputStream {
        var largest = 0
        var writes = 0
        var bytes = 0
        mutating func write(_ string: String) {
            largest = max(largest, string.utf8.count)
            writes += 1
            bytes += string.utf8.count
        }
    }

    /// `count` flux domains in networks of 10, each answered by 12 agents in 4 ASNs (a
    /// double-flux one in 5 with two name servers); one benign domain in 10.
    static func items(_ count: Int) -> (items: [ExportItem], networks: [FluxNetwork]) {
        var items: [ExportItem] = []
        var networks: [FluxNetwork] = []
        for d in 0..<count {
            let name = try! DNSName("www.d\(d).flux-\(d / 10).test.")
            var addresses: [DomainEvidence.Address] = []
            for k in 0..<12 {
                let a: Int = 80 + (d + k) % 40, b: Int = (d * 7 + k) % 250, c: Int = 1 + d % 250
                let text = "\(a).\(b).\(k).\(c)"
                let country = ["DE", "FR", "US", "BR"][k % 4]
                addresses.append(Fixtures.address(text, asn: UInt32(64_500 + k % 4), country: country,
                                                  first: Double(k * 60), last: Double(k * 60 + 3600)))
            }
            let double = d % 5 == 0
            let evidence = DomainEvidence(
                domain: name, addresses: addresses,
                nameServers: double ? [.init(name: try! DNSName("ns1.flux-\(d / 10).test."), firstSeen: Fixtures.t0, lastSeen: Fixtures.t0 + 60, count: 2)] : [],
                nameServerAddresses: double ? [Fixtures.address("89.\(d % 250).9.9", asn: 3215, country: "FR", first: 0, last: 60)] : [])
            let cls: Verdict.Class = d % 10 == 9 ? .benign : double ? .doubleFlux : .fastFlux
            items.append(ExportItem(verdict: Fixtures.verdict(name.description, cls, cls == .benign ? 0.1 : 0.9), evidence: evidence,
                                    networkID: cls == .benign ? nil : "fn-\(d / 10)"))
            if d % 10 == 0 {
                let members = (d..<min(count, d + 9)).map { try! DNSName("www.d\($0).flux-\($0 / 10).test.") }
                networks.append(FluxNetwork(id: "fn-\(d / 10)", domains: members, agents: addresses.map { (a: DomainEvidence.Address) in a.address }, asns: [64_500, 64_501],
                                            countries: ["DE", "FR"], firstSeen: Fixtures.t0, lastSeen: Fixtures.t0 + 4000, growth: []))
            }
        }
        return (items, networks)
    }

    /// Every export of `items` into `out`.
    static func exportAll(_ items: [ExportItem], _ networks: [FluxNetwork], to out: inout some TextOutputStream) {
        let context = Fixtures.context
        RPZWriter(origin: try! DNSName("rpz.fluxscope.")).write(items, context: context, to: &out)
        STIXWriter().write(items, networks: networks, context: context, to: &out)
        COFWriter().write(items, to: &out)
        CSVWriter.write(items.lazy.map(\.verdict), context: context, to: &out)
        for (_, agents) in NotifyWriter.agents(items).sorted(by: { $0.key < $1.key }) {
            NotifyWriter.writeCSV(agents, context: context, to: &out)
        }
    }

    @Test func everyExportWritesAsItGoesItsLargestWriteDoesNotGrowWithTheDomains() {
        var meters: [[ChunkMeter]] = []
        for count in [100, 1_000] {
            let (items, networks) = Self.items(count)
            var perExport: [ChunkMeter] = []
            func measure(_ body: (inout ChunkMeter) -> Void) {
                var m = ChunkMeter()
                body(&m)
                perExport.append(m)
            }
            measure { RPZWriter(origin: try! DNSName("rpz.fluxscope.")).write(items, context: Fixtures.context, to: &$0) }
            measure { STIXWriter().write(items, networks: networks, context: Fixtures.context, to: &$0) }
            measure { COFWriter().write(items, to: &$0) }
            measure { CSVWriter.write(items.lazy.map(\.verdict), context: Fixtures.context, to: &$0) }
            measure { NotifyWriter.writeCSV(NotifyWriter.agents(items)[64_500] ?? [], context: Fixtures.context, to: &$0) }
            meters.append(perExport)
        }
        for (name, (small, large)) in zip(["rpz", "stix", "cof", "csv", "notify"], zip(meters[0], meters[1])) {
            // Ten times the domains: about ten times the output, in more writes of the same size.
            #expect(large.bytes > 5 * small.bytes, "\(name): \(small.bytes) -> \(large.bytes) bytes")
            #expect(large.writes > 5 * small.writes, "\(name): \(small.writes) -> \(large.writes) writes")
            #expect(large.largest < 2 * small.largest + 64, "\(name): largest write \(small.largest) -> \(large.largest) bytes")
            #expect(large.largest < 8_192, "\(name): a write of \(large.largest) bytes")
        }
    }

    @Test func sameItemsInAnyOrderGiveTheSameBytes() {
        let (items, networks) = Self.items(300)
        var a = "", b = ""
        Self.exportAll(items, networks, to: &a)
        // Another order: odd positions backwards, then even ones.
        let shuffled = stride(from: items.count - 1, through: 0, by: -1).filter { $0 % 2 == 1 }.map { items[$0] }
            + stride(from: 0, to: items.count, by: 2).map { items[$0] }
        // CSV follows the verdict list's order (the analysis gives domain order); the others sort.
        Self.exportAll(shuffled, networks.reversed(), to: &b)
        let csvStart = { (s: String) in s.range(of: "domain,level,model,verdict")!.lowerBound }
        #expect(a[..<csvStart(a)] == b[..<csvStart(b)])
        var c = ""
        Self.exportAll(items, networks, to: &c)
        #expect(a == c)
    }

    @Test func everyExportStatesTheWindowAndTheModelWithItsWeightsVersion() throws {
        let items = Fixtures.items, context = Fixtures.context
        let start = "2025-11-22T00:00:00.000Z", end = "2025-11-22T02:13:20.000Z"
        var rpz = ""
        RPZWriter(origin: try DNSName("rpz.fluxscope.")).write(items, context: context, to: &rpz)
        #expect(rpz.contains("\n; model fluxscope weights 1; data window \(start) to \(end)\n"))

        var stix = ""
        STIXWriter().write(items, networks: [Fixtures.network], context: context, to: &stix)
        let objects = try #require((try JSONSerialization.jsonObject(with: Data(stix.utf8)) as? [String: Any])?["objects"] as? [[String: Any]])
        let note = try #require(objects.first { $0["type"] as? String == "note" })
        #expect(note["abstract"] as? String == "FluxScope export: model fluxscope weights 1, data window \(start) to \(end)")
        #expect(note["object_refs"] as? [String] == [objects[0]["id"] as! String])
        #expect(Set(objects.compactMap { $0["id"] as? String }).count == objects.count)  // no id twice

        let meta = COFWriter().meta(context: context, lines: 11)
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(meta.utf8)) as? [String: Any])
        #expect(doc["model"] as? String == "fluxscope" && doc["model_version"] as? String == "1")
        #expect(doc["window_start"] as? String == start && doc["window_end"] as? String == end && doc["lines"] as? Int == 11)
        var cof = ""
        #expect(COFWriter().write(items, to: &cof) == cof.split(separator: "\n").count)

        var csv = ""
        CSVWriter.write(items.lazy.map(\.verdict), context: context, to: &csv)
        let rows = csv.split(separator: "\r\n")
        #expect(rows.count == 4 && rows[0].hasSuffix(",model_version,window_start,window_end"))
        #expect(rows.dropFirst().allSatisfy { $0.hasSuffix(",1,\(start),\(end)") })

        var notify = ""
        NotifyWriter.writeCSV(NotifyWriter.agents(items)[7922] ?? [], context: context, to: &notify)
        let lines = notify.split(separator: "\r\n")
        #expect(lines.count == 2 && lines[0].hasSuffix(",model,window_start,window_end"))
        #expect(lines[1].hasSuffix(",fluxscope weights 1,\(start),\(end)"))
    }

    /// Two analysis runs over the same SQLite store (the second reads the network ids the
    /// first recorded) give byte-identical exports of every kind.
    @Test func twoRunsOverTheSameStoreGiveTheSameBytes() async throws {
        let (store, path) = try await StreamingAnalysisTests.store(benign: 0)
        defer { for s in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + s) } }
        var outputs: [String] = []
        for run in 0..<2 {
            let evidence = try await Analysis().evidence(from: store)
            let result = try await AnalysisResult.keepingNetworkIDs(evidence: evidence, model: try FluxScopeModel.bundled(), store: store,
                                                                    at: 1_000 + Double(run))
            let networkOf = result.networkOf
            let items = result.judged.map { ExportItem(verdict: $0.verdict, evidence: $0.evidence, networkID: networkOf[$0.evidence.domain]) }
            #expect(items.filter { $0.verdict.verdict.isFlux }.count >= 3)
            // `generated` differs between the runs, as the wall clock does: it must not show.
            let context = ExportContext(result, generated: 5_000 + Double(run) * 777)
            #expect(context.modelVersion == (try FluxScopeModel.bundled()).weights.version)
            var out = ""
            RPZWriter(origin: try DNSName("rpz.fluxscope.")).write(items, context: context, to: &out)
            STIXWriter().write(items, networks: result.networks, context: context, to: &out)
            COFWriter().write(items, to: &out)
            out += COFWriter().meta(context: context, lines: 0)
            CSVWriter.write(items.lazy.map(\.verdict), context: context, to: &out)
            for (asn, agents) in NotifyWriter.agents(items).sorted(by: { $0.key < $1.key }) {
                NotifyWriter.writeCSV(agents, context: context, to: &out)
                out += NotifyWriter.explanation(asn: asn, agents: agents, context: context)
            }
            outputs.append(out)
        }
        try await store.close()
        #expect(outputs[0] == outputs[1])
        #expect(outputs[0].contains("fluxscope weights"))
    }
}
