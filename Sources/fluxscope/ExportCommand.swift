import Analysis
import ArgumentParser
import DNSWire
import Detection
import FluxModel
import Foundation
import Reports

/// `fluxscope export rpz|stix|cof|csv|notify`: verdicts in the forms the people who act take.
struct ExportCommand: AsyncParsableCommand {
    enum Kind: String, ExpressibleByArgument, CaseIterable { case rpz, stix, cof, csv, notify }

    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export flux verdicts: rpz (DNS firewall), stix (STIX 2.1), cof (passive DNS), csv, notify (per-ASN agent lists).",
        discussion: """
            rpz writes a Response Policy Zone (--action nxdomain|nodata|garden); notify needs \
            --asn N or --all (then --out is a directory, one CSV and one text per ASN). Every \
            export streams (written as it goes, not built whole in memory; the analysis before \
            it reads the store a run of domains at a time and keeps only the flagged domains' \
            evidence; csv spools each domain's row to a temporary file), is deterministic \
            for the same data and options, and states its data window and model (name and \
            weights version): rpz in a comment under the zone's title, stix in a note object, \
            csv and notify in the model_version/model, window_start and window_end columns of \
            every row, cof (a format without a header) in a JSON sidecar: --meta FILE, by \
            default OUT.meta.json beside --out, or standard error when writing to standard \
            output.
            """)

    @Argument(help: "rpz, stix, cof, csv or notify.")
    var kind: Kind

    @OptionGroup var store: StoreOptions
    @OptionGroup var analysisOptions: AnalysisOptions

    @Option(help: "Write here instead of standard output (a directory for notify --all).")
    var out: String?

    @Option(help: "For rpz: nxdomain, nodata or garden.")
    var action: RPZWriter.Action = .nxdomain

    @Option(help: "For rpz --action garden: the walled-garden name.")
    var garden: String?

    @Option(help: "For rpz: the zone's origin.")
    var origin = "rpz.fluxscope."

    @Option(help: "For notify: the ASN whose agents to list.")
    var asn: UInt32?

    @Flag(help: "For notify: every ASN, one file each, into --out (a directory).")
    var all = false

    @Option(help: "For cof: write the window and model (a JSON object) here (default: OUT.meta.json with --out, else standard error).")
    var meta: String?

    func validate() throws {
        if kind == .notify && (asn == nil) == !all { throw ValidationError("export notify needs --asn N or --all") }
        if kind == .notify && all && out == nil { throw ValidationError("export notify --all needs --out DIRECTORY") }
        if action == .garden && garden == nil { throw ValidationError("--action garden needs --garden NAME") }
        if meta != nil && kind != .cof { throw ValidationError("--meta is for export cof") }
    }

    func run() async throws {
        // The analysis keeps the flagged domains' evidence only; csv, which has a row for every
        // domain, spools each domain's row (without the window, known only at the end) to a
        // temporary file as each run of domains is judged.
        let version = try ModelChoice.models(["fluxscope"]).first?.version
        let csv = kind == .csv
        let csvRow: @Sendable (DomainEvidence, Verdict) -> String? = { _, v in
            csv ? CSVWriter.fields(v, modelVersion: version) : nil
        }
        let spool = csv ? try CSVRowSpool() : nil
        let analysis = try analysisOptions.analysis()
        try await FluxScopeRun.analyze(store: store, analysis: analysis, project: csvRow,
                                       consume: { try spool?.append(fqdns: $0, registered: $1) }) { (_, result: AnalysisResult) in
            try export(result, csvRows: spool)
        }
    }

    private func export(_ result: AnalysisResult, csvRows: CSVRowSpool?) throws {
        let networkOf = result.networkOf
        let items = result.judged.map { ExportItem(verdict: $0.verdict, evidence: $0.evidence, networkID: networkOf[$0.evidence.domain]) }
        let context = ExportContext(result, generated: Date().timeIntervalSince1970)
        if kind == .notify, all, let out {
            let byASN = NotifyWriter.agents(items)
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            for (asn, agents) in byASN.sorted(by: { $0.key < $1.key }) {
                try write(to: "\(out)/AS\(asn).csv") { NotifyWriter.writeCSV(agents, context: context, to: &$0) }
                try write(to: "\(out)/AS\(asn).txt") { $0.write(NotifyWriter.explanation(asn: asn, agents: agents, context: context)) }
            }
            print("wrote \(byASN.count) ASNs into \(out)")
            return
        }
        var lines = 0
        try write(to: out) { stream in
            switch kind {
            case .rpz:
                RPZWriter(origin: try DNSName(origin), action: action, garden: try garden.map { try DNSName($0) })
                    .write(items, context: context, to: &stream)
            case .stix:
                STIXWriter().write(items, networks: result.networks, context: context, to: &stream)
            case .cof:
                lines = COFWriter().write(items, to: &stream)
            case .csv:
                try csvRows?.write(windowStart: context.windowStart, windowEnd: context.windowEnd, to: &stream)
            case .notify:
                NotifyWriter.writeCSV(NotifyWriter.agents(items)[asn ?? 0] ?? [], context: context, to: &stream)
            }
        }
        if kind == .cof {
            let text = COFWriter().meta(context: context, lines: lines)
            if let path = meta ?? out.map({ $0 + ".meta.json" }) {
                try write(to: path) { $0.write(text) }
            } else {
                warn("cof export: \(text.dropLast())")
            }
        }
    }

    /// Streams `body`'s output into the file at `path` (renamed into place when complete), or
    /// to standard output when `path` is `nil`.
    private func write(to path: String?, _ body: (inout BufferedOutput) throws -> Void) throws {
        guard let path else {
            var stream = BufferedOutput()
            try body(&stream)
            stream.flush()
            return
        }
        let file = try OutputFile(path: path)
        var stream = file.output()
        do { try body(&stream) } catch { file.discard(); throw error }
        try file.commit(&stream)
    }
}

extension RPZWriter.Action: ExpressibleByArgument {}
