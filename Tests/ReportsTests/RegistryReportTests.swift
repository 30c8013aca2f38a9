import DNSWire
import Detection
import Enrichment
import FluxModel
import Foundation
import Lab
import Testing
import Training
@testable import Reports

@Suite struct RegistryReportTests {
    static let t0 = Fixtures.t0

    static func ns(_ name: String, _ first: Double, _ last: Double) -> DomainEvidence.NameSighting {
        .init(name: try! DNSName(name), firstSeen: t0 + first, lastSeen: t0 + last, count: 2, minTTL: 300)
    }

    static func glue(_ address: String, min: UInt32, max: UInt32) -> DomainEvidence.Address {
        .init(address: IPAddress(address)!, firstSeen: t0, lastSeen: t0 + 10, count: 1, minTTL: min, maxTTL: max)
    }

    /// A double-flux domain whose NS set went {a, b} -> {b, c} -> {c} at two registrars'
    /// name servers, a fast-flux domain in another TLD with stable NS, and a benign one.
    static var judged: [(evidence: DomainEvidence, verdict: Verdict)] {
        let double = DomainEvidence(domain: try! DNSName("Evil.example.com."), addresses: Fixtures.items[0].evidence.addresses,
                                    nameServers: [ns("ns1.dns-a.net.", 0, 100), ns("ns2.dns-b.org.", 0, 200), ns("ns3.dns-b.org.", 150, 400)],
                                    nameServerAddresses: [glue("89.9.9.9", min: 30, max: 60), glue("89.9.9.10", min: 120, max: 180)])
        let fast = DomainEvidence(domain: try! DNSName("shop.flux.test."), addresses: Fixtures.items[0].evidence.addresses,
                                  nameServers: [ns("ns1.dns-a.net.", 0, 400)])
        let benign = DomainEvidence(domain: try! DNSName("www.benign.com."), addresses: Fixtures.items[2].evidence.addresses,
                                    nameServers: [ns("ns1.dns-a.net.", 0, 400)])
        return [
            (double, Fixtures.verdict("Evil.example.com.", .doubleFlux, 0.93)),
            (fast, Fixtures.verdict("shop.flux.test.", .fastFlux, 0.8)),
            (benign, Fixtures.verdict("www.benign.com.", .benign, 0.01)),
        ]
    }

    @Test func nameServerSetsAndChangesFollowTheSightings() {
        let r = RegistryReport.nameServerSets([Self.ns("a.", 0, 100), Self.ns("b.", 0, 200), Self.ns("c.", 150, 400)])
        // {a,b} at 0..100, {b} just after 100, {b,c} at 150..200, {c} after 200.
        #expect(r.sets == 4 && r.changes == 3)
        #expect(RegistryReport.nameServerSets([Self.ns("a.", 0, 100), Self.ns("b.", 0, 100)]) == (1, 0))
        #expect(RegistryReport.nameServerSets([]) == (0, 0))
    }

