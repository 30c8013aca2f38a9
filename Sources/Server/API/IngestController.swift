import Hummingbird

/// `POST /api/v1/ingest`: upload a file in any format `fluxscope ingest` reads (pcap, pcapng,
/// dnstap, zeek, cof, dnsdb, passivedns, dig, zone), named by `?format=` or told by its
/// content; its answers are written to the store and show up at the next analysis. Needs a token.
struct IngestController<Context: RequestContext>: Sendable {
    let repository: any FluxRepository
    let maxUploadBytes: Int

    func register(_ routes: RouteRegistry<Context>) {
        routes.on(.post, "/api/v1/ingest") { request, _ in try await upload(request) }
    }

    func upload(_ request: Request) async throws -> Response {
        let q = QueryReader(request: request)
        let named = try q.choice("format", UploadIngest.registry.names)
        let name = q.raw("name") ?? "upload"
        guard name.utf8.count <= 128, name.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            throw APIError.badRequest("name is a short label without spaces (at most 128 octets)", code: "bad_parameter")
        }
        var buffer = try await request.body.collect(upTo: maxUploadBytes)
        let bytes = buffer.readBytes(length: buffer.readableBytes) ?? []
        guard !bytes.isEmpty else { throw APIError.badRequest("the upload is empty: send the file as the request body", code: "bad_upload") }
        guard let format = named ?? UploadIngest.sniff(bytes) else {
            throw APIError(.unsupportedMediaType, code: "unknown_format",
                           "cannot tell the file's format: give ?format= one of \(UploadIngest.registry.names.joined(separator: ", "))")
        }
        let report = try await repository.ingest(upload: bytes, format: format, name: name, snapshotTime: try q.double("time"))
        return JSONResponse.build(status: .created) { j in
            j.beginObject()
            j.key("format"); j.string(report.format)
            j.key("already_ingested"); j.bool(report.alreadyIngested)
            j.key("messages"); j.number(report.messages)
            j.key("observations"); j.number(report.observations)
            j.key("sightings"); j.number(report.sightings)
            j.key("malformed"); j.number(report.malformed)
            j.key("problems"); j.beginArray(); for p in report.problems { j.string(p) }; j.endArray()
            j.endObject()
        }
    }
}
