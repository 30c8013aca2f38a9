import Analysis
import ArgumentParser
import DNSWire
import Detection
import Foundation
import Reports

/// `fluxscope analyze`: verdicts for every domain in the store.
struct AnalyzeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "Judge every domain in the store: fast flux, double flux, CDN, round robin, benign, or not enough data.",
        discussion: """
            Prints a table by default (domain, level, model, verdict, score, n_A, n_ASN, \
            countries, minimum TTL, the top evidence), or JSON lines (--json) with every \
            feature and each one's contribution, or CSV (--csv). Models: fluxscope (ours), \
            holz (Holz et al., NDSS 2008), zeek-holz (the Zeek script's variant), or all.
            """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var analysisOptions: AnalysisOptions

    @Option(help: "The model: fluxscope, holz, zeek-holz or all (repeatable).")
    var model: [String] = ["fluxscope"]

    @Flag(help: "JSON lines, one object per domain and model.")
    var json = false

    @Flag(help: "CSV with every feature.")
    var csv = false

    @Option(help: "Only verdicts with at least this score.")
    var minScore: Double = 0

    @Option(help: "Only domains at this level: fqdn or registered.")
    var level: String?

    func validate() throws {
        if json && csv { throw ValidationError("--json and --csv exclude each other") }
        _ = try ModelChoice.models(model)
        if let level, level != "fqdn" && level != "registered" { throw ValidationError("--level is fqdn or registered") }
    }

    func run() async throws {
        let models = try ModelChoice.models(model)
        let store = try await store.open()
        let evidence = try await analysisOptions.analysis().evidence(from: store)
        try await store.close()
        var verdicts = Analysis.classify(evidence, models: models).filter {
            $0.score >= minScore && (level == nil || $0.level.rawValue == level)
        }
        verdicts.sort { ($0.score, $1.domain) > ($1.score, $0.domain) }
        if json {
            var out = BufferedOutput()
            var j = JSONWriter()
            for v in verdicts {
                j.reset()
                v.writeJSON(to: &j)
                j.newline()
                out.write(j.bytes)
            }
            out.flush()
        } else if csv {
            let window = AnalysisResult.window(of: evidence)
            var out = BufferedOutput()
            CSVWriter.write(verdicts, windowStart: window.start, windowEnd: window.end,
                            modelVersions: Dictionary(models.compactMap { m in m.version.map { (m.name, $0) } }, uniquingKeysWith: { a, _ in a }),
                            to: &out)
            out.flush()
        } else {
            for line in VerdictTable.lines(verdicts) { print(line) }
            let flux = Set(verdicts.filter { $0.verdict.isFlux }.map(\.domain)).count
            print("\n\(evidence.count) domains judged; \(flux) flux by \(models.map(\.name).joined(separator: ", "))")
        }
    }
}

/// `--model` values.
enum ModelChoice {
    static func models(_ names: [String]) throws -> [any DetectionModel] {
        var result: [any DetectionModel] = []
        for name in names {
            switch name {
            case "fluxscope": result.append(try FluxScopeModel.bundled())
            case "holz": result.append(HolzModel())
            case "zeek-holz", "zeek": result.append(ZeekFluxModel())
            case "all": result += [try FluxScopeModel.bundled(), HolzModel(), ZeekFluxModel()]
            default: throw ValidationError("unknown model '\(name)': fluxscope, holz, zeek-holz or all")
            }
        }
        return result
    }
}
