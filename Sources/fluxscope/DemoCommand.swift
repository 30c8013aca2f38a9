import Analysis
import ArgumentParser
import DNSWire
import Detection
import Enrichment
import Foundation
import Lab
import Pipeline
import Probe
import Reports
import Store

/// `fluxscope demo`: the whole pipeline on the built-in lab world.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run the whole pipeline on the built-in lab world: serve it, probe it, store, analyze, evaluate.",
        discussion: """
            Starts the lab's authoritative server on 127.0.0.1, probes every lab name over real \
            UDP (TCP on truncation) for --days simulated days compressed by the lab's time scale \
            (3 days in about a minute; the lab's clock slows, up to 4x, while the prober falls \
            behind on a loaded machine), stores what it sees in an embedded SQLite file, enriches \
            the addresses with the libloc database, and prints the verdicts and how each \
            published model and ours did against the lab's ground truth.
            """)

    @Option(help: "The SQLite file to write (replaced if it exists).")
    var db = "fluxscope-demo.sqlite"

    @Option(help: "Simulated days to probe.")
    var days = 3.0

    @Option(help: "A scenario file (YAML) instead of the built-in world.")
    var scenario: String?

    @Option(help: "Also write the lab's ground truth here (DOMAIN<TAB>flux|benign<TAB>class; DOMAIN<TAB>ignore for names without a class).")
    var labels: String?

    func run() async throws {
        let world = try LabWorld(scenario: try scenario.map { try Scenario.load(path: $0) } ?? .standard)
        for w in world.warnings { warn(w) }
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: db + suffix) }
        let store = try await StoreURL(parsing: "sqlite:\(db)").open()
        let scale = world.scenario.timeScale
        var probe = LabProbe(world: world)
        probe.days = days
        let summary = try await probe.run(into: store) { port, names in
            print("lab: \(world.zoneClasses.count) zones served on 127.0.0.1 port \(port); probing \(names) names for \(days) simulated days at \(Int(scale))x (about \(Int(days * 86_400 / scale)) s)")
        }
        let c = summary.counters
        print("probe: \(c.sent) queries, \(c.answered) answered, \(c.timeouts) timeouts, \(c.truncated) truncated -> TCP, \(c.observations) observations")
        let nominal = days * 86_400 / scale
        if c.elapsed > 1.1 * nominal {
            print("lab: the clock waited for the prober to keep up with the TTLs: \(days) simulated days took \(Int(c.elapsed)) s instead of \(Int(nominal)) s (at most \(String(format: "%.1f", summary.slowdown))x slower)")
        }

        if let location = try NetworkSources.systemDefault() {
            let enriched = try await AddressEnrichment(enricher: Enricher(sources: [location])).run(store: store)
            print("enrichment: \(enriched) addresses looked up in the libloc database")
        } else {
            warn("the libloc database is missing (Debian libloc-database): no ASNs, so verdicts say insufficient-data")
        }
        let psl = FileManager.default.fileExists(atPath: PublicSuffixList.debianPath) ? try PublicSuffixList.load() : nil
        if psl == nil { warn("\(PublicSuffixList.debianPath) is missing (Debian publicsuffix): judging FQDNs only") }
        let evidence = try await Analysis(publicSuffixes: psl).evidence(from: store)
        try await store.close()
        let models: [any DetectionModel] = [try FluxScopeModel.bundled(), HolzModel(), ZeekFluxModel()]
        let verdicts = Analysis.classify(evidence, models: models)
        let ours = verdicts.filter { $0.model == "fluxscope" }.sorted { ($0.score, $1.domain) > ($1.score, $0.domain) }
        print("")
        for line in VerdictTable.lines(ours) { print(line) }

        let truth = LabTruth(world)
        print("\nHow each model did against the lab's ground truth (\(evidence.count) domains judged):")
        for m in models {
            let rows = verdicts.filter { $0.model == m.name }.compactMap { v -> (score: Double, predicted: Verdict.Class, isFlux: Bool, label: String)? in
                truth.kind(of: v.domain).map { (v.score, v.verdict, $0.isFlux, $0.rawValue) }
            }
            print(EvaluationText.summary(model: m.name, Evaluation.evaluate(rows)))
        }
        if let labels { try world.labelsText().write(toFile: labels, atomically: true, encoding: .utf8) }
        print("\nThe store is \(db): try `fluxscope analyze --db sqlite:\(db) --model all` or `fluxscope export rpz --db sqlite:\(db)`.")
    }
}
