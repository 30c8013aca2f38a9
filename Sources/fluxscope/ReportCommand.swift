import Analysis
import ArgumentParser
import Foundation
import Reports

/// `fluxscope report exposure|registry`: who asked for flux domains, and flux domains per TLD
/// and name-server operator.
struct ReportCommand: AsyncParsableCommand {
    enum Kind: String, ExpressibleByArgument, CaseIterable { case exposure, registry }

    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Reports for those who act: exposure (clients that resolved flux domains), registry (flux domains per TLD and NS operator).",
        discussion: """
            exposure lists, per client and domain, the clients that resolved domains judged flux, \
            with first/last seen and query counts, from sources ingested with --clients keep, hash \
            or truncate; clients appear in the privacy form they were stored in, and the report \
            says which (or that clients were not recorded). registry lists the flux and \
            double-flux domains per TLD (--tld) and per name-server operator (the registered \
            domain of the NS hosts), with the number of distinct NS sets and NS changes over \
            time and the lowest and highest TTL of the NS hosts' addresses (glue). Both state \
            their data window and model, stream their rows, and give the same output for the \
            same data. Text by default, --json (one document) or --csv.
            """)

    @Argument(help: "exposure or registry.")
    var kind: Kind

    @OptionGroup var store: StoreOptions
    @OptionGroup var analysisOptions: AnalysisOptions

    @Option(help: "For registry: only this top-level domain (e.g. com).")
    var tld: String?

    @Flag(help: "One JSON document: the report's statements, then rows.")
    var json = false

    @Flag(help: "CSV; every row repeats the model and window.")
    var csv = false

    func validate() throws {
        if json && csv { throw ValidationError("--json and --csv exclude each other") }
        if tld != nil && kind != .registry { throw ValidationError("--tld is for report registry") }
    }

    func run() async throws {
        let format: ReportFormat = json ? .json : csv ? .csv : .text
        let analysis = try analysisOptions.analysis()
        try await FluxScopeRun.analyze(store: store, analysis: analysis) { opened, result in
            let context = ExportContext(result, generated: Date().timeIntervalSince1970)
            var out: BufferedOutput
            switch kind {
            case .registry:
                let rows = RegistryReport.rows(result.judged, tld: tld, publicSuffixes: analysis.publicSuffixes)
                out = RegistryReport.write(rows, format: format, context: context, tld: tld, to: BufferedOutput())
            case .exposure:
                out = try await ExposureReport.write(
                    store: opened, judged: result.judged, networkOf: result.networkOf, publicSuffixes: analysis.publicSuffixes,
                    since: analysis.since, until: analysis.until, format: format, context: context, to: BufferedOutput())
            }
            out.flush()
        }
    }
}

