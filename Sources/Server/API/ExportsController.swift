import DNSWire
import Foundation
import Hummingbird
import Reports

/// `/api/v1/exports/{kind}`: the latest verdicts as downloads, the same files as
/// `fluxscope export`: `rpz`, `stix`, `cof`, `csv`, `notify` (`?asn=N`). Bodies are streamed
/// (`StreamedDownload`): written from the latest snapshot as they are sent.
struct ExportsController<Context: RequestContext>: Sendable {
    let repository: any FluxRepository

    /// The export kinds.
    static var kinds: [String] { ["rpz", "stix", "cof", "csv", "notify"] }

    func register(_ routes: RouteRegistry<Context>) {
        routes.on(.get, "/api/v1/exports/:kind") { request, context in try export(request, context) }
    }

    func export(_ request: Request, _ context: Context) throws -> Response {
        let kind = context.parameters.get("kind") ?? ""
        guard Self.kinds.contains(kind) else {
            throw APIError.notFound("no export '\(kind.prefix(32))': use one of \(Self.kinds.joined(separator: ", "))")
        }
        let q = QueryReader(request: request)
        let snapshot = repository.snapshot()
        let result = snapshot.result
        let items = snapshot.rows.map { ExportItem(verdict: $0.verdict, evidence: $0.evidence, networkID: $0.network) }
        let exportContext = ExportContext(result, generated: snapshot.generatedAt)
        switch kind {
        case "rpz":
            let action = try q.choice("action", RPZWriter.Action.allCases.map(\.rawValue)).flatMap(RPZWriter.Action.init(rawValue:)) ?? .nxdomain
            let origin = try QueryReader.domain(q.raw("origin") ?? "rpz.fluxscope.", what: "origin")
            var garden: DNSName?
            if action == .garden { garden = try QueryReader.domain(q.raw("garden"), what: "garden (needed by action=garden)") }
            let (zoneOrigin, gardenName) = (origin, garden)
            return StreamedDownload.response(filename: "fluxscope.rpz", contentType: "text/dns; charset=utf-8") {
                RPZWriter(origin: zoneOrigin, action: action, garden: gardenName).write(items, context: exportContext, to: &$0)
            }
        case "stix":
            return StreamedDownload.response(filename: "fluxscope-stix.json", contentType: "application/stix+json; charset=utf-8") {
                STIXWriter().write(items, networks: result.networks, context: exportContext, to: &$0)
            }
        case "cof":
            return StreamedDownload.response(filename: "fluxscope.cof.jsonl", contentType: "application/x-ndjson; charset=utf-8") {
                COFWriter().write(items, to: &$0)
            }
        case "csv":
            return StreamedDownload.response(filename: "fluxscope-verdicts.csv", contentType: "text/csv; charset=utf-8") {
                CSVWriter.write(items.lazy.map(\.verdict), context: exportContext, to: &$0)
            }
        default:
            guard let raw = q.raw("asn") else { throw APIError.badRequest("the notify export needs ?asn=N (the network to notify)", code: "bad_parameter") }
            let asnText = raw.uppercased().hasPrefix("AS") ? String(raw.dropFirst(2)) : raw
            guard let asn = UInt32(asnText) else { throw APIError.badRequest("asn must be an AS number such as 64496 or AS64496", code: "bad_parameter") }
            return StreamedDownload.response(filename: "AS\(asn).csv", contentType: "text/csv; charset=utf-8") {
                NotifyWriter.writeCSV(NotifyWriter.agents(items)[asn] ?? [], context: exportContext, to: &$0)
            }
        }
    }
}