    @Test func rowsPerTLDAndOperatorOnlyForFluxDomains() {
        let rows = RegistryReport.rows(Self.judged)
        #expect(rows.map { "\($0.tld) \($0.nameServerOperator) \($0.domain)" } == [
            "com dns-a.net. Evil.example.com.", "com dns-b.org. Evil.example.com.", "test dns-a.net. shop.flux.test.",
        ])
        let evil = rows[1]
        #expect(evil.verdict == .doubleFlux && evil.nameServerSets == 4 && evil.nameServerChanges == 3)
        #expect(evil.nameServers.map(\.description) == ["ns2.dns-b.org.", "ns3.dns-b.org."])
        #expect(evil.glueAddresses == 2 && evil.glueTTLMin == 30 && evil.glueTTLMax == 180)
        #expect(rows[2].nameServerChanges == 0 && rows[2].glueTTLMin == nil)
        #expect(RegistryReport.rows(Self.judged, tld: ".TEST.").map(\.domain.description) == ["shop.flux.test."])
        #expect(RegistryReport.rows(Self.judged, tld: "org").isEmpty)
    }

    @Test func everyFormatStatesWindowAndModelAndIsDeterministic() throws {
        let rows = RegistryReport.rows(Self.judged)
        for format in ReportFormat.allCases {
            let a = RegistryReport.write(rows, format: format, context: Fixtures.context, tld: nil, to: "")
            let b = RegistryReport.write(RegistryReport.rows(Self.judged.reversed()), format: format, context: Fixtures.context, tld: nil, to: "")
            #expect(a == b)
            #expect(a.contains("fluxscope") && a.contains("2025-11-22T00:00:00.000Z") && a.contains("2025-11-22T02:13:20.000Z"), "\(format)")
            #expect(!a.contains("benign.com"))
        }
        let json = RegistryReport.write(rows, format: .json, context: Fixtures.context, tld: nil, to: "")
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(doc["model"] as? String == "fluxscope" && doc["window_start"] as? String == "2025-11-22T00:00:00.000Z")
        let jsonRows = try #require(doc["rows"] as? [[String: Any]])
        #expect(jsonRows.count == 3 && jsonRows[1]["ns_changes"] as? Int == 3 && jsonRows[2]["glue_ttl_min"] is NSNull)
        let csv = RegistryReport.write(rows, format: .csv, context: Fixtures.context, tld: nil, to: "")
        let lines = csv.split(separator: "\r\n")
        #expect(lines.count == 4 && lines[0].hasPrefix("tld,ns_operator,domain,") && lines[0].hasSuffix(",model,model_version,window_start,window_end"))
    }

    /// The lab's double-flux zones, probed in process with their delegations from the parent:
    /// most are flagged, and every one listed has NS changes; fast-flux zones with stable NS do
    /// not show changes they did not have.
    @Test func labDoubleFluxDomainsAppearWithTheirNameServerChanges() throws {
        guard let location = try NetworkSources.systemDefault(), FileManager.default.fileExists(atPath: PublicSuffixList.debianPath) else {
            Issue.record("needs Debian libloc-database and publicsuffix (scripts/setup.sh)")
            return
        }
        let psl = try PublicSuffixList.load()
        let examples = try ModelTraining.examples(seed: 7, perClass: 2, variation: .standard, days: 1,
                                                  enricher: Enricher(sources: [location]), psl: psl)
        let model = try FluxScopeModel.bundled()
        let judged = examples.map { e in (evidence: e.evidence, verdict: model.classify(FeatureExtractor.extract(e.evidence), evidence: e.evidence)) }
        let rows = RegistryReport.rows(judged, publicSuffixes: psl)
        let doubles = examples.filter { $0.kind == .doubleFlux && $0.evidence.level == .registered }.map(\.evidence.domain)
        try #require(!doubles.isEmpty)
        let listed = doubles.filter { d in rows.contains { $0.domain == d } }
        #expect(listed.count * 2 >= doubles.count, "most lab double-flux domains are flagged and listed: \(listed.count) of \(doubles.count)")
        for d in listed {
            let mine = rows.filter { $0.domain == d }
            #expect(mine.allSatisfy { $0.nameServerChanges > 0 && $0.nameServerSets > 1 && $0.nameServerOperator != "-" }, "\(d)")
        }
        // The report lists what the model flagged, no more: every row is a flux verdict.
        let flagged = Set(judged.filter { $0.verdict.verdict.isFlux }.map(\.evidence.domain))
        #expect(rows.allSatisfy { flagged.contains($0.domain) })
        // The lab's fast-flux zones keep their name servers: listed, but without NS changes.
        let fast = Set(examples.filter { $0.kind == .fastFlux }.map(\.evidence.domain))
        let fastRows = rows.filter { fast.contains($0.domain) }
        #expect(!fastRows.isEmpty && fastRows.allSatisfy { $0.nameServerChanges == 0 })
    }
}
