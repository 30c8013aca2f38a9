import Foundation
import Hummingbird
import Reports

/// `/api/v1/reports/{kind}`: the reports of `fluxscope report` over the latest analysis:
/// `exposure` (clients that resolved flux domains; `?since=`, `?until=` in Unix seconds) and
/// `registry` (flux domains per TLD and name-server operator; `?tld=`), as JSON (default),
/// CSV or text (`?format=`).
struct ReportsController<Context: RequestContext>: Sendable {
    let repository: any FluxRepository

    /// The report kinds.
    static var kinds: [String] { ["exposure", "registry"] }

    func register(_ routes: RouteRegistry<Context>) {
        routes.on(.get, "/api/v1/reports/:kind") { request, context in try await report(request, context) }
    }

    func report(_ request: Request, _ context: Context) async throws -> Response {
        let kind = context.parameters.get("kind") ?? ""
        guard Self.kinds.contains(kind) else {
            throw APIError.notFound("no report '\(kind.prefix(32))': use one of \(Self.kinds.joined(separator: ", "))")
        }
        let q = QueryReader(request: request)
        let format = try q.choice("format", ReportFormat.allCases.map(\.rawValue)).flatMap(ReportFormat.init(rawValue:)) ?? .json
        let snapshot = repository.snapshot()
        let result = snapshot.result
        let exportContext = ExportContext(result, generated: snapshot.generatedAt)
        let (type, ext) = switch format {
        case .json: ("application/json; charset=utf-8", "json")
        case .csv: ("text/csv; charset=utf-8", "csv")
        case .text: ("text/plain; charset=utf-8", "txt")
        }
        let filename = "fluxscope-\(kind).\(ext)"
        if kind == "registry" {
            let tld = q.raw("tld")
            if let tld, tld.isEmpty || tld.utf8.count > 63 || !tld.utf8.allSatisfy(QueryReader.hostByte) {
                throw APIError.badRequest("tld must be a top-level domain such as com", code: "bad_parameter")
            }
            let rows = RegistryReport.rows(result.judged, tld: tld, publicSuffixes: repository.publicSuffixes)
            return StreamedDownload.response(filename: filename, contentType: type) { sink in
                sink = RegistryReport.write(rows, format: format, context: exportContext, tld: tld, to: sink)
            }
        }
        // The exposure report reads client tallies from the store page by page (async), so it
        // is written straight into the body, a page of rows at a time, not on a thread of
        // StreamedDownload. A store error after the first page ends the connection early.
        let since = try q.double("since"), until = try q.double("until")
        let repository = repository
        let body = ResponseBody { writer in
            try await repository.exposureReport(format: format, since: since, until: until, context: exportContext) { text in
                try await writer.write(ByteBuffer(string: text))
            }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: JSONResponse.downloadHeaders(filename: filename, contentType: type), body: body)
    }
}
