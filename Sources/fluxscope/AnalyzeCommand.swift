import Analysis
import ArgumentParser
import DNSWire
import Detection
import FluxModel
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
        // glibc's default arenas: limiting them to the cores (as the exports do, for flat memory)
        // cost `analyze` of a million domains about a sixth more CPU time in lock contention
        // (docs/analyze.md), and its goal is speed within 4 GiB.
        let store = try await store.openForAnalysis(limitArenas: false)
        // Judge each domain as its evidence is completed, on every core, and keep only what
        // is printed (the cells of a table row, or a JSON/CSV line) with its sort key, in a
        // ranking that goes to a temporary file past 100,000 rows or 32 MiB (`RankedRows`):
        // evidence, verdicts and output of a million domains are never held at once.
        let (minScore, level, json, csv) = (minScore, level, json, csv)
        let versions = Dictionary(models.compactMap { m in m.version.map { (m.name, $0) } }, uniquingKeysWith: { a, _ in a })
        let ranked = RankedRows()
        var judged = 0
        var dataWindow = AnalysisResult.Window()
        // Distinct flux domains, counted run by run: every verdict on a name (FQDN or
        // registered domain, by any model) comes in the run that holds the name.
        var fluxDomains = 0
        var widths = VerdictTable.widths([VerdictTable.header])
        try await analysisOptions.analysis().mapEvidence(
            from: store, parallel: ProcessInfo.processInfo.activeProcessorCount
        ) { e -> (window: AnalysisResult.Window, kept: [Kept]) in
            let features = FeatureExtractor.extract(e)
            var window = AnalysisResult.Window()
            window.add(e)
            return (window, models.compactMap { m in
                let v = m.classify(features, evidence: e)
                guard v.score >= minScore, level == nil || v.level.rawValue == level else { return nil }
                if json {
                    var j = JSONWriter()
                    v.writeJSON(to: &j)
                    j.newline()
                    return Kept(score: v.score, domain: v.domain, isFlux: v.verdict.isFlux, fields: RankedRows.Fields([j.bytes]))
                }
                if csv {
                    return Kept(score: v.score, domain: v.domain, isFlux: v.verdict.isFlux,
                                fields: RankedRows.Fields([CSVWriter.fields(v, modelVersion: versions[v.model])]))
                }
                let cells = VerdictTable.cells(v)
                return Kept(score: v.score, domain: v.domain, isFlux: v.verdict.isFlux, fields: RankedRows.Fields(cells),
                            widths: VerdictTable.widths([cells]))
            })
        } eachRun: { domains in
            judged += domains.count
            var flux = Set<DNSName>()
            defer {
                fluxDomains += flux.count
                MallocArenas.trim()
            }
            for d in domains {
                dataWindow.add(d.window)
                for k in d.kept {
                    if k.isFlux { flux.insert(k.domain) }
                    try ranked.append(score: k.score, domain: k.domain, fields: k.fields)
                    for c in widths.indices where c < k.widths.count { widths[c] = max(widths[c], k.widths[c]) }
                }
            }
        }
        let window = dataWindow.bounds
        try await store.close()
        var out = BufferedOutput()
        if json {
            try ranked.forEach { fields in for line in fields { out.write(line) } }
        } else if csv {
            out.write(Array(CSVWriter.headerLine.utf8))
            let end = Array(CSVWriter.lineEnd(windowStart: window.start, windowEnd: window.end).utf8)
            try ranked.forEach { fields in
                for line in fields { out.write(line) }
                out.write(end)
            }
        } else {
            var line: [UInt8] = []
            VerdictTable.appendLine(VerdictTable.header, widths: widths, to: &line)
            out.write(line)
            try ranked.forEach { fields in
                line.removeAll(keepingCapacity: true)
                VerdictTable.appendLine(cells: fields, widths: widths, to: &line)
                out.write(line)
            }
            out.write(Array("\n\(judged) domains judged; \(fluxDomains) flux by \(models.map(\.name).joined(separator: ", "))\n".utf8))
        }
        out.flush()
    }
}

/// What `analyze` keeps of one verdict until it is ranked: the sort key and the output (the
/// JSON or CSV line, or the table row's cells).
private struct Kept: Sendable {
    var score: Double
    var domain: DNSName
    var isFlux: Bool
    var fields: RankedRows.Fields
    /// The table row's cells' widths (`VerdictTable.widths`), taken where it is judged.
    var widths: [Int] = []
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
