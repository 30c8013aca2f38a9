import Analysis
import ArgumentParser
import DNSWire
import Detection
import Foundation
import Reports
import Store

/// `fluxscope networks`: flux domains clustered on the agents they share.
struct NetworksCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "networks",
        abstract: "Cluster flux domains into flux networks by the agents (addresses) they share.",
        discussion: """
            Network ids are kept in the store (as the server keeps them): a network keeps its id \
            as it grows; when known networks merge, the older id survives (of ids given out in the \
            same run, the larger network's); when one splits, the part with most of its domains \
            keeps the id. export and report use the same ids. See docs/reports.md.
            """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var analysisOptions: AnalysisOptions

    @Flag(help: "JSON lines, one object per network.")
    var json = false

    func run() async throws {
        let result = try await FluxScopeRun.analyze(store: store, options: analysisOptions)
        if json {
            var j = JSONWriter()
            for n in result.networks {
                j.reset()
                n.writeJSON(to: &j)
                j.newline()
                print(j.text, terminator: "")
            }
            return
        }
        print("ID           DOMAINS  AGENTS  ASNS  COUNTRIES  FIRST SEEN            LAST SEEN             DOMAIN NAMES")
        for n in result.networks {
            let names = n.domains.prefix(4).map(\.description).joined(separator: " ") + (n.domains.count > 4 ? " …" : "")
            print([n.id.padding(toLength: 11, withPad: " ", startingAt: 0), String(format: "%7d", n.domains.count),
                   String(format: "%7d", n.agents.count), String(format: "%5d", n.asns.count),
                   String(format: "%10d", n.countries.count), UTCTime.plain(n.firstSeen), UTCTime.plain(n.lastSeen), names]
                .joined(separator: "  "))
        }
        print("\n\(result.networks.count) flux networks")
    }
}

/// The shared start of networks, export and report: open, analyze with the FluxScope model as
/// a stream (keeping the flagged domains' evidence only, `AnalysisResult.judging`), keep the
/// flux network ids in the store (as the server does).
enum FluxScopeRun {
    static func analyze(store: StoreOptions, options: AnalysisOptions, model: String = "fluxscope") async throws -> AnalysisResult {
        try await analyze(store: store, analysis: options.analysis(), model: model) { _, result in result }
    }

    /// Analyzes, then runs `body` with the still open store and the result.
    static func analyze<T>(store: StoreOptions, analysis: Analysis, model: String = "fluxscope",
                           _ body: (any ObservationStore, AnalysisResult) async throws -> T) async throws -> T {
        try await analyze(store: store, analysis: analysis, model: model, project: { _, _ -> Never? in nil },
                          consume: { _, _ in }, body)
    }

    /// Analyzes, handing `project`'s values of each run of domains to `consume` as the run is
    /// judged (see `AnalysisResult.judging`), then runs `body` with the still open store and
    /// the result.
    static func analyze<P: Sendable, T>(store: StoreOptions, analysis: Analysis, model: String = "fluxscope",
                                        project: @escaping @Sendable (DomainEvidence, Verdict) -> P?,
                                        consume: (_ fqdns: [P], _ registered: [P]) throws -> Void,
                                        _ body: (any ObservationStore, AnalysisResult) async throws -> T) async throws -> T {
        guard let chosen = try ModelChoice.models([model]).first else { throw ValidationError("no model") }
        let opened = try await store.openForAnalysis()
        do {
            let result = try await AnalysisResult.judging(
                analysis, store: opened, model: chosen, retention: .flagged,
                parallel: ProcessInfo.processInfo.activeProcessorCount, at: Date().timeIntervalSince1970,
                project: project, consume: consume)
            let value = try await body(opened, result)
            try await opened.close()
            return value
        } catch {
            try? await opened.close()
            throw error
        }
    }
}
