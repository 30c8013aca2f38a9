import Analysis
import ArgumentParser
import DNSWire
import Detection
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
            export states its data window and model and is deterministic for the same data.
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

    func validate() throws {
        if kind == .notify && (asn == nil) == !all { throw ValidationError("export notify needs --asn N or --all") }
        if kind == .notify && all && out == nil { throw ValidationError("export notify --all needs --out DIRECTORY") }
        if action == .garden && garden == nil { throw ValidationError("--action garden needs --garden NAME") }
    }

    func run() async throws {
        let result = try await FluxScopeRun.analyze(store: store, options: analysisOptions)
        let networkOf = result.networkOf
        let items = result.judged.map { ExportItem(verdict: $0.verdict, evidence: $0.evidence, networkID: networkOf[$0.evidence.domain]) }
        let context = ExportContext(windowStart: result.windowStart, windowEnd: result.windowEnd, model: "fluxscope",
                                    generated: Date().timeIntervalSince1970)
        var text = ""
        switch kind {
        case .rpz:
            RPZWriter(origin: try DNSName(origin), action: action, garden: try garden.map { try DNSName($0) })
                .write(items, context: context, to: &text)
        case .stix:
            STIXWriter().write(items, networks: result.networks, context: context, to: &text)
        case .cof:
            COFWriter().write(items, to: &text)
        case .csv:
            CSVWriter.write(items.map(\.verdict), to: &text)
        case .notify:
            let byASN = NotifyWriter.agents(items)
            if all, let out {
                try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
                for (asn, agents) in byASN.sorted(by: { $0.key < $1.key }) {
                    var csv = ""
                    NotifyWriter.writeCSV(agents, to: &csv)
                    try csv.write(toFile: "\(out)/AS\(asn).csv", atomically: true, encoding: .utf8)
                    try NotifyWriter.explanation(asn: asn, agents: agents, context: context)
                        .write(toFile: "\(out)/AS\(asn).txt", atomically: true, encoding: .utf8)
                }
                print("wrote \(byASN.count) ASNs into \(out)")
                return
            }
            let agents = byASN[asn ?? 0] ?? []
            NotifyWriter.writeCSV(agents, to: &text)
        }
        if let out { try text.write(toFile: out, atomically: true, encoding: .utf8) } else { print(text, terminator: "") }
    }
}

extension RPZWriter.Action: ExpressibleByArgument {}
